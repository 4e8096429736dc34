/**
 * Seamless cells of a set through the worker's jobs, on decoded pixels: a sheet of wrapping tiles
 * with a sprite among them, several files restyled together, Kenney's real tilemap. The answer is the
 * project's server model of the plate plus, in every cell, a strong gradient that does not wrap, and
 * the cell's own mark in the blue channel, so a pixel that came from a neighbour is caught.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planRun, type PlannedSet } from '../../src/core/setPlan';
import { decodeAnimation, encodeAnimation } from '../../src/image/animation/animation';
import { flattenOnto } from '../../src/image/alpha';
import { collectPalette } from '../../src/image/palette';
import { answerRect, crop } from '../../src/image/plate/plateCut';
import type { Raster } from '../../src/image/raster';
import { scaleArea, scaleCellPick } from '../../src/image/scale';
import { composeSetPlate, finishSet, inspectMember } from '../../src/image/set/setJobs';
import type { SetMember, SetSummary } from '../../src/image/set/setTypes';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import { seamBand } from '../../src/image/tile/seamRepair';
import { clearBorderShare } from '../../src/image/tile/tileChoice';
import { tileInfo } from '../../src/image/tile/tilePlan';
import { crop as cropRegion, wrapPad } from '../../src/image/tile/wrapPad';
import { pngOf, readBack, spriteRaster } from './imageFixtures';
import { brickTile, GAME_ART, photoTexture, rampedPlateAnswer, sheetOf, tintedTile } from './tileFixtures';

/** The blue channel the answer paints cell `i` with (gutters 0): a pixel's blue says which cell it came from. */
const mark = (cell: number): number => 20 + ((cell * 37) % 230);

interface Restyled {
  readonly set: PlannedSet;
  readonly summaries: readonly SetSummary[];
  readonly answers: readonly Raster[];
  /** Each member's file, decoded. */
  readonly outputs: readonly Raster[];
}

async function restyleSet(members: readonly SetMember[], keepPalette = false): Promise<Restyled> {
  const summaries = await Promise.all(members.map(inspectMember));
  const plan = planRun(summaries.map((summary, id) => ({ id, summary })), { variants: 1, cellPixels: 256, together: 'auto' });
  assert.equal(plan.sets.length, 1, 'one set');
  const [set] = plan.sets;
  const bytes: Buffer[] = [];
  for (const [plate] of set.plates.layouts.entries()) bytes.push(rampedPlateAnswer(set.plates.layouts[plate], (await composeSetPlate(members, set.plates, plate)).bytes, mark));
  const outputs = await finishSet(members, set.plates, bytes, { keepTransparency: true, keepPalette });
  return { set, summaries, answers: bytes.map(readBack), outputs: outputs.map((o) => readBack(o.bytes)) };
}

const rgb = (r: Raster, p: number): number => (r.data[p * 4] << 16) | (r.data[p * 4 + 1] << 8) | r.data[p * 4 + 2];

/** Where global cell `cell` lies: its plate, its placement and its answer's rectangle. */
function placementOf(result: Restyled, cell: number) {
  for (const [plate, layout] of result.set.plates.layouts.entries()) {
    const placed = layout.placements.find((p) => p.cell === cell);
    if (placed) return { answer: result.answers[plate], rect: answerRect(result.answers[plate], layout, placed), placed };
  }
  throw new Error(`cell ${cell} is on no plate`);
}

/**
 * A seamless cell's variant: it repeats (the answer's own centre does not), it is the answer's own
 * picture outside the edge band, and every pixel came from its own cell of the answer (its mark).
 */
function assertSeamlessCell(result: Restyled, cell: number, variant: Raster, pixelArt: boolean, answerSeams = true): void {
  const { answer, rect } = placementOf(result, cell);
  const info = tileInfo(variant);
  const part = crop(answer, rect);
  const scaled = pixelArt ? scaleCellPick(part, info.padded.width, info.padded.height) : scaleArea(part, info.padded.width, info.padded.height);
  const own = cropRegion(scaled, { ...info.pad, ...info.tile });
  // (Against a cell with hard outlines inside, the gradient's seam is no larger than they are.)
  if (answerSeams) assert.equal(measureSeam(own).seamless, false, `cell ${cell}: the answer's own centre shows the gradient's seam`);
  const seam = measureSeam(variant);
  assert.ok(seam.seamless, `cell ${cell}: the variant repeats (ratio ${seam.ratio.toFixed(2)})`);
  const bx = seamBand(variant.width), by = seamBand(variant.height);
  const colours = new Set<number>();
  for (let y = rect.y0; y < rect.y1; y++) for (let x = rect.x0; x < rect.x1; x++) colours.add(rgb(answer, y * answer.width + x));
  for (let y = 0; y < variant.height; y++) {
    for (let x = 0; x < variant.width; x++) {
      const p = y * variant.width + x;
      if (variant.data[p * 4 + 3] === 0) continue;
      assert.equal(variant.data[p * 4 + 2], mark(cell), `cell ${cell} pixel ${x}, ${y} comes from its own cell`);
      if (pixelArt) assert.ok(colours.has(rgb(variant, p)), `cell ${cell} pixel ${x}, ${y} is a colour of its own cell (no blur)`);
      if (x >= bx && x < variant.width - bx && y >= by && y < variant.height - by) assert.equal(rgb(variant, p), rgb(own, p), `cell ${cell} pixel ${x}, ${y} outside the band is the answer's own`);
    }
  }
}

