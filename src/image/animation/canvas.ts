/** Compositing frames onto an animation's canvas as a viewer does, and small byte helpers the codecs share. */
import { createRaster, type Raster } from '../raster';

/** A copy of the raster (each decoded frame keeps its own pixels while the canvas moves on). */
export function cloneRaster(r: Raster): Raster {
  return { width: r.width, height: r.height, data: new Uint8Array(r.data) }; // a copy even of a Buffer
}

/**
 * Draws `frame` at (x, y): `over` alpha-blends it onto what is there (APNG blend_op over, WebP
 * alpha-blending), otherwise its pixels, alpha included, replace the canvas's. The frame lies on the canvas.
 */
export function drawFrame(canvas: Raster, frame: Raster, x: number, y: number, over: boolean): void {
  const cw = canvas.width, c = canvas.data, f = frame.data, fw = frame.width;
  for (let row = 0; row < frame.height; row++) {
    let s = row * fw * 4;
    let d = ((y + row) * cw + x) * 4;
    if (!over) {
      c.set(f.subarray(s, s + fw * 4), d);
      continue;
    }
    for (let col = 0; col < fw; col++, s += 4, d += 4) {
      const sa = f[s + 3];
      if (sa === 0) continue;
      const da = c[d + 3];
      if (sa === 255 || da === 0) {
        c[d] = f[s]; c[d + 1] = f[s + 1]; c[d + 2] = f[s + 2]; c[d + 3] = sa;
        continue;
      }
      // Non-premultiplied "over" (the APNG and WebP specifications' formula), in 255ths of alpha.
      const dw = da * (255 - sa);
      const out = sa * 255 + dw;
      c[d] = Math.round((f[s] * sa * 255 + c[d] * dw) / out);
      c[d + 1] = Math.round((f[s + 1] * sa * 255 + c[d + 1] * dw) / out);
      c[d + 2] = Math.round((f[s + 2] * sa * 255 + c[d + 2] * dw) / out);
      c[d + 3] = Math.round(out / 255);
    }
  }
}

/** Makes a rectangle of the canvas fully transparent (dispose to background, as browsers show it). */
export function clearRect(canvas: Raster, x: number, y: number, w: number, h: number): void {
  for (let row = y; row < y + h; row++) canvas.data.fill(0, (row * canvas.width + x) * 4, (row * canvas.width + x + w) * 4);
}

/** A rectangle of the canvas as a raster of its own (to restore it after a dispose-to-previous frame). */
export function cropRect(canvas: Raster, x: number, y: number, w: number, h: number): Raster {
  const out = createRaster(w, h);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * canvas.width + x) * 4;
    out.data.set(canvas.data.subarray(from, from + w * 4), row * w * 4);
  }
  return out;
}

/**
 * The smallest rectangle holding every pixel where `next` differs from `prev` (at least 1 × 1), so an
 * encoder can store only what changed; `even` rounds its origin down to even coordinates (WebP).
 */
export function changedRect(prev: Raster, next: Raster, even = false): { x: number; y: number; w: number; h: number } {
  const { width, height } = next;
  const a = new Uint32Array(prev.data.buffer.slice(prev.data.byteOffset, prev.data.byteOffset + prev.data.byteLength));
  const b = new Uint32Array(next.data.buffer.slice(next.data.byteOffset, next.data.byteOffset + next.data.byteLength));
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (a[i] === b[i]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return { x: 0, y: 0, w: 1, h: 1 };
  if (even) { x0 &= ~1; y0 &= ~1; }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}
export function u16le(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
export function u24le(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
}
export function u32le(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
export function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
