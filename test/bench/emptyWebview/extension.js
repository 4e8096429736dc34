// The benchmark's baseline: the smallest webview panel that has a prompt field, opened like Restyle's
// panel (same column logic, scripts on, a nonce), marking `restyle:form-ready` as Restyle's page does.
const vscode = require('vscode');
const { randomBytes } = require('node:crypto');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('emptyWebview.open', (uri) => {
    const name = uri ? uri.path.split('/').pop() : 'nothing';
    const column = vscode.window.tabGroups.activeTabGroup.tabs.length ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel('emptyWebview', `Empty: ${name}`, column, { enableScripts: true, localResourceRoots: [] });
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">
</head><body><label for="prompt">Prompt</label><textarea id="prompt"></textarea>
<script nonce="${nonce}">acquireVsCodeApi(); performance.mark('restyle:form-ready');</script></body></html>`;
  }));
};
