/**
 * The work behind one Restyle panel: its sources (checked, then prepared in the image worker as
 * soon as the panel opens) and runs of generations (each source × the number of variants) within
 * the rate limit, cancellable as a whole or one file at a time. The panel only shows what this reports.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SegmindError } from '../api/errors';
import { promptForApiKey } from '../apiKeyPrompt';
import { runBatch } from '../core/batch';
import { confirmationReason, estimateRun } from '../core/estimate';
import type { ImageFormat } from '../core/imageInfo';
import { checkOutputNamePattern } from '../core/outputName';
import { checkGenerationParams, normaliseVariants } from '../core/params';
import { prepareSourceFile, restyleFile, type ImagePipeline, type PreparedSource, type RestyledFile } from '../core/restyleSequence';
import { readVariantMetadataFromFile } from '../core/readVariantMetadata';
import { SaveFailedError } from '../core/saveVariant';
import type { VariantRecord } from '../core/variantMetadata';
import { inspectSourceFile } from '../core/sourceImage';
import type { SegmindAccess } from '../segmindAccess';
import { readSettings } from '../settings';
import type { PanelParams, SourceState } from '../shared/protocol';
import { finishedRoute, type SourceFacts, type VariantFacts, type VariantFormat } from '../shared/route';
import { describeError, errorLine, showError } from '../ui/showError';
import { saveLastParams } from './lastParams';
import type { Pricing } from './pricing';
import type { PromptLibrary } from './promptLibrary';
import { moveToTrash } from './trash';

export interface SessionDeps {
  readonly workspaceState: vscode.Memento;
  /** Where a paid image that could not be saved beside its source is kept until it is saved elsewhere. */
  readonly keptFolder: vscode.Uri;
  readonly access: SegmindAccess;
  readonly images: ImagePipeline;
  readonly pricing: Pricing;
  readonly prompts: PromptLibrary;
  readonly log: vscode.LogOutputChannel;
  /** Told about every saved variant (the history listens). */
  readonly onSaved?: (saved: RestyledFile, params: PanelParams) => void;
  /** Asks before a costly run; resolves true to go on. Default: a modal warning with a Generate button. */
  readonly confirm?: (message: string, detail: string) => Thenable<boolean>;
}

/** A modal question; only an explicit Generate goes on. */
export async function confirmModal(message: string, detail: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Generate')) === 'Generate';
}

/** One saved variant of a source. */
export interface VariantResult {
  readonly saved: vscode.Uri;
  readonly variant: VariantFacts & { readonly bytes: number };
  readonly elapsedMs: number;
  readonly route: string;
  readonly note?: string;
}

/** What the page shows of a source, except that a kept paid image is its file here (the page only learns that there is one). */
export type SessionState = Exclude<SourceState, { kind: 'failed' }> | { readonly kind: 'failed'; readonly message: string; readonly kept?: vscode.Uri };

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
  /** The variants of the latest run, in the order they were saved. */
  results: VariantResult[];
  /** When the source is itself a Restyle variant: how it was made (read from the file, validated). */
  madeFrom?: VariantRecord;
  /** Cancels this file's part of the run under way. */
  cancel?: AbortController;
}

export interface RestoredSource {
  readonly results: readonly { readonly saved: vscode.Uri; readonly route?: string }[];
  readonly interrupted?: boolean;
}

export interface GenerationSummary {
  readonly saved: RestyledFile[];
  readonly failures: { readonly source: vscode.Uri; readonly error: unknown }[];
}

export interface GenerateInput {
  readonly prompt: unknown;
  readonly strength: unknown;
  readonly format: unknown;
  readonly keepPalette?: unknown;
  readonly variants?: unknown;
}

export class RestyleSession implements vscode.Disposable {
  private readonly sourceChanged = new vscode.EventEmitter<SessionSource>();
  private readonly runningChanged = new vscode.EventEmitter<{ running: boolean; summary?: string }>();
  readonly onDidChangeSource = this.sourceChanged.event;
  readonly onDidChangeRunning = this.runningChanged.event;

  sources: SessionSource[] = [];
  /** Resolves once every source's header is checked (quick); preparing starts with prepareSources(). */
  readonly loaded: Promise<void>;
  private running: AbortController | undefined;
  private preparing = false;

