/** Composing a plate, on decoded pixels: neutral grey gutters, each cell flattened and scaled at its placement; and its request image. */
import * as assert from 'node:assert/strict';
import { flattenOnto, NEUTRAL_BACKGROUND } from '../../src/image/alpha';
import { MAX_IMAGE_BYTES } from '../../src/image/plan';
import { composePlate, plateRequest } from '../../src/image/plate/plateCompose';
import { layoutPlates, type PlateLayout } from '../../src/image/plate/plateLayout';
import { createRaster, type Raster } from '../../src/image/raster';
import { scaleArea, scaleBilinear } from '../../src/image/scale';
import { photoRaster, readBack, spriteRaster } from './imageFixtures';

function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}

const GREY = [...NEUTRAL_BACKGROUND, 255];

/** The placement index covering plate pixel x, y, or -1 for grey. */
function owner(layout: PlateLayout, x: number, y: number): number {
  return layout.placements.findIndex((p) => x >= p.x && x < p.x + p.width && y >= p.y && y < p.y + p.height);
}

describe('plate composition', () => {
  it('draws transparent sprites of 16, 32 and 48 px as crisp whole-factor blocks on neutral grey, grey between', () => {
    const cells = [spriteRaster(16, 16), spriteRaster(32, 32, 5), spriteRaster(48, 48, 7), spriteRaster(48, 24, 4), spriteRaster(32, 32, 8)];
    const [layout] = layoutPlates(cells.map((c) => ({ width: c.width, height: c.height, pixelArt: true })), { cellPixels: 256 });
    const plate = composePlate(layout, cells);
    assert.deepEqual([plate.width, plate.height], [layout.width, layout.height]);
    const flat = cells.map((c) => flattenOnto(c));
    for (let y = 0; y < plate.height; y++) {
      for (let x = 0; x < plate.width; x++) {
        const n = owner(layout, x, y);
        if (n < 0) {
          assert.deepEqual(pixel(plate, x, y), GREY, `gutter pixel ${x},${y}`);
          continue;
        }
        const p = layout.placements[n];
        const want = pixel(flat[p.cell], Math.floor((x - p.x) / p.factor), Math.floor((y - p.y) / p.factor));
        assert.deepEqual(pixel(plate, x, y), want, `cell ${p.cell} at ${x},${y}`);
      }
    }
    // A fully transparent pixel of a sprite is the same grey as the gutter: nothing hidden under alpha 0 reaches the model.
    const p = layout.placements[0];
    assert.deepEqual(pixel(plate, p.x, p.y), GREY);
  });

  it('scales photos smoothly: up by bilinear, a photo larger than a plate down by area', () => {
    const small = photoRaster(40, 30);
    const big = photoRaster(2400, 1600);
    const [layout] = layoutPlates([{ width: 40, height: 30, pixelArt: false }], { cellPixels: 256 });
    const p = layout.placements[0];
    const plate = composePlate(layout, [small]);
    const want = scaleBilinear(small, p.width, p.height);
    for (let y = 0; y < p.height; y += 7) for (let x = 0; x < p.width; x += 5) assert.deepEqual(pixel(plate, p.x + x, p.y + y), pixel(want, x, y));
    const [bigLayout] = layoutPlates([{ width: 2400, height: 1600, pixelArt: false }], { cellPixels: 256 });
    const q = bigLayout.placements[0];
    assert.ok(q.factor < 1);
    const down = composePlate(bigLayout, [big]);
    const wantDown = scaleArea(big, q.width, q.height);
    for (let y = 0; y < q.height; y += 11) for (let x = 0; x < q.width; x += 13) assert.deepEqual(pixel(down, q.x + x, q.y + y), pixel(wantDown, x, y));
  });

  it('takes the caller’s pixel-art flag over the placements’ own', () => {
    const cell = photoRaster(32, 32);
    const [layout] = layoutPlates([{ width: 32, height: 32, pixelArt: false }], { cellPixels: 256 });
    const p = layout.placements[0];
    const crisp = composePlate(layout, [cell], () => true);
    for (let y = 0; y < p.height; y += 3) for (let x = 0; x < p.width; x += 3) assert.deepEqual(pixel(crisp, p.x + x, p.y + y), pixel(cell, x >> 3, y >> 3));
    assert.notDeepEqual(composePlate(layout, [cell]).data, crisp.data);
  });

  it('refuses a placement without a raster', () => {
    const [layout] = layoutPlates([{ width: 8, height: 8, pixelArt: true }, { width: 8, height: 8, pixelArt: true }], { cellPixels: 64 });
    assert.throws(() => composePlate(layout, [spriteRaster(8, 8)]), /cell 1/);
  });

  it('sends a plate as a lossless PNG of exactly its pixels, with its base64', async () => {
    const cells = Array.from({ length: 8 }, (_, i) => spriteRaster(32, 32, 1 + (i % 8)));
    const [layout] = layoutPlates(cells.map(() => ({ width: 32, height: 32, pixelArt: true })), { cellPixels: 256 });
    const plate = composePlate(layout, cells);
    const request = await plateRequest(plate);
    assert.equal(request.format, 'png');
    assert.deepEqual([request.width, request.height], [plate.width, plate.height]);
    const back = readBack(request.bytes);
    assert.deepEqual([back.width, back.height], [plate.width, plate.height]);
    assert.deepEqual(back.data, plate.data);
    assert.equal(Buffer.from(request.base64).toString('latin1'), Buffer.from(request.bytes).toString('base64'));
    const adaptive = await plateRequest(plate, { blocks: false });
    assert.deepEqual(readBack(adaptive.bytes).data, plate.data);
  });

  it('sends JPEG when the PNG would pass the request limit', async function () {
    this.timeout(20_000); // 2.9 MP of noise: mozjpeg takes about 2 s on it
    const noise = createRaster(2048, 1400);
    let seed = 7;
    for (let i = 0; i < noise.data.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      noise.data[i] = (i & 3) === 3 ? 255 : seed >>> 24;
    }
    const request = await plateRequest(noise);
    assert.equal(request.format, 'jpeg');
    assert.ok(request.bytes.length <= MAX_IMAGE_BYTES);
    const back = readBack(request.bytes);
    assert.deepEqual([back.width, back.height], [2048, 1400]);
  });
});
