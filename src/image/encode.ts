/** Encodes an RGBA raster as PNG (RGB when fully opaque, RGBA otherwise) or as JPEG (alpha ignored). */
import * as zlib from 'node:zlib';
import { pngChunk } from './crc32';
import { hasTransparency, type Raster } from './raster';
import { wasmEncodeJpeg } from './wasmCodecs';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * An 8-bit PNG of the raster: 3 channels when every pixel is opaque (smaller), else 4. Each row gets the
 * filter with the smallest sum of residuals (libpng's heuristic), which makes files about a third smaller
 * than unfiltered rows; deflate is Node's zlib.
 */
export function encodePng(raster: Raster, options: { blocks?: boolean } = {}): Uint8Array {
  const { width, height } = raster;
  const channels = hasTransparency(raster) ? 4 : 3;
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8); // depth 8, RGBA or RGB, deflate, adaptive filters, no interlace
  const idat = zlib.deflateSync(options.blocks ? filterBlockRows(raster, channels) : filterRows(raster, channels));
  return concat([new Uint8Array(PNG_SIGNATURE), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** A JPEG of the raster at `quality` (1–100) by mozjpeg; alpha is dropped, so flatten transparent pixels first. */
export function encodeJpeg(raster: Raster, quality = 92): Promise<Uint8Array> {
  return wasmEncodeJpeg(raster, quality);
}

/** The filtered scanlines: per row a filter-type byte, then the residuals of the best of the five filters. */
function filterRows(raster: Raster, channels: number): Uint8Array {
  const { width, height, data } = raster;
  const stride = width * channels;
  const out = new Uint8Array(height * (stride + 1));
  let prev = new Uint8Array(stride); // row above (zeros above the first)
  let cur = new Uint8Array(stride);
  const candidates = [0, 1, 2, 3, 4].map(() => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    if (channels === 4) {
      cur.set(data.subarray(y * stride, (y + 1) * stride));
    } else {
      for (let x = 0, i = y * width * 4, o = 0; x < width; x++, i += 4, o += 3) {
        cur[o] = data[i]; cur[o + 1] = data[i + 1]; cur[o + 2] = data[i + 2];
      }
    }
    let best = 0, bestCost = Infinity;
    for (let type = 0; type < 5; type++) {
      const cost = applyFilter(type, cur, prev, candidates[type], channels);
      if (cost < bestCost) { best = type; bestCost = cost; }
    }
    out[y * (stride + 1)] = best;
    out.set(candidates[best], y * (stride + 1) + 1);
    [prev, cur] = [cur, prev];
  }
  return out;
}

/**
 * The fast filtering for pixel art scaled up in blocks: a row equal to the one above is all zeros
 * under the Up filter (no work beyond the comparison), any other row gets the Sub filter. A 1024²
 * sprite takes a few milliseconds instead of a hundred, and compresses as well.
 */
function filterBlockRows(raster: Raster, channels: number): Uint8Array {
  const { width, height, data } = raster;
  const stride = width * channels;
  const out = new Uint8Array(height * (stride + 1)); // zeros: an Up-filtered repeated row is already done
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  const row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    if (y > 0) {
      let same = true;
      for (let x = 0, a = y * width, b = a - width; x < width; x++) if (pixels[a + x] !== pixels[b + x]) { same = false; break; }
      if (same) { out[at] = 2; continue; }
    }
    for (let x = 0, i = y * width * 4, o = 0; x < width; x++, i += 4) {
      row[o++] = data[i]; row[o++] = data[i + 1]; row[o++] = data[i + 2];
      if (channels === 4) row[o++] = data[i + 3];
    }
    out[at] = 1;
    out.set(row.subarray(0, channels), at + 1);
    for (let i = channels; i < stride; i++) out[at + 1 + i] = (row[i] - row[i - channels]) & 255;
  }
  return out;
}

/** |residual| with the residual read as a signed byte: the cost libpng's heuristic sums (a table: no branches). */
const MAGNITUDE = Uint8Array.from({ length: 256 }, (_, v) => (v < 128 ? v : 256 - v));

/** Writes one row's residuals for filter `type` into `out`; returns the sum of their magnitudes. */
function applyFilter(type: number, cur: Uint8Array, prev: Uint8Array, out: Uint8Array, bpp: number): number {
  const n = cur.length;
  let cost = 0;
  switch (type) {
    case 0:
      for (let i = 0; i < n; i++) { const v = cur[i]; out[i] = v; cost += MAGNITUDE[v]; }
      break;
    case 1:
      for (let i = 0; i < bpp; i++) { const v = cur[i]; out[i] = v; cost += MAGNITUDE[v]; }
      for (let i = bpp; i < n; i++) { const v = (cur[i] - cur[i - bpp]) & 255; out[i] = v; cost += MAGNITUDE[v]; }
      break;
    case 2:
      for (let i = 0; i < n; i++) { const v = (cur[i] - prev[i]) & 255; out[i] = v; cost += MAGNITUDE[v]; }
      break;
    case 3:
      for (let i = 0; i < bpp; i++) { const v = (cur[i] - (prev[i] >> 1)) & 255; out[i] = v; cost += MAGNITUDE[v]; }
      for (let i = bpp; i < n; i++) { const v = (cur[i] - ((cur[i - bpp] + prev[i]) >> 1)) & 255; out[i] = v; cost += MAGNITUDE[v]; }
      break;
    default:
      for (let i = 0; i < bpp; i++) { const v = (cur[i] - prev[i]) & 255; out[i] = v; cost += MAGNITUDE[v]; }
      for (let i = bpp; i < n; i++) {
        const a = cur[i - bpp], b = prev[i], c = prev[i - bpp];
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - c - c); // |p − a|, |p − b|, |p − c| for p = a + b − c
        const v = (cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        out[i] = v;
        cost += MAGNITUDE[v];
      }
  }
  return cost;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
