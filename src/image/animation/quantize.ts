/**
 * Palettes for GIF frames: the exact colours when there are few enough (pixel art keeps every
 * colour), otherwise a variance-based median cut over the colour histogram, refined by a few
 * k-means passes, and a nearest-colour lookup. No dithering: it would make animations shimmer.
 */
import { distinctColours } from '../palette';
import type { Raster } from '../raster';

/** Pixels with less alpha than this are transparent in a GIF, the rest opaque. */
export const ALPHA_CUTOFF = 128;

/** The distinct opaque RGB colours (0xRRGGBB) of the rasters, sorted, or undefined as soon as there are more than `max`. */
export function exactColours(rasters: readonly Raster[], max: number): Uint32Array | undefined {
  return distinctColours(rasters, max, ALPHA_CUTOFF)?.sort();
}

/** Histogram entries: a colour (or the mean of a bin of similar colours) and how many pixels have it. */
interface Histogram { r: Float64Array; g: Float64Array; b: Float64Array; w: Float64Array; n: number }

/** Bins of 5 bits per channel hold the mean of their colours, so a photo-like frame costs at most 32768 entries. */
function histogram(rasters: readonly Raster[]): Histogram {
  const size = 1 << 15;
  const sr = new Float64Array(size), sg = new Float64Array(size), sb = new Float64Array(size), sw = new Float64Array(size);
  for (const { data } of rasters) {
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < ALPHA_CUTOFF) continue;
      const r = data[i], g = data[i + 1], b = data[i + 2];
      const bin = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
      sr[bin] += r; sg[bin] += g; sb[bin] += b; sw[bin]++;
    }
  }
  let n = 0;
  for (let i = 0; i < size; i++) if (sw[i] > 0) n++;
  const h: Histogram = { r: new Float64Array(n), g: new Float64Array(n), b: new Float64Array(n), w: new Float64Array(n), n };
  for (let i = 0, j = 0; i < size; i++) {
    if (sw[i] === 0) continue;
    h.r[j] = sr[i] / sw[i]; h.g[j] = sg[i] / sw[i]; h.b[j] = sb[i] / sw[i]; h.w[j] = sw[i];
    j++;
  }
  return h;
}

/** Up to `max` colours standing for the opaque pixels of the rasters (at least one colour). */
export function quantize(rasters: readonly Raster[], max: number): Uint32Array {
  const h = histogram(rasters);
  if (h.n === 0) return Uint32Array.of(0);
  const channels = [h.r, h.g, h.b];
  const order = Int32Array.from({ length: h.n }, (_, i) => i);
  interface Box { start: number; end: number; error: number; axis: number }
  const measure = (start: number, end: number): Box => {
    let best = 0, axis = 0, total = 0;
    channels.forEach((c, k) => {
      let w = 0, s = 0, s2 = 0;
      for (let i = start; i < end; i++) { const e = order[i], v = c[e], wt = h.w[e]; w += wt; s += v * wt; s2 += v * v * wt; }
      const sse = s2 - (s * s) / w;
      total += sse;
      if (sse > best) { best = sse; axis = k; }
    });
    return { start, end, error: end - start > 1 ? total : 0, axis };
  };
  const boxes: Box[] = [measure(0, h.n)];
  while (boxes.length < max) {
    let pick = -1;
    boxes.forEach((box, i) => { if (box.error > 0 && (pick < 0 || box.error > boxes[pick].error)) pick = i; });
    if (pick < 0) break;
    const { start, end, axis } = boxes[pick];
    const c = channels[axis];
    const part = Array.from(order.subarray(start, end)).sort((a, b) => c[a] - c[b]);
    order.set(part, start);
    let half = 0, cut = start + 1;
    for (let i = start; i < end; i++) half += h.w[order[i]];
    half /= 2;
    for (let i = start, acc = 0; i < end - 1; i++) {
      acc += h.w[order[i]];
      cut = i + 1;
      if (acc >= half) break;
    }
    boxes.splice(pick, 1, measure(start, cut), measure(cut, end));
  }
  const palette = boxes.map((box) => {
    let w = 0, r = 0, g = 0, b = 0;
    for (let i = box.start; i < box.end; i++) { const e = order[i]; w += h.w[e]; r += h.r[e] * h.w[e]; g += h.g[e] * h.w[e]; b += h.b[e] * h.w[e]; }
    return [r / w, g / w, b / w];
  });
  refine(h, palette);
  const out = new Set<number>();
  for (const [r, g, b] of palette) out.add((Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b));
  return Uint32Array.from(out);
}

/** K-means (Lloyd) passes over the histogram, while they are cheap: each colour moves to the mean of the entries nearest to it. */
function refine(h: Histogram, palette: number[][]): void {
  const passes = h.n * palette.length <= 2_000_000 ? 3 : h.n * palette.length <= 8_000_000 ? 1 : 0;
  for (let pass = 0; pass < passes; pass++) {
    const sums = palette.map(() => [0, 0, 0, 0]);
    for (let e = 0; e < h.n; e++) {
      let best = 0, bestD = Infinity;
      for (let p = 0; p < palette.length; p++) {
        const dr = h.r[e] - palette[p][0], dg = h.g[e] - palette[p][1], db = h.b[e] - palette[p][2];
        const d = dr * dr + dg * dg + db * db;
        if (d < bestD) { bestD = d; best = p; }
      }
      const s = sums[best], w = h.w[e];
      s[0] += h.r[e] * w; s[1] += h.g[e] * w; s[2] += h.b[e] * w; s[3] += w;
    }
    sums.forEach((s, p) => { if (s[3] > 0) palette[p] = [s[0] / s[3], s[1] / s[3], s[2] / s[3]]; });
  }
}

/** Nearest palette colour (squared RGB distance) for each colour asked, searched outward along green and remembered. */
export class PaletteIndex {
  private readonly byGreen: number[];
  private readonly cache = new Map<number, number>();
  constructor(private readonly colours: Uint32Array) {
    this.byGreen = Array.from(colours.keys()).sort((a, b) => ((colours[a] >> 8) & 255) - ((colours[b] >> 8) & 255));
  }

  indexOf(rgb: number): number {
    const known = this.cache.get(rgb);
    if (known !== undefined) return known;
    const r = rgb >> 16, g = (rgb >> 8) & 255, b = rgb & 255;
    const list = this.byGreen, colours = this.colours;
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (((colours[list[mid]] >> 8) & 255) < g) lo = mid + 1; else hi = mid; }
    let best = 0, bestD = Infinity;
    for (let down = lo - 1, up = lo; down >= 0 || up < list.length;) {
      const du = up < list.length ? ((colours[list[up]] >> 8) & 255) - g : Infinity;
      const dd = down >= 0 ? g - ((colours[list[down]] >> 8) & 255) : Infinity;
      const i = du <= dd ? up++ : down--;
      const dg = Math.min(du, dd);
      if (dg * dg >= bestD) break;
      const c = colours[list[i]], dr = (c >> 16) - r, db = (c & 255) - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestD) { bestD = d; best = list[i]; }
    }
    this.cache.set(rgb, best);
    return best;
  }
}
