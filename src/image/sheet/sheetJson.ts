/**
 * Reads a sprite sheet's JSON (Aseprite, frames as a hash or an array; TexturePacker's JSON hash and
 * array, rotated frames included) into frames checked against the decoded image. The JSON comes from
 * anyone's repository: every field is checked, and a bad one gives a sentence naming the file, never a throw.
 *
 * The decoded image's size is the truth: `meta.size` is not read (exports where it disagrees with the
 * PNG are common and harmless). `meta.slices`, `meta.layers`, `anchor` and the like are left alone.
 * A frames hash keeps the order JSON.parse gives its keys: text order, except that keys that are
 * whole numbers ("0", "12") come first in numeric order, which is also Aseprite's order for them.
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

export interface SheetTag {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

export interface Sheet {
  readonly kind: 'aseprite' | 'texturepacker';
  /** `meta.image`, as written. */
  readonly imageName?: string;
  readonly frames: readonly SheetFrame[];
  readonly tags: readonly SheetTag[];
}

export type SheetParse = { readonly ok: true; readonly sheet: Sheet } | { readonly ok: false; readonly problem: string };

export const MAX_SHEET_JSON_CHARS = 2 * 1024 * 1024;
export const MAX_SHEET_FRAMES = 4096;
/** An untrimmed frame larger than this on a side is no sprite. */
export const MAX_FRAME_SIDE = 8192;
/** All untrimmed frames together (each becomes an RGBA cell): the decoder's own limit for one image. */
export const MAX_SHEET_CELL_PIXELS = 50_000_000;
const MAX_TAGS = 4096;
const MAX_NAME = 200;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a `__proto__` or `constructor` key in the JSON never reaches a prototype. */
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

/** A name from the file, safe to show in a sentence: short, no control characters. */
function quoted(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return `"${clean.length > 60 ? `${clean.slice(0, 59)}…` : clean}"`;
}

class SheetFault extends Error {}

function frameOf(name: string, raw: unknown, image: { width: number; height: number }, jsonName: string): SheetFrame {
  const fail = (what: string) => new SheetFault(`${jsonName}: frame ${quoted(name)} ${what}.`);
  if (!isPlain(raw)) throw fail('is not an object');
  const frame = rect(own(raw, 'frame'), 1);
  if (!frame) throw fail('has no valid frame rectangle (x and y whole numbers from 0, w and h whole numbers from 1)');
  const rotated = own(raw, 'rotated') === true;
  const trimmed = own(raw, 'trimmed') === true;
  const [sw, sh] = rotated ? [frame.h, frame.w] : [frame.w, frame.h];
  if (frame.x + sw > image.width || frame.y + sh > image.height) {
    throw fail(`(${sw} × ${sh} at ${frame.x}, ${frame.y}) lies outside the ${image.width} × ${image.height} image`);
  }
  const rawSss = own(raw, 'spriteSourceSize');
  const sss = rawSss === undefined ? { x: 0, y: 0, w: frame.w, h: frame.h } : rect(rawSss, 1);
  if (!sss) throw fail('has an invalid spriteSourceSize (x and y whole numbers from 0, w and h from 1)');
  const rawSize = own(raw, 'sourceSize');
  const w = rawSize === undefined ? frame.w : isPlain(rawSize) ? int(own(rawSize, 'w'), 1) : undefined;
  const h = rawSize === undefined ? frame.h : isPlain(rawSize) ? int(own(rawSize, 'h'), 1) : undefined;
  if (w === undefined || h === undefined) throw fail('has an invalid sourceSize (w and h whole numbers from 1)');
  if (w > MAX_FRAME_SIDE || h > MAX_FRAME_SIDE) throw fail(`has a sourceSize of ${w} × ${h}, more than ${MAX_FRAME_SIDE} px on a side`);
  if (sss.w !== frame.w || sss.h !== frame.h) throw fail(`has a spriteSourceSize of ${sss.w} × ${sss.h} but a frame of ${frame.w} × ${frame.h}`);
  if (sss.x + sss.w > w || sss.y + sss.h > h) throw fail(`has a spriteSourceSize that reaches outside its ${w} × ${h} sourceSize`);
  const duration = int(own(raw, 'duration'), 0);
  return { name, frame, rotated, trimmed, spriteSourceSize: sss, sourceSize: { w, h }, ...(duration !== undefined ? { duration } : {}) };
}

/** The rectangle a frame's pixels take in the sheet. */
export function occupied(f: SheetFrame): Rect {
  return f.rotated ? { x: f.frame.x, y: f.frame.y, w: f.frame.h, h: f.frame.w } : f.frame;
}

/** Partial overlaps are refused; identical rectangles are one cell shown by several frames (Aseprite stores identical frames once). */
function checkOverlaps(frames: readonly SheetFrame[], jsonName: string): void {
  const rects = frames.map((f) => ({ r: occupied(f), f })).sort((a, b) => a.r.x - b.r.x);
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i].r;
    for (let j = i + 1; j < rects.length && rects[j].r.x < a.x + a.w; j++) {
      const b = rects[j].r;
      const same = a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && rects[i].f.rotated === rects[j].f.rotated;
      if (!same && b.y < a.y + a.h && a.y < b.y + b.h) {
        throw new SheetFault(`${jsonName}: frames ${quoted(rects[i].f.name)} and ${quoted(rects[j].f.name)} overlap in the sheet.`);
      }
    }
  }
}

