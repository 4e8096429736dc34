/** Checks a source file before any request is made, so a bad file never costs a call. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../shared/formatBytes';
import { readImageInfo, type ImageInfo } from './imageInfo';

/** Stability's SD3 API, behind Segmind, refuses request bodies over 10 MiB and sides under 64 px. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
export const MIN_SIDE_PX = 64;
/** Room left in the request for the JSON around the base64 image and the prompt. */
const JSON_OVERHEAD_BYTES = 16 * 1024;

/** The largest file whose base64 still fits in one request. */
export const MAX_SOURCE_BYTES = Math.floor(((MAX_REQUEST_BYTES - JSON_OVERHEAD_BYTES) / 4) * 3);

export type SourceCheck = { ok: true; info: ImageInfo } | { ok: false; problem: string };

/** Reads enough of the start of a file to recognise it and find its size in pixels. */
export const HEADER_BYTES = 256 * 1024;

/**
 * Checks a source from its first bytes (`head`, all of them or at least HEADER_BYTES) and its size
 * on disk, so the panel can check a file without reading all of it.
 */
export function checkSourceImage(fileName: string, head: Uint8Array, fileSize: number): SourceCheck {
  if (fileSize === 0) return { ok: false, problem: `${fileName} is empty.` };
  const info = readImageInfo(head);
  if (!info) {
    return { ok: false, problem: `${fileName} is not a PNG, JPEG or WebP image (its contents say otherwise, whatever its name).` };
  }
  if (fileSize > MAX_SOURCE_BYTES) {
    return {
      ok: false,
      problem: `${fileName} is too large (${formatBytes(fileSize)}): the API accepts images up to ${formatBytes(MAX_SOURCE_BYTES)}. Save a smaller copy and restyle that.`,
    };
  }
  if (info.width !== undefined && info.height !== undefined && (info.width < MIN_SIDE_PX || info.height < MIN_SIDE_PX)) {
    return {
      ok: false,
      problem: `${fileName} is ${info.width}×${info.height} px: the API needs at least ${MIN_SIDE_PX} px on each side. Scale it up first (nearest-neighbour keeps pixel art crisp).`,
    };
  }
  return { ok: true, info };
}

/** Checks a file on disk from its first HEADER_BYTES bytes. */
export async function inspectSourceFile(filePath: string): Promise<SourceCheck & { fileSize: number }> {
  const file = await fs.open(filePath, 'r');
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, HEADER_BYTES));
    await file.read(head, 0, head.length, 0);
    return { ...checkSourceImage(path.basename(filePath), head, size), fileSize: size };
  } finally {
    await file.close();
  }
}
