// Loads a built webview bundle in headless Debian Chromium inside the same HTML and CSP the
// extension serves, with `acquireVsCodeApi` provided the way VS Code provides it, and a host in
// Node that answers with real protocol messages. Page code is passed as strings so this file
// type-checks without DOM types (it is shared with bench/webview.ts).
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, webviewHtml } from '../../src/webviews/webviewHtml';

export const ROOT = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

/** Newest modification time under the given paths. */
function newest(paths: string[]): number {
  let t = 0;
  const walk = (p: string): void => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(walk);
  return t;
}

/** Builds dist/webview/*.js with the project's webpack config when sources are newer than the bundles. */
export function ensureWebviewBundles(panels: string[]): void {
  const sources = newest(['src/webviews/apps', 'src/webviews/protocol', 'src/engine/routing', 'src/model'].map((p) => join(ROOT, p)));
  const stale = panels.some((p) => {
    const out = join(ROOT, 'dist', 'webview', `${p}.js`);
    return !existsSync(out) || statSync(out).mtimeMs < sources;
  });
  if (!stale) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--config-name', 'webview', '--mode', 'production'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`webpack failed:\n${r.stdout}\n${r.stderr}`);
}

export type Theme = 'dark' | 'light' | 'high-contrast';

/** A subset of the variables VS Code sets on a webview's <html>, per theme. */
const THEMES: Record<Theme, Record<string, string>> = {
  dark: {
    'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d', 'focusBorder': '#0078d4',
    'panel-border': '#2b2b2b', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d', 'errorForeground': '#f85149',
    'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'button-background': '#0078d4',
    'button-foreground': '#ffffff', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
    'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
    'keybindingTable-headerBackground': '#2a2a2a', 'keybindingTable-rowsBackground': '#262626', 'charts-red': '#f14c4c',
    'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-blue': '#3794ff', 'charts-orange': '#d18616',
    'charts-lines': '#808080', 'panelTitle-activeBorder': '#0078d4', 'font-family': 'sans-serif', 'font-size': '13px',
    'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
    'input-placeholderForeground': '#989898',
  },
  light: {
    'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'focusBorder': '#005fb8',
    'panel-border': '#e5e5e5', 'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1', 'errorForeground': '#f85149',
    'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'button-background': '#005fb8',
    'button-foreground': '#ffffff', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
    'keybindingTable-headerBackground': '#f3f3f3', 'keybindingTable-rowsBackground': '#f8f8f8', 'charts-red': '#e51400',
    'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-blue': '#1a85ff', 'charts-orange': '#d18616',
    'charts-lines': '#808080', 'panelTitle-activeBorder': '#005fb8', 'font-family': 'sans-serif', 'font-size': '13px',
    'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
    'input-placeholderForeground': '#767676',
  },
  'high-contrast': {
    'foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'focusBorder': '#f38518',
    'contrastBorder': '#6fc3df', 'panel-border': '#6fc3df', 'list-hoverBackground': '#000000', 'list-activeSelectionBackground': '#000000',
    'list-activeSelectionForeground': '#ffffff', 'errorForeground': '#f48771', 'input-background': '#000000', 'input-foreground': '#ffffff',
    'input-border': '#6fc3df', 'button-background': '#000000', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#000000',
    'button-secondaryForeground': '#ffffff', 'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
    'charts-red': '#f48771', 'charts-green': '#89d185', 'charts-yellow': '#ffd700', 'charts-blue': '#3794ff', 'charts-orange': '#d18616',
    'charts-lines': '#ffffff', 'font-family': 'sans-serif', 'font-size': '13px',
    'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df',
    'input-placeholderForeground': '#ffffff',
  },
};

