/**
 * A folder that really refuses new files, for tests: mode 555 for a normal user; for root (who
 * writes through mode bits, as CI does) a small tmpfs mounted over it and remounted read-only.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface LockableFolder {
  readonly path: string;
  /** Makes the folder refuse new files (its files stay readable). */
  lock(): Promise<void>;
  /** Makes it writable again. */
  unlock(): Promise<void>;
  /** Unlocks and removes the mount, if any. */
  dispose(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

export async function lockableFolder(parent: string, name: string): Promise<LockableFolder> {
  const dir = path.join(parent, name);
  await fs.mkdir(dir, { recursive: true });
  const mounted = isRoot();
  if (mounted) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=755', 'tmpfs', dir]);
  const remount = (mode: 'ro' | 'rw'): void => void execFileSync('mount', ['-o', `remount,${mode}`, dir]);
  return {
    path: dir,
    lock: async () => (mounted ? remount('ro') : fs.chmod(dir, 0o555)),
    unlock: async () => (mounted ? remount('rw') : fs.chmod(dir, 0o755)),
    dispose: async () => {
      if (mounted) execFileSync('umount', ['-l', dir]);
      else await fs.chmod(dir, 0o755);
    },
  };
}
