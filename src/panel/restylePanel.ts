/** The Restyle panel: a view of one RestyleSession. It shows what the session reports and passes on what the user asks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { loadLastParams } from '../restyle/lastParams';
import { rerunFromVariant } from '../restyle/rerunFromVariant';
import { Disposable } from '../disposable';
import type { SetRunPlan } from '../core/setPlan';
import { plannedSetRoute, planShapeOf, setViewOf } from '../restyle/planView';
import { RestyleSession, type GenerateInput, type GenerationSummary, type RestoredSource, type SessionDeps, type SessionSource, type VariantResult } from '../restyle/restyleSession';
import type { PersistedPanel } from '../shared/persistedPanel';
import type { PanelOptions, PanelParams, PlanShape, PricingView, ResultView, SourceState, SourceView, ToWebview } from '../shared/protocol';
import { panelHtml } from './html';
import { parseFromWebview } from './messages';

/** A Re-run's parameters, as the History or a variant's own record gives them (checked by the manager). */
export interface RerunArgs {
  readonly source: vscode.Uri | string;
  readonly prompt: unknown;
  readonly strength: unknown;
  readonly format: unknown;
  readonly keepPalette?: unknown;
  readonly variants?: unknown;
}

export interface PanelDeps extends SessionDeps {
  readonly extensionUri: vscode.Uri;
  /** Re-run: the same parameters on a source, in that source's panel (the manager's). */
  readonly rerun: (args: RerunArgs) => Promise<GenerationSummary | undefined>;
}

export class RestylePanel extends Disposable {
  static readonly viewType = 'restyle.panel';

  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.closed.event;
  readonly session: RestyleSession;
  private ready = false;
  /** The state written into the page, as JSON: 'ready' sends it again only if it changed. */
  private writtenState: string | undefined;
  /** What to show once the page is ready (a Re-run's parameters, a variant to compare). */
  private pendingShow: Extract<ToWebview, { type: 'show' }> | undefined;

