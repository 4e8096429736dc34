/**
 * A sheet's frames as upright, untrimmed cells, and restyled cells back into the sheet as they lie there.
 *
 * Rotation: TexturePacker turns a `rotated` frame 90° clockwise when it packs it. Its `frame` keeps the
 * upright w × h, and in the sheet the frame takes h × w pixels. Turning clockwise sends the upright pixel
 * (x, y) to (h − 1 − y, x) of the stored block: the upright top-left corner ends up top-right. Reading it
 * back is the counter-clockwise quarter turn: upright (x, y) is read from sheet (fx + h − 1 − y, fy + x).
 * Checked on the fixture building1.png: star2 is stored upright and is brighter towards its bottom; read
 * this way, the rotated star1, star3 and star4 are brighter towards their bottom as well, while the other
 * quarter turn would leave all three brighter towards the top (the unit tests check this).
 */
import { createRaster, type Raster } from '../raster';
import type { SheetFrame } from './sheetJson';

/** Calls `visit` for every stored pixel of the frame with its RGBA offset in the sheet and in the upright cell. */
function eachPixel(sheetWidth: number, cellWidth: number, frame: SheetFrame, visit: (inSheet: number, inCell: number) => void): void {
  const { x: fx, y: fy, w, h } = frame.frame;
  const { x: ox, y: oy } = frame.spriteSourceSize;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = frame.rotated ? fx + (h - 1 - y) : fx + x;
      const sy = frame.rotated ? fy + x : fy + y;
      visit((sy * sheetWidth + sx) * 4, ((oy + y) * cellWidth + ox + x) * 4);
    }
  }
}

function checkFits(sheet: Raster, frame: SheetFrame): void {
  const { x, y, w, h } = frame.frame;
  const [sw, sh] = frame.rotated ? [h, w] : [w, h];
  if (x + sw > sheet.width || y + sh > sheet.height) throw new RangeError(`Frame "${frame.name}" lies outside the ${sheet.width} × ${sheet.height} sheet.`);
}

/** The frame's untrimmed cell, upright: `sourceSize`, transparent, its stored pixels at `spriteSourceSize`. */
export function extractCell(sheet: Raster, frame: SheetFrame): Raster {
  checkFits(sheet, frame);
  const cell = createRaster(frame.sourceSize.w, frame.sourceSize.h);
  eachPixel(sheet.width, cell.width, frame, (s, c) => cell.data.set(sheet.data.subarray(s, s + 4), c));
  return cell;
}

/**
 * Writes the `spriteSourceSize` part of a restyled cell (upright, `sourceSize`) into the frame's rectangle
 * of `sheet`, turned back as it lies there. Nothing outside the frame's rectangle is touched: the caller
 * starts from a copy of the source sheet, so padding and pixels of no frame stay the source's.
 */
export function putCell(sheet: Raster, frame: SheetFrame, cell: Raster): void {
  checkFits(sheet, frame);
  if (cell.width !== frame.sourceSize.w || cell.height !== frame.sourceSize.h) {
    throw new RangeError(`Frame "${frame.name}" takes a ${frame.sourceSize.w} × ${frame.sourceSize.h} cell, not ${cell.width} × ${cell.height}.`);
  }
  eachPixel(sheet.width, cell.width, frame, (s, c) => sheet.data.set(cell.data.subarray(c, c + 4), s));
}
