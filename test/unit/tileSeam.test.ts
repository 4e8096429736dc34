/** Seamless tiles: the seam measure, the wrap-around, the plan and the repair, on decoded pixels. */
import * as assert from 'node:assert/strict';
import { createRaster, type Raster } from '../../src/image/raster';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import { repairSeam, seamBand } from '../../src/image/tile/seamRepair';
import { planTile } from '../../src/image/tile/tilePlan';
import { centreRegion, crop, cutCentre, wrapPad } from '../../src/image/tile/wrapPad';
import { photoRaster } from './imageFixtures';
import { brickTile, gameArt, hash, photoTexture, withRamp } from './tileFixtures';


describe('seam measure', () => {
  it('finds the real seamless fixtures seamless: a 16 × 16 pixel-art tile and a 1024² photo texture', async () => {
    for (const name of ['tile_0002.png', 'coast_sand_rocks_02_diff_1k.jpg']) {
      const m = measureSeam(await gameArt(name));
      assert.ok(m.seamless && m.ratio > 0, `${name}: ${m.ratio}`);
      assert.equal(m.wrapX.length, 3);
    }
  });

  it('finds the synthetic tiles seamless, and a source that does not wrap not', () => {
    for (const tile of [brickTile(32, 32), brickTile(32, 16), brickTile(48, 24), photoTexture(512, 512)]) assert.ok(measureSeam(tile).seamless);
    assert.equal(measureSeam(photoRaster(32, 32)).seamless, false);
    assert.equal(measureSeam(photoRaster(512, 512)).seamless, false);
    // The bricks darkening left to right: inner columns differ by 3 levels more, the wrap-around by 93.
    const ramp = withRamp(brickTile(32, 32), -3, 0);
    const m = measureSeam(ramp);
    assert.equal(m.seamless, false);
    assert.ok(m.wrapX[0] > 1.25 * m.innerX[0] && m.wrapY[0] <= 1.25 * m.innerY[0], JSON.stringify(m));
  });

  it('follows the rule exactly: wrap-around mean against the largest inner neighbour mean, per channel', () => {
    const r = createRaster(4, 1); // columns 10, 20, 30, 40 in red: inner means 10, wrap 30
    for (let x = 0; x < 4; x++) r.data.set([10 * (x + 1), 0, 0, 255], x * 4);
    const m = measureSeam(r);
    assert.deepEqual([m.wrapX[0], m.innerX[0]], [30, 10]);
    assert.equal(m.ratio, 3);
    assert.equal(m.seamless, false);
    r.data.set([45, 0, 0, 255], 12); // inner max 15, wrap 35: still a seam
    assert.equal(measureSeam(r).ratio, 35 / 15);
    r.data.set([22, 0, 0, 255], 12); // inner max 10, wrap 12: within 1.25 × 10
    assert.equal(measureSeam(r).ratio, 1.2);
    assert.equal(measureSeam(r).seamless, true);
  });

  it('counts a flat picture as seamless, and one pixel wide or tall as having no seam', () => {
    const flat = createRaster(8, 8);
    flat.data.fill(77);
    assert.deepEqual([measureSeam(flat).ratio, measureSeam(flat).seamless], [0, true]);
    assert.ok(measureSeam(photoRaster(1, 40)).ratio > 1.25); // the rows still do not wrap
    assert.equal(measureSeam(createRaster(1, 1)).seamless, true);
  });

  it('compares colours premultiplied by alpha, so hidden colours never count and a clear border is no seam', () => {
    const tile = brickTile(32, 32);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (x < 3 || x > 28) tile.data.set([hash(x, y) & 255, 0, 255, 0], (y * 32 + x) * 4);
    const m = measureSeam(tile);
    assert.deepEqual(m.wrapX, [0, 0, 0]);
    assert.equal(m.emptyEdges, true);
    assert.equal(measureSeam(brickTile(32, 32)).emptyEdges, false);
  });
});

