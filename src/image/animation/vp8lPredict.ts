/**
 * The two VP8L transforms the encoder uses, on ARGB pixels packed as 0xAARRGGBB: subtract green
 * (red and blue minus green), and the predictor transform, which stores each pixel as its difference
 * from a prediction by its neighbours, with the predictor chosen per block of 16 × 16 pixels.
 */

export const PREDICTOR = 0, SUBTRACT_GREEN = 2;
/** Blocks of 2^4 = 16 pixels a side. */
export const BLOCK_BITS = 4;
/** Predictors tried per block (the format's numbering): black, L, T, average of L and T, Select, clamped L + T − TL. */
const CANDIDATES = [0, 1, 2, 7, 11, 12];

export function blocks(size: number): number {
  return (size + (1 << BLOCK_BITS) - 1) >> BLOCK_BITS;
}

/** Red and blue minus green, in place (the decoder adds green back). */
export function subtractGreen(px: Uint32Array): void {
  for (let i = 0; i < px.length; i++) {
    const p = px[i], g = (p >> 8) & 255;
    px[i] = ((p & 0xff00ff00) | ((((p >> 16) - g) & 255) << 16) | ((p - g) & 255)) >>> 0;
  }
}

function average2(a: number, b: number): number {
  return ((((a ^ b) & 0xfefefefe) >>> 1) + (a & b)) >>> 0;
}

function select(left: number, top: number, topLeft: number): number {
  let towardsTop = 0; // Σ |L − TL| − |T − TL|: the prediction L + T − TL is nearer T when this is ≤ 0
  for (let s = 0; s < 32; s += 8) {
    const l = (left >>> s) & 255, t = (top >>> s) & 255, tl = (topLeft >>> s) & 255;
    towardsTop += Math.abs(l - tl) - Math.abs(t - tl);
  }
  return towardsTop <= 0 ? top : left;
}

function clampAddSubtract(left: number, top: number, topLeft: number): number {
  let out = 0;
  for (let s = 0; s < 32; s += 8) {
    const v = ((left >>> s) & 255) + ((top >>> s) & 255) - ((topLeft >>> s) & 255);
    out |= (v < 0 ? 0 : v > 255 ? 255 : v) << s;
  }
  return out >>> 0;
}

/** What the decoder predicts for pixel (x, y) under `mode`: the format's fixed rules on the top row and left column. */
function prediction(px: Uint32Array, i: number, x: number, y: number, width: number, mode: number): number {
  if (y === 0) return x === 0 ? 0xff000000 : px[i - 1];
  if (x === 0) return px[i - width];
  const left = px[i - 1], top = px[i - width];
  switch (mode) {
    case 0: return 0xff000000;
    case 1: return left;
    case 2: return top;
    case 7: return average2(left, top);
    case 11: return select(left, top, px[i - width - 1]);
    default: return clampAddSubtract(left, top, px[i - width - 1]);
  }
}

/** The pixel minus its prediction, channel by channel, modulo 256. */
function residual(p: number, q: number): number {
  return (((((p >>> 24) - (q >>> 24)) & 255) << 24) | ((((p >> 16) - (q >> 16)) & 255) << 16) | ((((p >> 8) - (q >> 8)) & 255) << 8) | ((p - q) & 255)) >>> 0;
}

/** Cost of a residual: its channels' sizes as signed bytes (small differences code short). */
function cost(r: number): number {
  let c = 0;
  for (let s = 0; s < 32; s += 8) { const v = (r >>> s) & 255; c += v < 128 ? v : 256 - v; }
  return c;
}

/** The predictor image: one pixel per block, its mode in the green channel, the mode that leaves the smallest residuals. */
export function chooseModes(px: Uint32Array, width: number, height: number): Uint32Array {
  const bw = blocks(width), bh = blocks(height), size = 1 << BLOCK_BITS;
  const modes = new Uint32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let best = 0, bestCost = Infinity;
      for (const mode of CANDIDATES) {
        let total = 0;
        for (let y = by * size; y < Math.min(height, (by + 1) * size); y++) {
          for (let x = bx * size, i = y * width + x; x < Math.min(width, (bx + 1) * size); x++, i++) {
            total += cost(residual(px[i], prediction(px, i, x, y, width, mode)));
          }
        }
        if (total < bestCost) { bestCost = total; best = mode; }
      }
      modes[by * bw + bx] = best << 8;
    }
  }
  return modes;
}

/** The residual image: every pixel minus the prediction of its block's mode (from the original pixels). */
export function predict(px: Uint32Array, width: number, height: number, modes: Uint32Array): Uint32Array {
  const out = new Uint32Array(px.length), bw = blocks(width);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const mode = (modes[(y >> BLOCK_BITS) * bw + (x >> BLOCK_BITS)] >> 8) & 15;
      out[i] = residual(px[i], prediction(px, i, x, y, width, mode));
    }
  }
  return out;
}
