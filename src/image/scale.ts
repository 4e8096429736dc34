/**
 * Resizing rasters: nearest (pixel art up), area average (photos down), bilinear (photos up) and
 * cell pick (pixel art down: every output pixel takes one colour from its own cell, no blur across cells).
 * No library resizer offers a true box or a per-cell pick, so these few loops are written here.
 */
import type { Route } from './plan';
import { createRaster, type Raster } from './raster';

/** Nearest neighbour: with a whole-number factor every source pixel becomes a clean block. */
export function scaleNearest(src: Raster, width: number, height: number): Raster {
  const out = createRaster(width, height);
  const aligned = src.data.byteOffset % 4 === 0 ? src.data : src.data.slice();
  const source = new Uint32Array(aligned.buffer, aligned.byteOffset, src.width * src.height);
  const target = new Uint32Array(out.data.buffer, out.data.byteOffset, width * height);
  const columns = new Uint32Array(width);
  for (let x = 0; x < width; x++) columns[x] = Math.min(src.width - 1, Math.floor((x * src.width) / width));
  let previousRow = -1;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(src.height - 1, Math.floor((y * src.height) / height));
    const row = y * width;
    if (sy === previousRow) {
      target.copyWithin(row, row - width, row); // the same source row again: copy the line above
      continue;
    }
    const from = sy * src.width;
    for (let x = 0; x < width; x++) target[row + x] = source[from + columns[x]];
    previousRow = sy;
  }
  return out;
}

/** For each output index, the source range it covers and the weight of each source index in it. */
function areaWeights(sourceSize: number, targetSize: number): { start: Int32Array; count: Int32Array; weights: Float32Array; stride: number } {
  const ratio = sourceSize / targetSize;
  const stride = Math.ceil(ratio) + 1;
  const start = new Int32Array(targetSize);
  const count = new Int32Array(targetSize);
  const weights = new Float32Array(targetSize * stride);
  for (let i = 0; i < targetSize; i++) {
    const from = i * ratio;
    const to = from + ratio;
    const first = Math.floor(from);
    const last = Math.min(sourceSize, Math.ceil(to));
    start[i] = first;
    count[i] = last - first;
    for (let s = first; s < last; s++) {
      const covered = Math.min(to, s + 1) - Math.max(from, s);
      weights[i * stride + (s - first)] = covered / ratio;
    }
  }
  return { start, count, weights, stride };
}

/** Exact area average (a box filter with fractional coverage): the smooth way down for photos. */
export function scaleArea(src: Raster, width: number, height: number): Raster {
  if (width > src.width || height > src.height) return scaleBilinear(src, width, height);
  // Horizontal pass into a float buffer, then vertical pass into the output.
  const h = areaWeights(src.width, width);
  const mid = new Float32Array(width * src.height * 4);
  const s = src.data;
  for (let y = 0; y < src.height; y++) {
    const srcRow = y * src.width * 4;
    const midRow = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      const first = h.start[x];
      const n = h.count[x];
      const w0 = x * h.stride;
      for (let k = 0; k < n; k++) {
        const w = h.weights[w0 + k];
        const i = srcRow + (first + k) * 4;
        r += s[i] * w; g += s[i + 1] * w; b += s[i + 2] * w; a += s[i + 3] * w;
      }
      const o = midRow + x * 4;
      mid[o] = r; mid[o + 1] = g; mid[o + 2] = b; mid[o + 3] = a;
    }
  }
  const v = areaWeights(src.height, height);
  const out = createRaster(width, height);
  const d = out.data;
  const rowLength = width * 4;
  const acc = new Float32Array(rowLength);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    const first = v.start[y];
    const n = v.count[y];
    for (let k = 0; k < n; k++) {
      const w = v.weights[y * v.stride + k];
      const row = (first + k) * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i] += mid[row + i] * w;
    }
    const o = y * rowLength;
    for (let i = 0; i < rowLength; i++) d[o + i] = acc[i] + 0.5; // Uint8Array truncates; +0.5 rounds
  }
  return out;
}