describe('wrap-around padding and the centre cut', () => {
  it('pads a quarter of the tile on each side, toroidally', () => {
    const tile = brickTile(32, 16);
    const { raster, pad } = wrapPad(tile);
    assert.deepEqual(pad, { x: 8, y: 4 });
    assert.deepEqual([raster.width, raster.height], [48, 24]);
    for (let y = 0; y < 24; y++) {
      for (let x = 0; x < 48; x++) {
        const o = (y * 48 + x) * 4, s = ((((y - 4 + 16) % 16) * 32) + ((x - 8 + 32) % 32)) * 4;
        assert.deepEqual([...raster.data.subarray(o, o + 4)], [...tile.data.subarray(s, s + 4)]);
      }
    }
    assert.deepEqual(wrapPad(createRaster(7, 5)).pad, { x: 2, y: 2 });
  });

  it('finds the centre in the answer by its real size, each axis by its own ratio', () => {
    // 48 × 24 tile: 72 × 36 padded; an answer of 1472 × 704 is 20.44 × 19.56 per padded pixel.
    const region = centreRegion({ width: 1472, height: 704 }, { width: 72, height: 36 }, { x: 12, y: 6 }, { width: 48, height: 24 });
    assert.deepEqual(region, { x: 245, y: 117, width: 982, height: 470 });
    const answer = createRaster(1472, 704);
    for (let i = 0; i < answer.data.length; i += 4) answer.data[i] = (i / 4) % 1472 >= 245 && (i / 4) % 1472 < 1227 ? 200 : 0;
    const cut = cutCentre(answer, { width: 72, height: 36 }, { x: 12, y: 6 }, { width: 48, height: 24 });
    assert.deepEqual([cut.width, cut.height, cut.data[0], cut.data[(cut.width - 1) * 4]], [982, 470, 200, 200]);
  });

  it('plans a 32 × 32 tile as 960 × 960 with its wrap-around, non-square tiles at their aspect', () => {
    const route = (w: number, h: number, pixelArt = true) => { const p = planTile({ width: w, height: h }, pixelArt); assert.ok(p.ok); return p.route; };
    assert.deepEqual(route(32, 32), { kind: 'pixelArt', factor: 20, send: { width: 960, height: 960 } });
    assert.deepEqual(route(16, 16).send, { width: 960, height: 960 });
    assert.deepEqual(route(32, 16).send, { width: 768, height: 384 });
    assert.deepEqual(route(48, 24).send, { width: 1008, height: 504 });
    assert.deepEqual(route(512, 512, false), { kind: 'asIs', send: { width: 768, height: 768 } });
    assert.equal(route(40, 30, false).kind, 'smoothUp');
    const big = route(6000, 6000, false); // 81 MP with its wrap-around: fitted to about a megapixel
    assert.ok(big.kind === 'fitDown' && Math.abs(big.send.width - 1024) <= 1, JSON.stringify(big));
    const plan = planTile({ width: 32, height: 32 }, true);
    assert.ok(plan.ok && plan.info.padded.width === 48 && plan.info.pad.x === 8);
  });
});

describe('seam repair', () => {
  /** The tile painted with its wrap-around, darkening by 120 levels across the padded tile both ways (it no longer wraps). */
  function renderings(tile: Raster): { around: Raster; centre: { x: number; y: number; width: number; height: number } } {
    const { raster, pad } = wrapPad(tile);
    const around = withRamp(raster, -120 / raster.width, -120 / raster.height);
    return { around, centre: { x: pad.x, y: pad.y, width: tile.width, height: tile.height } };
  }

  for (const pixelArt of [true, false]) {
    it(`${pixelArt ? 'pixel art' : 'photos'}: seamless after, untouched outside the band${pixelArt ? ', no new colours' : ''}`, () => {
      const tile = pixelArt ? brickTile(32, 32) : photoTexture(64, 64);
      const { around, centre } = renderings(tile);
      assert.equal(measureSeam(crop(around, centre)).seamless, false); // the ramp's 80 levels across the tile meet at the edges
      const repaired = repairSeam(around, centre, { pixelArt });
      assert.ok(measureSeam(repaired).seamless, `ratio ${measureSeam(repaired).ratio}`);
      const b = seamBand(tile.width);
      const colours = new Set<number>();
      const view = new DataView(around.data.buffer);
      for (let i = 0; i < around.data.length; i += 4) colours.add(view.getUint32(i));
      const rview = new DataView(repaired.data.buffer);
      for (let y = 0; y < tile.height; y++) {
        for (let x = 0; x < tile.width; x++) {
          const o = (y * tile.width + x) * 4;
          if (pixelArt) assert.ok(colours.has(rview.getUint32(o)));
          if (x >= b && x < tile.width - b && y >= b && y < tile.height - b) assert.equal(rview.getUint32(o), view.getUint32(((centre.y + y) * around.width + centre.x + x) * 4));
        }
      }
    });
  }

  it('leaves a tile under 8 px as its centre (no band)', () => {
    const { raster, pad } = wrapPad(brickTile(4, 4));
    assert.deepEqual(repairSeam(raster, { ...pad, width: 4, height: 4 }, { pixelArt: true }).data, crop(raster, { ...pad, width: 4, height: 4 }).data);
  });
});
