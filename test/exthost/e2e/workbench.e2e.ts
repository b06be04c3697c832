// End to end, as a user: code-server serves the workbench with the extension loaded and the lab
// auto-started on a fixture scenario; Playwright clicks the activity bar, expands tree rows, runs
// commands from F1 and reads text inside webview iframes. The scenario's VPN gateway is named
// with HTML markup, which the tree, the BGP table and the Lab panel must show as text; the BGP
// table's row counts are checked against the lab CLI. Screenshots go to test-output/.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../../scripts/lib/codeServer.mjs';
import { launchBrowser } from '../../../scripts/lib/browser.mjs';

const root = join(__dirname, '..', '..', '..');
const outputDir = process.env.GWL_TEST_OUTPUT ?? join(root, 'test-output');
const SCENARIO = join(root, 'test', 'exthost', 'workspace', 'markup-bgp.gwlab.json');
/** The VPN gateway's name in markup-bgp.gwlab.json. */
const MARKUP_GW = 'vpn<b>-gw<img src=x onerror=alert(1)>';

/** Row counts of the gateway's BGP tables once converged, from the lab CLI (an independent path). */
function cliCounts(): { peers: number; learned: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'routes', SCENARIO, '--at', '2m', '--table', MARKUP_GW, '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { bgpPeers: unknown[]; learnedRoutes: unknown[] };
  return { peers: out.bgpPeers.length, learned: out.learnedRoutes.length };
}

