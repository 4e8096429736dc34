/** Plate layout (pure arithmetic): how many calls a set takes, and the limits every plate keeps, also as properties over random sets. */
import * as assert from 'node:assert/strict';
import { gutterFor, layoutPlates, MAX_PLATE_ASPECT, MAX_PLATE_PIXELS, plateSize, type PlateCellInput, type PlateLayout } from '../../src/image/plate/plateLayout';

/** A small seeded RNG (mulberry32), so every random case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sprites = (n: number, side: number, group?: (i: number) => string): PlateCellInput[] =>
  Array.from({ length: n }, (_, i) => ({ width: side, height: side, pixelArt: true, ...(group ? { group: group(i) } : {}) }));

/** The factor a cell gets when nothing stops it: one whole factor up to `cellPixels` on its long side. */
const idealFactor = (c: PlateCellInput, cellPixels: number) => Math.max(1, Math.ceil(cellPixels / Math.max(c.width, c.height)));

/** Whether a cell of this plate size fits a plate alone, margins included. */
function fitsAlone(width: number, height: number, gutter: number): boolean {
  const size = plateSize(width + 2 * gutter, height + 2 * gutter);
  return size.width * size.height <= MAX_PLATE_PIXELS;
}

/** Every rule a set of plates must keep; `label` names the case in failures. */
function checkPlates(cells: readonly PlateCellInput[], cellPixels: number, plates: readonly PlateLayout[], label: string): void {
  const gutter = gutterFor(cellPixels);
  const order = plates.flatMap((l) => l.placements.map((p) => p.cell));
  assert.deepEqual(order, cells.map((_, i) => i), `${label}: every cell on exactly one plate, in order`);
  for (const [n, plate] of plates.entries()) {
    const where = `${label}, plate ${n} (${plate.width} × ${plate.height})`;
    assert.ok(Number.isInteger(plate.width) && Number.isInteger(plate.height), where);
    assert.ok(plate.width * plate.height <= MAX_PLATE_PIXELS, `${where}: at most one megapixel`);
    assert.ok(Math.min(plate.width, plate.height) >= 64, `${where}: both sides at least 64 px`);
    assert.ok(Math.max(plate.width, plate.height) <= MAX_PLATE_ASPECT * Math.min(plate.width, plate.height), `${where}: at most 4:1`);
    for (const p of plate.placements) {
      const cell = cells[p.cell];
      const at = `${where}, cell ${p.cell} (${cell.width} × ${cell.height}${cell.pixelArt ? ' pixel art' : ''}) at ${p.x}, ${p.y} ${p.width} × ${p.height}`;
      assert.ok([p.x, p.y, p.width, p.height].every(Number.isInteger), at);
      assert.ok(p.x >= gutter && p.y >= gutter && p.x + p.width <= plate.width - gutter && p.y + p.height <= plate.height - gutter, `${at}: inside the plate, margin kept`);
      assert.equal(p.pixelArt, cell.pixelArt, at);
      const ideal = idealFactor(cell, cellPixels);
      if (p.factor >= 1) {
        assert.ok(Number.isInteger(p.factor) && p.factor <= ideal, `${at}: one whole factor, at most the ideal ${ideal}`);
        assert.equal(p.width, cell.width * p.factor, at);
        assert.equal(p.height, cell.height * p.factor, at);
        if (p.factor < ideal) assert.ok(!fitsAlone(cell.width * (p.factor + 1), cell.height * (p.factor + 1), gutter), `${at}: the largest factor that fits`);
        else assert.ok(Math.max(p.width, p.height) >= Math.min(cellPixels, Math.max(cell.width, cell.height) * p.factor), at);
      } else {
        assert.ok(!cell.pixelArt && !fitsAlone(cell.width, cell.height, gutter), `${at}: only a photo too large for a plate is scaled down`);
        assert.ok(Math.abs(p.width - cell.width * p.factor) <= 1 && Math.abs(p.height - cell.height * p.factor) <= 1, at);
      }
    }
    for (let i = 0; i < plate.placements.length; i++) {
      for (let j = i + 1; j < plate.placements.length; j++) {
        const a = plate.placements[i];
        const b = plate.placements[j];
        const gapX = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
        const gapY = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
        assert.ok(Math.max(gapX, gapY) >= gutter, `${where}: cells ${a.cell} and ${b.cell} overlap or are closer than the ${gutter} px gutter`);
      }
    }
  }
}

