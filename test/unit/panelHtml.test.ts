/** The panel's page: a strict Content-Security-Policy, its script and styles inline under a fresh nonce, its first state as inert data. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { panelHtml, type PanelPage } from '../../src/panel/html';
import type { ToWebview } from '../../src/shared/protocol';

describe('panel page', () => {
  let extensionPath: string;
  const hostile = '</script><script>alert(1)</script><!--';
  const initial: ToWebview = {
    type: 'init',
    sources: [],
    params: { prompt: hostile, strength: 0.6, format: 'png', keepPalette: false, variants: 1 },
    options: { outputSize: 'source', keepTransparency: true },
    running: false,
    pricing: { pricePerCall: 0.08, confirmAbove: 0 },
    presets: [],
    recentPrompts: [hostile],
  };
  const page = (): PanelPage => ({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', extensionPath, title: 'Restyle: <b>a&b</b>.png', initial });

  before(() => {
    extensionPath = mkdtempSync(path.join(os.tmpdir(), 'restyle-page-'));
    mkdirSync(path.join(extensionPath, 'dist'));
    mkdirSync(path.join(extensionPath, 'media'));
    writeFileSync(path.join(extensionPath, 'dist', 'webview.js'), 'const closing = "</script>"; document.title = closing;');
    writeFileSync(path.join(extensionPath, 'media', 'panel.css'), 'body { color: red; } /* </style> */');
  });
  after(() => rmSync(extensionPath, { recursive: true, force: true }));

  it('allows only its own nonce for scripts and styles, and images from the webview only', () => {
    const html = panelHtml(page());
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 22, csp);
    assert.deepEqual(csp.split('; '), ["default-src 'none'", 'img-src https://file+.vscode-resource.vscode-cdn.net', `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`]);
    assert.doesNotMatch(csp, /unsafe|\*/);
    assert.equal(html.match(/<script nonce=/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}">`) && html.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link/, 'nothing is fetched for the page itself');
    assert.notEqual(/'nonce-([^']+)'/.exec(panelHtml(page()))?.[1], nonce, 'every page gets a fresh nonce');
  });

  it('keeps its first state as data that no text inside can break out of', () => {
    const html = panelHtml(page());
    const data = /<script type="application\/json" id="initial-state">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(data, 'the state element holds no "<" at all');
    assert.deepEqual(JSON.parse(data), initial);
    assert.equal(html.split('</script>').length - 1, 2, 'only the data element and the script close a script');
    assert.equal(html.split('</style>').length - 1, 1);
    assert.match(html, /<title>Restyle: &#60;b&#62;a&#38;b&#60;\/b&#62;.png<\/title>/);
  });
});
