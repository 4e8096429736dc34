/** Builds a run's plan from the session's sources and sends one planned request with what it needs. */
import type { LogOutputChannel } from 'vscode';
import { planSingles, type PlannedRequest, type RestylePlan } from '../core/restylePlan';
import type { GenerationParams } from '../core/params';
import { restyleFile, type Generation, type ImagePipeline, type RestyledFile, type RestyleOptions } from '../core/restyleSequence';
import type { PanelParams } from '../shared/protocol';
import type { SessionSource } from './sessionSource';

export interface SendContext {
  readonly params: PanelParams;
  readonly options: RestyleOptions;
  readonly pipeline: ImagePipeline;
  readonly generate: (image: Uint8Array, params: GenerationParams, signal?: AbortSignal, base64?: Uint8Array) => Promise<Generation>;
  readonly log: LogOutputChannel;
  readonly plan: RestylePlan;
}

export function buildRunPlan(sources: readonly SessionSource[], variants: number): RestylePlan {
  return planSingles(sources.map((s) => s.id), variants);
}

export async function sendPlannedRequest(
  request: PlannedRequest,
  sources: readonly SessionSource[],
  context: SendContext,
  signal: AbortSignal,
  onSaved: (source: SessionSource, restyled: RestyledFile, alone: boolean) => void,
): Promise<RestyledFile[]> {
  if (request.kind !== 'single') throw new Error('Plates are not supported yet.');
  const source = sources[request.source];
  const { log, params, options } = context;
  log.info(`Restyling ${source.uri.fsPath} (strength ${params.strength}, ${params.format}, output size ${options.outputSize})`);
  const restyled = await restyleFile(source.uri.fsPath, params, options, {
    pipeline: context.pipeline,
    generate: (image, p, s) => context.generate(image.bytes, p, s, image.base64),
    cached: source.prepared,
    log: (line) => log.warn(line),
  }, signal);
  onSaved(source, restyled, true);
  return [restyled];
}
