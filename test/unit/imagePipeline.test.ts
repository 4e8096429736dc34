/** The pure image pipeline on decoded pixels: routes, scaling, transparency, palette, prepare and finish. */
import * as assert from 'node:assert/strict';
import * as jpeg from 'jpeg-js';
import { alphaChannel, applyAlpha, flattenOnto, NEUTRAL_BACKGROUND } from '../../src/image/alpha';
import { finishVariant } from '../../src/image/finish';
import { requestedFormat } from '../../src/shared/route';
import { collectPalette, mapToPalette } from '../../src/image/palette';
import { MAX_IMAGE_BYTES, MIN_SIDE_PX, planRoute } from '../../src/image/plan';
import { prepareSource } from '../../src/image/prepare';
import { createRaster, type Raster } from '../../src/image/raster';
import { photoRaster, pngOf, readBack, spriteRaster } from './imageFixtures';
import { scaleArea, scaleBilinear, scaleCellPick, scaleNearest } from '../../src/image/scale';
import { generatedSize, stylize, encodePng as serverEncodePng, encodeJpeg as serverEncodeJpeg } from '../server/fakeImages';

/** What the project's server would answer for a request image: ~1 MP, opaque, derived from it. */
function serverAnswer(sent: Uint8Array, format: 'png' | 'jpeg' = 'png'): Buffer {
  const source = readBack(sent);
  const out = stylize({ width: source.width, height: source.height, data: Buffer.from(source.data) }, generatedSize(source.width, source.height), 'cyberpunk style, dark colours', 0.6, 42);
  return format === 'png' ? serverEncodePng(out) : serverEncodeJpeg(out, 85);
}

function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}

describe('route planning', () => {
  const plan = (width: number, height: number, fewColours: boolean, bytes = 1000) => planRoute({ width, height, fewColours, bytes });

  it('scales pixel art up by a whole factor, as close to 1024 px as the factor allows and at least 64 px a side', () => {
    assert.deepEqual(plan(16, 16, true), { ok: true, route: { kind: 'pixelArt', factor: 64, send: { width: 1024, height: 1024 } } });
    assert.deepEqual(plan(32, 32, true), { ok: true, route: { kind: 'pixelArt', factor: 32, send: { width: 1024, height: 1024 } } });
    assert.deepEqual(plan(48, 24, true), { ok: true, route: { kind: 'pixelArt', factor: 21, send: { width: 1008, height: 504 } } });
    assert.deepEqual(plan(1, 1, true), { ok: true, route: { kind: 'pixelArt', factor: 1024, send: { width: 1024, height: 1024 } } });
    assert.deepEqual(plan(512, 4, true), { ok: true, route: { kind: 'pixelArt', factor: 16, send: { width: 8192, height: 64 } } });
    assert.deepEqual(plan(300, 200, true), { ok: true, route: { kind: 'pixelArt', factor: 3, send: { width: 900, height: 600 } } });
  });

  it('scales a small photo up smoothly to the 64 px minimum', () => {
    assert.deepEqual(plan(40, 30, false), { ok: true, route: { kind: 'smoothUp', send: { width: 86, height: 64 } } });
  });

  it('fits oversize sources down to about one megapixel, by pixels or by bytes', () => {
    const big = plan(4000, 3000, false);
    assert.ok(big.ok && big.route.kind === 'fitDown');
    const { width, height } = big.route.send;
    assert.ok(Math.abs(width * height - 1024 * 1024) < 4000, `${width}×${height}`);
    assert.ok(Math.abs(width / height - 4 / 3) < 0.01);
    const heavy = plan(1500, 1500, false, MAX_IMAGE_BYTES + 1);
    assert.ok(heavy.ok && heavy.route.kind === 'fitDown');
    assert.deepEqual(plan(1200, 800, false), { ok: true, route: { kind: 'asIs', send: { width: 1200, height: 800 } } });
  });

  it('refuses what no route can send, in a sentence', () => {
    const strip = plan(60000, 1, false);
    assert.ok(!strip.ok && /60000 × 1 px: too long and narrow/.test(strip.problem));
    const huge = plan(10000, 6000, false);
    assert.ok(!huge.ok && /50 megapixels/.test(huge.problem));
    assert.ok(!plan(0, 0, true).ok);
  });
});

