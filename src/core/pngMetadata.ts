/** Writes a variant's record into a PNG (iTXt `restyle` + A1111 `parameters` text, right after IHDR) and reads it back defensively. */
import { joinParts } from './byteParts';
import { crc32, pngChunk } from '../image/crc32';
import { parametersText, parseRecordJson, recordJson, type VariantRecord } from './variantMetadata';

export const PNG_RECORD_KEYWORD = 'restyle';
export const PNG_PARAMETERS_KEYWORD = 'parameters';
/** A text chunk larger than this is never read: ours are a few KB. */
export const MAX_PNG_METADATA_CHUNK = 64 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_CHUNK_LENGTH = 0x7fffffff;
const TEXT_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt']);
const OUR_KEYWORDS = new Set([PNG_RECORD_KEYWORD, PNG_PARAMETERS_KEYWORD]);
const utf8 = new TextEncoder();

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function typeAt(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
}

/** The keyword a text chunk's data starts with (1–79 Latin-1 characters, then NUL), or undefined. */
function keywordOf(data: Uint8Array): string | undefined {
  const nul = data.subarray(0, 80).indexOf(0);
  return nul > 0 ? String.fromCharCode(...data.subarray(0, nul)) : undefined;
}

/** An uncompressed iTXt chunk: keyword, NUL, compression flag 0, method 0, empty language tag and translated keyword, UTF-8 text. */
function itxtChunk(keyword: string, text: string): Uint8Array {
  const body = utf8.encode(text);
  const data = new Uint8Array(keyword.length + 5 + body.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
  data.set(body, keyword.length + 5); // the five bytes between are NUL, 0, 0, NUL, NUL
  return pngChunk('iTXt', data);
}

/** A tEXt chunk when `text` is printable Latin-1 and line feeds (what tEXt may hold), else an iTXt chunk so nothing is lost. */
function textChunk(keyword: string, text: string): Uint8Array {
  if (/[^\n\u0020-\u007e\u00a1-\u00ff]/.test(text)) return itxtChunk(keyword, text);
  const data = new Uint8Array(keyword.length + 1 + text.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
  for (let i = 0; i < text.length; i++) data[keyword.length + 1 + i] = text.charCodeAt(i);
  return pngChunk('tEXt', data);
}

/**
 * The PNG with `record` in it: an iTXt `restyle` chunk (the JSON) and a `parameters` text chunk right
 * after IHDR; any earlier `restyle` or `parameters` text chunks are dropped. The image data is copied once
 * and never decompressed. Throws on bytes that do not start with a PNG signature and IHDR, or on an invalid record.
 */
/** The PNG with `record` in it, as one array (see pngMetadataParts). */
export function withPngMetadata(png: Uint8Array, record: VariantRecord): Uint8Array {
  return joinParts(pngMetadataParts(png, record));
}

/**
 * The PNG with `record` in it, as parts to write one after another: views into `png` around the two
 * new chunks, so a large image is not copied (fresh memory is slow to touch).
 */
export function pngMetadataParts(png: Uint8Array, record: VariantRecord): Uint8Array[] {
  if (!isPng(png) || png.length < 33 || typeAt(png, 8) !== 'IHDR') throw new TypeError('Not a PNG: cannot add the Restyle record.');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const ihdrEnd = 8 + 12 + view.getUint32(8);
  if (ihdrEnd > png.length) throw new TypeError('The PNG header chunk is cut off: cannot add the Restyle record.');
  const added = [itxtChunk(PNG_RECORD_KEYWORD, recordJson(record)), textChunk(PNG_PARAMETERS_KEYWORD, parametersText(record))];

  // The byte ranges kept after IHDR: everything except our earlier chunks. A damaged tail is kept as it is.
  const kept: [number, number][] = [];
  let runStart = ihdrEnd;
  let offset = ihdrEnd;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (length > MAX_CHUNK_LENGTH || end > png.length) break;
    const type = typeAt(png, offset);
    if (TEXT_CHUNKS.has(type) && OUR_KEYWORDS.has(keywordOf(png.subarray(offset + 8, end - 4)) ?? '')) {
      kept.push([runStart, offset]);
      runStart = end;
    }
    offset = end;
    if (type === 'IEND') break;
  }
  kept.push([runStart, png.length]);

  return [png.subarray(0, ihdrEnd), ...added, ...kept.map(([a, b]) => png.subarray(a, b))].filter((p) => p.length);
}

/** The text of an uncompressed iTXt chunk's data (keyword already checked), or undefined for compressed or malformed data. */
function recordText(data: Uint8Array): string | undefined {
  const k = PNG_RECORD_KEYWORD.length; // the keyword was checked by the caller
  if (data.length < k + 5) return undefined;
  if (data[k + 1] !== 0 || data[k + 2] !== 0) return undefined; // compressed text is never inflated
  const language = data.indexOf(0, k + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  if (translated < 0) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(translated + 1));
  } catch {
    return undefined;
  }
}

/**
 * The record in a PNG's iTXt `restyle` chunk, or undefined. `png` may be only the file's head. Untrusted
 * input: chunk lengths are bounds-checked, chunks over 64 KB are skipped, the CRC must match, the JSON is
 * parsed inside a try and then validated field by field. Never throws.
 */
export function readPngMetadata(png: Uint8Array): VariantRecord | undefined {
  if (!isPng(png)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (length > MAX_CHUNK_LENGTH) return undefined;
    const type = typeAt(png, offset);
    if (type === 'IEND') return undefined;
    if (type === 'iTXt' && length <= MAX_PNG_METADATA_CHUNK && end <= png.length) {
      const data = png.subarray(offset + 8, end - 4);
      if (keywordOf(data) === PNG_RECORD_KEYWORD && crc32(png.subarray(offset + 4, end - 4)) === view.getUint32(end - 4)) {
        const json = recordText(data);
        const record = json === undefined ? undefined : parseRecordJson(json);
        if (record) return record;
      }
    }
    offset = end;
  }
  return undefined;
}
