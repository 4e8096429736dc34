/**
 * Saves bytes under the first free candidate name, never overwriting and never leaving a partial
 * file: the bytes go to a hidden temporary file first, which is then linked into place exclusively
 * (link fails when the name exists, even if another generation finished a moment earlier).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const MAX_CANDIDATES = 10_000;

function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

/** Moves `tempPath` to `target` only if `target` does not exist. Returns false when it does. */
async function placeExclusively(tempPath: string, target: string): Promise<boolean> {
  try {
    await fs.link(tempPath, target);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (!isCode(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) throw error;
  }
  // File systems without hard links: an exclusive copy (the temp file is complete, so is the copy once done).
  try {
    await fs.copyFile(tempPath, target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
}

/**
 * Saving failed after the image arrived (a full disk, a folder that turned read-only): the bytes are
 * carried along so the caller can keep them and offer to save them elsewhere.
 */
export class SaveFailedError extends Error {
  constructor(
    message: string,
    readonly bytes: Uint8Array,
    /** The name the variant would have had. */
    readonly fileName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SaveFailedError';
  }
}

/** Writes all of `parts`, one after another, with as few system calls as the OS allows. */
async function writeAll(file: fs.FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  let pending = parts.filter((p) => p.length);
  while (pending.length) {
    const { bytesWritten } = await file.writev(pending);
    let left = bytesWritten;
    while (pending.length && left >= pending[0].length) left -= pending.shift()!.length;
    if (pending.length && left > 0) pending = [pending[0].subarray(left), ...pending.slice(1)];
  }
}

/** The names in a folder (none when it cannot be listed: then the links alone decide). */
async function namesIn(folder: string): Promise<ReadonlySet<string>> {
  return new Set(await fs.readdir(folder).catch(() => []));
}

/**
 * Writes `bytes` (one array, or parts to write one after another: the image and the chunks added to
 * it, never joined in memory) to the first candidate path that is free and returns that path.
 */
export async function saveVariant(bytes: Uint8Array | readonly Uint8Array[], candidates: Iterable<string>): Promise<string> {
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  let tempPath: string | undefined;
  const taken = new Map<string, ReadonlySet<string>>();
  try {
    let tried = 0;
    for (const target of candidates) {
      // Names seen in the folder are skipped without a failed link each (a source with 50 variants
      // beside it would cost 50); a name taken since is still refused by the exclusive link below.
      const folder = path.dirname(target);
      if (!taken.has(folder)) taken.set(folder, await namesIn(folder));
      if (taken.get(folder)!.has(path.basename(target))) {
        if (++tried >= MAX_CANDIDATES) break;
        continue;
      }
      if (!tempPath) {
        tempPath = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
        const file = await fs.open(tempPath, 'wx');
        try {
          await writeAll(file, parts);
        } finally {
          await file.close();
        }
      }
      if (await placeExclusively(tempPath, target)) return target;
      if (++tried >= MAX_CANDIDATES) break;
    }
    throw new Error('Could not find a free file name for the variant.');
  } finally {
    if (tempPath) await fs.unlink(tempPath).catch(() => undefined);
  }
}
