/**
 * The work behind one Restyle panel: its sources (checked, then prepared in the image worker as
 * soon as the panel opens) and runs of plans (built by the core: which requests, carrying which
 * cells), cancellable as a whole or one file at a time. The panel only shows what this reports.
 */
import * as vscode from 'vscode';
import { SegmindError } from '../api/errors';
import { promptForApiKey } from '../apiKeyPrompt';
import { Disposable } from '../disposable';
import { confirmationReason, estimatePlan } from '../core/estimate';
import { checkOutputNamePattern } from '../core/outputName';
import { checkGenerationParams, normaliseVariants } from '../core/params';
import type { Generation, ImagePipeline, RestyledFile } from '../core/restyleSequence';
import { plannedSources } from '../core/restylePlan';
import type { SetRunPlan } from '../core/setPlan';
import type { PrepareOptions } from '../image/prepare';
import type { SetMember } from '../image/set/setTypes';
import { readMember, type SetPipeline } from './sendPlate';
import { sidecarOf } from './sidecars';
import { memberOptions, prepareSessionSource, readMadeFrom } from './sourcePreparation';
import { runSummary } from '../core/runSummary';
import { SaveFailedError } from '../core/saveVariant';
import type { SegmindAccess } from '../segmindAccess';
import { readSettings } from '../settings';
import { MAX_EARLIER, type PanelParams } from '../shared/protocol';
import { finishedRoute } from '../shared/route';
import { confirmModal } from '../ui/confirmModal';
import { describeError, showError } from '../ui/showError';
import { runPlan } from './generationRun';
import { failureReport, reportFailures } from './runReport';
import { keepPlateAnswers, keepUnsaved, saveKeptAs } from './keptImages';
import { saveLastParams } from './lastParams';
import type { Pricing } from './pricing';
import type { PromptLibrary } from './promptLibrary';
import { buildRunPlan, sendPlannedRequest } from './planRequests';
import { existingResult, findEarlier, loadSources, restoreSources, type RestoredSource, type SessionSource, type SessionState } from './sessionSource';
import { addExistingVariant, discardVariant } from './variantActions';

export type { RestoredSource, SessionSource, SessionState, VariantResult } from './sessionSource';

export interface SessionDeps {
  readonly workspaceState: vscode.Memento;
  /** Where a paid image that could not be saved beside its source is kept until it is saved elsewhere. */
  readonly keptFolder: vscode.Uri;
  readonly access: SegmindAccess;
  readonly images: ImagePipeline & SetPipeline;
  readonly pricing: Pricing;
  readonly prompts: PromptLibrary;
  readonly log: vscode.LogOutputChannel;
  /** Told about every saved variant (the history listens). */
  readonly onSaved?: (saved: RestyledFile, params: PanelParams) => void;
  /** The variants Restyle made of a source before (the History's), newest first. */
  readonly earlierVariants?: (source: vscode.Uri) => readonly vscode.Uri[];
  /** Asks before a costly run; resolves true to go on. Default: a modal warning with a Generate button. */
  readonly confirm?: (message: string, detail: string) => Thenable<boolean>;
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

export class RestyleSession extends Disposable {
  private readonly sourceChanged = this.register(new vscode.EventEmitter<SessionSource>());
  private readonly runningChanged = this.register(new vscode.EventEmitter<{ running: boolean; summary?: string }>());
  readonly onDidChangeSource = this.sourceChanged.event;
  readonly onDidChangeRunning = this.runningChanged.event;

  sources: SessionSource[] = [];
  /** Resolves once every source's header is checked (quick); preparing starts with prepareSources(). */
  readonly loaded: Promise<void>;
  private running: AbortController | undefined;
  private preparing: Promise<void> | undefined;
  /** The panel's Together and Seamless tile checkboxes, once the user has touched them. */
  togetherChecked: boolean | undefined;
  seamlessChecked: boolean | undefined;

