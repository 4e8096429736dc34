/** Frames out of a decoded sheet as upright untrimmed cells, and back as they lie: trimmed, rotated and merged frames of the real exports. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../src/image/decode';
import { createRaster, type Raster } from '../../src/image/raster';
import { gridFrames } from '../../src/image/sheet/gridDetect';
import { extractCell, putCell } from '../../src/image/sheet/sheetCells';
import { occupied, parseSheetJson, type SheetFrame } from '../../src/image/sheet/sheetJson';

const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');
const JSON_SHEETS = [['beetle.json', 'beetle.png'], ['player.json', 'player.png'], ['deer-character-idle-hash.json', 'deer-character-idle.png'], ['building1.json', 'building1.png'], ['extra/kayahr.aseprite.json', 'extra/kayahr.png']];

async function decoded(name: string): Promise<Raster> {
  return (await decodeImage(fs.readFileSync(path.join(GAME_ART, name)), path.basename(name))).raster;
}

async function framesOf(json: string, sheet: Raster): Promise<SheetFrame[]> {
  const parsed = parseSheetJson(fs.readFileSync(path.join(GAME_ART, json), 'utf8'), sheet, path.basename(json));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return [...parsed.sheet.frames];
}

/** Every fixture sheet with its frames: the JSON ones, and the grids cut by their fixtures.json cells. */
async function everySheet(): Promise<{ name: string; sheet: Raster; frames: SheetFrame[] }[]> {
  const out = [];
  for (const [json, png] of JSON_SHEETS) {
    const sheet = await decoded(png);
    out.push({ name: png, sheet, frames: await framesOf(json, sheet) });
  }
  for (const [png, cellWidth, spacing] of [['tilemap.png', 16, 1], ['LilWiz_Running_(32 x 32).png', 32, 0]] as const) {
    const sheet = await decoded(png);
    const grid = gridFrames(sheet, { cellWidth, cellHeight: cellWidth, margin: 0, spacing });
    assert.ok(grid.ok);
    out.push({ name: png, sheet, frames: grid.frames });
  }
  return out;
}

const copy = (r: Raster): Raster => ({ width: r.width, height: r.height, data: r.data.slice() });
const pixel = (r: Raster, x: number, y: number) => [...r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4)];
const inside = (r: { x: number; y: number; w: number; h: number }, x: number, y: number) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;

function solid(width: number, height: number, rgba: number[]): Raster {
  const r = createRaster(width, height);
  for (let i = 0; i < r.data.length; i += 4) r.data.set(rgba, i);
  return r;
}

/** Brightness-weighted centre of the opaque pixels against the cell's centre: [x, y]. */
function brightSide(cell: Raster): [number, number] {
  let sx = 0, sy = 0, total = 0;
  for (let y = 0; y < cell.height; y++) {
    for (let x = 0; x < cell.width; x++) {
      const [r, g, b, a] = pixel(cell, x, y);
      if (a < 200) continue;
      sx += (r + g + b) * (x - (cell.width - 1) / 2);
      sy += (r + g + b) * (y - (cell.height - 1) / 2);
      total += r + g + b;
    }
  }
  return [sx / total, sy / total];
}

