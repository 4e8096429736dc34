/** Reads the Restyle record from a PNG or JPEG (recognised by its bytes, not its name), from bytes or from the head of a file. */
import * as fs from 'node:fs';
import { sniffImageFormat } from './imageInfo';
import { readJpegMetadata } from './jpegMetadata';
import { readPngMetadata } from './pngMetadata';
import type { VariantRecord } from './variantMetadata';

/** Restyle writes its record near the start of the file, so only this much is read. */
export const METADATA_HEAD_BYTES = 256 * 1024;

/** The record in a PNG or JPEG (the whole file or its head), or undefined for other files and files without one. Never throws. */
export function readVariantMetadata(bytes: Uint8Array): VariantRecord | undefined {
  const format = sniffImageFormat(bytes);
  return format === 'png' ? readPngMetadata(bytes) : format === 'jpeg' ? readJpegMetadata(bytes) : undefined;
}

/** Read-only; non-blocking, so a FIFO named like an image (a symlink in a repository) cannot hang the reader. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function open(file: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, OPEN_FLAGS, (error, fd) => (error ? reject(error) : resolve(fd))));
}

function read(fd: number, into: Uint8Array, at: number): Promise<number> {
  return new Promise((resolve, reject) => fs.read(fd, into, at, into.length - at, at, (error, n) => (error ? reject(error) : resolve(n))));
}

function close(fd: number): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => resolve()));
}

/**
 * The record in the file at `file`, reading at most its first 256 KB (usually in one read). Undefined when
 * it carries none; rejects only when the file cannot be opened or read (missing, a folder, no permission).
 * Uses the callback API: a FileHandle costs more per file, which shows when a folder of variants is scanned.
 */
export async function readVariantMetadataFromFile(file: string): Promise<VariantRecord | undefined> {
  const fd = await open(file);
  try {
    const head = Buffer.allocUnsafe(METADATA_HEAD_BYTES);
    let length = 0;
    for (;;) {
      const n = await read(fd, head, length);
      length += n;
      const record = readVariantMetadata(head.subarray(0, length));
      if (record || n === 0 || length >= head.length) return record;
    }
  } finally {
    await close(fd);
  }
}