describe('scaling', () => {
  it('nearest neighbour makes clean blocks', () => {
    const src = spriteRaster(5, 3);
    const out = scaleNearest(src, 15, 9);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 15; x++) assert.deepEqual(pixel(out, x, y), pixel(src, Math.floor(x / 3), Math.floor(y / 3)));
  });

  it('area average is exact for whole factors and keeps a flat colour flat', () => {
    const src = createRaster(4, 2);
    src.data.set([0, 0, 0, 255, 255, 255, 255, 255, 10, 20, 30, 255, 10, 20, 30, 255, 0, 0, 0, 255, 255, 255, 255, 255, 10, 20, 30, 255, 10, 20, 30, 255]);
    const out = scaleArea(src, 2, 1);
    assert.deepEqual(pixel(out, 0, 0), [128, 128, 128, 255]);
    assert.deepEqual(pixel(out, 1, 0), [10, 20, 30, 255]);
    const odd = scaleArea(photoRaster(1000, 750), 333, 250);
    assert.equal(odd.width, 333);
  });

  it('bilinear keeps corners and stays within the source range', () => {
    const out = scaleBilinear(photoRaster(10, 10), 64, 64);
    assert.deepEqual(pixel(out, 0, 0).slice(0, 2), [0, 0]);
    assert.deepEqual(pixel(out, 63, 63).slice(0, 2), [255, 255]);
  });

  it('cell pick gives every output pixel a colour from its own cell, even for sizes that do not divide', () => {
    const answer = photoRaster(1472, 704); // what the service might answer for a 48 × 24 sprite
    const out = scaleCellPick(answer, 48, 24);
    for (let y = 0; y < 24; y++) {
      for (let x = 0; x < 48; x++) {
        const [x0, x1] = [Math.floor((x * 1472) / 48), Math.floor(((x + 1) * 1472) / 48)];
        const [y0, y1] = [Math.floor((y * 704) / 24), Math.floor(((y + 1) * 704) / 24)];
        const want = pixel(out, x, y).join();
        let found = false;
        for (let yy = y0; yy < y1 && !found; yy++) for (let xx = x0; xx < x1 && !found; xx++) found = pixel(answer, xx, yy).join() === want;
        assert.ok(found, `output pixel ${x},${y} is not a colour of its own cell`);
      }
    }
  });
});

describe('transparency and palette', () => {
  it('flattens onto one neutral colour, so hidden colours under alpha 0 never reach the model', () => {
    const src = createRaster(2, 1);
    src.data.set([255, 0, 255, 0, 200, 100, 0, 128]);
    const flat = flattenOnto(src);
    assert.deepEqual(pixel(flat, 0, 0), [...NEUTRAL_BACKGROUND, 255]);
    assert.deepEqual(pixel(flat, 1, 0), [164, 114, 64, 255]);
  });

  it('re-applies the alpha channel exactly', () => {
    const src = spriteRaster(16, 16);
    const variant = photoRaster(16, 16);
    applyAlpha(variant, alphaChannel(src));
    assert.deepEqual(alphaChannel(variant), alphaChannel(src));
  });

  it('collects at most 256 colours and maps a variant onto them', () => {
    assert.equal(collectPalette(spriteRaster(16, 16, 5))?.length, 5);
    assert.equal(collectPalette(photoRaster(64, 64)), undefined);
    const palette = collectPalette(spriteRaster(16, 16, 4))!;
    const variant = photoRaster(32, 32);
    mapToPalette(variant, palette);
    const allowed = new Set(palette);
    for (let i = 0; i < variant.data.length; i += 4) assert.ok(allowed.has((variant.data[i] << 16) | (variant.data[i + 1] << 8) | variant.data[i + 2]));
  });
});

