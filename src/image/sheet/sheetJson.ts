/**
 * Reads a sprite sheet's JSON (Aseprite, frames as a hash or an array; TexturePacker's JSON hash and
 * array, rotated frames included) into frames checked against the decoded image. The JSON comes from
 * anyone's repository: every field is checked, and a bad one gives a sentence naming the file, never a throw.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface SheetFrame {
  readonly name: string;
  /** The frame's rectangle in the sheet, as the JSON gives it (a rotated frame occupies h × w there). */
  readonly frame: Rect;
  readonly rotated: boolean;
  readonly trimmed: boolean;
  /** Where the stored (trimmed) pixels sit in the untrimmed frame. */
  readonly spriteSourceSize: Rect;
  readonly sourceSize: { readonly w: number; readonly h: number };
  readonly duration?: number;
  /** The first tag whose range holds this frame. */
  readonly tag?: string;
}

export interface Sheet {
  readonly kind: 'aseprite' | 'texturepacker';
  readonly imageName?: string;
  readonly frames: readonly SheetFrame[];
  readonly tags: readonly { readonly name: string; readonly from: number; readonly to: number }[];
}

export type SheetParse = { readonly ok: true; readonly sheet: Sheet } | { readonly ok: false; readonly problem: string };

export const MAX_SHEET_JSON_CHARS = 2 * 1024 * 1024;
export const MAX_SHEET_FRAMES = 4096;
const MAX_NAME = 200;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Plain, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function int(value: unknown, min: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : undefined;
}

function rect(value: unknown, minSize: number): Rect | undefined {
  if (!isPlain(value)) return undefined;
  const x = int(own(value, 'x'), 0), y = int(own(value, 'y'), 0), w = int(own(value, 'w'), minSize), h = int(own(value, 'h'), minSize);
  return x === undefined || y === undefined || w === undefined || h === undefined ? undefined : { x, y, w, h };
}

class SheetFault extends Error {}

function frameOf(name: string, raw: unknown, image: { width: number; height: number }, jsonName: string): SheetFrame {
  const fail = (what: string) => new SheetFault(`${jsonName}: frame "${name.slice(0, 60)}" ${what}.`);
  if (!isPlain(raw)) throw fail('is not an object');
  const frame = rect(own(raw, 'frame'), 1);
  if (!frame) throw fail('has no valid frame rectangle (x, y ≥ 0 and w, h ≥ 1, whole numbers)');
  const rotated = own(raw, 'rotated') === true;
  const trimmed = own(raw, 'trimmed') === true;
  const [sw, sh] = rotated ? [frame.h, frame.w] : [frame.w, frame.h];
  if (frame.x + sw > image.width || frame.y + sh > image.height) throw fail(`lies outside the ${image.width} × ${image.height} image`);
  const sss = own(raw, 'spriteSourceSize') === undefined ? { x: 0, y: 0, w: frame.w, h: frame.h } : rect(own(raw, 'spriteSourceSize'), 1);
  const rawSize = own(raw, 'sourceSize');
  const sourceSize = rawSize === undefined ? { w: frame.w, h: frame.h } : isPlain(rawSize) ? { w: int(own(rawSize, 'w'), 1), h: int(own(rawSize, 'h'), 1) } : undefined;
  if (!sss || !sourceSize?.w || !sourceSize.h) throw fail('has an invalid spriteSourceSize or sourceSize');
  if (sss.w !== frame.w || sss.h !== frame.h || sss.x + sss.w > sourceSize.w || sss.y + sss.h > sourceSize.h) throw fail('has a spriteSourceSize that does not fit its frame or its sourceSize');
  const duration = int(own(raw, 'duration'), 0);
  return { name, frame, rotated, trimmed, spriteSourceSize: sss, sourceSize: { w: sourceSize.w, h: sourceSize.h }, ...(duration !== undefined ? { duration } : {}) };
}

function occupied(f: SheetFrame): Rect {
  return f.rotated ? { x: f.frame.x, y: f.frame.y, w: f.frame.h, h: f.frame.w } : f.frame;
}