  static webviewOptions(extensionUri: vscode.Uri, uris: readonly vscode.Uri[]): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const folders = [...new Set(uris.map((u) => vscode.Uri.joinPath(u, '..').toString()))].map((s) => vscode.Uri.parse(s));
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'), ...folders] };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    uris: readonly vscode.Uri[],
    restored?: readonly RestoredSource[],
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    this.session = this.register(new RestyleSession(uris, deps, restored));
    // The page is written at once, with the form's state inside, so its first paint shows the filled
    // form; the sources follow when the page says it is ready (waiting for them here was measured
    // to start the page ~30 ms later).
    const initial = this.initMessage();
    this.writtenState = JSON.stringify(initial);
    panel.webview.html = panelHtml({ cspSource: panel.webview.cspSource, extensionPath: deps.extensionUri.fsPath, title: panel.title, initial });
    [
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.session.onDidChangeSource((source) => {
        const plan = this.session.plan(1); // once per change: the source's set route and the page's estimate share it
        this.post({ type: 'source', source: this.view(source, plan) });
        this.post({ type: 'persist', panel: this.persisted() });
        this.post({ type: 'plan', plan: this.planShape(plan) });
      }),
      this.session.onDidChangeRunning(({ running, summary }) => this.post({ type: 'running', running, summary })),
      deps.pricing.onDidChange(() => this.post({ type: 'pricing', pricing: this.pricing() })),
      deps.prompts.onDidChange(() => this.post({ type: 'presets', presets: deps.prompts.presets(), recentPrompts: deps.prompts.recentPrompts() })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['restyle.outputSize', 'restyle.keepTransparency', 'restyle.previewBackground'].some((key) => e.affectsConfiguration(key))) this.post({ type: 'options', options: this.options() });
        // What a source is (a sheet, tiles) follows these settings: read again, unless a run is using it.
        if (['restyle.seamless', 'restyle.sheets'].some((key) => e.affectsConfiguration(key)) && !this.session.isRunning) void this.session.setSeamless(this.session.seamlessChecked);
      }),
    ].forEach((d) => this.register(d));
  }

  /** Generates with these parameters, as the panel's Generate does (also used by the tests). */
  generate(input: GenerateInput, only?: readonly number[]): Promise<GenerationSummary | undefined> {
    return this.session.generate(input, only);
  }

  /** Stops the whole run, or one file's part of it, as the panel's Cancel buttons do. */
  cancel(id?: number): void {
    this.session.cancel(id);
  }

  /** What the page keeps for a window reload: the sources, their saved variants, and what was under way. */
  persisted(): PersistedPanel {
    return {
      version: 1,
      sources: this.session.sources.map((s) => {
        const interrupted = s.state.kind === 'running' || s.state.kind === 'queued';
        const results = s.results.map((r) => ({ saved: r.saved.toString(), route: r.route }));
        return { uri: s.uri.toString(), ...(results.length ? { results } : {}), ...(interrupted ? { interrupted: true } : {}) };
      }),
    };
  }

  /** Re-run on a variant: its own parameters on its original source (checked by hash first). */
  rerun(id: number, confirmChanged?: (message: string) => Thenable<boolean>): Promise<GenerationSummary | undefined> {
    const source = this.session.sources[id];
    if (!source?.madeFrom) return Promise.resolve(undefined);
    return rerunFromVariant(source.uri, source.madeFrom, this.deps.rerun, confirmChanged);
  }

  /** Fills the form and/or opens the compare view, now or as soon as the page is ready. */
  show(what: { params?: PanelParams; compare?: { id: number; index: number } }): void {
    const message = { type: 'show' as const, ...what };
    if (this.ready) this.post(message);
    else this.pendingShow = message;
    this.panel.reveal(undefined, false);
  }

  /** Everything the page shows: its first state, and again when it says it is ready. */
  private initMessage(): ToWebview {
    const sources = this.session.sources;
    const plan = this.session.plan(1);
    return {
      type: 'init',
      sources: sources.map((s) => this.view(s, plan)),
      params: loadLastParams(this.deps.workspaceState, readSettings(), sources.find((s) => s.format)?.format ?? 'png'),
      options: this.options(),
      running: this.session.isRunning,
      pricing: this.pricing(),
      presets: this.deps.prompts.presets(),
      recentPrompts: this.deps.prompts.recentPrompts(),
    };
  }

  private options(): PanelOptions {
    const { outputSize, keepTransparency } = readSettings();
    return { outputSize, keepTransparency, previewBackground: vscode.workspace.getConfiguration('restyle').get<string>('previewBackground') };
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private view(source: SessionSource, plan: SetRunPlan): SourceView {
    const webview = this.panel.webview;
    const image = { name: source.name, src: webview.asWebviewUri(source.uri).toString(), bytes: source.fileBytes, width: source.width, height: source.height };
    const state = source.state;
    const shown: SourceState = state.kind === 'failed' ? { kind: 'failed', message: state.message, ...(state.kept ? { kept: true } : {}) } : state;
    const resultView = (r: VariantResult, index: number): ResultView => ({
      index,
      image: { name: path.basename(r.saved.fsPath), src: webview.asWebviewUri(r.saved).toString(), bytes: r.variant.bytes, width: r.variant.width || undefined, height: r.variant.height || undefined },
      route: r.route,
      elapsedMs: r.elapsedMs,
      ...(r.note ? { note: r.note } : {}),
    });
    const results = source.results.map(resultView);
    const earlier = source.earlier?.length ? { earlier: source.earlier.map(resultView) } : {};
    const made = source.madeFrom;
    const madeFrom = made ? { source: made.source.name, prompt: made.prompt, strength: made.strength } : undefined;
    const set = setViewOf(source.set, plannedSetRoute(plan, source));
    return { id: source.id, image, problem: source.problem, facts: source.facts, state: shown, results, ...earlier, ...(madeFrom ? { madeFrom } : {}), ...(set ? { set } : {}) };
  }

  /** Opens an image in the editor group the user had, not into Restyle's. */
  private async openBeside(file: vscode.Uri): Promise<void> {
    const other = vscode.window.tabGroups.all.find((g) => g.viewColumn !== this.panel.viewColumn);
    await vscode.commands.executeCommand('vscode.open', file, { viewColumn: other?.viewColumn ?? vscode.ViewColumn.Beside });
  }

  /** One variant's plan, as the page's estimate and its Together and Seamless tile checkboxes need it. */
  planShape(plan = this.session.plan(1)): PlanShape {
    return planShapeOf(plan, this.session.sources, this.session.seamlessChecked !== undefined);
  }

  private pricing(): PricingView {
    const { pricePerCall, balance, confirmAbove } = this.deps.pricing.current;
    return { pricePerCall, confirmAbove, ...(balance === undefined ? {} : { balance }) };
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
        const init = this.initMessage();
        if (JSON.stringify(init) !== this.writtenState) this.post(init); // what changed since the page was written
        this.post({ type: 'persist', panel: this.persisted() });
        this.ready = true;
        if (this.pendingShow) this.post(this.pendingShow);
        this.pendingShow = undefined;
        void this.session.prepareSources();
        break;
      }
      case 'generate': {
        const only = message.only === undefined ? undefined : [message.only];
        await this.session.generate(message, only);
        break;
      }
      case 'cancel':
        this.session.cancel(message.id);
        break;
      case 'open':
      case 'reveal': {
        const result = this.session.sources[message.id]?.results[message.index];
        if (!result) break;
        if (message.type === 'reveal') await vscode.commands.executeCommand('revealInExplorer', result.saved);
        else await this.openBeside(result.saved);
        break;
      }
      case 'discard':
        await this.session.discard(message.id, message.index);
        break;
      case 'earlier': {
        const earlier = this.session.sources[message.id]?.earlier?.[message.index];
        if (!earlier) break;
        if (message.action === 'discard') await this.session.discard(message.id, message.index, 'earlier');
        else if (message.action === 'reveal') await vscode.commands.executeCommand('revealInExplorer', earlier.saved);
        else await this.openBeside(earlier.saved);
        break;
      }
      case 'savePreset':
        await this.deps.prompts.savePreset(message.prompt, message.strength);
        break;
      case 'saveAs':
        await this.session.saveKeptAs(message.id);
        break;
      case 'rerun':
        await this.rerun(message.id);
        break;
      case 'together':
        this.session.togetherChecked = message.checked;
        this.post({ type: 'plan', plan: this.planShape() });
        break;
      case 'sheet':
        await this.session.setSheet(message.id, message.grid);
        this.post({ type: 'plan', plan: this.planShape() });
        break;
      case 'seamless':
        await this.session.setSeamless(message.checked);
        this.post({ type: 'plan', plan: this.planShape() });
        break;
      default: {
        const never: never = message;
        this.deps.log.warn(`Unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  protected override onDispose(): void {
    this.closed.fire();
    this.panel.dispose();
  }
}
