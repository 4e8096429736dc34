/**
 * The work behind one Restyle panel: its sources (checked, then prepared in the image worker as
 * soon as the panel opens), and generations run as a batch within the rate limit. The panel only
 * shows what this reports.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SegmindError } from '../api/errors';
import { promptForApiKey } from '../commands/apiKeyCommands';
import { runBatch } from '../core/batch';
import type { ImageFormat } from '../core/imageInfo';
import { checkOutputNamePattern } from '../core/outputName';
import { checkGenerationParams, type GenerationParams } from '../core/params';
import { prepareSourceFile, restyleFile, type ImagePipeline, type PreparedSource, type RestyledFile } from '../core/restyleSequence';
import { inspectSourceFile } from '../core/sourceImage';
import { readImageInfo } from '../core/imageInfo';
import type { SegmindAccess } from '../segmindAccess';
import { readSettings } from '../settings';
import type { PanelParams } from '../shared/protocol';
import { finishedRoute, type SourceFacts, type VariantFacts } from '../shared/route';
import { describeError, showError } from '../ui/showError';
import { saveLastParams } from './lastParams';

export interface SessionDeps {
  readonly workspaceState: vscode.Memento;
  readonly access: SegmindAccess;
  readonly images: ImagePipeline;
  readonly log: vscode.LogOutputChannel;
}

export type SessionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'queued' }
  | { readonly kind: 'running'; readonly startedAt: number }
  | { readonly kind: 'done'; readonly saved: vscode.Uri; readonly variant: VariantFacts & { bytes: number }; readonly elapsedMs: number; readonly route: string; readonly note?: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface SessionSource {
  readonly id: number;
  readonly uri: vscode.Uri;
  readonly name: string;
  fileBytes: number;
  /** From the header at first, from the decoded pixels once prepared. */
  width?: number;
  height?: number;
  format?: ImageFormat;
  problem?: string;
  facts?: SourceFacts;
  prepared?: PreparedSource;
  state: SessionState;
}

export interface GenerationSummary {
  readonly saved: RestyledFile[];
  readonly failures: { readonly source: vscode.Uri; readonly error: unknown }[];
}

export class RestyleSession implements vscode.Disposable {
  private readonly sourceChanged = new vscode.EventEmitter<SessionSource>();
  private readonly runningChanged = new vscode.EventEmitter<{ running: boolean; summary?: string }>();
  readonly onDidChangeSource = this.sourceChanged.event;
  readonly onDidChangeRunning = this.runningChanged.event;

  sources: SessionSource[] = [];
  /** Resolves once every source's header is checked (quick); preparing goes on in the background. */
  readonly loaded: Promise<void>;
  private running: AbortController | undefined;

  constructor(uris: readonly vscode.Uri[], private readonly deps: SessionDeps) {
    this.loaded = this.load(uris);
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  private async load(uris: readonly vscode.Uri[]): Promise<void> {
    this.sources = await Promise.all(
      uris.map(async (uri, id): Promise<SessionSource> => {
        const name = path.basename(uri.fsPath);
        try {
          const check = await inspectSourceFile(uri.fsPath);
          const info = check.ok ? check.info : undefined;
          return { id, uri, name, fileBytes: check.fileSize, width: info?.width, height: info?.height, format: info?.format, problem: check.ok ? undefined : check.problem, state: { kind: 'idle' } };
        } catch (error) {
          return { id, uri, name, fileBytes: 0, problem: `${name} cannot be read${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': it is no longer there' : ''}.`, state: { kind: 'idle' } };
        }
      }),
    );
    // Decode and prepare in the image worker now, so Generate sends at once and bad files say so early.
    for (const source of this.sources) if (!source.problem) void this.prepare(source);
  }

  private async prepare(source: SessionSource): Promise<PreparedSource | undefined> {
    try {
      const prepared = await prepareSourceFile(source.uri.fsPath, this.deps.images);
      source.prepared = prepared;
      source.facts = prepared.prepared.source;
      source.width = source.facts.width;
      source.height = source.facts.height;
      this.deps.log.info(`Prepared ${source.name}: ${prepared.prepared.route.kind}, sent as ${source.facts.sendWidth}×${source.facts.sendHeight} ${prepared.prepared.request.format}${prepared.prepared.request.original ? ' (the file itself)' : ''}`);
    } catch (error) {
      source.problem = describeError(error);
      this.deps.log.warn(`${source.name}: ${source.problem}`);
    }
    this.sourceChanged.fire(source);
    return source.prepared;
  }

  private setState(source: SessionSource, state: SessionState): void {
    source.state = state;
    this.sourceChanged.fire(source);
  }

  private setRunning(running: boolean, summary?: string): void {
    this.runningChanged.fire({ running, summary });
  }

  /**
   * Generates a variant of every usable source (or only the given ids). Ignored while a generation
   * runs: Generate cannot fire twice.
   */
  async generate(input: { prompt: unknown; strength: unknown; format: unknown; keepPalette?: unknown }, only?: readonly number[]): Promise<GenerationSummary | undefined> {
    if (this.running) return undefined;
    await this.loaded;
    const check = checkGenerationParams(input);
    if (!check.ok) {
      this.setRunning(false, check.problem);
      return undefined;
    }
    const params = check.params;
    const keepPalette = input.keepPalette === true;
    const settings = readSettings();
    const naming = checkOutputNamePattern(settings.outputName);
    if (!naming.ok) {
      this.setRunning(false, naming.problem);
      void vscode.window.showErrorMessage(naming.problem, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.outputName');
      });
      return undefined;
    }
    const targets = this.sources.filter((s) => !s.problem && (!only || only.includes(s.id)));
    if (!targets.length) {
      this.setRunning(false, 'None of these files can be restyled.');
      return undefined;
    }
    const controller = new AbortController();
    this.running = controller;
    this.setRunning(true, targets.length === 1 ? 'Generating…' : `Generating ${targets.length} images…`);
    try {
      const apiKey = (await this.deps.access.keys.get()) ?? (await promptForApiKey(this.deps.access, 'Restyle needs a Segmind API key to generate.'));
      if (!apiKey) {
        this.setRunning(false, 'No API key: nothing was generated.');
        return undefined;
      }
      const summary = await this.runGeneration(apiKey, params, keepPalette, targets, controller);
      void saveLastParams(this.deps.workspaceState, { ...params, keepPalette } satisfies PanelParams);
      return summary;
    } catch (error) {
      this.setRunning(false, describeError(error));
      void showError(error, { log: this.deps.log });
      return undefined;
    } finally {
      this.running = undefined;
    }
  }

