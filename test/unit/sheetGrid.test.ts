/** Grids without JSON: found from transparent gutters on the fixtures and on drawn sheets, or set by hand. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../src/image/decode';
import { createRaster, type Raster } from '../../src/image/raster';
import { detectGrid, gridFrames, type GridSpec } from '../../src/image/sheet/gridDetect';

const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');
interface GridFixture { file: string; kind: string; cell: [number, number]; cols: number; rows: number; margin: number; spacing: number; frames: number }
const GRIDS: GridFixture[] = (JSON.parse(fs.readFileSync(path.join(GAME_ART, 'fixtures.json'), 'utf8')) as GridFixture[]).filter((f) => f.kind === 'grid');

async function decoded(name: string): Promise<Raster> {
  return (await decodeImage(fs.readFileSync(path.join(GAME_ART, name)), name)).raster;
}

/** Paints an opaque w × h block at x, y (grey levels from `shade`). */
function block(r: Raster, x: number, y: number, w: number, h: number, shade = 1): void {
  for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) r.data.set([(i * 7 + shade * 40) % 256, (j * 5) % 256, shade % 256, 255], (j * r.width + i) * 4);
}

/** A sheet of `columns` × `rows` cells of `cell` px; each drawing is `draw` px, placed inside its cell by `place`. */
function drawnSheet(o: { columns: number; rows: number; cell: number; margin?: number; spacing?: number; draw?: number; width?: number; height?: number; place?: (i: number) => [number, number]; skip?: number[] }): Raster {
  const { columns, rows, cell, margin = 0, spacing = 0, draw = cell } = o;
  const r = createRaster(o.width ?? margin * 2 + columns * cell + (columns - 1) * spacing, o.height ?? margin * 2 + rows * cell + (rows - 1) * spacing);
  for (let i = 0; i < columns * rows; i++) {
    if (o.skip?.includes(i)) continue;
    const [dx, dy] = o.place?.(i) ?? [(cell - draw) >> 1, (cell - draw) >> 1];
    block(r, margin + (i % columns) * (cell + spacing) + dx, margin + Math.floor(i / columns) * (cell + spacing) + dy, draw, draw, i + 1);
  }
  return r;
}

