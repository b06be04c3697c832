// End to end, as a user: code-server serves the workbench with the extension loaded and the lab
// auto-started on a fixture scenario; Playwright clicks the activity bar, expands tree rows, runs
// commands from F1 and reads text inside webview iframes. Screenshots go to test-output/.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../../scripts/lib/codeServer.mjs';
import { launchBrowser } from '../../../scripts/lib/browser.mjs';

const root = join(__dirname, '..', '..', '..');
const outputDir = process.env.GWL_TEST_OUTPUT ?? join(root, 'test-output');
const MARKUP_NAME = 'steady <b>lab</b> <img src=x onerror="alert(1)">';

describe('the workbench, driven as a user', () => {
  let server: CodeServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    server = await startCodeServer({
      settings: {
        'gatewayLens.lab.autoStart': true,
        'gatewayLens.lab.defaultScenario': 'steady.gwlab.json',
        'gatewayLens.lab.speed': 10,
        'git.openRepositoryInParentFolders': 'never',
      },
      logFile: join(outputDir, 'code-server-e2e.log'),
    });
    browser = await launchBrowser({ width: 1400, height: 860 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(workbenchUrl(server.base, { folder: join(root, 'test', 'exthost', 'workspace'), extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const sidebarRow = (text: string | RegExp) => page.locator('.sidebar .monaco-list-row', { hasText: text });
  /** The row whose label (not description) is exactly `label`. */
  const labelRow = (label: string) =>
    page.locator('.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  it('opens the Gateway Lens container from the activity bar and shows the running lab', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Gateway Lens"]').click({ timeout: 60_000 });
    await sidebarRow('Lab').first().waitFor({ timeout: 60_000 });
    await sidebarRow('vpn-gw').first().waitFor({ timeout: 30_000 });
    await page.mouse.move(700, 700); // no hover tooltip in the picture
    await page.locator('.sidebar').screenshot({ path: join(outputDir, 'sidebar.png') });
  });

  it('renders a scenario name holding HTML markup as text', async () => {
    const lab = sidebarRow('Lab').first();
    assert.ok((await lab.textContent())?.includes(MARKUP_NAME), await lab.textContent() ?? '');
    assert.equal(await page.locator('.sidebar img[src="x"]').count(), 0, 'no <img> element was created from the name');
    assert.equal(await page.locator('.sidebar .monaco-list-row b').count(), 0, 'no <b> element was created from the name');
    assert.deepEqual(dialogs, [], 'no script ran');
  });

  it('expands a gateway row to its instances, with roles and the lease holder', async () => {
    await sidebarRow('vpn-gw').first().click();
    await labelRow('IN_0').first().waitFor({ timeout: 30_000 });
    const in0 = await labelRow('IN_0').first().textContent();
    assert.match(in0 ?? '', /active · lease holder/);
    assert.match((await labelRow('IN_1').first().textContent()) ?? '', /standby/);
    await page.locator('.sidebar').screenshot({ path: join(outputDir, 'sidebar-expanded.png') });
  });

  it('pauses the lab from F1 and the Lab row says so', async () => {
    await runCommand('Gateway Lens: Pause Lab');
    await sidebarRow(/paused/).first().waitFor({ timeout: 20_000 });
    await runCommand('Gateway Lens: Resume Lab');
    await sidebarRow(/paused/).first().waitFor({ state: 'detached', timeout: 20_000 });
  });

  async function webviewFrame(): Promise<FrameLocator> {
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await frame.locator('body').waitFor({ timeout: 30_000 });
    return frame;
  }

  it('opens the BGP table of a gateway from F1 and shows it in a webview', async () => {
    await runCommand('Gateway Lens: Open BGP Table');
    // A gateway picker appears when the command runs from the palette.
    const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'vpn-gw' }).first();
    await picker.waitFor({ timeout: 5000 }).then(() => picker.click(), () => undefined);
    const frame = await webviewFrame();
    await frame.locator('body', { hasText: 'vpn-gw' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('img[src="x"]').count(), 0);
    // Give the table its first answer from the lab's ARM endpoint before the picture.
    await frame.getByText('Loading…').waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await page.screenshot({ path: join(outputDir, 'bgp-table-panel.png') });
  });

  it('opens the Lab panel from F1 and shows the running scenario', async () => {
    await runCommand('Gateway Lens: Open Lab Panel');
    const frame = await webviewFrame();
    await frame.locator('body', { hasText: 'vpn-gw' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('img[src="x"]').count(), 0, 'the scenario name is text in the Lab panel too');
    await page.screenshot({ path: join(outputDir, 'lab-panel.png') });
    assert.deepEqual(dialogs, [], 'no script ran');
  });
});
