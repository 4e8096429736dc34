/**
 * The panel's page: a strict Content-Security-Policy with a fresh nonce. The page's script and
 * stylesheet are the extension's own files, read once and put inline under that nonce: each file
 * the page fetched would be another round trip through VS Code's webview service worker (40 to 80 ms
 * in the web workbench) before the form could paint.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ToWebview } from '../shared/protocol';

export interface PanelPage {
  /** The webview's `cspSource`: where the source and variant images may come from. */
  readonly cspSource: string;
  /** The extension's folder, holding dist/webview.js and media/panel.css. */
  readonly extensionPath: string;
  readonly title: string;
  /** The page's first `init` message (parameters, presets, pricing): data in the page, so the form is filled on its first paint. */
  readonly initial: ToWebview;
}

interface PageAssets {
  readonly script: string;
  readonly style: string;
}

const assetsByFolder = new Map<string, PageAssets>();

/** The page's script and stylesheet, read on the first panel and kept. */
function pageAssets(extensionPath: string): PageAssets {
  let assets = assetsByFolder.get(extensionPath);
  if (!assets) {
    assets = {
      script: inlineSafe(readFileSync(path.join(extensionPath, 'dist', 'webview.js'), 'utf8'), 'script'),
      style: inlineSafe(readFileSync(path.join(extensionPath, 'media', 'panel.css'), 'utf8'), 'style'),
    };
    assetsByFolder.set(extensionPath, assets);
  }
  return assets;
}

/** Text that cannot end its own element early (`</script` inside a string would). */
function inlineSafe(text: string, element: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}

/** The page for a panel, with a nonce of its own. */
export function panelHtml({ cspSource, extensionPath, title, initial }: PanelPage): string {
  const nonce = randomBytes(16).toString('base64');
  const { script, style } = pageAssets(extensionPath);
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <style nonce="${nonce}">${style}</style>
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="app" aria-busy="true">
    <form id="form" novalidate>
      <div class="field">
        <div class="label-row">
          <label for="prompt">Prompt</label>
          <span class="prompt-tools">
            <select id="preset" aria-label="Preset"></select>
            <select id="recent" aria-label="Recent prompts" title="Alt+↑ / Alt+↓ in the prompt walk through them too"></select>
            <button id="save-preset" type="button" class="secondary small">Save as Preset</button>
          </span>
        </div>
        <textarea id="prompt" rows="3" maxlength="2000" placeholder="cyberpunk style, dark colours" autofocus aria-describedby="prompt-hint"></textarea>
        <span id="prompt-hint" class="hint-line">Alt+↑ / Alt+↓: recent prompts</span>
      </div>
      <div class="row">
        <div class="field grow">
          <label for="strength">Strength <output id="strength-value" for="strength">0.60</output></label>
          <input id="strength" type="range" min="0" max="1" step="0.05" value="0.6">
          <div class="hint"><span>keep the source</span><span>transform it</span></div>
        </div>
        <div class="field">
          <label for="format">Output format</label>
          <select id="format" aria-describedby="format-note">
            <option value="png">PNG</option>
            <option value="jpeg">JPEG</option>
          </select>
          <span id="format-note" class="format-note" hidden></span>
        </div>
        <div class="field">
          <label for="variants">Variants</label>
          <input id="variants" type="number" min="1" max="4" step="1" value="1">
        </div>
      </div>
      <label class="checkbox" id="keep-palette-field">
        <input type="checkbox" id="keep-palette">
        <span>Keep the source's colours</span>
      </label>
      <div class="actions">
        <button id="generate" type="submit" class="primary">Generate</button>
        <button id="cancel" type="button" class="secondary" hidden>Cancel</button>
        <span class="shortcut" id="shortcut"></span>
        <p id="estimate" class="estimate" aria-live="polite"></p>
      </div>
      <div id="progress" class="progress" hidden role="progressbar" aria-label="Generating"><div></div></div>
      <p id="status" role="status" aria-live="polite"></p>
    </form>
    <section id="sources" aria-label="Images"></section>
  </main>
  <script type="application/json" id="initial-state">${jsonInHtml(initial)}</script>
  <script nonce="${nonce}">${script}</script>
</body>
</html>`;
}

/** JSON that stays data inside its script element: no `<` can start a `</script>`. */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
