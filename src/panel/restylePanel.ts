/** The Restyle panel: a view of one RestyleSession. It shows what the session reports and passes on what the user asks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { loadLastParams } from '../restyle/lastParams';
import { RestyleSession, type GenerationSummary, type SessionDeps, type SessionSource } from '../restyle/restyleSession';
import type { PanelOptions, SourceState, SourceView, ToWebview } from '../shared/protocol';
import { panelHtml } from './html';
import { parseFromWebview } from './messages';

export interface PanelDeps extends SessionDeps {
  readonly extensionUri: vscode.Uri;
}

export class RestylePanel implements vscode.Disposable {
  static readonly viewType = 'restyle.panel';
  private static readonly openPanels = new Map<string, RestylePanel>();

  private readonly disposables: vscode.Disposable[] = [];
  readonly session: RestyleSession;

  /** Opens (or reveals) the panel for these images. Returns at once; the sources load in the background. */
  static show(deps: PanelDeps, uris: readonly vscode.Uri[]): RestylePanel {
    const key = uris.map((u) => u.toString()).sort().join('\n');
    const existing = RestylePanel.openPanels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const title = uris.length === 1 ? `Restyle: ${path.basename(uris[0].fsPath)}` : `Restyle: ${uris.length} images`;
    const folders = [...new Set(uris.map((u) => vscode.Uri.joinPath(u, '..').toString()))].map((s) => vscode.Uri.parse(s));
    const panel = vscode.window.createWebviewPanel(RestylePanel.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist'), vscode.Uri.joinPath(deps.extensionUri, 'media'), ...folders],
    });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    const instance = new RestylePanel(panel, deps, uris, key);
    RestylePanel.openPanels.set(key, instance);
    return instance;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    uris: readonly vscode.Uri[],
    private readonly key: string,
  ) {
    this.session = new RestyleSession(uris, deps);
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, panel.title);
    this.disposables.push(
      this.session,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.session.onDidChangeSource((source) => this.post({ type: 'source', source: this.view(source) })),
      this.session.onDidChangeRunning(({ running, summary }) => this.post({ type: 'running', running, summary })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('restyle.outputSize') || e.affectsConfiguration('restyle.keepTransparency')) this.post({ type: 'options', options: this.options() });
      }),
    );
  }

  /** Generates with these parameters, as the panel's Generate does (also used by the tests). */
  generate(input: { prompt: unknown; strength: unknown; format: unknown; keepPalette?: unknown }, only?: readonly number[]): Promise<GenerationSummary | undefined> {
    return this.session.generate(input, only);
  }

  /** Stops the generations under way, as the panel's Cancel does. */
  cancel(): void {
    this.session.cancel();
  }

  private options(): PanelOptions {
    const { outputSize, keepTransparency } = readSettings();
    return { outputSize, keepTransparency };
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private view(source: SessionSource): SourceView {
    const webview = this.panel.webview;
    const image = { name: source.name, src: webview.asWebviewUri(source.uri).toString(), bytes: source.fileBytes, width: source.width, height: source.height };
    const state = source.state;
    let shown: SourceState;
    if (state.kind === 'done') {
      const { saved, variant } = state;
      const result = { name: path.basename(saved.fsPath), src: webview.asWebviewUri(saved).toString(), bytes: variant.bytes, width: variant.width || undefined, height: variant.height || undefined };
      shown = { kind: 'done', result, elapsedMs: state.elapsedMs, route: state.route, ...(state.note ? { note: state.note } : {}) };
    } else {
      shown = state;
    }
    return { id: source.id, image, problem: source.problem, facts: source.facts, state: shown };
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (!message) {
      this.deps.log.warn(`Ignored an unexpected message from the Restyle panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready': {
        await this.session.loaded;
        const sources = this.session.sources;
        const params = loadLastParams(this.deps.workspaceState, readSettings(), sources.find((s) => s.format)?.format ?? 'png');
        this.post({ type: 'init', sources: sources.map((s) => this.view(s)), params, options: this.options(), running: this.session.isRunning });
        break;
      }
      case 'generate': {
        const only = message.only === undefined ? undefined : [message.only];
        await this.session.generate(message, only);
        break;
      }
      case 'cancel':
        this.session.cancel();
        break;
      case 'open':
      case 'reveal': {
        const state = this.session.sources[message.id]?.state;
        if (state?.kind !== 'done') break;
        await vscode.commands.executeCommand(message.type === 'open' ? 'vscode.open' : 'revealInExplorer', state.saved);
        break;
      }
      default: {
        const never: never = message;
        this.deps.log.warn(`Unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  dispose(): void {
    RestylePanel.openPanels.delete(this.key);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
