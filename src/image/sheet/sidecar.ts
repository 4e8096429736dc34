/** Which JSON beside a PNG is its sheet's, and that JSON rewritten for the restyled PNG. Pure text work. */

const MAX_JSON_CHARS = 2 * 1024 * 1024;

function parsed(text: string): unknown {
  if (text.length > MAX_JSON_CHARS + 1) return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

function ownField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function basename(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/**
 * The candidate that pairs with the PNG: `NAME.json` first (exact case, then any case), else any JSON
 * whose `meta.image` (its base name, any case) names the PNG. A `NAME.json` that is valid JSON without
 * `frames` (a Tiled map, a config file) is not the sheet's; one that does not parse still is, so that
 * its problem is told rather than the file being taken for a grid.
 */
export function findSidecar<T extends { readonly name: string; readonly text: string }>(pngName: string, candidates: readonly T[]): T | undefined {
  const png = basename(pngName);
  const own = png.replace(/\.png$/i, '') + '.json';
  const mayBeSheet = (c: T) => {
    const doc = parsed(c.text);
    return doc === undefined || ownField(doc, 'frames') !== undefined;
  };
  const named = candidates.find((c) => basename(c.name) === own && mayBeSheet(c)) ?? candidates.find((c) => basename(c.name).toLowerCase() === own.toLowerCase() && mayBeSheet(c));
  if (named) return named;
  return candidates.find((c) => {
    const image = ownField(ownField(parsed(c.text), 'meta'), 'image');
    return typeof image === 'string' && basename(image).toLowerCase() === png.toLowerCase();
  });
}

/** [start, end) of every top-level value in a JSON object's text, by its (decoded) key; the last of a repeated key wins, as in JSON.parse. */
function memberSpans(text: string, open: number): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  let i = open + 1;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    if (text[i] === '"') return skipString();
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      do {
        if (text[i] === '"') {
          skipString();
          continue;
        }
        if (text[i] === '{' || text[i] === '[') depth++;
        else if (text[i] === '}' || text[i] === ']') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      return;
    }
    while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return spans;
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipSpace();
    i++; // the colon
    skipSpace();
    const start = i;
    skipValue();
    spans.set(key, [start, i]);
    skipSpace();
    if (text[i] !== ',') return spans;
    i++;
  }
}

/**
 * The same document with `meta.image` naming the new PNG. When the file has a `meta.image` string, only
 * that string changes and every other byte stays (frame order, tabs, one-line frames); otherwise the
 * document is written again with `meta.image` added, in the indentation the file used. Throws when the
 * text is not a JSON object (the caller has parsed it as a sheet already).
 */
export function rewriteSheetJson(text: string, newImageName: string): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const doc: unknown = JSON.parse(body);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('A sheet JSON is an object.');
  const open = body.indexOf('{');
  const meta = memberSpans(body, open).get('meta');
  if (meta && body[meta[0]] === '{') {
    const image = memberSpans(body, meta[0]).get('image');
    if (image && body[image[0]] === '"') return bom + body.slice(0, image[0]) + JSON.stringify(newImageName) + body.slice(image[1]);
  }
  const plain = doc as Record<string, unknown>;
  const oldMeta = ownField(plain, 'meta');
  const rewritten = { ...plain, meta: { ...(typeof oldMeta === 'object' && oldMeta !== null && !Array.isArray(oldMeta) ? oldMeta : {}), image: newImageName } };
  const indent = /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(body)?.[1] ?? '';
  return bom + JSON.stringify(rewritten, null, indent.includes('\t') ? '\t' : indent.length) + (/\n$/.test(body) ? '\n' : '');
}
