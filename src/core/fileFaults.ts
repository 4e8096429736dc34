/**
 * File-system failures as sentences a user can act on: no errno code, no temporary file name and no
 * absolute path outside the workspace. The raw error goes to the log, never into the message.
 */
import * as path from 'node:path';

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for an error from the file system (it has an errno code such as EACCES). */
export function isFileFault(error: unknown): boolean {
  return /^E[A-Z]+$/.test(errnoCode(error) ?? '');
}

/** Why an operation on a file or folder failed, as the end of a sentence ("… because it is read-only"). */
export function fileFaultReason(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission was denied';
    case 'EROFS':
      return 'it is on a read-only drive';
    case 'ENOENT':
      return 'it is no longer there (moved or deleted)';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENAMETOOLONG':
      return 'the name is too long for this file system';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EBUSY':
      return 'it is in use by another program';
    case 'EIO':
      return 'the drive reported an error';
    default:
      return 'the file system refused';
  }
}

/**
 * How to name a file or folder in a message: relative to the workspace folder that holds it,
 * else just its name (an absolute path outside the workspace is never shown).
 */
export function displayName(filePath: string, workspaceFolders: readonly string[] = []): string {
  for (const folder of workspaceFolders) {
    const relative = path.relative(folder, filePath);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
    if (!relative) return path.basename(folder);
  }
  return path.basename(filePath) || filePath;
}

/** Replaces absolute paths and temporary names in a message (from a library, say) with what a user may see. */
export function scrubPaths(message: string, workspaceFolders: readonly string[] = []): string {
  return message
    .replace(/(?:[A-Za-z]:)?[\\/][^\s'"`,:;()]*[\\/][^\s'"`,:;()]*/g, (p) => displayName(p, workspaceFolders))
    .replace(/\.[^\s/\\]+\.[0-9a-f]{8,}\.partial/g, 'a temporary file');
}