describe('plate layout', () => {
  it('puts 8 sprites of 32 px on one plate of 2 × 4 cells of 256 px', () => {
    const plates = layoutPlates(sprites(8, 32), { cellPixels: 256 });
    assert.equal(plates.length, 1);
    const [plate] = plates;
    assert.ok((plate.rows === 2 && plate.columns === 4) || (plate.rows === 4 && plate.columns === 2), `${plate.rows} × ${plate.columns}`);
    assert.deepEqual({ width: plate.width, height: plate.height }, { width: 4 * 256 + 5 * 26, height: 2 * 256 + 3 * 26 });
    assert.ok(plate.placements.every((p) => p.factor === 8 && p.width === 256 && p.height === 256));
    checkPlates(sprites(8, 32), 256, plates, '8 × 32 px');
  });

  it('puts 12 sprites of 32 px on one plate (4 × 3, 1154 × 872)', () => {
    const plates = layoutPlates(sprites(12, 32), { cellPixels: 256 });
    assert.equal(plates.length, 1);
    assert.deepEqual([plates[0].width, plates[0].height, plates[0].columns, plates[0].rows], [1154, 872, 4, 3]);
    checkPlates(sprites(12, 32), 256, plates, '12 × 32 px');
  });

  it('takes at least 8× fewer calls for 64 sprites of 32 px, and for 64 frames of 64 px', () => {
    for (const side of [32, 64]) {
      const plates = layoutPlates(sprites(64, side), { cellPixels: 256 });
      assert.ok(plates.length <= 8, `${plates.length} plates for 64 cells of ${side} px`);
      assert.ok(plates.every((l) => l.placements.every((p) => p.width === 256)));
      checkPlates(sprites(64, side), 256, plates, `64 × ${side} px`);
    }
  });

  it('keeps the frames of one tag on one plate where they fit, and splits a tag only when it cannot fit one', () => {
    const tagged = sprites(64, 64, (i) => `tag ${i >> 3}`); // 8 tags of 8 frames
    const plates = layoutPlates(tagged, { cellPixels: 256 });
    assert.ok(plates.length <= 8);
    for (let t = 0; t < 8; t++) assert.equal(plates.filter((l) => l.placements.some((p) => tagged[p.cell].group === `tag ${t}`)).length, 1, `tag ${t} on one plate`);
    checkPlates(tagged, 256, plates, 'tagged');
    // 5 untagged frames, then a tag of 10: the tag would straddle the first plate, so it starts the second.
    const mixed = [...sprites(5, 32), ...sprites(10, 32, () => 'run')];
    const moved = layoutPlates(mixed, { cellPixels: 256 });
    assert.deepEqual(moved.map((l) => l.placements.length), [5, 10]);
    // A tag of 20 cannot fit one plate: it fills plates as untagged frames would.
    const long = sprites(20, 32, () => 'long');
    assert.deepEqual(layoutPlates(long, { cellPixels: 256 }).map((l) => l.placements.length), [12, 8]);
  });

  it('scales each cell by one whole factor: 16 px by 16, 48 px by 6, never down for pixel art', () => {
    const cells: PlateCellInput[] = [{ width: 16, height: 16, pixelArt: true }, { width: 48, height: 24, pixelArt: true }, { width: 300, height: 200, pixelArt: true }, { width: 40, height: 30, pixelArt: false }];
    const [plate, ...more] = layoutPlates(cells, { cellPixels: 256 });
    assert.equal(more.length, 0);
    assert.deepEqual(plate.placements.map((p) => [p.factor, p.width, p.height]), [[16, 256, 256], [6, 288, 144], [1, 300, 200], [7, 280, 210]]);
    assert.equal(plate.columns, undefined, 'cells of mixed sizes have no grid');
    checkPlates(cells, 256, [plate], 'mixed');
  });

  it('uses the largest factor that fits, scales a photo larger than a plate down, and refuses a pixel-art cell too large', () => {
    const big = layoutPlates([{ width: 300, height: 300, pixelArt: true }], { cellPixels: 1024 });
    assert.equal(big[0].placements[0].factor, 2, '300 px × 3 + margins would pass a megapixel');
    const photo = layoutPlates([{ width: 3000, height: 2000, pixelArt: false }], { cellPixels: 256 });
    const p = photo[0].placements[0];
    assert.ok(p.factor < 1 && p.width * 2 === p.height * 3, `${p.width} × ${p.height}`);
    checkPlates([{ width: 3000, height: 2000, pixelArt: false }], 256, photo, 'photo');
    assert.throws(() => layoutPlates([{ width: 2100, height: 8, pixelArt: true }], { cellPixels: 256 }), /pixel-art cell of 2100 × 8 px does not fit on a plate/);
    assert.throws(() => layoutPlates([{ width: 0, height: 8, pixelArt: true }], { cellPixels: 256 }), RangeError);
    assert.deepEqual(layoutPlates([], { cellPixels: 256 }), []);
  });

  it('pads a plate with grey to 64 px a side and to 4:1 at most', () => {
    const strip = layoutPlates([{ width: 512, height: 4, pixelArt: true }], { cellPixels: 256 })[0];
    assert.deepEqual([strip.width, strip.height], [564, 141]);
    const p = strip.placements[0];
    assert.deepEqual([p.x, p.y], [26, 26 + Math.floor((141 - 56) / 2)], 'the strip sits in the middle of the grey');
    checkPlates([{ width: 512, height: 4, pixelArt: true }], 256, [strip], 'strip');
  });

  it('has gutters of a tenth of a cell, at least 16 px', () => {
    assert.deepEqual([64, 128, 256, 512, 1024].map(gutterFor), [16, 16, 26, 52, 103]);
  });

  it('keeps every rule for random sets (seeded): sizes, factors, margins, gutters, limits, order and tags', () => {
    const random = rng(20240611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    let plates = 0;
    const started = performance.now();
    for (let round = 0; round < 400; round++) {
      const cellPixels = pick([64, 128, 200, 256, 256, 384, 512, 1024, 64 + Math.floor(random() * 961)]);
      const count = 1 + Math.floor(random() * (random() < 0.2 ? 150 : 40));
      const cells: PlateCellInput[] = [];
      let tag = 0;
      for (let i = 0; i < count; i++) {
        if (random() < 0.15) tag++;
        const kind = random();
        const size = kind < 0.5 ? pick([1, 8, 16, 24, 32, 48, 64]) : kind < 0.8 ? 1 + Math.floor(random() * 128) : 1 + Math.floor(random() * 512);
        const other = random() < 0.6 ? size : random() < 0.1 ? 1 + Math.floor(random() * 3) : 1 + Math.floor(random() * 2 * size);
        const photo = random() < 0.25;
        const huge = photo && random() < 0.1;
        cells.push({ width: huge ? 1000 + Math.floor(random() * 4000) : size, height: huge ? 200 + Math.floor(random() * 3000) : other, pixelArt: !photo, ...(random() < 0.5 ? { group: `t${tag}` } : {}) });
      }
      const label = `round ${round}: ${count} cells at ${cellPixels} px`;
      const layouts = layoutPlates(cells, { cellPixels });
      plates += layouts.length;
      checkPlates(cells, cellPixels, layouts, label);
      // A tag split over plates is one that does not fit one plate alone.
      for (const group of new Set(cells.map((c) => c.group).filter((g) => g !== undefined))) {
        const on = layouts.filter((l) => l.placements.some((p) => cells[p.cell].group === group));
        const members = cells.filter((c) => c.group === group);
        const at = cells.flatMap((c, i) => (c.group === group ? [i] : []));
        const contiguous = at[at.length - 1] - at[0] + 1 === members.length;
        if (on.length > 1 && contiguous) assert.ok(layoutPlates(members, { cellPixels }).length > 1, `${label}: tag ${group} split although it fits one plate`);
      }
    }
    console.log(`      400 random sets → ${plates} plates, laid out and checked in ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('lays out a large set quickly', () => {
    const cells = sprites(600, 1);
    const started = performance.now();
    const plates = layoutPlates(cells, { cellPixels: 64 });
    const ms = performance.now() - started;
    console.log(`      600 cells at 64 px → ${plates.length} plates in ${ms.toFixed(1)} ms`);
    checkPlates(cells, 64, plates, '600 × 1 px');
    assert.ok(ms < 2000, `${ms} ms`);
  });
});
