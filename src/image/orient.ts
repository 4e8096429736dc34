/** Turns a raster as stored into the raster as displayed, for an EXIF orientation (rotations and mirrors). */
import type { Orientation } from './exifOrientation';
import type { Raster } from './raster';

const TILE = 64;

/**
 * The raster a viewer shows for pixels stored with `orientation`: 1 returns it unchanged; 5–8 swap width and height.
 * 2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° anticlockwise.
 */
export function applyOrientation(raster: Raster, orientation: Orientation): Raster {
  if (orientation === 1) return raster;
  const { width: w, height: h } = raster;
  const swap = orientation >= 5;
  const outW = swap ? h : w, outH = swap ? w : h;
  const src = pixels32(raster.data);
  const out = new Uint32Array(w * h);
  // Each displayed pixel (x, y) comes from stored index start(y) + x·dx: one linear walk per displayed row.
  let start: number, dy: number, dx: number;
  switch (orientation) {
    case 2: start = w - 1; dy = w; dx = -1; break;                 // (w-1-x, y)
    case 3: start = w * h - 1; dy = -w; dx = -1; break;            // (w-1-x, h-1-y)
    case 4: start = (h - 1) * w; dy = -w; dx = 1; break;           // (x, h-1-y)
    case 5: start = 0; dy = 1; dx = w; break;                      // (y, x)
    case 6: start = (h - 1) * w; dy = 1; dx = -w; break;           // (y, h-1-x)
    case 7: start = w * h - 1; dy = -1; dx = -w; break;            // (w-1-y, h-1-x)
    default: start = w - 1; dy = -1; dx = w; break;                // 8: (w-1-y, x)
  }
  // In 64 × 64 tiles, so that turning by 90° reads memory in short runs rather than one column per row.
  for (let ty = 0; ty < outH; ty += TILE) {
    const yEnd = Math.min(ty + TILE, outH);
    for (let tx = 0; tx < outW; tx += TILE) {
      const xEnd = Math.min(tx + TILE, outW);
      for (let y = ty; y < yEnd; y++) {
        for (let x = tx, o = y * outW + tx, s = start + y * dy + tx * dx; x < xEnd; x++, s += dx) out[o++] = src[s];
      }
    }
  }
  return { width: outW, height: outH, data: new Uint8Array(out.buffer) };
}

/** The RGBA bytes seen as one 32-bit word per pixel (copied only when not 4-byte aligned). */
function pixels32(data: Uint8Array): Uint32Array {
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
  return new Uint32Array(data.slice().buffer);
}
