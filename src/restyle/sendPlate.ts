/**
 * Sends one plate of a set and, once every plate of the set has answered, cuts the answers back into
 * each member's file and saves it beside its source (a sheet with its JSON). A plate's paid answer is
 * held until the set is complete; if the set cannot be finished, the answers are kept, never lost.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readImageInfo } from '../core/imageInfo';
import { variantPathCandidates } from '../core/outputName';
import { checkFolderWritable, variantRecord, withMetadata, type Generation, type RestyledFile } from '../core/restyleSequence';
import { SaveFailedError, saveVariant } from '../core/saveVariant';
import { setRoute, type PlannedSet } from '../core/setPlan';
import { fileFaultReason } from '../core/fileFaults';
import { checkSourceFile } from '../core/sourceImage';
import type { PlateImage } from '../image/set/setJobs';
import type { FinishSetOptions, SetMember, SetOutput, SetPlates, SetSummary } from '../image/set/setTypes';
import { rewriteSheetJson } from '../image/sheet/sidecar';
import type { GenerationParams } from '../core/params';
import type { RestyleOptions } from '../core/restyleSequence';
import type { SessionSource } from './sessionSource';

/** The worker's set jobs. */
export interface SetPipeline {
  inspectMember(member: SetMember): Promise<SetSummary>;
  composePlate(members: readonly SetMember[], plates: SetPlates, plate: number): Promise<PlateImage>;
  finishSet(members: readonly SetMember[], plates: SetPlates, answers: readonly Uint8Array[], options: FinishSetOptions): Promise<SetOutput[]>;
}

export interface PlateRunContext {
  readonly params: GenerationParams;
  readonly options: RestyleOptions;
  readonly sets: SetPipeline;
  readonly generate: (image: Uint8Array, params: GenerationParams, signal?: AbortSignal, base64?: Uint8Array) => Promise<Generation>;
  /** A source's set member (its bytes and sidecar), read once per run. */
  readonly member: (source: SessionSource) => Promise<SetMember>;
  /** The answers that arrived, per set, until the set is complete. */
  readonly answers: Map<number, { image: Uint8Array; generation: Generation }[]>;
}

export async function sendPlate(set: PlannedSet, setIndex: number, plate: number, sources: readonly SessionSource[], context: PlateRunContext, signal: AbortSignal): Promise<RestyledFile[]> {
  const mine = set.sources.map((id) => sources[id]);
  await Promise.all([...new Set(mine.map((s) => s.uri.fsPath))].map((file) => checkFolderWritable(file)));
  const members = await Promise.all(mine.map((s) => context.member(s)));
  const image = await context.sets.composePlate(members, set.plates, plate);
  signal.throwIfAborted();
  // PNG plates keep pixel art crisp; the answer's format follows the request's, as for a single sprite.
  const generation = await context.generate(image.bytes, { ...context.params, format: 'png' }, signal, image.base64);
  const answers = context.answers.get(setIndex) ?? [];
  answers[plate] = { image: generation.image, generation };
  context.answers.set(setIndex, answers);
  if (set.plates.layouts.some((_, i) => !answers[i])) return []; // the set's other plates are still on their way
  const outputs = await context.sets.finishSet(members, set.plates, answers.map((a) => a.image), { keepTransparency: context.options.keepTransparency, keepPalette: context.options.keepPalette });
  context.answers.delete(setIndex); // from here on each file's bytes travel with its own save (a failed save keeps them)
  const saved: RestyledFile[] = [];
  for (const output of outputs) saved.push(await saveOutput(set, mine[output.member], members[output.member], output, generation, context));
  return saved;
}

