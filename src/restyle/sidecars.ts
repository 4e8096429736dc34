/** Finds the sheet JSON beside a PNG: `NAME.json`, or any JSON in the folder whose `meta.image` names the PNG. Sizes capped. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findSidecar } from '../image/sheet/sidecar';
import type { SetMember } from '../image/set/setTypes';

/** A sidecar larger than this is not read whole: its first bytes are enough for the parser to refuse it. */
const MAX_SIDECAR_BYTES = 2 * 1024 * 1024;
/** JSON files of a folder looked at for a `meta.image` that names the PNG. */
const MAX_CANDIDATES = 40;

async function readCapped(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(MAX_SIDECAR_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export async function sidecarOf(pngPath: string): Promise<SetMember['sidecar']> {
  const folder = path.dirname(pngPath);
  const png = path.basename(pngPath);
  const own = png.replace(/\.png$/i, '.json');
  const names = (await fs.readdir(folder).catch(() => [] as string[])).filter((n) => /\.json$/i.test(n));
  const ordered = [...names.filter((n) => n === own), ...names.filter((n) => n !== own && !/-restyled/.test(n))].slice(0, MAX_CANDIDATES);
  const candidates: { name: string; text: string }[] = [];
  for (const name of ordered) {
    const text = await readCapped(path.join(folder, name));
    if (text !== undefined) candidates.push({ name, text });
  }
  return findSidecar(png, candidates);
}
