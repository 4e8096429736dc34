/**
 * Moves a file to the trash the freedesktop.org way (Linux desktops' Trash: files/ and info/ under
 * $XDG_DATA_HOME/Trash), for when VS Code's own trash is not available (a remote or web workbench).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function trashFolder(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'Trash');
}

/** Moves `filePath` into the trash and returns where it went; the info file records where it came from. */
export async function moveToFreedesktopTrash(filePath: string, trash = trashFolder()): Promise<string> {
  const files = path.join(trash, 'files');
  const info = path.join(trash, 'info');
  await fs.mkdir(files, { recursive: true, mode: 0o700 });
  await fs.mkdir(info, { recursive: true, mode: 0o700 });
  const ext = path.extname(filePath);
  const base = path.basename(filePath, ext);
  for (let n = 1; n < 10_000; n++) {
    const name = n === 1 ? base + ext : `${base}.${n}${ext}`;
    const infoPath = path.join(info, `${name}.trashinfo`);
    try {
      // The info file is created exclusively first: that reserves the name (the spec's own rule).
      await fs.writeFile(infoPath, `[Trash Info]\nPath=${encodeURI(filePath)}\nDeletionDate=${new Date().toISOString().slice(0, 19)}\n`, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const target = path.join(files, name);
    try {
      await fs.rename(filePath, target);
    } catch (error) {
      await fs.rm(infoPath, { force: true });
      throw error;
    }
    return target;
  }
  throw new Error('The trash has no free name for this file.');
}