/** Bilinear interpolation between pixel centres: the smooth way up for photos. */
export function scaleBilinear(src: Raster, width: number, height: number): Raster {
  const out = createRaster(width, height);
  const s = src.data;
  const d = out.data;
  const xRatio = src.width / width;
  const yRatio = src.height / height;
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.max(0, (x + 0.5) * xRatio - 0.5);
    const x0 = Math.min(src.width - 1, Math.floor(sx));
    x0s[x] = x0 * 4;
    x1s[x] = Math.min(src.width - 1, x0 + 1) * 4;
    fx[x] = sx - x0;
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.max(0, (y + 0.5) * yRatio - 0.5);
    const y0 = Math.min(src.height - 1, Math.floor(sy));
    const y1 = Math.min(src.height - 1, y0 + 1);
    const fy = sy - y0;
    const row0 = y0 * src.width * 4;
    const row1 = y1 * src.width * 4;
    let o = y * width * 4;
    for (let x = 0; x < width; x++) {
      const a = fx[x];
      const i00 = row0 + x0s[x], i01 = row0 + x1s[x], i10 = row1 + x0s[x], i11 = row1 + x1s[x];
      for (let c = 0; c < 4; c++) {
        const top = s[i00 + c] + (s[i01 + c] - s[i00 + c]) * a;
        const bottom = s[i10 + c] + (s[i11 + c] - s[i10 + c]) * a;
        d[o++] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
  return out;
}

/** The index range [from, to) of the source that output index `i` covers, trimmed to its middle. */
function cellCore(i: number, sourceSize: number, targetSize: number): [number, number] {
  const from = Math.floor((i * sourceSize) / targetSize);
  const to = Math.max(from + 1, Math.floor(((i + 1) * sourceSize) / targetSize));
  const margin = Math.floor((to - from) / 4); // edges of a cell may carry the neighbour's colour
  return [from + margin, Math.max(from + margin + 1, to - margin)];
}

/**
 * Pixel art down: each output pixel takes one colour that occurs in its own cell of the source,
 * the one nearest the cell's average (so noise and edge bleeding are ignored, and nothing blurs
 * across cells). Alpha is taken from the same pixel.
 */
export function scaleCellPick(src: Raster, width: number, height: number): Raster {
  const out = createRaster(width, height);
  const s = src.data;
  const d = out.data;
  const columns = Array.from({ length: width }, (_, x) => cellCore(x, src.width, width));
  for (let y = 0; y < height; y++) {
    const [y0, y1] = cellCore(y, src.height, height);
    for (let x = 0; x < width; x++) {
      const [x0, x1] = columns[x];
      let r = 0, g = 0, b = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0, i = (yy * src.width + x0) * 4; xx < x1; xx++, i += 4) {
          r += s[i]; g += s[i + 1]; b += s[i + 2];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      r /= n; g /= n; b /= n;
      let best = (y0 * src.width + x0) * 4;
      let bestDistance = Infinity;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0, i = (yy * src.width + x0) * 4; xx < x1; xx++, i += 4) {
          const dr = s[i] - r, dg = s[i + 1] - g, db = s[i + 2] - b;
          const distance = dr * dr + dg * dg + db * db;
          if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
          }
        }
      }
      const o = (y * width + x) * 4;
      d[o] = s[best]; d[o + 1] = s[best + 1]; d[o + 2] = s[best + 2]; d[o + 3] = s[best + 3];
    }
  }
  return out;
}

/** The pixels a route sends: pixel art by nearest neighbour (whole factor), a small photo up smoothly, the rest by area. */
export function scaleByRoute(route: Route, raster: Raster): Raster {
  const { width, height } = route.send;
  if (width === raster.width && height === raster.height) return raster;
  switch (route.kind) {
    case 'pixelArt':
      return scaleNearest(raster, width, height);
    case 'smoothUp':
      return scaleBilinear(raster, width, height);
    case 'fitDown':
    case 'asIs':
      return scaleArea(raster, width, height);
  }
}

/**
 * An answer (or a part of one) at `width` × `height`: itself when it already is that size; for pixel
 * art one colour per target pixel picked from its own cell; for photos area-averaged when shrinking on
 * both axes, bilinear otherwise.
 */
export function scaleAnswerTo(src: Raster, width: number, height: number, pixelArt: boolean): Raster {
  if (src.width === width && src.height === height) return src;
  if (pixelArt) return scaleCellPick(src, width, height);
  return width <= src.width && height <= src.height ? scaleArea(src, width, height) : scaleBilinear(src, width, height);
}
