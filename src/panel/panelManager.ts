/**
 * The one owner of Restyle's panels (as markdown-language-features' PreviewManager): opens one per
 * set of sources or reveals it, brings panels back after a reload, and runs Compare and Re-run on them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkGenerationParams, normaliseVariants } from '../core/params';
import { Disposable } from '../disposable';
import type { GenerationSummary } from '../restyle/restyleSession';
import { readSettings } from '../settings';
import { parsePersistedPanel, type PersistedPanel } from '../shared/persistedPanel';
import { RestylePanel, type PanelDeps } from './restylePanel';

import type { RerunArgs } from './restylePanel';

export type { RerunArgs };


function fileUri(value: unknown): vscode.Uri | undefined {
  const uri = value instanceof vscode.Uri ? value : typeof value === 'string' ? vscode.Uri.parse(value) : undefined;
  return uri?.scheme === 'file' ? uri : undefined;
}

function keyOf(uris: readonly vscode.Uri[]): string {
  return uris.map((u) => u.toString()).sort().join('\n');
}

export class PanelManager extends Disposable {
  private readonly panels = new Map<string, RestylePanel>();

  constructor(private readonly deps: Omit<PanelDeps, 'rerun'>) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(RestylePanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => void this.restore(panel, state),
    }));
  }

  private get panelDeps(): PanelDeps {
    return { ...this.deps, rerun: (args) => this.rerun(args) };
  }

  /** Opens (or reveals) the panel for these images. Returns at once; the sources load in the background. */
  show(uris: readonly vscode.Uri[]): RestylePanel {
    const existing = this.panels.get(keyOf(uris));
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const title = uris.length === 1 ? path.basename(uris[0].fsPath) : `${uris.length} images`;
    const panel = vscode.window.createWebviewPanel(RestylePanel.viewType, title, { viewColumn: this.column(), preserveFocus: false }, RestylePanel.webviewOptions(this.deps.extensionUri, uris));
    return this.adopt(panel, uris);
  }

  /** Brings back a panel after a window reload, from the state its page kept; a missing or invalid state closes it. */
  restore(panel: vscode.WebviewPanel, state: unknown): RestylePanel | undefined {
    const persisted = parsePersistedPanel(state);
    if (!persisted) {
      this.deps.log.warn('A Restyle panel could not be restored: its saved state was missing or not valid.');
      panel.dispose();
      return undefined;
    }
    return this.revive(panel, persisted);
  }

  private revive(panel: vscode.WebviewPanel, state: PersistedPanel): RestylePanel {
    const uris = state.sources.map((s) => vscode.Uri.parse(s.uri));
    panel.webview.options = RestylePanel.webviewOptions(this.deps.extensionUri, uris);
    const restored = state.sources.map((s) => ({ results: (s.results ?? []).map((r) => ({ saved: vscode.Uri.parse(r.saved), route: r.route })), interrupted: s.interrupted }));
    return this.adopt(panel, uris, restored);
  }

  private adopt(panel: vscode.WebviewPanel, uris: readonly vscode.Uri[], restored?: ConstructorParameters<typeof RestylePanel>[3]): RestylePanel {
    const key = keyOf(uris);
    const instance = new RestylePanel(panel, this.panelDeps, uris, restored);
    this.panels.get(key)?.dispose(); // a restored twin of an open panel replaces it
    this.panels.set(key, instance);
    instance.onDidDispose(() => {
      if (this.panels.get(key) === instance) this.panels.delete(key);
    });
    return instance;
  }

  /**
   * One place for Restyle: the editor group that already holds Restyle panels (as tabs there), else
   * beside the editor, or in the empty editor area itself when nothing is open (no empty group left).
   */
  private column(): vscode.ViewColumn {
    for (const open of this.panels.values()) if (open.panel.viewColumn !== undefined) return open.panel.viewColumn;
    return vscode.window.tabGroups.activeTabGroup.tabs.length ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  }

  /** A variant against its source, in the source's panel. */
  async compare(sourceArg: unknown, variantArg: unknown): Promise<RestylePanel | undefined> {
    const source = fileUri(sourceArg);
    const variant = fileUri(variantArg);
    if (!source || !variant) return undefined;
    const panel = this.show([source]);
    await panel.session.loaded;
    const index = await panel.session.addExisting(0, variant);
    if (index === undefined) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(variant)} is no longer there.`);
      return panel;
    }
    panel.show({ compare: { id: 0, index } });
    return panel;
  }

  /** The same parameters again on a source (checked: they come from the History or from inside a file). */
  async rerun(args: unknown): Promise<GenerationSummary | undefined> {
    const record = (typeof args === 'object' && args !== null ? args : {}) as Partial<Record<keyof RerunArgs, unknown>>;
    const source = fileUri(record.source);
    const check = checkGenerationParams({ prompt: record.prompt, strength: record.strength, format: record.format });
    if (!source || !check.ok) {
      void vscode.window.showWarningMessage(`Restyle cannot re-run this: ${!source ? 'its source is not a file on this machine' : check.ok ? '' : check.problem}`);
      return undefined;
    }
    const params = { ...check.params, keepPalette: record.keepPalette === true, variants: normaliseVariants(record.variants, readSettings().variants) };
    const panel = this.show([source]);
    panel.show({ params });
    return panel.generate(params);
  }

  protected override onDispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