function frameEntries(rawFrames: unknown): [string, unknown][] | undefined {
  if (Array.isArray(rawFrames)) {
    return rawFrames.map((f, i) => {
      const filename = isPlain(f) ? own(f, 'filename') : undefined;
      return [typeof filename === 'string' ? filename.slice(0, MAX_NAME) : `frame ${i}`, f];
    });
  }
  if (!isPlain(rawFrames)) return undefined;
  return Object.keys(rawFrames)
    .filter((k) => k !== '__proto__')
    .map((k) => [k.slice(0, MAX_NAME), own(rawFrames, k)]);
}

function tagsOf(meta: Plain, frameCount: number, jsonName: string): SheetTag[] {
  const rawTags = own(meta, 'frameTags');
  if (rawTags === undefined) return [];
  if (!Array.isArray(rawTags)) throw new SheetFault(`${jsonName}: meta.frameTags is not a list.`);
  if (rawTags.length > MAX_TAGS) throw new SheetFault(`${jsonName} has ${rawTags.length} frame tags; Restyle reads at most ${MAX_TAGS}.`);
  const tags: SheetTag[] = [];
  for (const [i, t] of rawTags.entries()) {
    if (!isPlain(t)) throw new SheetFault(`${jsonName}: frame tag ${i + 1} is not an object.`);
    const name = own(t, 'name');
    const from = int(own(t, 'from'), 0), to = int(own(t, 'to'), 0);
    const label = typeof name === 'string' ? `the tag ${quoted(name)}` : `frame tag ${i + 1}`;
    if (typeof name !== 'string') throw new SheetFault(`${jsonName}: ${label} has no name.`);
    if (from === undefined || to === undefined || from > to || to >= frameCount) {
      throw new SheetFault(`${jsonName}: ${label} spans frames that are not there (it needs whole numbers from ≤ to < ${frameCount}).`);
    }
    tags.push({ name: name.slice(0, MAX_NAME), from, to });
  }
  return tags;
}

function kindOf(meta: Plain, frames: readonly SheetFrame[], tags: readonly SheetTag[]): Sheet['kind'] {
  const app = own(meta, 'app');
  if (typeof app === 'string' && /aseprite/i.test(app)) return 'aseprite';
  if (typeof app === 'string' && /texturepacker|codeandweb/i.test(app)) return 'texturepacker';
  if (frames.some((f) => f.rotated)) return 'texturepacker';
  return tags.length || frames.some((f) => f.duration !== undefined) ? 'aseprite' : 'texturepacker';
}

export function parseSheetJson(text: string, image: { width: number; height: number }, jsonName: string): SheetParse {
  if (text.length > MAX_SHEET_JSON_CHARS) return { ok: false, problem: `${jsonName} is over 2 MiB: too large for a sprite sheet's JSON.` };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: `${jsonName} is not valid JSON.` };
  }
  try {
    if (!isPlain(doc)) throw new SheetFault(`${jsonName} is not a sprite sheet's JSON (it is not an object with frames).`);
    const entries = frameEntries(own(doc, 'frames'));
    if (!entries) throw new SheetFault(`${jsonName} is not a sprite sheet's JSON (it has no frames object or list).`);
    if (!entries.length) throw new SheetFault(`${jsonName} names no frames.`);
    if (entries.length > MAX_SHEET_FRAMES) throw new SheetFault(`${jsonName} names ${entries.length} frames; Restyle reads at most ${MAX_SHEET_FRAMES}.`);
    const rawMeta = own(doc, 'meta');
    const meta = isPlain(rawMeta) ? rawMeta : {};
    const frames = entries.map(([name, raw]) => frameOf(name, raw, image, jsonName));
    const cellPixels = frames.reduce((sum, f) => sum + f.sourceSize.w * f.sourceSize.h, 0);
    if (cellPixels > MAX_SHEET_CELL_PIXELS) throw new SheetFault(`${jsonName}: its frames' sourceSizes add up to ${cellPixels} pixels, more than ${MAX_SHEET_CELL_PIXELS}.`);
    checkOverlaps(frames, jsonName);
    const tags = tagsOf(meta, frames.length, jsonName);
    const tagged = frames.map((f, i) => {
      const tag = tags.find((t) => i >= t.from && i <= t.to);
      return tag ? { ...f, tag: tag.name } : f;
    });
    const imageName = own(meta, 'image');
    return {
      ok: true,
      sheet: { kind: kindOf(meta, frames, tags), frames: tagged, tags, ...(typeof imageName === 'string' ? { imageName: imageName.slice(0, 1024) } : {}) },
    };
  } catch (error) {
    if (error instanceof SheetFault) return { ok: false, problem: error.message };
    return { ok: false, problem: `${jsonName} could not be read as a sprite sheet's JSON.` };
  }
}

/** e.g. `8 frames of 32 × 32 (Aseprite JSON; tags walk, idle)`; many tags are counted, the first few named. */
export function describeSheet(sheet: Sheet): string {
  const n = sheet.frames.length;
  const first = sheet.frames[0]?.sourceSize;
  const same = !!first && sheet.frames.every((f) => f.sourceSize.w === first.w && f.sourceSize.h === first.h);
  const size = same ? `${n} frame${n === 1 ? '' : 's'} of ${first.w} × ${first.h}` : `${n} frames of mixed sizes`;
  const source = sheet.kind === 'aseprite' ? 'Aseprite JSON' : 'TexturePacker JSON';
  const names = [...new Set(sheet.tags.map((t) => t.name))];
  const tags = !names.length ? '' : names.length === 1 ? `; tag ${names[0]}` : names.length <= 6 ? `; tags ${names.join(', ')}` : `; ${names.length} tags: ${names.slice(0, 5).join(', ')}, …`;
  return `${size} (${source}${tags})`;
}