describe('the workbench, driven as a user', () => {
  let server: CodeServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const dialogs: string[] = [];
  /** "N of M rows" of the filtered BGP table, to compare after hiding and reloading. */
  let filteredCount = '';

  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    server = await startCodeServer({
      settings: {
        'gatewayLens.lab.autoStart': true,
        'gatewayLens.lab.defaultScenario': 'markup-bgp.gwlab.json',
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
    await sidebarRow(MARKUP_GW).first().waitFor({ timeout: 30_000 });
    await page.mouse.move(700, 700); // no hover tooltip in the picture
    await page.locator('.sidebar').screenshot({ path: join(outputDir, 'sidebar.png') });
  });

  it('renders a gateway name holding HTML markup as text in the tree', async () => {
    const label = page.locator('.sidebar .monaco-list-row .label-name', { hasText: MARKUP_GW }).first();
    assert.equal(await label.textContent(), MARKUP_GW);
    assert.equal(await page.locator('.sidebar img[src="x"]').count(), 0, 'no <img> element was created from the name');
    assert.equal(await page.locator('.sidebar .monaco-list-row b').count(), 0, 'no <b> element was created from the name');
    assert.deepEqual(dialogs, [], 'no script ran');
  });

  it('expands a gateway row to its instances, with roles and the lease holder', async () => {
    await sidebarRow(MARKUP_GW).first().click();
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
    // Hidden panels' iframes stay in the page (or are torn down); the visible one is the panel shown.
    const frame = page.frameLocator('iframe.webview.ready:visible').last().frameLocator('iframe#active-frame');
    await frame.locator('body').waitFor({ timeout: 30_000 });
    return frame;
  }

  it('opens the BGP table of the markup-named gateway from F1: the name is text, the rows are the lab\'s', async () => {
    // Learned routes: the lab CLI's count. Peers: the tree's "BGP peers n/N connected" (the CLI
    // also lists the standby instance's idle session, which the ARM view leaves out).
    const peersRow = (await labelRow('BGP peers').first().textContent()) ?? '';
    const treePeers = Number(/(\d+)\/(\d+) connected/.exec(peersRow)?.[2]);
    const expected = { ...cliCounts(), peers: treePeers };
    assert.ok(expected.peers > 0 && expected.learned > 0, `${JSON.stringify(expected)} from "${peersRow}"`);
    await runCommand('Gateway Lens: Open BGP Table');
    // A gateway picker appears when the command runs from the palette: filter it down to the
    // markup-named gateway (its row shows the name as text) and take it with Enter.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Open the BGP table of' }).waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-widget input').fill('vpn<b>');
    await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: MARKUP_GW }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const frame = await webviewFrame();
    const heading = frame.locator('h1.title');
    await heading.filter({ hasText: MARKUP_GW }).waitFor({ timeout: 30_000 });
    assert.equal(await heading.textContent(), MARKUP_GW);
    assert.equal(await frame.locator('img, b').count(), 0, 'no element was created from the name');
    // Peers, then learned routes: "N of N rows" read inside the iframe equals the lab's own count.
    const count = frame.locator('#count');
    await count.filter({ hasText: new RegExp(`^${expected.peers} of ${expected.peers} rows$`) }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.grid-row').count(), expected.peers);
    await frame.locator('#tab-learned').click();
    await count.filter({ hasText: new RegExp(`^${expected.learned} of ${expected.learned} rows$`) }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.grid-row').count(), expected.learned);
    assert.ok((await frame.locator('.grid-row .grid-cell', { hasText: '192.168.10.0/24' }).count()) > 0, 'the branch prefix learned over BGP');
    await page.mouse.move(700, 20);
    await page.screenshot({ path: join(outputDir, 'bgp-table-panel.png') });
    // A filter the next tests expect to survive hiding and a window reload.
    await frame.locator('#filter input').fill('192.168');
    await count.filter({ hasText: new RegExp(`^[1-9]\\d* of ${expected.learned} rows$`) }).waitFor({ timeout: 10_000 });
    filteredCount = (await count.textContent()) ?? '';
  });

  it('opens the Lab panel from F1 and shows the running scenario', async () => {
    await runCommand('Gateway Lens: Open Lab Panel');
    const frame = await webviewFrame();
    await frame.locator('h1', { hasText: 'Lab: markup-bgp' }).waitFor({ timeout: 30_000 });
    // The gateway's name is SVG text in the topology and the timeline, never markup.
    // Long names are clipped with "…" on the drawing and given in full in the SVG <title>.
    const titles = await frame.locator('#topology title, #timeline title').allTextContents();
    assert.ok(titles.some((t) => t.startsWith(`${MARKUP_GW} (gateway): `)), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith(`${MARKUP_GW} IN_0: `)), 'a timeline lane names the gateway');
    const labels = await frame.locator('#topology .node-label').allTextContents();
    assert.ok(labels.includes(`${MARKUP_GW.slice(0, 27)}…`), labels.join(' | '));
    assert.equal(await frame.locator('img, b, #topology foreignObject').count(), 0, 'no element was created from the name');
    await page.mouse.move(700, 700); // no title-bar hover in the picture
    await page.screenshot({ path: join(outputDir, 'lab-panel.png') });
    assert.deepEqual(dialogs, [], 'no script ran');
  });

  const bgpTab = () => page.locator('.tabs-container .tab', { hasText: 'BGP: vpn<b>' });

  /** Brings the BGP table's editor to the front, from the keyboard as a user would. */
  async function showBgpTableEditor(): Promise<void> {
    if ((await bgpTab().getAttribute('aria-selected')) === 'true') return;
    await runCommand('View: Open Previous Editor');
    await page.locator('.tabs-container .tab[aria-selected="true"]', { hasText: 'BGP: vpn<b>' }).waitFor({ timeout: 15_000 });
  }

  async function expectBgpTableState(frame: FrameLocator, what: string): Promise<void> {
    try {
      await frame.locator('#count').filter({ hasText: new RegExp(`^${filteredCount}$`) }).waitFor({ timeout: 30_000 });
    } catch (error) {
      // Say what the table showed instead, not only that the expected count never came.
      const shown = await frame.locator('#count').textContent({ timeout: 1000 }).catch(() => '(no #count)');
      const status = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '(no body)');
      await page.screenshot({ path: join(outputDir, `bgp-table-${what.replace(/\W+/g, '-')}.png`) });
      throw new Error(`${what}: the table shows "${shown}", expected "${filteredCount}"; the panel says: ${status.slice(0, 400)}`, { cause: error });
    }
    assert.equal(await frame.locator('#tab-learned').getAttribute('aria-selected'), 'true', `${what}: learned routes tab`);
    assert.equal(await frame.locator('#filter input').inputValue(), '192.168', `${what}: filter text`);
    assert.equal(await frame.locator('h1.title').textContent(), MARKUP_GW);
  }

  it('keeps the BGP table\'s tab and filter while hidden behind the Lab panel', async () => {
    assert.match(filteredCount, /^[1-9]\d* of \d+ rows$/);
    await showBgpTableEditor();
    await expectBgpTableState(await webviewFrame(), 'shown again');
  });

  it('restores the BGP table with its tab and filter after a window reload (serializer)', async () => {
    // Reload as a user reloads VS Code (Developer: Reload Window): the workbench stores its state,
    // the webview's included, before it goes. A bare browser reload can cut that short and restore
    // the state stored earlier (a CI run restored the tab without the filter typed since).
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand('Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await bgpTab().waitFor({ timeout: 60_000 });
    await showBgpTableEditor();
    const frame = await webviewFrame();
    await expectBgpTableState(frame, 'after reload');
    assert.equal(await frame.locator('img, b').count(), 0);
    assert.deepEqual(dialogs, [], 'no script ran');
  });
});
