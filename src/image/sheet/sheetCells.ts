/**
 * A sheet's frames as upright cells and back. TexturePacker stores a `rotated` frame turned 90°
 * clockwise (its `frame` gives the unrotated w × h; in the sheet it occupies h × w), so it is read back
 * with a quarter turn counter-clockwise and written back turned clockwise again, as it lies.
 */
import { createRaster, type Raster } from '../raster';
import type { SheetFrame } from './sheetJson';

/** Calls `visit` for every stored pixel of the frame: its index in the sheet and in the upright cell (RGBA offsets). */
function eachPixel(sheetWidth: number, cellWidth: number, frame: SheetFrame, visit: (inSheet: number, inCell: number) => void): void {
  const { x: fx, y: fy, w, h } = frame.frame;
  const { x: ox, y: oy } = frame.spriteSourceSize;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Upright (x, y) of the stored part; in the sheet a rotated frame holds it at (h - 1 - y, x).
      const sx = frame.rotated ? fx + (h - 1 - y) : fx + x;
      const sy = frame.rotated ? fy + x : fy + y;
      visit((sy * sheetWidth + sx) * 4, ((oy + y) * cellWidth + ox + x) * 4);
    }
  }
}

/** The frame's untrimmed cell, upright: `sourceSize`, transparent, its stored pixels at `spriteSourceSize`. */
export function extractCell(sheet: Raster, frame: SheetFrame): Raster {
  const cell = createRaster(frame.sourceSize.w, frame.sourceSize.h);
  eachPixel(sheet.width, cell.width, frame, (s, c) => cell.data.set(sheet.data.subarray(s, s + 4), c));
  return cell;
}

/** Writes the `spriteSourceSize` part of a restyled cell back into the frame's rectangle of `sheet`, as it lies there. */
export function putCell(sheet: Raster, frame: SheetFrame, cell: Raster): void {
  eachPixel(sheet.width, cell.width, frame, (s, c) => sheet.data.set(cell.data.subarray(c, c + 4), s));
}
