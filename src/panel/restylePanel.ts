/** The Restyle panel: one per set of source images; routes the webview's messages to generations. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runBatch } from '../core/batch';
import { readImageInfo, type ImageFormat } from '../core/imageInfo';
import { checkGenerationParams, isOutputFormat, normaliseStrength, resolveOutputFormat, type GenerationParams } from '../core/params';
import { restyleFile, type RestyledFile } from '../core/restyleFile';
import { checkOutputNamePattern } from '../core/outputName';
import { inspectSourceFile } from '../core/sourceImage';
import { SegmindError } from '../api/errors';
import { promptForApiKey } from '../commands/apiKeyCommands';
import type { SegmindAccess } from '../segmindAccess';
import { readSettings } from '../settings';
import type { ImageView, PanelParams, SourceState, SourceView, ToWebview } from '../shared/protocol';
import { describeError, showError } from '../ui/showError';
import { panelHtml } from './html';
import { parseFromWebview } from './messages';

const LAST_PARAMS_KEY = 'restyle.lastParams';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly workspaceState: vscode.Memento;
  readonly access: SegmindAccess;
  readonly log: vscode.LogOutputChannel;
}

interface Source {
  readonly id: number;
  readonly uri: vscode.Uri;
  readonly image: ImageView;
  readonly problem?: string;
  /** The format its bytes say it is, when they are an image. */
  readonly format?: ImageFormat;
  state: SourceState;
  saved?: vscode.Uri;
}

export interface GenerationSummary {
  readonly saved: RestyledFile[];
  readonly failures: { readonly source: vscode.Uri; readonly error: unknown }[];
}

export class RestylePanel implements vscode.Disposable {
  static readonly viewType = 'restyle.panel';
  private static readonly openPanels = new Map<string, RestylePanel>();

