/** Checks a source file before any work: there, not empty, not absurdly large, an image by its bytes. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../shared/formatBytes';
import { errnoCode, fileFaultReason } from './fileFaults';
import { readImageInfo, type ImageInfo } from './imageInfo';

/** Files larger than this are not read at all (a 50 MP PNG is well under it). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Reads enough of the start of a file to recognise it and find its size in pixels. */
export const HEADER_BYTES = 256 * 1024;

/** A file that cannot be restyled (missing, empty, not an image, damaged, too large): no request was made. */
export class SourceImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceImageError';
  }
}

export type SourceCheck = { ok: true; info: ImageInfo } | { ok: false; problem: string };

/** Checks a source from its first bytes (`head`) and its size on disk, without reading all of it. */
export function checkSourceImage(fileName: string, head: Uint8Array, fileSize: number): SourceCheck {
  if (fileSize === 0) return { ok: false, problem: `${fileName} is empty.` };
  const info = readImageInfo(head);
  if (!info) {
    return { ok: false, problem: `${fileName} is not a PNG, JPEG, WebP or GIF image (its contents say otherwise, whatever its name).` };
  }
  if (fileSize > MAX_FILE_BYTES) {
    return { ok: false, problem: `${fileName} is too large to restyle (${formatBytes(fileSize)}; at most ${formatBytes(MAX_FILE_BYTES)}).` };
  }
  if (info.width === 0 || info.height === 0) return { ok: false, problem: `${fileName} says it is ${info.width} × ${info.height} px: it is damaged.` };
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

/** What says a file is unchanged since it was prepared: its size and modification time. */
export function fileStamp(stat: { size: number; mtimeMs: number }): string {
  return `${stat.size}:${stat.mtimeMs}`;
}

/** Reads a whole source after checking it; throws SourceImageError naming the file. */
export async function checkSourceFile(filePath: string): Promise<{ bytes: Uint8Array; stamp: string }> {
  const name = path.basename(filePath);
  let bytes: Buffer;
  let stamp: string;
  try {
    const stat = await fs.stat(filePath);
    if (stat.size > MAX_FILE_BYTES) throw new SourceImageError(`${name} is too large to restyle (${formatBytes(stat.size)}; at most ${formatBytes(MAX_FILE_BYTES)}).`);
    stamp = fileStamp(stat);
    // A fresh ArrayBuffer of its own (not the shared pool), so it can be moved to the image worker.
    const buffer = new Uint8Array(stat.size);
    const file = await fs.open(filePath, 'r');
    try {
      const { bytesRead } = await file.read(buffer, 0, stat.size, 0);
      bytes = Buffer.from(buffer.buffer, 0, bytesRead);
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof SourceImageError) throw error;
    const why = errnoCode(error) === 'ENOENT' ? 'is no longer there (moved or deleted)' : `cannot be read: ${fileFaultReason(error)}`;
    throw new SourceImageError(`${name} ${why}. Nothing was sent.`, { cause: error });
  }
  const check = checkSourceImage(name, bytes, bytes.length);
  if (!check.ok) throw new SourceImageError(check.problem);
  return { bytes: new Uint8Array(bytes.buffer, 0, bytes.length), stamp };
}