  constructor(uris: readonly vscode.Uri[], private readonly deps: SessionDeps, restored: readonly RestoredSource[] = []) {
    this.loaded = this.load(uris).then(() => this.restore(restored));
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  private async load(uris: readonly vscode.Uri[]): Promise<void> {
    this.sources = await Promise.all(
      uris.map(async (uri, id): Promise<SessionSource> => {
        const name = path.basename(uri.fsPath);
        const base = { id, uri, name, state: { kind: 'idle' } as SessionState, results: [] };
        try {
          const check = await inspectSourceFile(uri.fsPath);
          const info = check.ok ? check.info : undefined;
          return { ...base, fileBytes: check.fileSize, width: info?.width, height: info?.height, format: info?.format, problem: check.ok ? undefined : check.problem };
        } catch (error) {
          return { ...base, fileBytes: 0, problem: `${name} cannot be read${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': it is no longer there' : ''}.` };
        }
      }),
    );
  }

  /**
   * Decodes and prepares the sources in the image worker, so Generate sends at once and bad files
   * say so early. The panel calls this once its page is up: the work would otherwise compete with
   * VS Code loading the page, and the user reads the form before anything is sent.
   */
  async prepareSources(): Promise<void> {
    await this.loaded;
    if (this.preparing) return;
    this.preparing = true;
    for (const source of this.sources) if (!source.problem && !source.prepared) void this.prepare(source);
    for (const source of this.sources) void this.readMadeFrom(source);
  }

  /** A variant opened in Restyle offers Re-run: its parameters come from inside the file. */
  private async readMadeFrom(source: SessionSource): Promise<void> {
    if (source.problem || !/\.(png|jpe?g)$/i.test(source.name)) return;
    const record = await readVariantMetadataFromFile(source.uri.fsPath).catch(() => undefined);
    if (!record) return;
    source.madeFrom = record;
    this.sourceChanged.fire(source);
  }

  /** Results from before a window reload; a generation the reload cut is shown as interrupted, never sent again. */
  private async restore(restored: readonly RestoredSource[]): Promise<void> {
    for (const [id, item] of restored.entries()) {
      const source = this.sources[id];
      if (!source) continue;
      if (item.interrupted) {
        source.state = { kind: 'failed', message: `The window was reloaded while ${source.name} was being generated: it was not sent again. Generate to try again (if that call was billed, the credits show it).` };
      }
      for (const result of item.results) {
        const stat = await Promise.resolve(vscode.workspace.fs.stat(result.saved)).catch(() => undefined);
        if (!stat) continue; // the variant was deleted meanwhile
        const variant = await this.existingVariant(result.saved, stat.size);
        source.results.push({ saved: result.saved, variant, elapsedMs: 0, route: result.route ?? 'Restored after a window reload' });
        if (source.state.kind === 'idle') source.state = { kind: 'done' };
      }
    }
  }

  private async prepare(source: SessionSource): Promise<PreparedSource | undefined> {
    try {
      const prepared = await prepareSourceFile(source.uri.fsPath, this.deps.images);
      source.prepared = prepared;
      source.facts = prepared.prepared.source;
      source.width = source.facts.width;
      source.height = source.facts.height;
      const { route, request } = prepared.prepared;
      this.deps.log.info(`Prepared ${source.name}: ${route.kind}, sent as ${request.width}×${request.height} ${request.format}${request.original ? ' (the file itself)' : ''}`);
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

  /** The sources a run would use (all usable ones, or only the given ids). */
  private targets(only?: readonly number[]): SessionSource[] {
    return this.sources.filter((s) => !s.problem && (!only || only.includes(s.id)));
  }

  /**
   * Generates `variants` variants of every usable source (or only the given ids). Ignored while a
   * run is under way: Generate cannot fire twice. Asks first when the estimate passes the balance or
   * `restyle.confirmAbove`; a run the user declines sends nothing.
   */
  async generate(input: GenerateInput, only?: readonly number[]): Promise<GenerationSummary | undefined> {
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
    const variants = normaliseVariants(input.variants, settings.variants);
    const naming = checkOutputNamePattern(settings.outputName);
    if (!naming.ok) {
      this.setRunning(false, naming.problem);
      void vscode.window.showErrorMessage(naming.problem, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.outputName');
      });
      return undefined;
    }
    const targets = this.targets(only);
    if (!targets.length) {
      this.setRunning(false, 'None of these files can be restyled.');
      return undefined;
    }
    const controller = new AbortController();
    this.running = controller;
    try {
      const price = this.deps.pricing.current;
      const estimate = estimateRun(targets.length, variants, price.pricePerCall, price.balance);
      const reason = confirmationReason(estimate, price.confirmAbove);
      if (reason) {
        const go = await (this.deps.confirm ?? confirmModal)(reason, `${estimate.text}. Nothing is sent unless you go on.`);
        if (!go) {
          this.setRunning(false, 'Not generated: nothing was sent.');
          return undefined;
        }
      }
      this.setRunning(true, estimate.calls === 1 ? 'Generating…' : `Generating ${estimate.calls} images…`);
      const apiKey = (await this.deps.access.keys.get()) ?? (await promptForApiKey(this.deps.access, 'Restyle needs a Segmind API key to generate.'));
      if (!apiKey) {
        this.setRunning(false, 'No API key: nothing was generated.');
        return undefined;
      }
      const panelParams: PanelParams = { ...params, keepPalette, variants };
      const summary = await this.runGeneration(apiKey, panelParams, targets, controller);
      // Stored after the run, so nothing but the network stands between Generate and the request.
      void saveLastParams(this.deps.workspaceState, panelParams);
      void this.deps.prompts.remember(params.prompt);
      return summary;
    } catch (error) {
      this.setRunning(false, describeError(error));
      void showError(error, { log: this.deps.log });
      return undefined;
    } finally {
      this.running = undefined;
    }
  }

  private async runGeneration(apiKey: string, params: PanelParams, targets: SessionSource[], controller: AbortController): Promise<GenerationSummary> {
    const settings = readSettings();
    const client = this.deps.access.client(apiKey);
    const log = this.deps.log;
    const options = { outputSize: settings.outputSize, keepTransparency: settings.keepTransparency, keepPalette: params.keepPalette, outputNamePattern: settings.outputName };
    const jobs = targets.flatMap((source) => Array.from({ length: params.variants }, () => source));
    const finished = new Map<SessionSource, number>();
    let inFlight = 0;
    const startedAt = Date.now();
    for (const source of targets) {
      source.results = [];
      source.cancel = new AbortController();
      this.setState(source, { kind: 'queued' });
    }
    const outcomes = await runBatch(
      jobs,
      async (source) => {
        const signal = AbortSignal.any([controller.signal, source.cancel!.signal]);
        signal.throwIfAborted();
        this.setState(source, { kind: 'running', startedAt, finished: finished.get(source) ?? 0, total: params.variants });
        log.info(`Restyling ${source.uri.fsPath} (strength ${params.strength}, ${params.format}, output size ${options.outputSize})`);
        // The balance drop tells the price only when no other call ran meanwhile.
        const alone = inFlight++ === 0;
        const balanceBefore = alone ? this.deps.pricing.balance : undefined;
        try {
          const restyled = await restyleFile(source.uri.fsPath, params, options, {
            pipeline: this.deps.images,
            generate: (image, p, s) => client.generate(image.bytes, p, s, image.base64),
            cached: source.prepared,
            log: (line) => log.warn(line),
          }, signal);
          this.recordSaved(source, restyled, params, alone && inFlight === 1 ? balanceBefore : undefined);
          return restyled;
        } finally {
          inFlight--;
          finished.set(source, (finished.get(source) ?? 0) + 1);
          if (source.state.kind === 'running') this.setState(source, { ...source.state, finished: finished.get(source)! });
        }
      },
      { concurrency: settings.maxConcurrentRequests, perMinute: settings.requestsPerMinute, signal: controller.signal },
    );

    const saved: RestyledFile[] = [];
    const failures: GenerationSummary['failures'] = [];
    const failuresBySource = new Map<SessionSource, unknown[]>();
    for (const [i, outcome] of outcomes.entries()) {
      const source = jobs[i];
      if (outcome.ok) {
        saved.push(outcome.value);
        continue;
      }
      const cancelled = controller.signal.aborted || source.cancel?.signal.aborted;
      const error = cancelled && !(outcome.error instanceof SegmindError) ? new SegmindError('cancelled', 'Cancelled.') : outcome.error;
      failures.push({ source: source.uri, error });
      failuresBySource.set(source, [...(failuresBySource.get(source) ?? []), error]);
      if (error instanceof SegmindError && error.details.balance !== undefined) this.deps.access.credits.update(error.details.balance, 'generation');
    }
    for (const source of targets) {
      source.cancel = undefined;
      const errors = failuresBySource.get(source) ?? [];
      const first = errors.find((e) => !(e instanceof SegmindError && e.kind === 'cancelled')) ?? errors[0];
      if (source.results.length) {
        this.setState(source, { kind: 'done', ...(errors.length ? { problem: `${errors.length} of ${params.variants} not saved: ${describeError(first)}` } : {}) });
      } else if (first !== undefined) {
        const kept = first instanceof SaveFailedError ? await this.keep(first) : undefined;
        this.setState(source, { kind: 'failed', message: describeError(first), ...(kept ? { kept } : {}) });
      }
    }
    const cancelled = controller.signal.aborted;
    const real = failures.filter((f) => !(f.error instanceof SegmindError && f.error.kind === 'cancelled'));
    this.setRunning(false, real.length && !cancelled ? this.failureReport(real).line : this.summary(saved.length, failures.length - real.length, real.length, cancelled));
    this.report(params, real);
    return { saved, failures };
  }

  /** A variant was saved: show it, update the credits and the price, tell the history. */
  private recordSaved(source: SessionSource, restyled: RestyledFile, params: PanelParams, balanceBefore: number | undefined): void {
    const { generation } = restyled;
    this.deps.access.credits.update(generation.remainingCredits, 'generation');
    this.deps.pricing.observe({ cost: generation.cost, balanceBefore, balanceAfter: generation.remainingCredits });
    source.prepared = { prepared: restyled.prepared, stamp: restyled.stamp };
    source.facts = restyled.prepared.source;
    const { answer } = restyled.record; // read from the answer's header once, by the sequence
    const route = finishedRoute(restyled.prepared.source, answer.width && answer.height ? answer : undefined, restyled.variant);
    this.deps.log.info(`Saved ${restyled.savedPath} (${restyled.variant.bytes} bytes; ${route}; ${generation.elapsedMs} ms, request ${generation.requestId ?? 'n/a'})`);
    source.results.push({ saved: vscode.Uri.file(restyled.savedPath), variant: restyled.variant, elapsedMs: generation.elapsedMs, route, ...(restyled.finishProblem ? { note: restyled.finishProblem } : {}) });
    this.sourceChanged.fire(source);
    this.deps.onSaved?.(restyled, params);
  }

  private summary(saved: number, cancelled: number, failed: number, wholeRunCancelled: boolean): string {
    const savedText = saved === 1 ? '1 saved' : `${saved} saved`;
    if (wholeRunCancelled) return saved ? `Cancelled. ${savedText}.` : 'Cancelled.';
    if (!failed && !cancelled) return saved === 1 ? 'Saved.' : `Saved ${saved} images.`;
    if (!failed) return `${savedText}, ${cancelled} cancelled.`;
    return `${savedText}, ${failed} failed.`;
  }

  /** What the notification says about these failures; the panel's status line says the same. */
  private failureReport(failures: GenerationSummary['failures']): { subject: string; line: string } {
    const first = failures[0];
    const name = path.basename(first.source.fsPath);
    const subject = failures.length === 1 ? name : `${failures.length} images failed, e.g. ${name}`;
    return { subject, line: errorLine(first.error, subject) };
  }

  /** One notification for the failures, with a Retry that reruns only those files (never automatically). */
  private report(params: PanelParams, failures: GenerationSummary['failures']): void {
    if (!failures.length) return;
    const retryIds = this.sources.filter((s) => failures.some((f) => f.source === s.uri)).map((s) => s.id);
    const retry = () => this.generate(params, retryIds);
    const first = failures[0];
    const source = this.sources.find((s) => s.uri === first.source);
    const saveAs = source ? () => this.saveKeptAs(source.id) : undefined;
    void showError(first.error, { log: this.deps.log, retry, subject: this.failureReport(failures).subject, saveAs });
    failures.slice(1).forEach((f) => this.deps.log.error(`${path.basename(f.source.fsPath)}: ${describeError(f.error)}`));
  }

  /** Keeps a paid image that could not be saved beside its source in the extension's storage. */
  private async keep(error: SaveFailedError): Promise<vscode.Uri | undefined> {
    try {
      await vscode.workspace.fs.createDirectory(this.deps.keptFolder);
      const kept = vscode.Uri.joinPath(this.deps.keptFolder, `${Date.now()}-${error.fileName}`);
      await vscode.workspace.fs.writeFile(kept, error.bytes);
      this.deps.log.info(`Kept the unsaved ${error.fileName} in ${kept.fsPath}`);
      return kept;
    } catch (keepError) {
      this.deps.log.error(`Could not keep the unsaved ${error.fileName}: ${String(keepError)}`);
      return undefined;
    }
  }

  /** Save As… for a kept image: the user picks a place; the kept copy is removed once saved. */
  async saveKeptAs(id: number, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const source = this.sources[id];
    const state = source?.state;
    if (state?.kind !== 'failed' || !state.kept) return undefined;
    const name = state.kept.path.split('/').pop()!.replace(/^\d+-/, '');
    const chosen = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(source.uri, '..', name), saveLabel: 'Save Variant', title: `Save ${name}` }));
    if (!chosen) return undefined;
    try {
      await vscode.workspace.fs.copy(state.kept, chosen, { overwrite: true }); // the save dialog already asked about replacing
      await vscode.workspace.fs.delete(state.kept);
    } catch (error) {
      void showError(error, { log: this.deps.log, subject: path.basename(chosen.fsPath) });
      return undefined;
    }
    const bytes = (await vscode.workspace.fs.stat(chosen)).size;
    source.results = [{ saved: chosen, variant: await this.existingVariant(chosen, bytes), elapsedMs: 0, route: 'Saved with Save As…' }];
    this.setState(source, { kind: 'done' });
    return chosen;
  }

  /** What the panel shows of a variant saved earlier: its format and size from its header. */
  private async existingVariant(file: vscode.Uri, bytes: number): Promise<VariantResult['variant']> {
    const check = await inspectSourceFile(file.fsPath).catch(() => undefined);
    const info = check?.ok ? check.info : undefined;
    const format: VariantFormat = info?.format === 'jpeg' ? 'jpeg' : 'png';
    return { width: info?.width ?? 0, height: info?.height ?? 0, format, transparencyKept: false, paletteKept: false, asGenerated: false, bytes };
  }

  /** Shows an existing variant of a source in its grid (for Compare from the history); returns its index. */
  async addExisting(id: number, variant: vscode.Uri): Promise<number | undefined> {
    const source = this.sources[id];
    if (!source) return undefined;
    const known = source.results.findIndex((r) => r.saved.toString() === variant.toString());
    if (known >= 0) return known;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(variant)).catch(() => undefined);
    if (!stat) return undefined;
    source.results = [...source.results, { saved: variant, variant: await this.existingVariant(variant, stat.size), elapsedMs: 0, route: `${path.basename(variant.fsPath)}, made earlier` }].slice(-4);
    if (source.state.kind === 'idle') source.state = { kind: 'done' };
    this.sourceChanged.fire(source);
    return source.results.length - 1;
  }

  /** Discard: the variant's file goes to the OS trash (recoverable) and leaves the grid. */
  async discard(id: number, index: number): Promise<boolean> {
    const source = this.sources[id];
    const result = source?.results[index];
    if (!result) return false;
    try {
      await moveToTrash(result.saved, this.deps.log);
    } catch (error) {
      void showError(error, { log: this.deps.log, subject: `Discard ${path.basename(result.saved.fsPath)}` });
      return false;
    }
    source.results = source.results.filter((r) => r !== result);
    if (!source.results.length) source.state = { kind: 'idle' };
    this.sourceChanged.fire(source);
    return true;
  }

  /** Stops the whole run, or only one file's part of it. A request already sent may still be billed. */
  cancel(id?: number): void {
    if (id === undefined) this.running?.abort(new SegmindError('cancelled', 'Cancelled.'));
    else this.sources[id]?.cancel?.abort(new SegmindError('cancelled', 'Cancelled.'));
  }

  dispose(): void {
    this.running?.abort(new SegmindError('cancelled', 'The panel was closed.'));
    this.sourceChanged.dispose();
    this.runningChanged.dispose();
  }
}
