/** Writes a variant's record into a JPEG as an XMP packet (APP1, `restyle:record` + dc:description) and reads it back defensively. */
import { joinParts } from './byteParts';
import { parametersText, parseRecordJson, RESTYLE_MODEL_LABEL, recordJson, replaceUnsafeCharacters, type VariantRecord } from './variantMetadata';

export const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const EXTENDED_XMP_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
export const RESTYLE_XMP_NAMESPACE = 'https://github.com/restyle/restyle-vscode/ns/1.0/';
/** A segment's payload after its two length bytes: 65535 − 2. */
const MAX_SEGMENT_PAYLOAD = 65533;

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;

const utf8 = new TextEncoder();

function startsWithText(bytes: Uint8Array, at: number, end: number, text: string): boolean {
  if (end - at < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Markers that stand alone, without a length: TEM and RST0–7 (SOI and EOI are handled by the walkers). */
function standsAlone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

const ELEMENT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text for an XML element's content: characters XML cannot hold replaced, `& < >` escaped (quotes need not be, so JSON stays readable). */
function xmlEscape(text: string): string {
  return replaceUnsafeCharacters(text, true).replace(/[&<>]/g, (c) => ELEMENT_ESCAPES[c]);
}

/** The XMP packet: dc:description is the `parameters` text, restyle:record the JSON, xmp:CreatorTool says who wrote it. */
function xmpPacket(record: VariantRecord): string {
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    `    xmlns:restyle="${RESTYLE_XMP_NAMESPACE}"`,
    `    xmp:CreatorTool="Restyle (${RESTYLE_MODEL_LABEL})">`,
    `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(parametersText(record))}</rdf:li></rdf:Alt></dc:description>`,
    `   <restyle:record>${xmlEscape(recordJson(record))}</restyle:record>`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

function app1Xmp(record: VariantRecord): Uint8Array {
  const packet = utf8.encode(xmpPacket(record));
  const payload = XMP_HEADER.length + packet.length;
  if (payload > MAX_SEGMENT_PAYLOAD) throw new RangeError('The Restyle record does not fit in one XMP segment.');
  const out = new Uint8Array(4 + payload);
  out.set([0xff, APP1, (payload + 2) >> 8, (payload + 2) & 0xff]);
  for (let i = 0; i < XMP_HEADER.length; i++) out[4 + i] = XMP_HEADER.charCodeAt(i);
  out.set(packet, 4 + XMP_HEADER.length);
  return out;
}

/**
 * The JPEG with `record` in an XMP APP1 segment, placed after SOI and any leading APP0 (JFIF) and Exif APP1;
 * earlier XMP segments (standard and extended) are dropped. The scan data is copied once, never decoded.
 * Throws on bytes that do not start with SOI, or on an invalid record.
 */
/** The JPEG with `record` in it, as one array (see jpegMetadataParts). */
export function withJpegMetadata(jpeg: Uint8Array, record: VariantRecord): Uint8Array {
  return joinParts(jpegMetadataParts(jpeg, record));
}

/**
 * The JPEG with `record` in it, as parts to write one after another: views into `jpeg` around the new
 * XMP segment, so a large image is not copied (fresh memory is slow to touch).
 */
export function jpegMetadataParts(jpeg: Uint8Array, record: VariantRecord): Uint8Array[] {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) throw new TypeError('Not a JPEG: cannot add the Restyle record.');
  const segment = app1Xmp(record);
  let insertAt = 2;
  let leading = true; // still in the run of JFIF / Exif segments right after SOI
  const kept: [number, number][] = [];
  let runStart = 2;
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1];
    if (marker === 0xff) { offset++; continue; } // fill byte
    if (marker === SOS || marker === EOI || marker === SOI) break;
    if (standsAlone(marker)) { offset += 2; continue; }
    const end = offset + 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
    if (end < offset + 4 || end > jpeg.length) break;
    const isXmp = marker === APP1 && (startsWithText(jpeg, offset + 4, end, XMP_HEADER) || startsWithText(jpeg, offset + 4, end, EXTENDED_XMP_HEADER));
    const isExif = marker === APP1 && startsWithText(jpeg, offset + 4, end, 'Exif\0');
    if (isXmp) {
      kept.push([runStart, offset]);
      runStart = end;
    } else if (leading && (marker === APP0 || isExif)) {
      insertAt = end;
    } else {
      leading = false;
    }
    offset = end;
  }
  kept.push([runStart, jpeg.length]);

  // `insertAt` ends a segment that is kept, so it falls on a range's edge or inside one: split there.
  const parts: Uint8Array[] = [];
  let inserted = false;
  for (const [a, b] of [[0, 2] as [number, number], ...kept]) {
    if (!inserted && insertAt >= a && insertAt <= b) {
      parts.push(jpeg.subarray(a, insertAt), segment, jpeg.subarray(insertAt, b));
      inserted = true;
    } else {
      parts.push(jpeg.subarray(a, b));
    }
  }
  return parts.filter((p) => p.length);
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its five named and numeric character references decoded; undefined for a stray `&` or an invalid code point. */
function xmlUnescape(text: string): string | undefined {
  if (/&(?!(?:#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);)/.test(text)) return undefined;
  let valid = true;
  const decoded = text.replace(ENTITY, (_all, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name];
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      valid = false;
      return '';
    }
    return String.fromCodePoint(code);
  });
  return valid ? decoded : undefined;
}

/** The record in one XMP packet: `<restyle:record>…</restyle:record>` or a `restyle:record="…"` attribute. */
function recordInXmp(xmp: string): VariantRecord | undefined {
  const found = /<restyle:record>([^<]*)<\/restyle:record>/.exec(xmp) ?? /\srestyle:record="([^"<]*)"/.exec(xmp);
  const json = found ? xmlUnescape(found[1]) : undefined;
  return json === undefined ? undefined : parseRecordJson(json);
}

/**
 * The record in a JPEG's XMP packet, or undefined. `jpeg` may be only the file's head. Untrusted input:
 * only the segments before the first scan are walked, with bounds checks; a segment is at most 64 KB by
 * its format; the text must be UTF-8; the JSON is unescaped strictly, parsed inside a try and validated
 * field by field. Never throws.
 */
export function readJpegMetadata(jpeg: Uint8Array): VariantRecord | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return undefined;
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1];
    if (marker === 0xff) { offset++; continue; }
    if (marker === SOS || marker === EOI || marker === SOI) return undefined;
    if (standsAlone(marker)) { offset += 2; continue; }
    const end = offset + 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
    if (end < offset + 4) return undefined;
    if (marker === APP1 && end <= jpeg.length && startsWithText(jpeg, offset + 4, end, XMP_HEADER)) {
      let xmp: string | undefined;
      try {
        xmp = new TextDecoder('utf-8', { fatal: true }).decode(jpeg.subarray(offset + 4 + XMP_HEADER.length, end));
      } catch {
        xmp = undefined;
      }
      const record = xmp === undefined ? undefined : recordInXmp(xmp);
      if (record) return record;
    }
    offset = end;
  }
  return undefined;
}