  private readonly disposables: vscode.Disposable[] = [];
  private running: AbortController | undefined;
  private sources: Source[] = [];
  private readonly loaded: Promise<void>;

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
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, panel.title);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
    );
    this.loaded = this.loadSources(uris);
  }

  private async loadSources(uris: readonly vscode.Uri[]): Promise<void> {
    this.sources = await Promise.all(
      uris.map(async (uri, id): Promise<Source> => {
        const name = path.basename(uri.fsPath);
        const src = this.panel.webview.asWebviewUri(uri).toString();
        try {
          const check = await inspectSourceFile(uri.fsPath);
          const info = check.ok ? check.info : undefined;
          const image = { name, src, bytes: check.fileSize, width: info?.width, height: info?.height };
          return { id, uri, image, problem: check.ok ? undefined : check.problem, format: info?.format, state: { kind: 'idle' } };
        } catch (error) {
          return { id, uri, image: { name, src, bytes: 0 }, problem: `${name} cannot be read: ${describeError(error)}`, state: { kind: 'idle' } };
        }
      }),
    );
  }

  /** The parameters the panel starts with: last used in this workspace, else the settings. */
  private initialParams(): PanelParams {
    const settings = readSettings();
    const last = this.deps.workspaceState.get<Partial<PanelParams>>(LAST_PARAMS_KEY) ?? {};
    const sourceFormat = this.sources.find((s) => s.format)?.format ?? 'png';
    return {
      prompt: typeof last.prompt === 'string' ? last.prompt : '',
      strength: typeof last.strength === 'number' ? normaliseStrength(last.strength, settings.defaultStrength) : settings.defaultStrength,
      format: isOutputFormat(last.format) ? last.format : resolveOutputFormat(settings.outputFormat, sourceFormat),
    };
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private view(source: Source): SourceView {
    return { id: source.id, image: source.image, problem: source.problem, state: source.state };
  }

  private setState(source: Source, state: SourceState): void {
    source.state = state;
    this.post({ type: 'source', source: this.view(source) });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (!message) {
      this.deps.log.warn(`Ignored an unexpected message from the Restyle panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        await this.loaded;
        this.post({ type: 'init', sources: this.sources.map((s) => this.view(s)), params: this.initialParams(), running: !!this.running });
        break;
      case 'generate': {
        const only = message.only === undefined ? undefined : [message.only];
        await this.generate({ prompt: message.prompt, strength: message.strength, format: message.format }, only);
        break;
      }
      case 'cancel':
        this.cancel();
        break;
      case 'open':
      case 'reveal': {
        const saved = this.sources[message.id]?.saved;
        if (!saved) break;
        await vscode.commands.executeCommand(message.type === 'open' ? 'vscode.open' : 'revealInExplorer', saved);
        break;
      }
      default: {
        const never: never = message;
        this.deps.log.warn(`Unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Generates a variant of every usable source (or only the given ids) with these parameters.
   * Ignored while a generation runs: Generate cannot fire twice.
   */
  async generate(input: { prompt: unknown; strength: unknown; format: unknown }, only?: readonly number[]): Promise<GenerationSummary | undefined> {
    if (this.running) return undefined;
    await this.loaded;
    const check = checkGenerationParams(input);
    if (!check.ok) {
      this.post({ type: 'running', running: false, summary: check.problem });
      return undefined;
    }
    const params = check.params;
    await this.deps.workspaceState.update(LAST_PARAMS_KEY, params);
    const naming = checkOutputNamePattern(readSettings().outputName);
    if (!naming.ok) {
      this.post({ type: 'running', running: false, summary: naming.problem });
      void vscode.window.showErrorMessage(naming.problem, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.outputName');
      });
      return undefined;
    }

    const targets = this.sources.filter((s) => !s.problem && (!only || only.includes(s.id)));
    if (!targets.length) {
      this.post({ type: 'running', running: false, summary: 'None of these files can be restyled.' });
      return undefined;
    }
    const controller = new AbortController();
    this.running = controller;
    this.post({ type: 'running', running: true, summary: targets.length === 1 ? 'Generating…' : `Generating ${targets.length} images…` });
    try {
      const apiKey = (await this.deps.access.keys.get()) ?? (await promptForApiKey(this.deps.access, 'Restyle needs a Segmind API key to generate.'));
      if (!apiKey) {
        this.post({ type: 'running', running: false, summary: 'No API key: nothing was generated.' });
        return undefined;
      }
      return await this.runGeneration(apiKey, params, targets, controller);
    } catch (error) {
      this.post({ type: 'running', running: false, summary: describeError(error) });
      void showError(error, { log: this.deps.log });
      return undefined;
    } finally {
      this.running = undefined;
    }
  }

  private async runGeneration(apiKey: string, params: GenerationParams, targets: Source[], controller: AbortController): Promise<GenerationSummary> {
    const settings = readSettings();
    const client = this.deps.access.client(apiKey);
    const log = this.deps.log;
    targets.forEach((s) => this.setState(s, { kind: 'queued' }));
    const outcomes = await runBatch(
      targets,
      async (source) => {
        this.setState(source, { kind: 'running', startedAt: Date.now() });
        log.info(`Restyling ${source.uri.fsPath} (strength ${params.strength}, ${params.format})`);
        const restyled = await restyleFile(source.uri.fsPath, params, settings.outputName, (image, p, signal) => client.generate(image, p, signal), controller.signal);
        this.deps.access.credits.update(restyled.generation.remainingCredits, 'generation');
        const savedUri = vscode.Uri.file(restyled.savedPath);
        const info = readImageInfo(restyled.generation.image);
        source.saved = savedUri;
        log.info(`Saved ${restyled.savedPath} (${restyled.bytes} bytes, ${restyled.generation.elapsedMs} ms, request ${restyled.generation.requestId ?? 'n/a'})`);
        this.setState(source, {
          kind: 'done',
          elapsedMs: restyled.generation.elapsedMs,
          result: { name: path.basename(restyled.savedPath), src: this.panel.webview.asWebviewUri(savedUri).toString(), bytes: restyled.bytes, width: info?.width, height: info?.height },
        });
        return restyled;
      },
      { concurrency: settings.maxConcurrentRequests, perMinute: settings.requestsPerMinute, signal: controller.signal },
    );

    const saved: RestyledFile[] = [];
    const failures: GenerationSummary['failures'] = [];
    outcomes.forEach((outcome, i) => {
      const source = targets[i];
      if (outcome.ok) {
        saved.push(outcome.value);
        return;
      }
      const error = controller.signal.aborted && !(outcome.error instanceof SegmindError) ? controller.signal.reason : outcome.error;
      failures.push({ source: source.uri, error });
      if (error instanceof SegmindError && error.details.balance !== undefined) this.deps.access.credits.update(error.details.balance, 'generation');
      this.setState(source, { kind: 'failed', message: describeError(error) });
    });
    this.post({ type: 'running', running: false, summary: this.summary(saved.length, failures.length, controller.signal.aborted) });
    this.report(params, failures);
    return { saved, failures };
  }

  private summary(saved: number, failed: number, cancelled: boolean): string {
    if (cancelled) return saved ? `Cancelled. ${saved} saved.` : 'Cancelled.';
    if (!failed) return saved === 1 ? 'Saved.' : `Saved ${saved} images.`;
    return saved ? `${saved} saved, ${failed} failed.` : failed === 1 ? 'Failed.' : `${failed} failed.`;
  }

  /** One notification for the failures, with a Retry that reruns only those (never automatically). */
  private report(params: GenerationParams, failures: GenerationSummary['failures']): void {
    const real = failures.filter((f) => !(f.error instanceof SegmindError && f.error.kind === 'cancelled'));
    if (!real.length) return;
    const retryIds = this.sources.filter((s) => real.some((f) => f.source === s.uri)).map((s) => s.id);
    const retry = () => this.generate(params, retryIds);
    const first = real[0];
    const subject = real.length === 1 ? path.basename(first.source.fsPath) : `${real.length} images failed, e.g. ${path.basename(first.source.fsPath)}`;
    void showError(first.error, { log: this.deps.log, retry, subject });
    real.slice(1).forEach((f) => this.deps.log.error(`${path.basename(f.source.fsPath)}: ${describeError(f.error)}`));
  }

  /** Stops the generations under way. A request already sent may still be billed by Segmind. */
  cancel(): void {
    this.running?.abort(new SegmindError('cancelled', 'Cancelled.'));
  }

  dispose(): void {
    this.running?.abort(new SegmindError('cancelled', 'The panel was closed.'));
    RestylePanel.openPanels.delete(this.key);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
