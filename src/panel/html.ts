/** The panel's page: a strict Content-Security-Policy, a fresh nonce, only local scripts and styles. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
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
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
