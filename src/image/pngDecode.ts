/** Decodes any PNG into RGBA: every colour type and bit depth, tRNS, Adam7, and an APNG's default image. */
import * as zlib from 'node:zlib';
import { crc32 } from './crc32';
import { createRaster, type Raster } from './raster';

export interface PngPixels {
  readonly raster: Raster;
  /** An acTL chunk was present: the raster is the default image (IDAT), what a still viewer shows. */
  readonly animated: boolean;
}

const GREY = 0, RGB = 2, PALETTE = 3, GREY_ALPHA = 4, RGBA = 6;
const CHANNELS: Record<number, number> = { [GREY]: 1, [RGB]: 3, [PALETTE]: 1, [GREY_ALPHA]: 2, [RGBA]: 4 };
const DEPTHS: Record<number, readonly number[]> = {
  [GREY]: [1, 2, 4, 8, 16], [RGB]: [8, 16], [PALETTE]: [1, 2, 4, 8], [GREY_ALPHA]: [8, 16], [RGBA]: [8, 16],
};
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

/** What tRNS and PLTE say: a 256-entry RGBA lookup for palettes, or the colour key for grey and RGB. */
interface Colours {
  palette?: Uint8Array;
  key?: readonly number[];
}

/** Decodes PNG bytes (signature already checked); throws a plain Error describing the damage. */
export function decodePngPixels(bytes: Uint8Array): PngPixels {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  let plte: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  let animated = false;
  const idat: Uint8Array[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error(`chunk header cut off at byte ${offset}`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) throw new Error(`${type} chunk cut off (file ends at ${bytes.length}, chunk at ${offset} needs ${end})`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const critical = (bytes[offset + 4] & 0x20) === 0;
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) {
      if (critical) throw new Error(`bad CRC in ${type} chunk`);
      offset = end;
      continue; // a damaged ancillary chunk is dropped, as libpng does
    }
    if (!header && type !== 'IHDR') throw new Error(`first chunk is ${type}, not IHDR`);
    if (type === 'IEND') break;
    switch (type) {
      case 'IHDR': header = readIhdr(data); break;
      case 'PLTE': plte = data; break;
      case 'tRNS': trns = data; break;
      case 'acTL': animated = true; break;
      case 'IDAT': idat.push(data); break;
      default:
        if (critical) throw new Error(`unknown critical chunk ${type}`);
    }
    offset = end;
  }
  if (!header) throw new Error('no IHDR chunk');
  if (idat.length === 0) throw new Error('no IDAT chunk');
  const colours = readColours(header, plte, trns);
  const raw = inflate(idat, header);
  return { raster: header.interlaced ? adam7(raw, header, colours) : sequential(raw, header, colours), animated };
}

function readIhdr(data: Uint8Array): Header {
  if (data.length !== 13) throw new Error(`IHDR is ${data.length} bytes, not 13`);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const [depth, colorType, compression, filter, interlace] = data.subarray(8);
  if (!DEPTHS[colorType]?.includes(depth)) throw new Error(`invalid colour type ${colorType} with bit depth ${depth}`);
  if (compression !== 0 || filter !== 0 || interlace > 1) throw new Error('unknown compression, filter or interlace method');
  return { width: view.getUint32(0), height: view.getUint32(4), depth, colorType, interlaced: interlace === 1 };
}

function readColours(header: Header, plte: Uint8Array | undefined, trns: Uint8Array | undefined): Colours {
  if (header.colorType === PALETTE) {
    if (!plte || plte.length % 3 !== 0 || plte.length === 0 || plte.length > 768) throw new Error('missing or invalid PLTE chunk');
    // Entries past the end of PLTE come out opaque black, as browsers show them.
    const palette = new Uint8Array(1024);
    for (let i = 0; i < 256; i++) palette[i * 4 + 3] = 255;
    for (let i = 0; i < plte.length / 3; i++) palette.set(plte.subarray(i * 3, i * 3 + 3), i * 4);
    if (trns) for (let i = 0; i < Math.min(trns.length, 256); i++) palette[i * 4 + 3] = trns[i];
    return { palette };
  }
  const keyLength = header.colorType === GREY ? 2 : header.colorType === RGB ? 6 : 0;
  if (!trns || keyLength === 0 || trns.length < keyLength) return {}; // tRNS on an alpha type is ignored
  const key: number[] = [];
  for (let i = 0; i < keyLength; i += 2) key.push((trns[i] << 8) | trns[i + 1]);
  return { key };
}