  /** How sources are prepared: as seamless tiles or not (the checkbox, else `restyle.seamless`). */
  prepareOptions(): PrepareOptions {
    return { seamless: this.seamlessChecked === undefined ? readSettings().seamless : this.seamlessChecked ? 'on' : 'off' };
  }

  /** The Sheet row: cells set by hand, or (without a grid) Not a sheet; the source is read again (nothing is sent). */
  async setSheet(id: number, grid?: NonNullable<SetMember['grid']>): Promise<void> {
    const source = this.sources[id];
    if (!source || source.problem) return;
    source.sheetChoice = grid ? { grid } : { whole: true };
    source.set = await this.deps.images.inspectMember(await readMember(source, sidecarOf, memberOptions(this.prepareOptions())));
    this.sourceChanged.fire(source);
  }

  /** The Seamless tile checkbox changed (undefined: back to the settings, which changed): the sources are prepared again (nothing is sent). */
  async setSeamless(checked: boolean | undefined): Promise<void> {
    this.seamlessChecked = checked;
    await this.preparing;
    this.preparing = undefined;
    for (const source of this.sources) source.prepared = undefined;
    await this.prepareSources();
  }

  constructor(uris: readonly vscode.Uri[], private readonly deps: SessionDeps, restored: readonly RestoredSource[] = []) {
    super();
    this.loaded = loadSources(uris).then(async (sources) => {
      this.sources = sources;
      await restoreSources(sources, restored);
      await Promise.all(sources.map(async (s) => deps.earlierVariants && (s.earlier = await findEarlier(s, deps.earlierVariants(s.uri), MAX_EARLIER))));
    });
  }

  get isRunning(): boolean { return !!this.running; }

  /**
   * Decodes and prepares the sources in the image worker, so Generate sends at once and bad files
   * say so early. The panel calls this once its page is up: the work would otherwise compete with
   * VS Code loading the page, and the user reads the form before anything is sent.
   */
  prepareSources(): Promise<void> {
    this.preparing ??= this.loaded.then(async () => {
      for (const source of this.sources) void readMadeFrom(source).then((found) => found && this.sourceChanged.fire(source));
      await Promise.all(this.sources.filter((s) => !s.problem && !s.prepared).map((s) => this.prepare(s)));
    });
    return this.preparing;
  }

  private async prepare(source: SessionSource): Promise<void> {
    await prepareSessionSource(source, this.deps.images, this.deps.log, this.prepareOptions());
    this.sourceChanged.fire(source);
  }

  private setState(source: SessionSource, state: SessionState): void {
    source.state = state;
    this.sourceChanged.fire(source);
  }

  private setRunning(running: boolean, summary?: string): void {
    this.runningChanged.fire({ running, summary });
  }

  /** The plan a run of these sources would send (all usable ones, or only the given ids). */
  plan(variants: number, only?: readonly number[]): SetRunPlan {
    const { plateCellPixels, together } = readSettings();
    return buildRunPlan(this.sources.filter((s) => !s.problem && (!only || only.includes(s.id))), variants, { cellPixels: plateCellPixels, together, togetherChecked: this.togetherChecked });
  }

