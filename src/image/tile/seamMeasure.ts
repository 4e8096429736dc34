/**
 * The seam measure: does a picture repeat without a seam? One function, shared by the `auto` choice,
 * the tests and the benchmark.
 *
 * For each colour channel, the mean difference across each wrap-around edge (last column against
 * the first, last row against the first) is compared with the largest mean difference between two
 * neighbouring columns (rows) inside the picture. A picture is seamless when, on every channel and
 * both axes, the wrap-around difference is at most SEAM_TOLERANCE times that largest inner one.
 *
 * Transparency: colours are compared premultiplied by alpha (so what hides under alpha 0 never
 * counts, and a visible pixel against a clear one is a real edge), and pairs where both pixels are
 * fully transparent are left out of every mean. An axis whose wrap-around edge is transparent
 * through and through has nothing to mismatch (difference 0); `emptyEdges` says so, since such a
 * picture (a sprite on a clear background) repeats without a seam yet is no tile.
 *
 * A flat picture (inner difference 0) wraps with difference 0 too: its ratio is 0, seamless. A
 * picture one pixel wide (tall) has no inner pair and no seam on that axis either.
 */
import type { Raster } from '../raster';

/** The largest wrap-around difference still counted seamless, as a multiple of the largest inner one. */
export const SEAM_TOLERANCE = 1.25;

export type Channels = [number, number, number];

export interface SeamMeasure {
  /** Per channel (R, G, B): mean difference between the last column and the first. */
  readonly wrapX: Channels;
  /** Per channel: the largest mean difference between two neighbouring columns inside. */
  readonly innerX: Channels;
  /** Per channel: mean difference between the last row and the first. */
  readonly wrapY: Channels;
  /** Per channel: the largest mean difference between two neighbouring rows inside. */
  readonly innerY: Channels;
  /** The worst wrap / inner over channels and both axes (0 when nothing differs, Infinity for a seam in a flat picture). */
  readonly ratio: number;
  /** ratio <= SEAM_TOLERANCE: on every channel and axis the wrap-around edge is no worse than the inside. */
  readonly seamless: boolean;
  /** True when every pair across a wrap-around edge (either axis) is fully transparent. */
  readonly emptyEdges: boolean;
}

/** Sums and counts of |premultiplied difference| per channel, for one pair list along a line. */
interface PairMean {
  sums: Channels;
  count: number;
  /** Some pair had a visible pixel. */
  visible: boolean;
}

/** Accumulates the pair (i, j) of byte offsets into `acc`; a fully transparent pair counts as no difference. */
function addPair(d: Uint8Array, i: number, j: number, acc: PairMean): void {
  const ai = d[i + 3], aj = d[j + 3];
  acc.count++;
  if (ai === 0 && aj === 0) return;
  acc.visible = true;
  if (ai === 255 && aj === 255) {
    acc.sums[0] += Math.abs(d[i] - d[j]);
    acc.sums[1] += Math.abs(d[i + 1] - d[j + 1]);
    acc.sums[2] += Math.abs(d[i + 2] - d[j + 2]);
  } else {
    acc.sums[0] += Math.abs(d[i] * ai - d[j] * aj) / 255;
    acc.sums[1] += Math.abs(d[i + 1] * ai - d[j + 1] * aj) / 255;
    acc.sums[2] += Math.abs(d[i + 2] * ai - d[j + 2] * aj) / 255;
  }
}

function means(acc: PairMean): Channels {
  const n = acc.count || 1;
  return [acc.sums[0] / n, acc.sums[1] / n, acc.sums[2] / n];
}

/**
 * Wrap and largest inner mean differences along one axis. `lines` is the number of lines across the
 * axis (columns for x), `along` their length, `step` the byte distance between neighbouring lines and
 * `stride` the byte distance between neighbouring pixels of one line.
 */
function axis(d: Uint8Array, lines: number, along: number, step: number, stride: number): { wrap: Channels; inner: Channels; empty: boolean } {
  const inner: Channels = [0, 0, 0];
  for (let line = 0; line + 1 < lines; line++) {
    const acc: PairMean = { sums: [0, 0, 0], count: 0, visible: false };
    for (let k = 0, i = line * step; k < along; k++, i += stride) addPair(d, i, i + step, acc);
    const m = means(acc);
    for (let c = 0; c < 3; c++) if (m[c] > inner[c]) inner[c] = m[c];
  }
  const acc: PairMean = { sums: [0, 0, 0], count: 0, visible: false };
  for (let k = 0, i = (lines - 1) * step; k < along; k++, i += stride) addPair(d, i, i - (lines - 1) * step, acc);
  return { wrap: means(acc), inner, empty: !acc.visible };
}

function ratioOf(wrap: number, inner: number): number {
  if (wrap === 0) return 0;
  return inner === 0 ? Infinity : wrap / inner;
}

/** How well `raster` repeats: see the file's comment for the exact rule. */
export function measureSeam(raster: Raster): SeamMeasure {
  const { width, height, data } = raster;
  const x = axis(data, width, height, 4, width * 4);
  const y = axis(data, height, width, width * 4, 4);
  let ratio = 0;
  for (let c = 0; c < 3; c++) ratio = Math.max(ratio, ratioOf(x.wrap[c], x.inner[c]), ratioOf(y.wrap[c], y.inner[c]));
  return {
    wrapX: x.wrap, innerX: x.inner, wrapY: y.wrap, innerY: y.inner,
    ratio, seamless: ratio <= SEAM_TOLERANCE, emptyEdges: x.empty || y.empty,
  };
}