/** Bytes per complete pixel for filtering (at least 1), and bytes in a row of `width` pixels. */
function pixelBytes(header: Header): number {
  return Math.max(1, (CHANNELS[header.colorType] * header.depth) >> 3);
}
function rowBytes(header: Header, width: number): number {
  return Math.ceil((width * CHANNELS[header.colorType] * header.depth) / 8);
}

function inflate(idat: Uint8Array[], header: Header): Uint8Array {
  let expected = 0;
  if (header.interlaced) {
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((header.width - x0) / dx), h = Math.ceil((header.height - y0) / dy);
      if (w > 0 && h > 0) expected += h * (rowBytes(header, w) + 1);
    }
  } else {
    expected = header.height * (rowBytes(header, header.width) + 1);
  }
  const stream = idat.length === 1 ? idat[0] : Buffer.concat(idat);
  // A little slack for encoders that write a few stray bytes; anything bigger is refused, not allocated.
  const raw = zlib.inflateSync(stream, { maxOutputLength: expected + 4096 });
  if (raw.length < expected) throw new Error(`image data is ${raw.length} bytes, ${expected} expected`);
  return raw;
}

/** Undoes the PNG row filters in place: rows of `stride` bytes (filter byte first) from `start`. Uint8Array stores wrap mod 256. */
function unfilter(data: Uint8Array, start: number, rows: number, stride: number, bpp: number): void {
  const len = stride - 1;
  for (let r = 0; r < rows; r++) {
    const at = start + r * stride + 1;
    const prev = at - stride; // only read when r > 0
    const filter = data[at - 1];
    if (filter === 0) continue;
    if (filter === 1) {
      for (let i = bpp; i < len; i++) data[at + i] = data[at + i] + data[at + i - bpp];
    } else if (filter === 2) {
      if (r > 0) for (let i = 0; i < len; i++) data[at + i] = data[at + i] + data[prev + i];
    } else if (filter === 3) {
      if (r === 0) {
        for (let i = bpp; i < len; i++) data[at + i] = data[at + i] + (data[at + i - bpp] >> 1);
      } else {
        for (let i = 0; i < bpp; i++) data[at + i] = data[at + i] + (data[prev + i] >> 1);
        for (let i = bpp; i < len; i++) data[at + i] = data[at + i] + ((data[at + i - bpp] + data[prev + i]) >> 1);
      }
    } else if (filter === 4) {
      if (r === 0) {
        for (let i = bpp; i < len; i++) data[at + i] = data[at + i] + data[at + i - bpp]; // Paeth of (a, 0, 0) is a
      } else {
        for (let i = 0; i < bpp; i++) data[at + i] = data[at + i] + data[prev + i]; // Paeth of (0, b, 0) is b
        for (let i = bpp; i < len; i++) {
          const a = data[at + i - bpp], b = data[prev + i], c = data[prev + i - bpp];
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - c - c); // |p − a|, |p − b|, |p − c|, p = a + b − c
          data[at + i] = data[at + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
      }
    } else {
      throw new Error(`unknown row filter ${filter}`);
    }
  }
}

function sequential(raw: Uint8Array, header: Header, colours: Colours): Raster {
  const raster = createRaster(header.width, header.height);
  const stride = rowBytes(header, header.width) + 1;
  unfilter(raw, 0, header.height, stride, pixelBytes(header));
  for (let y = 0; y < header.height; y++) {
    convertRow(raw, y * stride + 1, header.width, header, colours, raster.data, y * header.width * 4, 4);
  }
  return raster;
}

function adam7(raw: Uint8Array, header: Header, colours: Colours): Raster {
  const { width, height } = header;
  const raster = createRaster(width, height);
  let start = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx), h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const stride = rowBytes(header, w) + 1;
    unfilter(raw, start, h, stride, pixelBytes(header));
    for (let r = 0; r < h; r++) {
      convertRow(raw, start + r * stride + 1, w, header, colours, raster.data, ((y0 + r * dy) * width + x0) * 4, dx * 4);
    }
    start += h * stride;
  }
  return raster;
}

