import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, escapeHtml, makeNonce, webviewHtml } from '../../../src/webviews/webviewHtml';

describe('webviewHtml', () => {
  const html = webviewHtml({
    cspSource: 'https://x.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/dist/webview/bgpTable.js',
    styleUri: 'https://x.vscode-cdn.net/media/webview.css',
    nonce: 'abc123+/=',
    title: '<img src=x onerror=alert(1)>',
  });

  it('has a default-src none CSP allowing only the nonce for scripts and the webview origin for styles', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'N1');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-N1'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(html.includes(`content="${csp.replace('N1', 'abc123+/=').replace(/'/g, '&#39;')}"`));
  });

  it('has exactly one script, external and nonce\'d, no inline code or handlers', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123+/=" src="https://x.vscode-cdn.net/dist/webview/bgpTable.js">']);
    assert.ok(html.includes('<script nonce="abc123+/=" src="https://x.vscode-cdn.net/dist/webview/bgpTable.js"></script>'));
    assert.doesNotMatch(html, /<[^>]*\son[a-z]+=/i, "no event handler attribute in any tag");
  });

  it('escapes the title, which can hold a gateway name with markup', () => {
    assert.ok(html.includes('<title>&#60;img src=x onerror=alert(1)&#62;</title>'));
    assert.doesNotMatch(html, /<img/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('makes a fresh, unguessable nonce every load', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{24}$/);
  });
});
