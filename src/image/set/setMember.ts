/**
 * Reads one member of a set in the worker: a sheet (with its JSON, or a grid found from transparent
 * gutters), an animation (every frame as a viewer shows it) or a single picture, as cells; and puts
 * restyled cells back into a file of the member's own kind and size.
 */
import { alphaChannel } from '../alpha';
import { decodeAnimation, encodeAnimation, type Animation } from '../animation/animation';
import { decodeImage } from '../decode';
import { encodeJpeg, encodePng } from '../encode';
import { collectPalette } from '../palette';
import { isPixelArt } from '../plan';
import { createRaster, hasTransparency, type Raster } from '../raster';
import { detectGrid, gridFrames } from '../sheet/gridDetect';
import { extractCell, putCell } from '../sheet/sheetCells';
import { describeSheet, parseSheetJson, type SheetFrame } from '../sheet/sheetJson';
import { chooseTile, type SeamlessMode } from '../tile/tileChoice';
import type { CellShape, SetMember, SetOutput, SetSummary } from './setTypes';

/** A cell with what finishing needs: its pixels, alpha and palette. */
export interface MemberCell {
  readonly raster: Raster;
  readonly shape: CellShape;
  readonly alpha?: Uint8Array;
  readonly palette?: Uint32Array;
}

export interface ReadMember {
  readonly summary: SetSummary;
  readonly cells: readonly MemberCell[];
  /** The member's file from its restyled cells (same order as `cells`). */
  assemble(restyled: readonly Raster[], kept: { transparency: boolean; palette: boolean }): Promise<Omit<SetOutput, 'member'>>;
}

function cellOf(raster: Raster, seamless: SeamlessMode | undefined, group?: string): MemberCell {
  const palette = collectPalette(raster);
  const alpha = hasTransparency(raster) ? alphaChannel(raster) : undefined;
  const tile = chooseTile(raster, seamless);
  const shape: CellShape = {
    width: raster.width,
    height: raster.height,
    pixelArt: isPixelArt(raster, palette !== undefined),
    ...(group ? { group } : {}),
    ...(tile.asTile ? { seamless: true } : {}),
    ...(tile.repeats !== undefined ? { repeats: tile.repeats } : {}),
  };
  return { raster, shape, ...(alpha ? { alpha } : {}), ...(palette ? { palette } : {}) };
}

