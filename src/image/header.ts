/**
 * What the first bytes of a file say: PNG, JPEG or WebP, and the size in pixels. Cheap and dependency
 * free, so the extension host (core/imageInfo.ts) and the decoder share one reading of every header.
 */

export type SourceFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** Format and size from the first bytes, or undefined when they are not a PNG, JPEG or WebP header that can be read. */
export function readHeader(bytes: Uint8Array): { format: SourceFormat; width: number; height: number } | undefined {
  const format = sniffFormat(bytes);
  const size = format === 'png' ? pngSize(bytes) : format === 'jpeg' ? jpegFrame(bytes) : format === 'webp' ? webpSize(bytes) : format === 'gif' ? gifSize(bytes) : undefined;
  return format && size ? { format, width: size.width, height: size.height } : undefined;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffFormat(bytes: Uint8Array): SourceFormat | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (bytes.length >= 10 && (ascii(bytes, 0, 6) === 'GIF89a' || ascii(bytes, 0, 6) === 'GIF87a')) return 'gif';
  return undefined;
}

/** A GIF's logical screen: little-endian width and height after the signature. */
function gifSize(bytes: Uint8Array): Size | undefined {
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  return width && height ? { width, height } : undefined;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

interface Size {
  width: number;
  height: number;
}

function pngSize(bytes: Uint8Array): Size | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The first start-of-frame segment: its marker, sample precision, size and number of colour components. */
export function jpegFrame(bytes: Uint8Array): (Size & { marker: number; precision: number; components: number }) | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    if (marker === 0xff) { offset += 1; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { offset += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan before any frame header
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (length < 2) return undefined;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (offset + 9 > bytes.length) return undefined;
      return {
        marker, precision: bytes[offset + 4], components: bytes[offset + 9] ?? 0,
        height: (bytes[offset + 5] << 8) | bytes[offset + 6], width: (bytes[offset + 7] << 8) | bytes[offset + 8],
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): Size | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  const u16 = (at: number) => bytes[at] | (bytes[at + 1] << 8);
  const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
  if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { width: u16(26) & 0x3fff, height: u16(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = (bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: u24(24) + 1, height: u24(27) + 1 };
  return undefined;
}