  /**
   * Generates `variants` variants of every usable source (or only the given ids). Ignored while a
   * run is under way: Generate cannot fire twice. Asks first when the estimate passes the balance or
   * `restyle.confirmAbove`; a run the user declines sends nothing.
   */
  async generate(input: GenerateInput, only?: readonly number[]): Promise<GenerationSummary | undefined> {
    if (this.running) return undefined;
    // The plan needs to know which sources are sheets or animations (read while preparing).
    await this.prepareSources();
    if (this.running) return undefined;
    const check = checkGenerationParams(input);
    if (!check.ok) return this.stopped(check.problem);
    const settings = readSettings();
    const params: PanelParams = { ...check.params, keepPalette: input.keepPalette === true, variants: normaliseVariants(input.variants, settings.variants) };
    const naming = checkOutputNamePattern(settings.outputName);
    if (!naming.ok) {
      void vscode.window.showErrorMessage(naming.problem, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.outputName');
      });
      return this.stopped(naming.problem);
    }
    const plan = this.plan(params.variants, only);
    if (!plan.requests.length) return this.stopped('None of these files can be restyled.');
    const controller = new AbortController();
    this.running = controller;
    try {
      // An estimate over the balance last seen reads the balance again (free) before asking.
      const { price, estimate } = await this.deps.pricing.checkedEstimate((p) => estimatePlan(plan, p.pricePerCall, p.balance));
      const reason = confirmationReason(estimate, price.confirmAbove);
      if (reason && !(await (this.deps.confirm ?? confirmModal)(reason, `${estimate.text}. Nothing is sent unless you go on.`))) return this.stopped('Not generated: nothing was sent.');
      this.setRunning(true, estimate.calls === 1 ? 'Generating…' : `Generating ${estimate.calls} images…`);
      const apiKey = (await this.deps.access.keys.get()) ?? (await promptForApiKey(this.deps.access, 'Restyle needs a Segmind API key to generate.'));
      if (!apiKey) return this.stopped('No API key: nothing was generated.');
      const summary = await this.run(apiKey, params, plan, controller);
      // Stored after the run, so nothing but the network stands between Generate and the request.
      void saveLastParams(this.deps.workspaceState, params);
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

  private stopped(summary: string): undefined {
    this.setRunning(false, summary);
    return undefined;
  }

  private async run(apiKey: string, params: PanelParams, plan: SetRunPlan, controller: AbortController): Promise<GenerationSummary> {
    const settings = readSettings();
    const client = this.deps.access.client(apiKey);
    const options = { outputSize: settings.outputSize, keepTransparency: settings.keepTransparency, keepPalette: params.keepPalette, outputNamePattern: settings.outputName };
    const members = new Map<SessionSource, Promise<SetMember>>();
    const member = (source: SessionSource) => members.get(source) ?? members.set(source, readMember(source, sidecarOf, memberOptions(this.prepareOptions()))).get(source)!;
    const context = { params, options, prepareOptions: this.prepareOptions(), pipeline: this.deps.images, sets: this.deps.images, generate: client.generate.bind(client), log: this.deps.log, plan, member, answers: new Map<number, { image: Uint8Array; generation: Generation }[]>() };
    const { saved, failures } = await runPlan(plan, this.sources, controller, {
      setState: (source, state) => this.setState(source, state),
      send: (request, signal, onSaved) => sendPlannedRequest(request, this.sources, context, signal, onSaved),
      recordSaved: (source, restyled, alone) => this.recordSaved(source, restyled, params, alone),
      batch: { concurrency: settings.maxConcurrentRequests, perMinute: settings.requestsPerMinute },
    });
    await keepPlateAnswers(context.answers, (set) => plan.sets[set].sources.map((id) => this.sources[id].name).join(', ').slice(0, 80), this.deps.keptFolder, this.deps.log);
    const bySource = new Map<SessionSource, unknown[]>();
    for (const { source, error } of failures) {
      bySource.set(source, [...(bySource.get(source) ?? []), error]);
      if (error instanceof SegmindError && error.details.balance !== undefined) this.deps.access.credits.update(error.details.balance, 'generation');
      if (error instanceof SegmindError && error.kind === 'credits') this.deps.access.credits.noteInsufficientCredits(error.details.balance);
    }
    for (const source of plannedSources(plan).map((id) => this.sources[id])) {
      source.cancel = undefined;
      const errors = bySource.get(source) ?? [];
      const first = errors.find((e) => !(e instanceof SegmindError && e.kind === 'cancelled')) ?? errors[0];
      if (source.results.length) {
        this.setState(source, { kind: 'done', ...(errors.length ? { problem: `${errors.length} of ${params.variants} not saved: ${describeError(first)}` } : {}) });
      } else if (first !== undefined) {
        const kept = first instanceof SaveFailedError ? await keepUnsaved(first, this.deps.keptFolder, this.deps.log) : undefined;
        this.setState(source, { kind: 'failed', message: describeError(first), ...(kept ? { kept } : {}) });
      }
    }
    const cancelled = controller.signal.aborted;
    const real = failures.filter((f) => !(f.error instanceof SegmindError && f.error.kind === 'cancelled'));
    this.setRunning(false, real.length && !cancelled ? failureReport(real).line : runSummary(saved.length, failures.length - real.length, real.length, cancelled));
    reportFailures(real, this.deps.log, { retry: (ids) => this.generate(params, ids), saveAs: (id) => this.saveKeptAs(id) });
    return { saved, failures: failures.map((f) => ({ source: f.source.uri, error: f.error })) };
  }

  /** A variant was saved: show it, update the credits and the price, tell the history. */
  private recordSaved(source: SessionSource, restyled: RestyledFile, params: PanelParams, alone: boolean): void {
    const { generation } = restyled;
    const balanceBefore = alone ? this.deps.pricing.balance : undefined;
    this.deps.access.credits.update(generation.remainingCredits, 'generation');
    this.deps.pricing.observe({ cost: generation.cost, balanceBefore, balanceAfter: generation.remainingCredits });
    if (restyled.prepared) {
      source.prepared = { prepared: restyled.prepared, stamp: restyled.stamp, options: this.prepareOptions() };
      source.facts = restyled.prepared.source;
    }
    const { answer } = restyled.record; // read from the answer's header once, by the sequence
    const route = restyled.route ?? finishedRoute(source.facts!, answer.width && answer.height ? answer : undefined, restyled.variant);
    this.deps.log.info(`Saved ${restyled.savedPath} (${restyled.variant.bytes} bytes; ${route}; ${generation.elapsedMs} ms, request ${generation.requestId ?? 'n/a'})`);
    source.results.push({ saved: vscode.Uri.file(restyled.savedPath), variant: restyled.variant, elapsedMs: generation.elapsedMs, route, ...(restyled.finishProblem ? { note: restyled.finishProblem } : {}) });
    this.sourceChanged.fire(source);
    this.deps.onSaved?.(restyled, params);
  }

  /** Save As… for a kept image: the user picks a place; the kept copy is removed once saved. */
  async saveKeptAs(id: number, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const source = this.sources[id];
    const state = source?.state;
    if (state?.kind !== 'failed' || !state.kept) return undefined;
    const chosen = await saveKeptAs(state.kept, source.uri, this.deps.log, target);
    const result = chosen && (await existingResult(chosen, 'Saved with Save As…'));
    if (!result) return undefined;
    source.results = [result];
    this.setState(source, { kind: 'done' });
    return chosen;
  }

  /** Shows an existing variant of a source in its grid (for Compare from the history); returns its index. */
  async addExisting(id: number, variant: vscode.Uri): Promise<number | undefined> {
    const source = this.sources[id];
    const index = source && (await addExistingVariant(source, variant));
    if (index !== undefined) this.sourceChanged.fire(source);
    return index;
  }

  /** Discard: the variant's file goes to the OS trash (recoverable) and leaves the grid. */
  async discard(id: number, index: number, list: 'results' | 'earlier' = 'results'): Promise<boolean> {
    const source = this.sources[id];
    const discarded = !!source && (await discardVariant(source, index, this.deps.log, list));
    if (discarded) this.sourceChanged.fire(source);
    return discarded;
  }

  /** Stops the whole run, or only one file's part of it. A request already sent may still be billed. */
  cancel(id?: number): void {
    if (id === undefined) this.running?.abort(new SegmindError('cancelled', 'Cancelled.'));
    else this.sources[id]?.cancel?.abort(new SegmindError('cancelled', 'Cancelled.'));
  }

  protected override onDispose(): void {
    this.running?.abort(new SegmindError('cancelled', 'The panel was closed.'));
  }
}