/** Cell `index` of a row of cells `width` px wide in a decoded sheet. */
function cellAt(sheet: Raster, index: number, width: number): Raster {
  return cropRegion(sheet, { x: index * width, y: 0, width, height: sheet.height });
}

describe('seamless cells of sets', function () {
  this.timeout(30_000); // Kenney's tilemap is 12 plates of a megapixel each
  it('a sheet of 4 wrapping tiles and a sprite: auto picks the tiles, sends them with their wrap-around, and each comes back repeating', async () => {
    const cells = [0, 1, 2, 3].map((i) => tintedTile(i));
    const sprite = spriteRaster(32, 32);
    const member = sheetOf([...cells, sprite]);
    const result = await restyleSet([member]);
    assert.deepEqual(result.summaries[0].cells.map((c) => !!c.seamless), [true, true, true, true, false]);
    assert.deepEqual(result.set.tiles, [4]);
    assert.equal(result.set.plates.layouts.length, 1, 'the five cells share one call');
    const layout = result.set.plates.layouts[0];
    for (const p of layout.placements) {
      const own = p.cell < 4 ? 48 : 32; // a tile takes the room of its wrap-around (32 + 2 × 8)
      assert.equal(p.width, own * p.factor, `cell ${p.cell} is placed at ${own} px × ${p.factor}`);
    }
    // The request carries each tile wrapped around itself, in crisp blocks.
    const request = readBack((await composeSetPlate([member], result.set.plates, 0)).bytes);
    const tile0 = layout.placements.find((p) => p.cell === 0)!;
    const wrapped = wrapPad(flattenOnto(cells[0])).raster;
    for (const [x, y] of [[0, 0], [3, 47], [47, 20], [24, 24]]) {
      const at = ((tile0.y + y * tile0.factor + 1) * request.width + tile0.x + x * tile0.factor + 1) * 4;
      assert.deepEqual([...request.data.subarray(at, at + 4)], [...wrapped.data.subarray((y * 48 + x) * 4, (y * 48 + x) * 4 + 4)], `wrapped pixel ${x}, ${y} on the plate`);
    }
    const [sheet] = result.outputs;
    assert.deepEqual([sheet.width, sheet.height], [160, 32]);
    for (let i = 0; i < 4; i++) assertSeamlessCell(result, i, cellAt(sheet, i, 32), true);
    const back = cellAt(sheet, 4, 32);
    for (let p = 0; p < 32 * 32; p++) {
      assert.equal(back.data[p * 4 + 3], sprite.data[p * 4 + 3], 'the sprite keeps its alpha');
      if (sprite.data[p * 4 + 3] > 0) assert.equal(back.data[p * 4 + 2], mark(4), 'the sprite comes from its own cell');
    }
  });

  it('keeps the palette lock in a seamless cell, still repeating', async () => {
    const cells = [tintedTile(0), tintedTile(5)];
    const result = await restyleSet([sheetOf(cells)], true);
    for (const [i, cell] of cells.entries()) {
      const variant = cellAt(result.outputs[0], i, 32);
      const palette = new Set(collectPalette(cell));
      for (let p = 0; p < 32 * 32; p++) assert.ok(palette.has(rgb(variant, p)), `cell ${i}: a colour of its own source`);
      assert.ok(measureSeam(variant).seamless, `cell ${i} repeats (ratio ${measureSeam(variant).ratio.toFixed(2)})`);
    }
  });

  it('several files together: a pixel-art tile and a photo texture come back repeating, a sprite as a sprite, on one plate', async () => {
    const files = [tintedTile(2), photoTexture(64, 64), spriteRaster(24, 24)];
    const members: SetMember[] = files.map((f, i) => ({ bytes: pngOf(f), fileName: `f${i}.png`, seamless: 'auto' }));
    const result = await restyleSet(members);
    assert.equal(result.set.kind, 'together');
    assert.deepEqual(result.set.tiles, [1, 1, 0]);
    assert.equal(result.summaries[1].cells[0].pixelArt, false, 'the texture is a photo');
    assertSeamlessCell(result, 0, result.outputs[0], true);
    assertSeamlessCell(result, 1, result.outputs[1], false);
    assert.deepEqual([result.outputs[2].width, result.outputs[2].height], [24, 24]);
    assert.equal(result.summaries[2].cells[0].seamless, undefined);
  });

  it('follows the setting: on makes every cell a tile, even one auto leaves alone (a wrapping tile with clear holes), off none', async () => {
    const holed = tintedTile(3);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const dx = Math.min(x, 32 - x), dy = Math.min(y, 32 - y); // the nearest corner, across the wrap
        if (dx * dx + dy * dy < 49) holed.data[(y * 32 + x) * 4 + 3] = 0;
      }
    }
    assert.ok(measureSeam(holed).seamless && clearBorderShare(holed) > 1 / 8, 'it repeats, but its border is partly clear');
    const auto = await inspectMember(sheetOf([holed, tintedTile(1)]));
    assert.deepEqual(auto.cells.map((c) => [!!c.seamless, c.repeats]), [[false, false], [true, true]]);
    const on = await restyleSet([{ ...sheetOf([holed, tintedTile(1)]), seamless: 'on' }]);
    assert.deepEqual(on.set.tiles, [2]);
    const variant = cellAt(on.outputs[0], 0, 32);
    assertSeamlessCell(on, 0, variant, true);
    for (let p = 0; p < 32 * 32; p++) assert.equal(variant.data[p * 4 + 3], holed.data[p * 4 + 3], 'its alpha is put back exactly');
    const off = await inspectMember({ ...sheetOf([holed, tintedTile(1)]), seamless: 'off' });
    assert.ok(off.cells.every((c) => c.seamless === undefined && c.repeats === undefined), 'off measures nothing');
  });

  it('non-square cells: a sheet of 48 × 24 tiles comes back with each cell repeating', async () => {
    const cells = [brickTile(48, 24), photoTexture(48, 24)];
    const result = await restyleSet([sheetOf(cells)]);
    assert.deepEqual(result.set.tiles, [2]);
    for (const [i, cell] of cells.entries()) {
      const pixelArt = result.summaries[0].cells[i].pixelArt;
      assertSeamlessCell(result, i, cropRegion(result.outputs[0], { x: i * 48, y: 0, width: 48, height: 24 }), pixelArt, cell === cells[0]);
    }
  });

  it('an animated tile (APNG of 4 wrapping frames): every frame goes as a tile, and every frame written back repeats', async () => {
    const frames = [0, 1, 2, 3].map((i) => ({ raster: tintedTile(i), delayMs: 120 }));
    const bytes = await encodeAnimation({ format: 'apng', width: 32, height: 32, loopCount: 0, frames });
    const member: SetMember = { bytes, fileName: 'water.png', seamless: 'auto' };
    const summaries = [await inspectMember(member)];
    assert.equal(summaries[0].kind, 'animation');
    const plan = planRun([{ id: 0, summary: summaries[0] }], { variants: 1, cellPixels: 256, together: 'auto' });
    const [set] = plan.sets;
    assert.deepEqual(set.tiles, [4]);
    const answers = [rampedPlateAnswer(set.plates.layouts[0], (await composeSetPlate([member], set.plates, 0)).bytes, mark)];
    const [output] = await finishSet([member], set.plates, answers, { keepTransparency: true, keepPalette: false });
    const animation = await decodeAnimation(output.bytes, 'water-restyled.png');
    assert.ok(animation);
    assert.equal(animation.frames.length, 4);
    const result: Restyled = { set, summaries, answers: answers.map(readBack), outputs: [] };
    for (const [i, frame] of animation.frames.entries()) assertSeamlessCell(result, i, frame.raster, true);
  });

  it("Kenney's tilemap: the opaque ground and wall tiles go seamless, items and fences on a clear background do not; every seamless cell repeats", async () => {
    const bytes = fs.readFileSync(path.join(GAME_ART, 'tilemap.png'));
    const result = await restyleSet([{ bytes, fileName: 'tilemap.png', seamless: 'auto' }]);
    const { cells, frames } = result.summaries[0];
    assert.equal(cells.length, 132);
    const tiles = cells.flatMap((c, i) => (c.seamless ? [i] : []));
    assert.ok(tiles.includes(0) && tiles.includes(1) && tiles.includes(2), 'the three grass tiles of the first row');
    assert.ok(tiles.length >= 30 && tiles.length <= 80, `${tiles.length} of 132 cells`);
    const source = readBack(bytes);
    for (const [i, frame] of frames!.entries()) {
      const at = { x: frame.x, y: frame.y, width: frame.w, height: frame.h };
      const before = cropRegion(source, at), after = cropRegion(result.outputs[0], at);
      if (cells[i].seamless) {
        assert.ok(clearBorderShare(before) <= 1 / 8, `cell ${i} is opaque along its border`);
        assertSeamlessCell(result, i, after, true, false);
      } else {
        for (let p = 0; p < 16 * 16; p++) assert.equal(after.data[p * 4 + 3], before.data[p * 4 + 3], `cell ${i} keeps its alpha`);
      }
    }
  });
});
