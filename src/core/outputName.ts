/** Where a variant is saved: beside its source, under a name that is never already taken. */
import * as path from 'node:path';
import type { ImageFormat } from './imageInfo';

export const DEFAULT_OUTPUT_NAME = '${name}-restyled';
const EXTENSIONS: Record<ImageFormat | 'gif', string> = { jpeg: '.jpg', png: '.png', webp: '.webp', gif: '.gif' };

export type PatternCheck = { ok: true } | { ok: false; problem: string };

/** A pattern must give a plain file name: no folders, no reserved characters, not empty. */
export function checkOutputNamePattern(pattern: string): PatternCheck {
  if (!pattern.trim()) return { ok: false, problem: 'restyle.outputName is empty.' };
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(pattern.replaceAll('${name}', ''))) {
    return { ok: false, problem: 'restyle.outputName may not contain folders or any of \\ / : * ? " < > |.' };
  }
  return { ok: true };
}

/** The base name (without extension) for a source, e.g. `knight-restyled` for `knight.png`. */
export function variantBaseName(sourcePath: string, pattern = DEFAULT_OUTPUT_NAME): string {
  const name = path.basename(sourcePath, path.extname(sourcePath));
  return pattern.replaceAll('${name}', name).trim();
}

/**
 * The candidate paths for a variant, in order: `NAME-restyled.EXT`, `NAME-restyled-2.EXT`, `-3`…
 * The caller creates them exclusively and moves on when one is taken.
 */
export function* variantPathCandidates(sourcePath: string, format: ImageFormat | 'gif', pattern = DEFAULT_OUTPUT_NAME): Generator<string> {
  const dir = path.dirname(sourcePath);
  const base = variantBaseName(sourcePath, pattern);
  const ext = EXTENSIONS[format];
  yield path.join(dir, base + ext);
  for (let n = 2; ; n++) yield path.join(dir, `${base}-${n}${ext}`);
}