describe('sheet grids', () => {
  it('has the two grid fixtures', () => {
    assert.deepEqual(GRIDS.map((g) => g.file), ['LilWiz_Running_(32 x 32).png', 'tilemap.png']);
  });

  for (const fixture of GRIDS) {
    it(`finds ${fixture.file}'s grid from its gutters: ${fixture.cols} × ${fixture.rows} cells of ${fixture.cell.join(' × ')}, spacing ${fixture.spacing}, and its ${fixture.frames} frames`, async () => {
      const raster = await decoded(fixture.file);
      const grid = detectGrid(raster);
      assert.deepEqual(grid, { cellWidth: fixture.cell[0], cellHeight: fixture.cell[1], margin: fixture.margin, spacing: fixture.spacing, columns: fixture.cols, rows: fixture.rows });
      const frames = gridFrames(raster, grid!);
      assert.ok(frames.ok);
      assert.equal(frames.frames.length, fixture.frames);
      const pitch = fixture.cell[0] + fixture.spacing;
      assert.deepEqual(frames.frames[1].frame, { x: pitch, y: 0, w: fixture.cell[0], h: fixture.cell[1] });
      assert.deepEqual(frames.frames.at(-1)!.frame, { x: (fixture.cols - 1) * pitch, y: (fixture.rows - 1) * pitch, w: fixture.cell[0], h: fixture.cell[1] });
    });
  }

  it('finds no grid in sheets whose frames touch (their JSON says where they are) nor in single pictures', async () => {
    for (const name of ['beetle.png', 'deer-character-idle.png', 'building1.png', 'tile_0002.png', 'extra/kayahr.png']) assert.equal(detectGrid(await decoded(name)), undefined, name);
  });

  it('takes the bands as cells when they are one size at one pitch: margin 2, spacing 3, 4 × 3 cells of 16 × 16', () => {
    const sheet = drawnSheet({ columns: 4, rows: 3, cell: 16, margin: 2, spacing: 3 });
    assert.deepEqual(detectGrid(sheet), { cellWidth: 16, cellHeight: 16, margin: 2, spacing: 3, columns: 4, rows: 3 });
    const holed = drawnSheet({ columns: 4, rows: 3, cell: 16, margin: 2, spacing: 3, skip: [5] });
    const grid = detectGrid(holed)!;
    assert.deepEqual(grid, { cellWidth: 16, cellHeight: 16, margin: 2, spacing: 3, columns: 4, rows: 3 });
    const frames = gridFrames(holed, grid);
    assert.ok(frames.ok);
    assert.equal(frames.frames.length, 11, 'the clear cell is no frame');
    assert.ok(!frames.frames.some((f) => f.frame.x === 2 + 19 && f.frame.y === 2 + 19));
  });

  it('finds cells larger than their drawings: a run of 5 in 24 px cells without spacing, the runner moving inside its cell', () => {
    const sheet = drawnSheet({ columns: 5, rows: 1, cell: 24, draw: 14, place: (i) => [3 + (i % 3), 4 + (i % 2)] });
    assert.deepEqual(detectGrid(sheet), { cellWidth: 24, cellHeight: 24, margin: 0, spacing: 0, columns: 5, rows: 1 });
  });

  it('finds 2 rows of 4, and a strip of 5 in a power-of-two image with clear space after it', () => {
    const walk = drawnSheet({ columns: 4, rows: 2, cell: 32, draw: 20, place: (i) => [[5, 8, 6, 7][i % 4], [6, 4, 5][i % 3]] });
    assert.deepEqual(detectGrid(walk), { cellWidth: 32, cellHeight: 32, margin: 0, spacing: 0, columns: 4, rows: 2 });
    // The same drawings at the same place in every cell: the bands are the cells (rule 1), a grid that cuts them just as well.
    assert.deepEqual(detectGrid(drawnSheet({ columns: 4, rows: 2, cell: 32, draw: 20 })), { cellWidth: 20, cellHeight: 20, margin: 6, spacing: 12, columns: 4, rows: 2 });
    const padded = drawnSheet({ columns: 5, rows: 1, cell: 32, draw: 20, width: 256, height: 32, place: (i) => [[6, 9, 5, 7, 8][i], [6, 5, 7, 6, 4][i]] });
    assert.deepEqual(detectGrid(padded), { cellWidth: 32, cellHeight: 32, margin: 0, spacing: 0, columns: 5, rows: 1 });
    const frames = gridFrames(padded, detectGrid(padded)!);
    assert.ok(frames.ok);
    assert.equal(frames.frames.length, 5, 'the clear cells after the strip are no frames');
  });

  it('finds nothing in a clear image, a full one, one sprite, two drawings side by side, or dots too small to be cells', () => {
    assert.equal(detectGrid(createRaster(64, 64)), undefined);
    const full = createRaster(64, 32);
    block(full, 0, 0, 64, 32);
    assert.equal(detectGrid(full), undefined);
    const one = createRaster(32, 32);
    block(one, 6, 4, 20, 24);
    assert.equal(detectGrid(one), undefined);
    const two = createRaster(32, 32);
    block(two, 4, 4, 11, 24);
    block(two, 16, 4, 12, 24);
    assert.equal(detectGrid(two), undefined, 'a picture of two parts is not a sheet');
    const dots = createRaster(90, 90);
    for (let y = 0; y < 90; y += 3) for (let x = 0; x < 90; x += 3) block(dots, x, y, 1, 1);
    assert.equal(detectGrid(dots), undefined);
  });

  it('stays quick on a large image with wide gaps and many bands', () => {
    const big = createRaster(2048, 2048);
    for (let i = 0; i < 400; i++) block(big, 40 + ((i * 97) % 1900), 40 + ((i * 61) % 1900), 4 + (i % 9), 4 + (i % 5));
    const started = performance.now();
    detectGrid(big);
    assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  });

  it('cuts a hand-set grid: cells in reading order after the margin, spacing apart, whole cells only', () => {
    const spec: GridSpec = { cellWidth: 10, cellHeight: 8, margin: 1, spacing: 2 };
    const frames = gridFrames({ width: 34, height: 20 }, spec);
    assert.ok(frames.ok);
    assert.deepEqual(frames.frames.map((f) => [f.frame.x, f.frame.y]), [[1, 1], [13, 1], [1, 11], [13, 11]]);
    assert.deepEqual(frames.frames[3], { name: 'cell 3', frame: { x: 13, y: 11, w: 10, h: 8 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 10, h: 8 }, sourceSize: { w: 10, h: 8 } });
    const lilwiz = gridFrames({ width: 192, height: 32 }, { cellWidth: 32, cellHeight: 32, margin: 0, spacing: 0 });
    assert.ok(lilwiz.ok && lilwiz.frames.length === 6);
  });

  it('refuses hand-set cells that cannot be', () => {
    const problem = (image: Raster | { width: number; height: number }, spec: Partial<GridSpec>) => {
      const result = gridFrames(image, { cellWidth: 16, cellHeight: 16, margin: 0, spacing: 0, ...spec });
      assert.ok(!result.ok, JSON.stringify(spec));
      return result.problem;
    };
    const image = { width: 64, height: 64 };
    for (const spec of [{ cellWidth: 0 }, { cellHeight: -16 }, { cellWidth: 1.5 }, { cellWidth: NaN }, { margin: -1 }, { spacing: 0.5 }, { spacing: Infinity }]) {
      assert.match(problem(image, spec), /^Cells need a whole width and height of at least 1 px/);
    }
    assert.equal(problem(image, { cellWidth: 65 }), 'No cell of 65 × 16 px fits the 64 × 64 image with a margin of 0 px.');
    assert.equal(problem(image, { margin: 50 }), 'No cell of 16 × 16 px fits the 64 × 64 image with a margin of 50 px.');
    assert.equal(problem({ width: 100, height: 100 }, { cellWidth: 1, cellHeight: 1 }), 'Cells of 1 × 1 px make 10000 cells; Restyle takes at most 4096.');
    assert.equal(problem(createRaster(64, 64), {}), 'Every 16 × 16 px cell of the image is fully transparent.');
  });
});