/** Partial overlaps are refused; identical rectangles are one cell shown by several frames (Aseprite merges duplicates). */
function checkOverlaps(frames: readonly SheetFrame[], jsonName: string): void {
  const rects = frames.map((f) => ({ r: occupied(f), name: f.name })).sort((a, b) => a.r.x - b.r.x);
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i].r;
    for (let j = i + 1; j < rects.length && rects[j].r.x < a.x + a.w; j++) {
      const b = rects[j].r;
      const same = a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
      if (!same && b.y < a.y + a.h && a.y < b.y + b.h) throw new SheetFault(`${jsonName}: frames "${rects[i].name.slice(0, 60)}" and "${rects[j].name.slice(0, 60)}" overlap.`);
    }
  }
}

export function parseSheetJson(text: string, image: { width: number; height: number }, jsonName: string): SheetParse {
  if (text.length > MAX_SHEET_JSON_CHARS) return { ok: false, problem: `${jsonName} is over 2 MiB: too large for a sheet's JSON.` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${jsonName} is not valid JSON.` };
  }
  try {
    if (!isPlain(doc)) throw new SheetFault(`${jsonName} is not a sprite sheet's JSON (no frames object).`);
    const rawFrames = own(doc, 'frames');
    const entries: [string, unknown][] = Array.isArray(rawFrames)
      ? rawFrames.map((f, i) => [isPlain(f) && typeof own(f, 'filename') === 'string' ? String(own(f, 'filename')).slice(0, MAX_NAME) : `frame ${i}`, f])
      : isPlain(rawFrames) ? Object.keys(rawFrames).map((k) => [k.slice(0, MAX_NAME), own(rawFrames, k)]) : [];
    if (!entries.length) throw new SheetFault(`${jsonName} names no frames.`);
    if (entries.length > MAX_SHEET_FRAMES) throw new SheetFault(`${jsonName} names ${entries.length} frames; Restyle reads at most ${MAX_SHEET_FRAMES}.`);
    const meta = isPlain(own(doc, 'meta')) ? (own(doc, 'meta') as Plain) : {};
    const frames = entries.map(([name, raw]) => frameOf(name, raw, image, jsonName));
    checkOverlaps(frames, jsonName);
    const tags: { name: string; from: number; to: number }[] = [];
    const rawTags = own(meta, 'frameTags');
    for (const t of Array.isArray(rawTags) ? rawTags : []) {
      if (!isPlain(t)) continue;
      const name = own(t, 'name'), from = int(own(t, 'from'), 0), to = int(own(t, 'to'), 0);
      if (typeof name !== 'string' || from === undefined || to === undefined || from > to || to >= frames.length) throw new SheetFault(`${jsonName}: the tag "${String(name).slice(0, 60)}" names frames that are not there.`);
      tags.push({ name: name.slice(0, MAX_NAME), from, to });
    }
    const tagged = frames.map((f, i) => {
      const tag = tags.find((t) => i >= t.from && i <= t.to);
      return tag ? { ...f, tag: tag.name } : f;
    });
    const app = own(meta, 'app');
    const image_ = own(meta, 'image');
    const kind = typeof app === 'string' && /texturepacker/i.test(app) ? 'texturepacker' : 'aseprite';
    return { ok: true, sheet: { kind, frames: tagged, tags, ...(typeof image_ === 'string' ? { imageName: image_.slice(0, MAX_NAME) } : {}) } };
  } catch (error) {
    if (error instanceof SheetFault) return { ok: false, problem: error.message };
    throw error;
  }
}

/** e.g. `8 frames of 32 × 32 (Aseprite JSON; tags walk, idle)`. */
export function describeSheet(sheet: Sheet): string {
  const first = sheet.frames[0].sourceSize;
  const same = sheet.frames.every((f) => f.sourceSize.w === first.w && f.sourceSize.h === first.h);
  const n = sheet.frames.length;
  const size = same ? `${n} frame${n === 1 ? '' : 's'} of ${first.w} × ${first.h}` : `${n} frames of mixed sizes`;
  const source = sheet.kind === 'aseprite' ? 'Aseprite JSON' : 'TexturePacker JSON';
  const tags = sheet.tags.length ? `; tag${sheet.tags.length === 1 ? '' : 's'} ${sheet.tags.map((t) => t.name).join(', ')}` : '';
  return `${size} (${source}${tags})`;
}
