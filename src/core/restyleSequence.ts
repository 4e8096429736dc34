/**
 * One restyle as a clear sequence: check → prepare → generate → finish → save. No `vscode` and no
 * network here: the image pipeline and the generation are passed in, so it is tested in plain Node.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FinishOptions, Finished, VariantFormat } from '../image/finish';
import { requestedFormat } from '../shared/route';
import type { FinishKeep } from '../image/finishRaster';
import type { Prepared, PrepareOptions, RequestImage } from '../image/prepare';
import { readImageInfo, type ImageFormat } from './imageInfo';
import { joinParts, partsLength } from './byteParts';
import { jpegMetadataParts } from './jpegMetadata';
import { pngMetadataParts } from './pngMetadata';
import { RESTYLE_MODEL, type VariantRecord } from './variantMetadata';
import { variantPathCandidates } from './outputName';
import type { GenerationParams } from './params';
import { fileFaultReason } from './fileFaults';
import { SaveFailedError, saveVariant } from './saveVariant';
import { SourceImageError, checkSourceFile, fileStamp } from './sourceImage';

/** What the service answered. */
export interface Generation {
  readonly image: Uint8Array;
  readonly format: ImageFormat;
  readonly remainingCredits?: number;
  readonly requestId?: string;
  /** From `x-cost` and `x-seed-value`, when the service sends them. */
  readonly cost?: number;
  readonly seed?: number;
  readonly elapsedMs: number;
}

export type Generate = (image: RequestImage, params: GenerationParams, signal?: AbortSignal) => Promise<Generation>;

/** The image work (in a worker in the extension, in-process in tests). */
export interface ImagePipeline {
  prepare(bytes: Uint8Array, fileName: string, options?: PrepareOptions): Promise<Prepared>;
  finish(answer: Uint8Array, keep: FinishKeep, options: FinishOptions): Promise<Finished>;
}

export interface RestyleOptions {
  readonly outputSize: FinishOptions['outputSize'];
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
  readonly outputNamePattern: string;
}

export interface RestyledFile {
  readonly sourcePath: string;
  readonly savedPath: string;
  /** The prepared source (a single file's request); a set's member has its plate in `record.plate` instead. */
  readonly prepared?: Prepared;
  /** The file state `prepared` was made from. */
  readonly stamp: string;
  readonly generation: Generation;
  /** What was saved: size, format, what was kept. */
  readonly variant: Omit<Finished, 'bytes'> & { readonly bytes: number };
  /** How it was made, as written inside the saved file. */
  readonly record: VariantRecord;
  /** The route line, when the plan says it (a set's cell); otherwise the panel builds it from the facts. */
  readonly route?: string;
  /** Set when finishing failed and the answer was saved as generated instead (a paid answer is never thrown away). */
  readonly finishProblem?: string;
}

/** A prepared source and the file state it was prepared from, so a changed file is prepared again. */
export interface PreparedSource {
  readonly prepared: Prepared;
  readonly stamp: string;
  /** The options it was prepared with (a changed Seamless choice prepares again). */
  readonly options?: PrepareOptions;
}

/** Reads, checks and prepares a source. Throws SourceImageError with a sentence naming the file. */
export async function prepareSourceFile(sourcePath: string, pipeline: ImagePipeline, options?: PrepareOptions): Promise<PreparedSource> {
  const name = path.basename(sourcePath);
  const { bytes, stamp } = await checkSourceFile(sourcePath);
  try {
    return { prepared: await pipeline.prepare(bytes, name, options), stamp, ...(options ? { options } : {}) };
  } catch (error) {
    if (error instanceof Error && error.name === 'ImageDecodeError') throw new SourceImageError(error.message, { cause: error });
    throw error;
  }
}

/** Proves the variant can be written beside the source: a real exclusive create and removal. */
export async function checkFolderWritable(sourcePath: string): Promise<void> {
  const folder = path.dirname(sourcePath);
  const probe = path.join(folder, `.restyle-check-${randomBytes(4).toString('hex')}`);
  try {
    await (await fs.open(probe, 'wx')).close();
  } catch (error) {
    throw new SourceImageError(`Restyle cannot save a variant in the folder ${path.basename(folder) || folder}: ${fileFaultReason(error)}. Nothing was sent.`, { cause: error });
  }
  await fs.unlink(probe).catch(() => undefined);
}

export interface RestyleDeps {
  readonly pipeline: ImagePipeline;
  readonly generate: Generate;
  /** A source prepared earlier (e.g. when the panel opened); reused while the file is unchanged. */
  readonly cached?: PreparedSource;
  /** How to prepare the source (seamless or not), when it is prepared here. */
  readonly prepareOptions?: PrepareOptions;
  readonly log?: (line: string) => void;
}