  private async runGeneration(apiKey: string, params: GenerationParams, keepPalette: boolean, targets: SessionSource[], controller: AbortController): Promise<GenerationSummary> {
    const settings = readSettings();
    const client = this.deps.access.client(apiKey);
    const log = this.deps.log;
    const options = { outputSize: settings.outputSize, keepTransparency: settings.keepTransparency, keepPalette, outputNamePattern: settings.outputName };
    targets.forEach((s) => this.setState(s, { kind: 'queued' }));
    const outcomes = await runBatch(
      targets,
      async (source) => {
        this.setState(source, { kind: 'running', startedAt: Date.now() });
        log.info(`Restyling ${source.uri.fsPath} (strength ${params.strength}, ${params.format}, output size ${options.outputSize})`);
        const restyled = await restyleFile(source.uri.fsPath, params, options, {
          pipeline: this.deps.images,
          generate: (image, p, signal) => client.generate(image.bytes, p, signal),
          cached: source.prepared,
          log: (line) => log.warn(line),
        }, controller.signal);
        source.prepared = { prepared: restyled.prepared, stamp: restyled.stamp };
        source.facts = restyled.prepared.source;
        this.deps.access.credits.update(restyled.generation.remainingCredits, 'generation');
        const answer = readImageInfo(restyled.generation.image);
        const route = finishedRoute(restyled.prepared.source, answer?.width && answer.height ? { width: answer.width, height: answer.height } : undefined, restyled.variant);
        log.info(`Saved ${restyled.savedPath} (${restyled.variant.bytes} bytes; ${route}; ${restyled.generation.elapsedMs} ms, request ${restyled.generation.requestId ?? 'n/a'})`);
        this.setState(source, {
          kind: 'done',
          saved: vscode.Uri.file(restyled.savedPath),
          variant: restyled.variant.asGenerated && answer?.width ? { ...restyled.variant, width: answer.width, height: answer.height ?? 0 } : restyled.variant,
          elapsedMs: restyled.generation.elapsedMs,
          route,
          note: restyled.finishProblem,
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
    this.setRunning(false, this.summary(saved.length, failures.length, controller.signal.aborted));
    this.report(params, keepPalette, failures);
    return { saved, failures };
  }

  private summary(saved: number, failed: number, cancelled: boolean): string {
    if (cancelled) return saved ? `Cancelled. ${saved} saved.` : 'Cancelled.';
    if (!failed) return saved === 1 ? 'Saved.' : `Saved ${saved} images.`;
    return saved ? `${saved} saved, ${failed} failed.` : failed === 1 ? 'Failed.' : `${failed} failed.`;
  }

  /** One notification for the failures, with a Retry that reruns only those (never automatically). */
  private report(params: GenerationParams, keepPalette: boolean, failures: GenerationSummary['failures']): void {
    const real = failures.filter((f) => !(f.error instanceof SegmindError && f.error.kind === 'cancelled'));
    if (!real.length) return;
    const retryIds = this.sources.filter((s) => real.some((f) => f.source === s.uri)).map((s) => s.id);
    const retry = () => this.generate({ ...params, keepPalette }, retryIds);
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
    this.sourceChanged.dispose();
    this.runningChanged.dispose();
  }
}