describe('sheet cells', () => {
  it('gives every fixture sheet back byte for byte when its unchanged cells are put back, trimmed and rotated frames included', async () => {
    for (const { name, sheet, frames } of await everySheet()) {
      const out = copy(sheet);
      for (const f of frames) putCell(out, f, extractCell(sheet, f));
      assert.ok(Buffer.from(out.data).equals(Buffer.from(sheet.data)), name);
    }
  });

  it('puts back exactly the frames: onto a clear sheet, the cells rebuild every frame rectangle and nothing else', async () => {
    for (const { name, sheet, frames } of await everySheet()) {
      const out = createRaster(sheet.width, sheet.height);
      for (const f of frames) putCell(out, f, extractCell(sheet, f));
      const rects = frames.map(occupied);
      for (let y = 0; y < sheet.height; y++) {
        for (let x = 0; x < sheet.width; x++) {
          const want = rects.some((r) => inside(r, x, y)) ? pixel(sheet, x, y) : [0, 0, 0, 0];
          assert.deepEqual(pixel(out, x, y), want, `${name} at ${x}, ${y}`);
        }
      }
    }
  });

  it('changes exactly the frame rectangle when a solid-coloured cell is put, and nothing else', async () => {
    const colour = [1, 254, 3, 77];
    for (const { name, sheet, frames } of await everySheet()) {
      for (const f of frames.filter((g, i) => i % 7 === 0 || g.rotated || g.trimmed)) {
        const out = copy(sheet);
        putCell(out, f, solid(f.sourceSize.w, f.sourceSize.h, colour));
        const r = occupied(f);
        for (let y = 0; y < sheet.height; y++) {
          for (let x = 0; x < sheet.width; x++) {
            const got = pixel(out, x, y);
            if (inside(r, x, y)) assert.deepEqual(got, colour, `${name} ${f.name} at ${x}, ${y}`);
            else if (got.some((v, i) => v !== sheet.data[(y * sheet.width + x) * 4 + i])) assert.fail(`${name} ${f.name}: ${x}, ${y} is outside the frame but changed`);
          }
        }
      }
    }
  });

  it('cuts a trimmed frame into its untrimmed cell: clear around spriteSourceSize, and only that part goes back', async () => {
    const sheet = await decoded('deer-character-idle.png');
    const [first] = await framesOf('deer-character-idle-hash.json', sheet);
    assert.deepEqual([first.frame, first.spriteSourceSize, first.sourceSize], [{ x: 2, y: 2, w: 20, h: 50 }, { x: 9, y: 2, w: 20, h: 50 }, { w: 49, h: 53 }]);
    const cell = extractCell(sheet, first);
    assert.deepEqual([cell.width, cell.height], [49, 53]);
    for (let y = 0; y < 53; y++) {
      for (let x = 0; x < 49; x++) {
        const want = inside(first.spriteSourceSize, x, y) ? pixel(sheet, x - 9 + 2, y - 2 + 2) : [0, 0, 0, 0];
        assert.deepEqual(pixel(cell, x, y), want, `${x}, ${y}`);
      }
    }
    const painted = solid(49, 53, [200, 0, 0, 255]);
    for (let y = 2; y < 52; y++) for (let x = 9; x < 29; x++) painted.data.set([0, 0, 200, 255], (y * 49 + x) * 4);
    const out = copy(sheet);
    putCell(out, first, painted);
    for (let i = 0; i < out.data.length; i += 4) assert.ok(!(out.data[i] === 200 && out.data[i + 2] === 0), 'nothing from outside spriteSourceSize reaches the sheet');
  });

  it('reads a rotated frame back with a quarter turn counter-clockwise (TexturePacker stores it turned clockwise)', () => {
    // Upright 3 × 2:   A B C      turned clockwise, as stored (2 × 3):   D A
    //                  D E F                                            E B
    //                                                                   F C
    const [A, B, C, D, E, F] = [10, 20, 30, 40, 50, 60];
    const sheet = createRaster(4, 4);
    const stored: [number, number, number][] = [[1, 1, D], [2, 1, A], [1, 2, E], [2, 2, B], [1, 3, F], [2, 3, C]];
    for (const [x, y, v] of stored) sheet.data.set([v, v, v, 255], (y * 4 + x) * 4);
    const frame: SheetFrame = { name: 'turned', frame: { x: 1, y: 1, w: 3, h: 2 }, rotated: true, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 3, h: 2 }, sourceSize: { w: 3, h: 2 } };
    const cell = extractCell(sheet, frame);
    assert.deepEqual([cell.width, cell.height], [3, 2]);
    assert.deepEqual([0, 1, 2].map((x) => pixel(cell, x, 0)[0]).concat([0, 1, 2].map((x) => pixel(cell, x, 1)[0])), [A, B, C, D, E, F]);
    const out = createRaster(4, 4);
    putCell(out, frame, cell);
    assert.deepEqual(out.data, sheet.data);
  });

  it('turns building1.png’s rotated stars upright: lit like the upright star2, which the other turn would not give', async () => {
    const sheet = await decoded('building1.png');
    const frames = await framesOf('building1.json', sheet);
    assert.deepEqual(frames.filter((f) => f.rotated).map((f) => f.name), ['star1.png', 'star3.png', 'star4.png']);
    const upright = brightSide(extractCell(sheet, frames.find((f) => f.name === 'star2.png')!));
    assert.ok(upright[1] > 0.2, `star2 is brighter towards its bottom (${upright})`);
    for (const f of frames.filter((g) => g.rotated)) {
      const [, y] = brightSide(extractCell(sheet, f));
      assert.ok(y > 0.2, `${f.name} read upright is brighter towards its bottom too (${y})`);
    }
  });

  it('writes a rectangle Aseprite shares between identical frames once per frame naming it, and refuses a cell of the wrong size', () => {
    const sheet = solid(8, 4, [9, 9, 9, 255]);
    const f = (name: string, x: number): SheetFrame => ({ name, frame: { x, y: 0, w: 4, h: 4 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 4, h: 4 }, sourceSize: { w: 4, h: 4 } });
    const out = copy(sheet);
    putCell(out, f('a', 0), solid(4, 4, [1, 1, 1, 255]));
    putCell(out, f('a again', 0), solid(4, 4, [1, 1, 1, 255]));
    assert.deepEqual(pixel(out, 3, 3), [1, 1, 1, 255]);
    assert.deepEqual(pixel(out, 4, 0), [9, 9, 9, 255]);
    assert.throws(() => putCell(out, f('b', 4), solid(5, 4, [0, 0, 0, 0])), /takes a 4 × 4 cell, not 5 × 4/);
    assert.throws(() => extractCell(sheet, f('off', 6)), /lies outside the 8 × 4 sheet/);
  });
});