/** The frames, without the duplicates Aseprite merges into one rectangle (restyled once, written once). */
function distinctFrames(frames: readonly SheetFrame[]): SheetFrame[] {
  const seen = new Set<string>();
  return frames.filter((f) => {
    const key = `${f.frame.x},${f.frame.y},${f.frame.w},${f.frame.h},${f.rotated}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function coloursOf(cells: readonly MemberCell[]): number | undefined {
  return cells.every((c) => c.palette) ? Math.max(...cells.map((c) => c.palette!.length)) : undefined;
}

export async function readMember(member: SetMember): Promise<ReadMember> {
  const { bytes, fileName } = member;
  if (!member.whole) {
    const animation = await decodeAnimation(bytes, fileName);
    if (animation && animation.frames.length > 1) return animationMember(animation, member.seamless);
  }
  const decoded = await decodeImage(bytes, fileName);
  const raster = decoded.raster;
  let problem: string | undefined;
  if (!member.whole && member.grid) {
    const frames = gridFrames(raster, member.grid);
    if (frames.ok && frames.frames.length > 1) return sheetMember(raster, frames.frames, `Sheet: ${frames.frames.length} cells of ${member.grid.cellWidth} × ${member.grid.cellHeight} (set by hand)`, member.seamless);
    problem = frames.ok ? `${fileName}: those cells make only one frame; it is restyled as one picture.` : `${fileName}: ${frames.problem}`;
  } else if (!member.whole && decoded.format === 'png') {
    if (member.sidecar) {
      const parsed = parseSheetJson(member.sidecar.text, raster, member.sidecar.name);
      if (parsed.ok) return sheetMember(raster, distinctFrames(parsed.sheet.frames), `Sheet: ${describeSheet(parsed.sheet)}`, member.seamless, member.sidecar.text);
      problem = `${parsed.problem} ${fileName} is restyled as one picture.`;
    } else {
      const grid = detectGrid(raster);
      const frames = grid && gridFrames(raster, grid);
      if (grid && frames?.ok && frames.frames.length > 1) {
        return sheetMember(raster, frames.frames, `Sheet: ${frames.frames.length} cells of ${grid.cellWidth} × ${grid.cellHeight} (grid found from transparent gutters)`, member.seamless);
      }
    }
  }
  const cell = cellOf(raster, member.seamless);
  const format = decoded.format === 'jpeg' ? 'jpeg' : 'png';
  return {
    summary: { kind: 'image', width: raster.width, height: raster.height, cells: [cell.shape], format, hasAlpha: !!cell.alpha, colours: cell.palette?.length, ...(problem ? { problem } : {}) },
    cells: [cell],
    async assemble([restyled], kept) {
      const png = format === 'png' || (kept.transparency && !!cell.alpha);
      const out = png ? encodePng(restyled) : await encodeJpeg(restyled, 92);
      return { bytes: out, format: png ? 'png' : 'jpeg', width: restyled.width, height: restyled.height, transparencyKept: kept.transparency && !!cell.alpha, paletteKept: kept.palette && !!cell.palette };
    },
  };
}

function sheetMember(sheet: Raster, frames: readonly SheetFrame[], description: string, seamless: SeamlessMode | undefined, json?: string): ReadMember {
  const cells = frames.map((f) => cellOf(extractCell(sheet, f), seamless, f.tag));
  const hasAlpha = cells.some((c) => c.alpha);
  return {
    summary: {
      kind: 'sheet', width: sheet.width, height: sheet.height, cells: cells.map((c) => c.shape), description, format: 'png', hasAlpha, colours: coloursOf(cells),
      frames: frames.map(({ frame: f, rotated }) => (rotated ? { x: f.x, y: f.y, w: f.h, h: f.w } : f)),
    },
    cells,
    async assemble(restyled, kept) {
      const out = { width: sheet.width, height: sheet.height, data: sheet.data.slice() };
      frames.forEach((frame, i) => putCell(out, frame, restyled[i]));
      return { bytes: encodePng(out), format: 'png', width: out.width, height: out.height, ...(json ? { sheetJson: json } : {}), transparencyKept: kept.transparency && hasAlpha, paletteKept: kept.palette && cells.every((c) => c.palette) };
    },
  };
}

function animationMember(animation: Animation, seamless: SeamlessMode | undefined): ReadMember {
  const cells = animation.frames.map((f) => cellOf(f.raster, seamless));
  const hasAlpha = cells.some((c) => c.alpha);
  const names = { apng: 'APNG', webp: 'animated WebP', gif: 'GIF' } as const;
  const loops = animation.loopCount === 0 ? 'loops forever' : `plays ${animation.loopCount} time${animation.loopCount === 1 ? '' : 's'}`;
  const format = animation.format === 'apng' ? 'png' : animation.format;
  return {
    summary: { kind: 'animation', width: animation.width, height: animation.height, cells: cells.map((c) => c.shape), description: `Animation: ${cells.length} frames, ${names[animation.format]}, ${loops}`, format, hasAlpha, colours: coloursOf(cells) },
    cells,
    async assemble(restyled, kept) {
      const frames = animation.frames.map((f, i) => ({ ...f, raster: restyled[i] ?? createRaster(animation.width, animation.height) }));
      const bytes = await encodeAnimation({ ...animation, frames });
      return { bytes, format, width: animation.width, height: animation.height, transparencyKept: kept.transparency && hasAlpha, paletteKept: kept.palette && cells.every((c) => c.palette) };
    },
  };
}