async function saveOutput(set: PlannedSet, source: SessionSource, member: SetMember, output: SetOutput, generation: Generation, context: PlateRunContext): Promise<RestyledFile> {
  const sourcePath = source.uri.fsPath;
  const answer = readImageInfo(generation.image);
  const answerSize = { width: answer?.width ?? 0, height: answer?.height ?? 0 };
  const layoutIndex = set.plates.layouts.findIndex((l) => l.placements.some((p) => set.plates.refs[p.cell].member === output.member));
  const layout = set.plates.layouts[Math.max(0, layoutIndex)];
  const first = layout.placements.find((p) => set.plates.refs[p.cell].member === output.member) ?? layout.placements[0];
  const carried = layout.placements.filter((p) => set.plates.refs[p.cell].member === output.member).length;
  const savedFormat = output.format === 'jpeg' ? 'jpeg' : 'png';
  const record = {
    ...variantRecord(sourcePath, context.params, context.options, { source: { sha256: createHash('sha256').update(member.bytes).digest('hex'), width: output.width, height: output.height } }, generation, answerSize, { width: output.width, height: output.height, format: savedFormat }),
    plate: { calls: set.plates.layouts.length, plate: Math.max(0, layoutIndex) + 1, cells: layout.placements.length, carried, x: first.x, y: first.y, width: first.width, height: first.height },
  };
  const parts = output.format === 'png' || output.format === 'jpeg' ? withMetadata(output.bytes, output.format, record) : [output.bytes];
  const candidates = pairedCandidates(sourcePath, output.format, context.options.outputNamePattern, !!output.sheetJson);
  let savedPath: string;
  try {
    savedPath = await saveVariant(parts, candidates);
  } catch (error) {
    const wanted = path.basename(variantPathCandidates(sourcePath, output.format, context.options.outputNamePattern).next().value ?? '');
    throw new SaveFailedError(`${wanted} could not be saved in the folder ${path.basename(path.dirname(sourcePath))}: ${fileFaultReason(error)}. The image is kept: use Save As… to put it elsewhere.`, output.bytes, wanted, { cause: error });
  }
  if (output.sheetJson) await writeSheetJson(savedPath, output.sheetJson);
  const variant = { width: output.width, height: output.height, format: savedFormat, transparencyKept: output.transparencyKept, paletteKept: output.paletteKept, asGenerated: false, bytes: parts.reduce((n, p) => n + p.length, 0) } as const;
  return { sourcePath, savedPath, stamp: '', generation, variant, record, route: setRoute(set, { width: output.width, height: output.height, format: output.format }, output.member) };
}

/** PNG names whose `.json` twin is free too, so a sheet and its JSON always share their name. */
function* pairedCandidates(sourcePath: string, format: SetOutput['format'], pattern: string, withJson: boolean): Generator<string> {
  for (const candidate of variantPathCandidates(sourcePath, format, pattern)) {
    if (!withJson) yield candidate;
    else if (!existsSync(jsonTwin(candidate))) yield candidate;
  }
}

function jsonTwin(png: string): string {
  return png.replace(/\.[^.]+$/, '.json');
}

/** The sheet's JSON beside the new PNG, `meta.image` naming it; written exclusively (never over a file). */
async function writeSheetJson(savedPng: string, sourceJson: string): Promise<void> {
  await fs.writeFile(jsonTwin(savedPng), rewriteSheetJson(sourceJson, path.basename(savedPng)), { flag: 'wx' });
}

export interface MemberOptions {
  /** `restyle.sheets: off`: every file is one picture. */
  readonly sheetsOff?: boolean;
  /** Which cells go as seamless tiles (the panel's checkbox, else `restyle.seamless`). */
  readonly seamless?: SetMember['seamless'];
}

/** Reads a source as a set member: its bytes (checked) and, for a PNG, the sheet JSON that pairs with it. */
export async function readMember(source: SessionSource, sidecarOf: (file: string) => Promise<SetMember['sidecar']>, options: MemberOptions = {}): Promise<SetMember> {
  const { bytes } = await checkSourceFile(source.uri.fsPath);
  const sheetsOff = options.sheetsOff === true;
  const sidecar = /\.png$/i.test(source.name) && !sheetsOff ? await sidecarOf(source.uri.fsPath) : undefined;
  const choice = source.sheetChoice;
  const whole = sheetsOff || (choice !== undefined && 'whole' in choice);
  return {
    bytes,
    fileName: source.name,
    ...(sidecar ? { sidecar } : {}),
    ...(whole ? { whole: true } : {}),
    ...(choice && 'grid' in choice ? { grid: choice.grid } : {}),
    ...(options.seamless && options.seamless !== 'off' ? { seamless: options.seamless } : {}),
  };
}