/** Writes `count` pixels of one unfiltered row as RGBA, `step` bytes apart in `out` (4, or more for Adam7). */
function convertRow(src: Uint8Array, at: number, count: number, header: Header, colours: Colours, out: Uint8Array, to: number, step: number): void {
  const { depth, colorType } = header;
  const { palette, key } = colours;
  if (depth < 8) {
    const perByte = 8 / depth, mask = (1 << depth) - 1, scale = 255 / mask;
    const keyValue = key ? key[0] : -1;
    for (let x = 0; x < count; x++, to += step) {
      const v = (src[at + ((x / perByte) | 0)] >> (8 - depth - (x % perByte) * depth)) & mask;
      if (palette) {
        out[to] = palette[v * 4]; out[to + 1] = palette[v * 4 + 1]; out[to + 2] = palette[v * 4 + 2]; out[to + 3] = palette[v * 4 + 3];
      } else {
        out[to] = out[to + 1] = out[to + 2] = v * scale;
        out[to + 3] = v === keyValue ? 0 : 255;
      }
    }
    return;
  }
  // 8 and 16 bits: `b` is the byte distance between samples; the high byte is the 8-bit value.
  const b = depth >> 3;
  switch (colorType) {
    case PALETTE:
      for (let x = 0; x < count; x++, to += step) {
        const p = src[at + x] * 4;
        out[to] = palette![p]; out[to + 1] = palette![p + 1]; out[to + 2] = palette![p + 2]; out[to + 3] = palette![p + 3];
      }
      return;
    case GREY: {
      const k = key ? key[0] : -1;
      for (let x = 0, i = at; x < count; x++, to += step, i += b) {
        const v = src[i];
        out[to] = out[to + 1] = out[to + 2] = v;
        out[to + 3] = (b === 1 ? v : (v << 8) | src[i + 1]) === k ? 0 : 255;
      }
      return;
    }
    case GREY_ALPHA:
      for (let x = 0, i = at; x < count; x++, to += step, i += 2 * b) {
        out[to] = out[to + 1] = out[to + 2] = src[i];
        out[to + 3] = src[i + b];
      }
      return;
    case RGB:
      if (key) {
        const [kr, kg, kb] = key;
        for (let x = 0, i = at; x < count; x++, to += step, i += 3 * b) {
          out[to] = src[i]; out[to + 1] = src[i + b]; out[to + 2] = src[i + 2 * b];
          const match = b === 1
            ? src[i] === kr && src[i + 1] === kg && src[i + 2] === kb
            : ((src[i] << 8) | src[i + 1]) === kr && ((src[i + 2] << 8) | src[i + 3]) === kg && ((src[i + 4] << 8) | src[i + 5]) === kb;
          out[to + 3] = match ? 0 : 255;
        }
      } else {
        for (let x = 0, i = at; x < count; x++, to += step, i += 3 * b) {
          out[to] = src[i]; out[to + 1] = src[i + b]; out[to + 2] = src[i + 2 * b]; out[to + 3] = 255;
        }
      }
      return;
    default: // RGBA
      if (b === 1 && step === 4) {
        out.set(src.subarray(at, at + count * 4), to);
        return;
      }
      for (let x = 0, i = at; x < count; x++, to += step, i += 4 * b) {
        out[to] = src[i]; out[to + 1] = src[i + b]; out[to + 2] = src[i + 2 * b]; out[to + 3] = src[i + 3 * b];
      }
  }
}
