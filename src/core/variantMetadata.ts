/** How a variant was made, as saved inside it: the record, its A1111-style `parameters` text, and a strict check of records read back. */
import { SD3_TURBO } from '../models/sd3Turbo';
import { MAX_PROMPT_LENGTH } from './params';

export const RESTYLE_MODEL = SD3_TURBO.id;
/** The model's name in the `parameters` text, as people read it. */
export const RESTYLE_MODEL_LABEL = SD3_TURBO.label;

export interface VariantRecord {
  version: 1;
  prompt: string;
  strength: number;
  outputFormat: 'png' | 'jpeg';
  outputSize: 'source' | 'generated';
  keepTransparency: boolean;
  keepPalette: boolean;
  model: typeof RESTYLE_MODEL;
  source: { name: string; sha256: string; width: number; height: number };
  /** What the service answered. */
  answer: { width: number; height: number };
  /** What was written to disk. */
  saved: { width: number; height: number };
  /** ISO 8601, e.g. `2025-01-31T12:00:00.000Z`. */
  createdAt: string;
  /** From sending the request to the answer, in milliseconds. */
  elapsedMs: number;
  requestId?: string;
  /** The service's `x-seed-value`, when it sends one. */
  seed?: number;
  /** The service's `x-cost`, when it sends one. */
  cost?: number;
  creditsAfter?: number;
  /** When the cell travelled on a shared request (a plate): the run's calls, its plate and its place there. */
  plate?: PlateRecord;
}

