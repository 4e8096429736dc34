/** Which JSON beside a PNG is its sheet's, and that JSON rewritten for the restyled PNG. Pure text work. */

function metaImage(text: string): string | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc !== 'object' || doc === null) return undefined;
    const meta = Object.prototype.hasOwnProperty.call(doc, 'meta') ? (doc as Record<string, unknown>).meta : undefined;
    const image = typeof meta === 'object' && meta !== null && Object.prototype.hasOwnProperty.call(meta, 'image') ? (meta as Record<string, unknown>).image : undefined;
    return typeof image === 'string' ? image : undefined;
  } catch {
    return undefined;
  }
}

function basename(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** `NAME.json` first, else any JSON whose `meta.image` (its base name, any case) names the PNG. */
export function findSidecar<T extends { readonly name: string; readonly text: string }>(pngName: string, candidates: readonly T[]): T | undefined {
  const own = pngName.replace(/\.png$/i, '.json').toLowerCase();
  const named = candidates.find((c) => c.name.toLowerCase() === own);
  if (named) return named;
  return candidates.find((c) => basename(metaImage(c.text) ?? '').toLowerCase() === pngName.toLowerCase());
}

/** The same document with `meta.image` naming the new PNG; the rest as it was, in the file's own indentation. */
export function rewriteSheetJson(text: string, newImageName: string): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const meta = typeof doc.meta === 'object' && doc.meta !== null ? (doc.meta as Record<string, unknown>) : {};
  const rewritten = { ...doc, meta: { ...meta, image: newImageName } };
  const indent = /^\{\s*\n(\s+)"/.exec(text)?.[1] ?? '';
  return JSON.stringify(rewritten, null, indent.includes('\t') ? '\t' : indent.length) + (text.endsWith('\n') ? '\n' : '');
}
