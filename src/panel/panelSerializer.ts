/** Brings Restyle panels back after a window reload, from the state their pages kept (validated first). */
import * as vscode from 'vscode';
import { parsePersistedPanel } from '../shared/persistedPanel';
import { RestylePanel, type PanelDeps } from './restylePanel';

/** Restores one panel from its page's saved state; a missing or invalid state closes the panel. */
export function restorePanel(panel: vscode.WebviewPanel, state: unknown, deps: PanelDeps): RestylePanel | undefined {
  const persisted = parsePersistedPanel(state);
  if (!persisted) {
    deps.log.warn('A Restyle panel could not be restored: its saved state was missing or not valid.');
    panel.dispose();
    return undefined;
  }
  return RestylePanel.revive(panel, deps, persisted);
}

export function registerPanelSerializer(deps: PanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(RestylePanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      restorePanel(panel, state, deps);
    },
  });
}