describe('prepare and finish: a sprite comes back as a sprite', function () {
  this.timeout(30_000);
  const sourceOptions = { outputSize: 'source', keepTransparency: true, keepPalette: false, format: 'png' } as const;

  for (const [w, h] of [[16, 16], [32, 32], [48, 24], [1, 1]] as const) {
    it(`${w} × ${h} transparent sprite: sent at least 64 px with crisp blocks, saved ${w} × ${h} with the source's alpha`, async () => {
      const source = spriteRaster(w, h);
      const prepared = await prepareSource(pngOf(source), 'sprite.png');
      assert.equal(prepared.route.kind, 'pixelArt');
      const sent = readBack(prepared.request.bytes);
      assert.ok(sent.width >= MIN_SIDE_PX && sent.height >= MIN_SIDE_PX);
      assert.equal(sent.width % w, 0);
      const factor = sent.width / w;
      // Every block is one colour, and no pixel of what is sent is transparent.
      const words = new Uint32Array(sent.data.buffer, sent.data.byteOffset, sent.width * sent.height);
      let blurred = 0;
      let transparent = 0;
      for (let y = 0; y < sent.height; y++) {
        for (let x = 0; x < sent.width; x++) {
          if (words[y * sent.width + x] !== words[Math.floor(y / factor) * factor * sent.width + Math.floor(x / factor) * factor]) blurred++;
          if (sent.data[(y * sent.width + x) * 4 + 3] !== 255) transparent++;
        }
      }
      assert.deepEqual({ blurred, transparent }, { blurred: 0, transparent: 0 });
      const answer = serverAnswer(prepared.request.bytes);
      const answered = readBack(answer);
      assert.notDeepEqual([answered.width, answered.height], [w, h], 'the server answers its own size');
      const finished = await finishVariant(answer, prepared.keep, sourceOptions);
      const variant = readBack(finished.bytes);
      assert.deepEqual([variant.width, variant.height, finished.format], [w, h, 'png']);
      assert.deepEqual(alphaChannel(variant), alphaChannel(source), 'alpha equal to the source');
    });
  }

  it('keeps the palette: every visible pixel is one of the source colours', async () => {
    const source = spriteRaster(32, 32, 5);
    const prepared = await prepareSource(pngOf(source), 'sprite.png');
    const finished = await finishVariant(serverAnswer(prepared.request.bytes), prepared.keep, { ...sourceOptions, keepPalette: true });
    assert.ok(finished.paletteKept);
    const allowed = new Set(collectPalette(source));
    const variant = readBack(finished.bytes);
    for (let i = 0; i < variant.data.length; i += 4) {
      if (variant.data[i + 3]) assert.ok(allowed.has((variant.data[i] << 16) | (variant.data[i + 1] << 8) | variant.data[i + 2]));
    }
  });

  it('saves a transparent source as PNG even when JPEG is picked, and JPEG when transparency is not kept', async () => {
    const prepared = await prepareSource(pngOf(spriteRaster(32, 32)), 'sprite.png');
    const answer = serverAnswer(prepared.request.bytes);
    assert.equal((await finishVariant(answer, prepared.keep, { ...sourceOptions, format: 'jpeg' })).format, 'png');
    const dropped = await finishVariant(answer, prepared.keep, { ...sourceOptions, format: 'jpeg', keepTransparency: false });
    assert.equal(dropped.format, 'jpeg');
    assert.equal(readBack(dropped.bytes).width, 32);
  });

  it("outputSize 'generated' keeps the answer byte for byte", async () => {
    const prepared = await prepareSource(pngOf(spriteRaster(16, 16)), 'sprite.png');
    const answer = serverAnswer(prepared.request.bytes, 'jpeg');
    const finished = await finishVariant(answer, prepared.keep, { ...sourceOptions, outputSize: 'generated', format: 'jpeg' });
    assert.ok(finished.asGenerated);
    assert.deepEqual(Buffer.from(finished.bytes), answer);
    assert.equal(requestedFormat(prepared.source, { ...sourceOptions, outputSize: 'generated', format: 'jpeg' }), 'jpeg');
  });

  it('sends an opaque photo of a usual size as the file itself, untouched', async () => {
    const bytes = pngOf(photoRaster(320, 200));
    const prepared = await prepareSource(bytes, 'photo.png');
    assert.equal(prepared.route.kind, 'asIs');
    assert.ok(prepared.request.original);
    assert.deepEqual(Buffer.from(prepared.request.bytes), bytes);
  });

  it('scales a small photo up smoothly to 64 px and back down to its own size', async () => {
    const prepared = await prepareSource(pngOf(photoRaster(40, 30)), 'thumb.png');
    assert.equal(prepared.route.kind, 'smoothUp');
    assert.deepEqual([prepared.request.width, prepared.request.height], [86, 64]);
    const finished = await finishVariant(serverAnswer(prepared.request.bytes), prepared.keep, sourceOptions);
    assert.deepEqual([finished.width, finished.height], [40, 30]);
  });

  it('fits a 4000 × 3000 photo down to about one megapixel and brings the answer back to 4000 × 3000', async () => {
    const big = photoRaster(4000, 3000);
    const file = Buffer.from(jpeg.encode({ width: 4000, height: 3000, data: big.data }, 90).data);
    const started = Date.now();
    const prepared = await prepareSource(file, 'photo.jpg');
    const prepareMs = Date.now() - started;
    assert.equal(prepared.route.kind, 'fitDown');
    assert.equal(prepared.request.format, 'jpeg');
    const sent = readBack(prepared.request.bytes);
    assert.ok(Math.abs(sent.width * sent.height - 1024 * 1024) < 4000);
    assert.ok(prepared.request.bytes.length < MAX_IMAGE_BYTES);
    const finished = await finishVariant(serverAnswer(prepared.request.bytes, 'jpeg'), prepared.keep, { ...sourceOptions, format: 'jpeg' });
    assert.deepEqual([finished.width, finished.height, finished.format], [4000, 3000, 'jpeg']);
    assert.ok(prepareMs < 5000, `prepare took ${prepareMs} ms`);
  });

  it('refuses a 60 000 px wide strip with a sentence, before any request', async () => {
    await assert.rejects(prepareSource(pngOf(photoRaster(60000, 1)), 'strip.png'), (e: Error) => e.name === 'ImageDecodeError' && /strip\.png is 60000 × 1 px: too long and narrow/.test(e.message));
  });

  it('the server answers about one megapixel at the aspect ratio, whatever it is sent', () => {
    assert.deepEqual(generatedSize(1024, 1024), { width: 1024, height: 1024 });
    assert.deepEqual(generatedSize(64, 64), { width: 1024, height: 1024 });
  });
});
