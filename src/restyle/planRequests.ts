/** Builds a run's plan from the session's sources and sends one planned request with what it needs. */
import type { LogOutputChannel } from 'vscode';
import { planSingles, type PlannedRequest } from '../core/restylePlan';
import { planRun, type SetRunPlan, type TogetherSetting } from '../core/setPlan';
import { sendPlate, type PlateRunContext } from './sendPlate';
import { restyleFile, type ImagePipeline, type RestyledFile } from '../core/restyleSequence';
import type { PrepareOptions } from '../image/prepare';
import type { PanelParams } from '../shared/protocol';
import type { SessionSource } from './sessionSource';

export interface SendContext extends PlateRunContext {
  readonly params: PanelParams;
  readonly pipeline: ImagePipeline;
  readonly log: LogOutputChannel;
  readonly plan: SetRunPlan;
  readonly prepareOptions?: PrepareOptions;
}

export interface PlanSettings {
  readonly cellPixels: number;
  readonly together: TogetherSetting;
  readonly togetherChecked?: boolean;
}

/** The run's plan: sets on plates, the rest alone (without set settings, every source alone). */
export function buildRunPlan(sources: readonly SessionSource[], variants: number, settings?: PlanSettings): SetRunPlan {
  if (!settings) return { ...planSingles(sources.map((s) => s.id), variants), sets: [] };
  return planRun(sources.map((s) => ({ id: s.id, summary: s.set })), { variants, ...settings });
}

export async function sendPlannedRequest(
  request: PlannedRequest,
  sources: readonly SessionSource[],
  context: SendContext,
  signal: AbortSignal,
  onSaved: (source: SessionSource, restyled: RestyledFile, alone: boolean) => void,
): Promise<RestyledFile[]> {
  if (request.kind === 'plate') {
    const set = context.plan.sets[request.set];
    context.log.info(`Restyling plate ${request.plate + 1} of ${set.plates.layouts.length} (${set.plates.layouts[request.plate].placements.length} cells of ${set.sources.map((id) => sources[id].name).join(', ')})`);
    const saved = await sendPlate(set, request.set, request.plate, sources, context, signal);
    for (const restyled of saved) onSaved(sources.find((s) => s.uri.fsPath === restyled.sourcePath)!, restyled, false);
    return saved;
  }
  const source = sources[request.source];
  const { log, params, options } = context;
  log.info(`Restyling ${source.uri.fsPath} (strength ${params.strength}, ${params.format}, output size ${options.outputSize})`);
  const restyled = await restyleFile(source.uri.fsPath, params, options, {
    pipeline: context.pipeline,
    generate: (image, p, s) => context.generate(image.bytes, p, s, image.base64),
    cached: source.prepared,
    ...(context.prepareOptions ? { prepareOptions: context.prepareOptions } : {}),
    log: (line) => log.warn(line),
  }, signal);
  onSaved(source, restyled, true);
  return [restyled];
}