export interface PlateRecord {
  /** Calls the whole set took. */
  calls: number;
  /** This file's plate (1-based) and how many cells it carried. */
  plate: number;
  cells: number;
  /** This file's cells on that plate (a sheet or an animation has several; a sprite of a set has one). */
  carried: number;
  /** The first of them: its rectangle on the plate, in the plate's pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

const MAX_NAME_LENGTH = 255;
const MAX_REQUEST_ID_LENGTH = 200;
const MAX_SIDE = 1_000_000;
const MAX_ELAPSED_MS = 7 * 24 * 3600 * 1000;
const MAX_AMOUNT = 1e12;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Characters that must not reach a display, a terminal or an XML packet as they are: C0 and C1 controls
 * (tab and line feed are kept where `keepLines`), DEL, bidirectional overrides and isolates (Trojan Source),
 * lone surrogates and the noncharacters U+FFFE/U+FFFF.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_OR_LINES = new RegExp(`[\\t\\n]|${UNSAFE.source}`, 'g');

/** `text` with every unsafe character replaced by U+FFFD; tabs and line feeds too unless `keepLines`. */
export function replaceUnsafeCharacters(text: string, keepLines = false): string {
  return text.replace(keepLines ? UNSAFE : UNSAFE_OR_LINES, '\ufffd');
}

/** A value for the `Key: value` list, quoted the way A1111 does when it holds a comma, colon, quote or line break. */
function quote(value: string): string {
  return /[,:"\n]/.test(value) ? JSON.stringify(value) : value;
}

/**
 * The text other image tools read (AUTOMATIC1111's `parameters`): the prompt, a line break, then
 * `Strength: 0.6, Model: SD3 Turbo img2img, Seed: …, Size: 32x32, …`.
 */
export function parametersText(record: VariantRecord): string {
  const prompt = replaceUnsafeCharacters(record.prompt.replace(/\r\n?/g, '\n'), true).replace(/\t/g, ' ');
  const pairs: [string, string | number | boolean | undefined][] = [
    ['Strength', record.strength],
    ['Model', RESTYLE_MODEL_LABEL],
    ['Seed', record.seed],
    ['Size', `${record.saved.width}x${record.saved.height}`],
    ['Generated size', `${record.answer.width}x${record.answer.height}`],
    ['Source', quote(replaceUnsafeCharacters(record.source.name))],
    ['Source size', `${record.source.width}x${record.source.height}`],
    ['Source hash', record.source.sha256.slice(0, 10)],
    ['Format', record.outputFormat],
    ['Output size', record.outputSize],
    ['Keep transparency', record.keepTransparency],
    ['Keep palette', record.keepPalette],
    ['Request id', record.requestId === undefined ? undefined : quote(replaceUnsafeCharacters(record.requestId))],
    ['Cost', record.cost],
    ['Created', quote(record.createdAt)],
    ['Version', 'Restyle'],
  ];
  return `${prompt}\n${pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')}`;
}

/**
 * The record as plain text lines for a person to read (`Prompt: …`, `Strength: 0.6`, …). Every string is
 * passed through `replaceUnsafeCharacters` again and tabs become spaces; a multi-line prompt is indented.
 */
export function describeRecord(record: VariantRecord): string {
  const safe = (s: string) => replaceUnsafeCharacters(s);
  const px = (s: { width: number; height: number }) => `${s.width} × ${s.height} px`;
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const prompt = replaceUnsafeCharacters(record.prompt, true).replace(/\t/g, ' ').split('\n').join('\n' + ' '.repeat(16));
  const rows: [string, string | undefined][] = [
    ['Prompt', prompt],
    ['Strength', String(record.strength)],
    ['Model', `${record.model} (${RESTYLE_MODEL_LABEL})`],
    ['Output', `${record.outputFormat.toUpperCase()}, ${record.outputSize === 'source' ? "the source's size" : 'the generated size'}, keep transparency: ${yesNo(record.keepTransparency)}, keep palette: ${yesNo(record.keepPalette)}`],
    ['Source', `${safe(record.source.name)}, ${px(record.source)}`],
    ['Source SHA-256', record.source.sha256],
    ['Answer size', px(record.answer)],
    ['Saved size', px(record.saved)],
    ['Created', record.createdAt],
    ['Time', `${(record.elapsedMs / 1000).toFixed(1)} s`],
    ['Request id', record.requestId === undefined ? undefined : safe(record.requestId)],
    ['Seed', record.seed === undefined ? undefined : String(record.seed)],
    ['Cost', record.cost === undefined ? undefined : `${record.cost} credits`],
    ['Credits after', record.creditsAfter === undefined ? undefined : record.creditsAfter.toFixed(2)],
    ['Plate', record.plate === undefined ? undefined : plateText(record.plate)],
  ];
  return rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${`${k}:`.padEnd(16)}${v}`).join('\n');
}

function plateText(p: PlateRecord): string {
  return `${p.carried} of the ${p.cells} cells of plate ${p.plate} (the set took ${p.calls} call${p.calls === 1 ? '' : 's'}), first at ${p.x}, ${p.y} (${p.width} × ${p.height} px)`;
}

// ------------------------------------------------------------------ validation

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An own property only: nothing is ever read through the prototype chain. */
function field(object: Plain, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function text(value: unknown, max: number, keepLines = false): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return undefined;
  return replaceUnsafeCharacters(keepLines ? value.replace(/\r\n?/g, '\n') : value, keepLines);
}

function numberIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

function side(value: unknown): number | undefined {
  return Number.isInteger(value) ? numberIn(value, 1, MAX_SIDE) : undefined;
}

function size(value: unknown): { width: number; height: number } | undefined {
  if (!isPlainObject(value)) return undefined;
  const width = side(field(value, 'width'));
  const height = side(field(value, 'height'));
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}

/** A plain file name: no folder, no path separator, not `.` or `..`. */
function fileName(value: unknown): string | undefined {
  const name = text(value, MAX_NAME_LENGTH);
  return name !== undefined && !/[\\/]/.test(name) && name !== '.' && name !== '..' ? name : undefined;
}

function isoDate(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 40 && ISO_DATE.test(value) && Number.isFinite(Date.parse(value)) ? value : undefined;
}

/**
 * A record read from a file (untrusted: anyone's repository), checked field by field into a fresh object.
 * Undefined when a required field is missing, of the wrong type or out of range; an optional field that
 * fails is left out; unsafe characters in strings are replaced; unknown keys (`__proto__` too) are ignored.
 */
export function validateRecord(value: unknown): VariantRecord | undefined {
  if (!isPlainObject(value) || field(value, 'version') !== 1 || field(value, 'model') !== RESTYLE_MODEL) return undefined;
  const prompt = text(field(value, 'prompt'), MAX_PROMPT_LENGTH, true);
  const strength = numberIn(field(value, 'strength'), 0, 1);
  const outputFormat = field(value, 'outputFormat');
  const outputSize = field(value, 'outputSize');
  const keepTransparency = field(value, 'keepTransparency');
  const keepPalette = field(value, 'keepPalette');
  const createdAt = isoDate(field(value, 'createdAt'));
  const elapsedMs = numberIn(field(value, 'elapsedMs'), 0, MAX_ELAPSED_MS);
  const answer = size(field(value, 'answer'));
  const saved = size(field(value, 'saved'));
  const rawSource = field(value, 'source');
  if (prompt === undefined || strength === undefined || createdAt === undefined || elapsedMs === undefined || !answer || !saved) return undefined;
  if ((outputFormat !== 'png' && outputFormat !== 'jpeg') || (outputSize !== 'source' && outputSize !== 'generated')) return undefined;
  if (typeof keepTransparency !== 'boolean' || typeof keepPalette !== 'boolean' || !isPlainObject(rawSource)) return undefined;
  const name = fileName(field(rawSource, 'name'));
  const sha256 = field(rawSource, 'sha256');
  const sourceSize = size(rawSource);
  if (name === undefined || typeof sha256 !== 'string' || !SHA256.test(sha256) || !sourceSize) return undefined;

  const record: VariantRecord = {
    version: 1, prompt, strength, outputFormat, outputSize, keepTransparency, keepPalette, model: RESTYLE_MODEL,
    source: { name, sha256, ...sourceSize }, answer, saved, createdAt, elapsedMs,
  };
  const requestId = text(field(value, 'requestId'), MAX_REQUEST_ID_LENGTH);
  const rawSeed = field(value, 'seed');
  const seed = Number.isSafeInteger(rawSeed) ? numberIn(rawSeed, 0, Number.MAX_SAFE_INTEGER) : undefined;
  const cost = numberIn(field(value, 'cost'), 0, MAX_AMOUNT);
  const creditsAfter = numberIn(field(value, 'creditsAfter'), -MAX_AMOUNT, MAX_AMOUNT);
  if (requestId !== undefined) record.requestId = requestId;
  if (seed !== undefined) record.seed = seed;
  if (cost !== undefined) record.cost = cost;
  if (creditsAfter !== undefined) record.creditsAfter = creditsAfter;
  const plate = plateRecord(field(value, 'plate'));
  if (plate) record.plate = plate;
  return record;
}

function plateRecord(value: unknown): PlateRecord | undefined {
  if (!isPlainObject(value)) return undefined;
  const read = (key: keyof PlateRecord, min: number) => {
    const n = field(value, key);
    return Number.isSafeInteger(n) ? numberIn(n, min, MAX_SIDE) : undefined;
  };
  const [calls, plate, cells, carried, x, y, width, height] = [read('calls', 1), read('plate', 1), read('cells', 1), read('carried', 1), read('x', 0), read('y', 0), read('width', 1), read('height', 1)];
  if ([calls, plate, cells, carried, x, y, width, height].some((n) => n === undefined)) return undefined;
  return { calls: calls!, plate: plate!, cells: cells!, carried: carried!, x: x!, y: y!, width: width!, height: height! };
}

/** The JSON saved in a file: the validated record, with `<`, `>` and `&` as `\u` escapes so it is also valid XML text. */
export function recordJson(record: VariantRecord): string {
  const valid = validateRecord(record);
  if (!valid) throw new RangeError('The variant record is incomplete or out of range, so it cannot be saved in the file.');
  return JSON.stringify(valid).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The record in a JSON text read from a file, or undefined when it is not JSON or not a valid record. */
export function parseRecordJson(json: string): VariantRecord | undefined {
  try {
    return validateRecord(JSON.parse(json));
  } catch {
    return undefined;
  }
}