function themeCss(theme: Theme): string {
  const vars = Object.entries(THEMES[theme]).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  return `html { ${vars} }`;
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

export interface HostSide {
  /** Called for every message the webview posts; `send` posts back to the webview. */
  onMessage(message: unknown, send: (message: unknown) => Promise<void>): void | Promise<void>;
}

export interface LoadedWebview {
  page: Page;
  /** Posts a host -> webview message. */
  send(message: unknown): Promise<void>;
  /** The last state the webview saved with setState. */
  lastState(): unknown;
  /** CSP violations and page errors seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** Serves dist/webview and media plus the panel page, and starts Chromium. Reuse for several pages. */
export class WebviewBrowser {
  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    readonly origin: string,
  ) {}

  static async start(): Promise<WebviewBrowser> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const theme = /^\/theme-(dark|light|high-contrast)\.css$/.exec(url.pathname);
      if (theme) {
        res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(theme[1] as Theme));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const page = (server as Server & { pages?: Map<string, string> }).pages?.get(url.pathname);
      if (page) {
        res.writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(page);
        return;
      }
      const allowed = url.pathname.startsWith('/dist/webview/') || url.pathname.startsWith('/media/');
      const file = join(ROOT, decodeURIComponent(url.pathname));
      if (!allowed || file.includes('..') || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    (server as Server & { pages?: Map<string, string> }).pages = new Map();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright hides scrollbars in headless mode; VS Code's webviews show them, and their
      // width matters for layout (header and row columns must line up next to one).
      ignoreDefaultArgs: ['--hide-scrollbars'],
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    return new WebviewBrowser(server, browser, `http://127.0.0.1:${port}`);
  }

  /** Opens the panel `bundle` as VS Code would, with saved `state` (as after a reload) and a theme. */
  async open(
    bundle: string,
    host: HostSide,
    options: { state?: unknown; theme?: Theme; width?: number; height?: number; initScript?: string } = {},
  ): Promise<LoadedWebview> {
    const theme = options.theme ?? 'dark';
    const nonce = makeNonce();
    const html = webviewHtml({
      cspSource: this.origin,
      scriptUri: `${this.origin}/dist/webview/${bundle}.js`,
      styleUri: `${this.origin}/media/webview.css`,
      nonce,
      title: bundle,
    })
      // VS Code adds its theme variables and body class itself; here a same-origin stylesheet does it.
      .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${this.origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
      .replace('<body>', `<body class="vscode-${theme === 'high-contrast' ? 'high-contrast' : theme}">`);
    const path = `/${bundle}-${nonce.replace(/[^A-Za-z0-9]/g, '')}.html`;
    (this.server as Server & { pages?: Map<string, string> }).pages!.set(path, html);

    const context = await this.browser.newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 700 } });
    const page = await context.newPage();
    const problems: string[] = [];
    let state: unknown = options.state;
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    const pages = (this.server as Server & { pages?: Map<string, string> }).pages!;
    let messageSeq = 0;
    const send = async (message: unknown): Promise<void> => {
      const json = JSON.stringify(message);
      if (json.length < 100_000) {
        await page.evaluate((j: string) => (globalThis as unknown as { postMessage(x: unknown, o: string): void }).postMessage(JSON.parse(j), '*'), json);
        return;
      }
      // Large tables: the DevTools protocol takes seconds for 15 MB, so the page loads the
      // message as a same-origin script carrying this load's nonce, which posts it. The bundle
      // still receives an ordinary message event, as in VS Code.
      const src = `/message-${nonce.replace(/[^A-Za-z0-9]/g, '')}-${++messageSeq}.js`;
      // __gwlPostedAt lets the benchmark count the structured clone VS Code's postMessage also pays.
      pages.set(src, `(() => { const m = JSON.parse(${JSON.stringify(json)}); window.__gwlPostedAt = performance.now(); window.postMessage(m, '*'); })();`);
      await page.evaluate(
        ([url, n]: [string, string]) =>
          new Promise<void>((resolve, reject) => {
            const d = (globalThis as unknown as { document: { createElement(t: string): Record<string, unknown>; head: { appendChild(x: unknown): void } } }).document;
            const script = d.createElement('script');
            script.nonce = n;
            script.src = url;
            script.onload = () => resolve();
            script.onerror = () => reject(new Error(`could not load ${url}`));
            d.head.appendChild(script);
          }),
        [`${this.origin}${src}`, nonce] as [string, string],
      );
      pages.delete(src);
    };
    await page.exposeBinding('__gwlHostReceive', (_src, message: unknown) => host.onMessage(message, send));
    await page.exposeBinding('__gwlSetState', (_src, s: unknown) => {
      state = s;
    });
    await page.addInitScript(`
      (() => {
        const initial = ${JSON.stringify(state ?? null)};
        let current = initial === null ? undefined : initial;
        let acquired = false;
        window.acquireVsCodeApi = () => {
          if (acquired) throw new Error('acquireVsCodeApi called twice');
          acquired = true;
          return Object.freeze({
            postMessage: (m) => window.__gwlHostReceive(m),
            getState: () => current,
            setState: (s) => { current = s; window.__gwlSetState(s); return s; },
          });
        };
        document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
      })();
    `);
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(`${this.origin}${path}`);
    return {
      page,
      send,
      lastState: () => state,
      problems,
      close: () => context.close(),
    };
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Waits until the page expression is truthy. Polls with page.evaluate from Node because
 * Playwright's string predicates run through eval, which the webview's CSP (rightly) forbids.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