export async function restyleFile(
  sourcePath: string,
  params: GenerationParams,
  options: RestyleOptions,
  deps: RestyleDeps,
  signal?: AbortSignal,
): Promise<RestyledFile> {
  // check: the source is still there and unchanged (or prepared again), and the folder takes a new file
  let source = deps.cached;
  // (both at once; a missing source is the first thing to say)
  const [sourceStat, folder] = await Promise.allSettled([fs.stat(sourcePath), checkFolderWritable(sourcePath)]);
  if (sourceStat.status === 'rejected') {
    throw new SourceImageError(`${path.basename(sourcePath)} is no longer there (moved or deleted). Nothing was sent.`, { cause: sourceStat.reason });
  }
  if (folder.status === 'rejected') throw folder.reason;
  const stamp = fileStamp(sourceStat.value);
  // prepare
  const sameOptions = (source?.options?.seamless ?? 'off') === (deps.prepareOptions?.seamless ?? 'off');
  if (!source || source.stamp !== stamp || !sameOptions) source = await prepareSourceFile(sourcePath, deps.pipeline, deps.prepareOptions);
  // Prepared between the stat and the read, a file changed in between would get a stale stamp: keep the older one.
  const preparedStamp = source === deps.cached ? source.stamp : stamp;
  const { prepared } = source;
  signal?.throwIfAborted();
  // generate
  const finishOptions: FinishOptions = { outputSize: options.outputSize, keepTransparency: options.keepTransparency, keepPalette: options.keepPalette, format: params.format };
  const sent: GenerationParams = { ...params, format: requestedFormat(prepared.source, finishOptions) };
  const generation = await deps.generate(prepared.request, sent, signal);
  const answer = readImageInfo(generation.image);
  const answerSize = { width: answer?.width ?? 0, height: answer?.height ?? 0 };
  // finish: a failure here must not lose the paid answer, so it is saved as generated instead
  let finished: Finished;
  let finishProblem: string | undefined;
  try {
    // Kept as generated there is no pixel work: no trip to the image worker, no copy of the answer.
    finished = finishOptions.outputSize === 'generated' ? asGenerated(generation, answerSize) : await deps.pipeline.finish(generation.image, prepared.keep, finishOptions);
  } catch (error) {
    finishProblem = `The answer could not be fitted to the source (${error instanceof Error ? error.message : String(error)}), so it was saved as generated.`;
    deps.log?.(finishProblem);
    finished = asGenerated(generation, answerSize);
  }
  // how it was made goes into the bytes themselves, before the one exclusive write
  const record = variantRecord(sourcePath, params, options, prepared, generation, answerSize, finished);
  const parts = withMetadata(finished.bytes, finished.format, record, deps.log);
  // save: if that fails now, the paid image travels in the error so it can be kept and saved elsewhere
  const wanted = path.basename(variantPathCandidates(sourcePath, finished.format, options.outputNamePattern).next().value ?? '');
  let savedPath: string;
  try {
    savedPath = await saveVariant(parts, variantPathCandidates(sourcePath, finished.format, options.outputNamePattern));
  } catch (error) {
    const folder = path.basename(path.dirname(sourcePath));
    throw new SaveFailedError(`${wanted} could not be saved in the folder ${folder}: ${fileFaultReason(error)}. The image is kept: use Save As… to put it elsewhere.`, joinParts(parts), wanted, { cause: error });
  }
  const { bytes: _image, ...variant } = finished;
  return { sourcePath, savedPath, prepared, stamp: preparedStamp, generation, variant: { ...variant, bytes: partsLength(parts) }, record, finishProblem };
}

/** The answer as it came (its size read from its header by the caller). */
function asGenerated(generation: Generation, size: { width: number; height: number }): Finished {
  const format: VariantFormat = generation.format === 'jpeg' ? 'jpeg' : 'png';
  return { bytes: generation.image, format, ...size, transparencyKept: false, paletteKept: false, asGenerated: true };
}

/** The record saved inside a variant: what was asked, of what, and what the service said. */
export function variantRecord(
  sourcePath: string,
  params: GenerationParams,
  options: RestyleOptions,
  prepared: { readonly source: { readonly sha256: string; readonly width: number; readonly height: number } },
  generation: Generation,
  answerSize: { width: number; height: number },
  finished: Pick<Finished, 'width' | 'height' | 'format'>,
): VariantRecord {
  const saved = { width: finished.width, height: finished.height };
  const seed = generation.seed !== undefined && Number.isSafeInteger(generation.seed) && generation.seed >= 0 ? generation.seed : undefined;
  return {
    version: 1,
    prompt: params.prompt,
    strength: params.strength,
    outputFormat: finished.format,
    outputSize: options.outputSize,
    keepTransparency: options.keepTransparency,
    keepPalette: options.keepPalette,
    model: RESTYLE_MODEL,
    source: { name: path.basename(sourcePath), sha256: prepared.source.sha256, width: prepared.source.width, height: prepared.source.height },
    answer: answerSize,
    saved,
    createdAt: new Date().toISOString(),
    elapsedMs: generation.elapsedMs,
    ...(generation.requestId ? { requestId: generation.requestId } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(generation.cost !== undefined ? { cost: generation.cost } : {}),
    ...(generation.remainingCredits !== undefined ? { creditsAfter: generation.remainingCredits } : {}),
  };
}

/** The bytes with the record inside (PNG iTXt + parameters, JPEG XMP), as parts; without it if the record will not go in. */
export function withMetadata(bytes: Uint8Array, format: VariantFormat, record: VariantRecord, log?: (line: string) => void): Uint8Array[] {
  try {
    return format === 'png' ? pngMetadataParts(bytes, record) : jpegMetadataParts(bytes, record);
  } catch (error) {
    log?.(`The parameters could not be written into the variant (${error instanceof Error ? error.message : String(error)}); it is saved without them.`);
    return [bytes];
  }
}
