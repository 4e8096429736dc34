/** Preparing a panel's source once it opens: decoded and checked in the worker, read as a set member, and its own parameters when it is a variant. */
import type { LogOutputChannel } from 'vscode';
import { readVariantMetadataFromFile } from '../core/readVariantMetadata';
import { prepareSourceFile, type ImagePipeline } from '../core/restyleSequence';
import type { PrepareOptions } from '../image/prepare';
import { readSettings } from '../settings';
import { describeError } from '../ui/showError';
import { readMember, type MemberOptions, type SetPipeline } from './sendPlate';
import type { SessionSource } from './sessionSource';
import { sidecarOf } from './sidecars';

/** Decodes and prepares the source (a bad file gets its `problem`), then reads it as a sheet, an animation or one picture. */
export async function prepareSessionSource(source: SessionSource, images: ImagePipeline & SetPipeline, log: LogOutputChannel, options?: PrepareOptions): Promise<void> {
  try {
    const prepared = await prepareSourceFile(source.uri.fsPath, images, options);
    source.prepared = prepared;
    source.facts = prepared.prepared.source;
    source.width = source.facts.width;
    source.height = source.facts.height;
    const { route, request } = prepared.prepared;
    log.info(`Prepared ${source.name}: ${route.kind}, sent as ${request.width}×${request.height} ${request.format}${request.original ? ' (the file itself)' : ''}`);
    if (!/\.(png|webp)$/i.test(source.name)) return;
    source.set = await images.inspectMember(await readMember(source, sidecarOf, memberOptions(options)));
    if (source.set.description || source.set.problem) log.info(`${source.name}: ${source.set.description ?? source.set.problem}`);
  } catch (error) {
    source.problem = describeError(error);
    log.warn(`${source.name}: ${source.problem}`);
  }
}

/** How a source is read as a set member: as the settings say of sheets, with the same Seamless choice as its preparation. */
export function memberOptions(options?: PrepareOptions): MemberOptions {
  return { sheetsOff: readSettings().sheets === 'off', ...(options?.seamless ? { seamless: options.seamless } : {}) };
}

/** A variant opened in Restyle offers Re-run: its parameters come from inside the file. True when found. */
export async function readMadeFrom(source: SessionSource): Promise<boolean> {
  if (source.problem || !/\.(png|jpe?g)$/i.test(source.name)) return false;
  const record = await readVariantMetadataFromFile(source.uri.fsPath).catch(() => undefined);
  if (!record) return false;
  source.madeFrom = record;
  return true;
}
