/** The webview's one handle on VS Code (acquireVsCodeApi may be called only once per page). */
import type { PersistedPanel, PersistedView } from '../shared/persistedPanel';
import type { EarlierVariantMessage, FromWebview, PanelParams } from '../shared/protocol';

/** The webview's saved state: the fields being edited, what the host asked to keep, and how the page shows things. */
export interface SavedState extends Partial<PanelParams> {
  panel?: PersistedPanel;
  view?: PersistedView;
}

interface VsCodeApi {
  postMessage(message: FromWebview | EarlierVariantMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

/** Merges into the saved state (the host's `panel` and the page's own keys live side by side). */
export function saveState(patch: Partial<SavedState>): void {
  vscode.setState({ ...vscode.getState(), ...patch });
}
