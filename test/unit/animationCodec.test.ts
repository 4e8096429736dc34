/** Animations frame by frame: the real APNG and WebP fixtures, and round trips through all three formats. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GifReader } from 'omggif';
import { decodeAnimation, encodeAnimation, isAnimated, type Animation, type AnimationFormat } from '../../src/image/animation/animation';
import { decodeImage } from '../../src/image/decode';
import { encodePng } from '../../src/image/encode';
import { createRaster, type Raster } from '../../src/image/raster';

const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');
const IMAGES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');
const facts: { file: string; frames?: number; delayMs?: number; plays?: number; loops?: number; size?: number[] }[] =
  JSON.parse(readFileSync(path.join(GAME_ART, 'fixtures.json'), 'utf8'));

/** A sprite walking across a transparent canvas: a few colours, one half-transparent and one nearly transparent pixel. */
function spriteFrame(size: number, frame: number): Raster {
  const r = createRaster(size, size);
  const colours = [[220, 40, 60], [40, 90, 200], [250, 200, 60], [30, 30, 40], [90, 200, 90]];
  const x0 = (frame * 2) % (size / 2), y0 = size / 4;
  for (let y = y0; y < y0 + size / 2; y++) {
    for (let x = x0; x < x0 + size / 2; x++) {
      const c = colours[((x >> 1) + (y >> 2) + frame) % colours.length];
      r.data.set([c[0], c[1], c[2], 255], (y * size + x) * 4);
    }
  }
  r.data.set([250, 250, 250, 200], (1 * size + 1) * 4); // kept opaque by GIF
  r.data.set([10, 20, 30, 100], (1 * size + 3) * 4); // dropped to transparent by GIF
  r.data.set([99, 98, 97, 0], (2 * size + 2) * 4); // transparent with colour under it
  return r;
}

function spriteAnimation(format: AnimationFormat, size: number, loopCount: number): Animation {
  const frames = Array.from({ length: 8 }, (_, i) => ({ raster: spriteFrame(size, i), delayMs: 40 + i * 30 }));
  return { format, width: size, height: size, loopCount, frames };
}

/** Many colours (a moving gradient), more than one GIF palette holds. */
function gradientAnimation(size: number, count: number): Animation {
  const frames = Array.from({ length: count }, (_, f) => {
    const r = createRaster(size, size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const edge = x < 2 || y < 2;
        r.data.set([(x * 4 + f * 3) & 255, (y * 4) & 255, ((x + y) * 2 + f) & 255, edge ? 0 : 255], (y * size + x) * 4);
      }
    }
    return { raster: r, delayMs: 50 };
  });
  return { format: 'gif', width: size, height: size, loopCount: 0, frames };
}

function sameCanvas(a: Raster, b: Raster): boolean {
  return a.width === b.width && a.height === b.height && Buffer.compare(Buffer.from(a.data), Buffer.from(b.data)) === 0;
}

/** Same size and the same visible pixels (RGB under fully transparent pixels may differ). */
function sameVisible(a: Raster, b: Raster): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i + 3] !== b.data[i + 3]) return false;
    if (a.data[i + 3] > 0 && (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2])) return false;
  }
  return true;
}

function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}

/** A frame as GIF can hold it: alpha < 128 transparent (colour irrelevant), the rest opaque. */
function gifErrors(want: Raster, got: Raster): { alpha: number; mean: number; max: number } {
  let alpha = 0, sum = 0, max = 0, opaque = 0;
  for (let i = 0; i < want.data.length; i += 4) {
    const clear = want.data[i + 3] < 128;
    if (got.data[i + 3] !== (clear ? 0 : 255)) alpha++;
    if (clear) continue;
    opaque++;
    for (let c = 0; c < 3; c++) { const e = Math.abs(want.data[i + c] - got.data[i + c]); sum += e; max = Math.max(max, e); }
  }
  return { alpha, mean: sum / (3 * Math.max(1, opaque)), max };
}

describe('animation decoding of the real fixtures', () => {
  it('reads apngasm.png: 34 frames of 64 × 64, 100 ms each, looping forever, the first being its still image', async () => {
    const fact = facts.find((f) => f.file === 'apngasm.png')!;
    const bytes = readFileSync(path.join(GAME_ART, 'apngasm.png'));
    assert.equal(isAnimated(bytes), true);
    const anim = (await decodeAnimation(bytes, 'apngasm.png'))!;
    assert.equal(anim.format, 'apng');
    assert.deepEqual([anim.width, anim.height], fact.size);
    assert.equal(anim.frames.length, fact.frames);
    assert.equal(anim.loopCount, fact.plays);
    assert.ok(anim.frames.every((f) => f.delayMs === fact.delayMs && f.raster.width === 64 && f.raster.height === 64));
    assert.ok(sameCanvas(anim.frames[0].raster, (await decodeImage(bytes, 'apngasm.png')).raster));
    assert.ok(anim.frames.some((f, i) => i > 0 && !sameCanvas(f.raster, anim.frames[i - 1].raster)), 'the frames change');
  });

  it('reads anim.webp: 6 frames of 200 × 200 with alpha, 100 ms each, looping forever, the first as the still decoder shows it', async () => {
    const fact = facts.find((f) => f.file === 'anim.webp')!;
    const bytes = readFileSync(path.join(GAME_ART, 'anim.webp'));
    assert.equal(isAnimated(bytes), true);
    const anim = (await decodeAnimation(bytes, 'anim.webp'))!;
    assert.equal(anim.format, 'webp');
    assert.deepEqual([anim.width, anim.height], fact.size);
    assert.equal(anim.frames.length, fact.frames);
    assert.equal(anim.loopCount, fact.loops);
    assert.ok(anim.frames.every((f) => f.delayMs === fact.delayMs));
    assert.ok(anim.frames.some((f) => f.raster.data.some((v, i) => i % 4 === 3 && v < 255)), 'it has transparent pixels');
    assert.ok(sameVisible(anim.frames[0].raster, (await decodeImage(bytes, 'anim.webp')).raster));
  });

  it('reads the generated APNG and animated WebPs: red then blue, lossy frames with an alpha plane at an offset', async () => {
    const read = async (name: string) => (await decodeAnimation(readFileSync(path.join(IMAGES, name)), name))!;
    const apng = await read('png-apng.png');
    assert.deepEqual([apng.frames.length, apng.loopCount, ...apng.frames.map((f) => f.delayMs)], [2, 0, 500, 500]);
    assert.deepEqual([pixel(apng.frames[0].raster, 5, 5), pixel(apng.frames[1].raster, 15, 11)], [[255, 0, 0, 255], [0, 0, 255, 255]]);
    const webp = await read('webp-animated.webp');
    assert.deepEqual([webp.frames.length, pixel(webp.frames[0].raster, 0, 0), pixel(webp.frames[1].raster, 23, 15)], [2, [255, 0, 0, 255], [0, 0, 255, 255]]);
    const offset = await read('webp-animated-offset.webp');
    assert.deepEqual([offset.width, offset.height, offset.frames.length, offset.loopCount], [24, 16, 2, 0]);
    const first = offset.frames[0].raster;
    assert.equal(pixel(first, 0, 0)[3], 0, 'outside the first frame the canvas is transparent');
    assert.equal(pixel(first, 14, 5)[3], 0, 'the right half of the first frame is transparent');
    const green = pixel(first, 6, 5);
    assert.ok(green[3] === 255 && green[1] > 200 && green[0] < 60 && green[2] < 60, `lossy green at (6, 5): ${green.join(',')}`);
    assert.deepEqual(pixel(offset.frames[1].raster, 6, 5), [0, 0, 255, 255]);
  });

  it('treats stills and other files as no animation', async () => {
    const still = encodePng(spriteFrame(16, 0));
    assert.equal(isAnimated(still), false);
    assert.equal(await decodeAnimation(still, 'still.png'), undefined);
    const oneFrameGif = await encodeAnimation({ ...spriteAnimation('gif', 16, 0), frames: [{ raster: spriteFrame(16, 0), delayMs: 100 }] });
    assert.equal(isAnimated(oneFrameGif), false);
    assert.equal(await decodeAnimation(oneFrameGif, 'one.gif'), undefined);
    const stillWebp = readFileSync(path.join(IMAGES, 'webp-lossless-alpha.webp'));
    assert.equal(await decodeAnimation(stillWebp, 'still.webp'), undefined);
    assert.equal(await decodeAnimation(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'photo.jpg'), undefined);
    assert.equal(await decodeAnimation(new Uint8Array(0), 'empty.png'), undefined);
  });
});

describe('animation round trips', () => {
  for (const format of ['apng', 'webp', 'gif'] as const) {
    for (const size of [16, 32]) {
      it(`${format}: ${size} px sprite, 8 frames with their own delays, transparency kept`, async () => {
        const source = spriteAnimation(format, size, format === 'gif' ? 3 : 2);
        const bytes = await encodeAnimation(source);
        assert.equal(isAnimated(bytes), true);
        const back = (await decodeAnimation(bytes, `walk.${format}`))!;
        assert.equal(back.format, format);
        assert.deepEqual([back.width, back.height, back.loopCount], [size, size, source.loopCount]);
        assert.deepEqual(back.frames.map((f) => f.delayMs), source.frames.map((f) => f.delayMs));
        back.frames.forEach((f, i) => {
          const want = source.frames[i].raster;
          if (format === 'gif') {
            assert.deepEqual(gifErrors(want, f.raster), { alpha: 0, mean: 0, max: 0 }, `frame ${i}: few colours come back exactly`);
          } else {
            assert.ok(sameCanvas(want, f.raster), `frame ${i} comes back pixel for pixel`);
          }
        });
      });
    }
    it(`${format}: loops forever (0) and plays once (1) survive`, async () => {
      for (const loopCount of [0, 1]) {
        const back = (await decodeAnimation(await encodeAnimation(spriteAnimation(format, 16, loopCount)), `loop.${format}`))!;
        assert.equal(back.loopCount, loopCount);
      }
    });
  }

  it('apng and webp: many colours, odd sizes and random alpha come back exactly', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255;
    for (const [width, height] of [[64, 64], [37, 5], [1, 1]]) {
      const frames = [gradientAnimation(Math.max(width, height), 2).frames[0].raster, null].map((g, f) => {
        const r = createRaster(width, height);
        for (let i = 0; i < width * height; i++) {
          const x = i % width, y = (i / width) | 0;
          r.data.set(f === 0 && g ? g.data.subarray((y * g.width + x) * 4, (y * g.width + x) * 4 + 4) : [random(), random(), random(), random()], i * 4);
        }
        return { raster: r, delayMs: 20 };
      });
      for (const format of ['apng', 'webp'] as const) {
        const back = (await decodeAnimation(await encodeAnimation({ format, width, height, loopCount: 0, frames }), `rich.${format}`))!;
        back.frames.forEach((f, i) => assert.ok(sameCanvas(frames[i].raster, f.raster), `${format} ${width} × ${height} frame ${i}`));
      }
    }
  });

  it('gif: many colours are quantized to at most 256 per frame within a small error, alpha still exact', async () => {
    const source = gradientAnimation(64, 4);
    const bytes = await encodeAnimation(source);
    const back = (await decodeAnimation(bytes, 'gradient.gif'))!;
    back.frames.forEach((f, i) => {
      const e = gifErrors(source.frames[i].raster, f.raster);
      assert.equal(e.alpha, 0);
      assert.ok(e.mean < 4 && e.max <= 24, `frame ${i}: mean error ${e.mean.toFixed(2)}, max ${e.max}`);
    });
  });

  it('gif: an independent decoder (omggif) reads the encoder\'s frames, palettes, delays and loop count', async () => {
    for (const source of [spriteAnimation('gif', 32, 5), gradientAnimation(32, 3)]) {
      const bytes = await encodeAnimation(source);
      const reader = new GifReader(Buffer.from(bytes));
      assert.equal(reader.numFrames(), source.frames.length);
      assert.equal(reader.loopCount(), source.loopCount === 0 ? 0 : source.loopCount - 1);
      const ours = (await decodeAnimation(bytes, 'check.gif'))!;
      for (let i = 0; i < reader.numFrames(); i++) {
        const info = reader.frameInfo(i);
        assert.equal(info.delay * 10, source.frames[i].delayMs);
        const canvas = new Uint8Array(source.width * source.height * 4); // every frame covers the canvas and is cleared after
        reader.decodeAndBlitFrameRGBA(i, canvas);
        assert.ok(Buffer.compare(Buffer.from(canvas), Buffer.from(ours.frames[i].raster.data)) === 0, `frame ${i} reads the same`);
        const e = gifErrors(source.frames[i].raster, { width: source.width, height: source.height, data: canvas });
        assert.equal(e.alpha, 0);
        assert.ok(e.max <= 24);
      }
    }
  });
});

describe('animation codec speed', () => {
  it('decodes and encodes a 64-frame 64 px animation in each format within a few hundred ms', async function () {
    this.timeout(20000);
    const frames = Array.from({ length: 64 }, (_, i) => ({ raster: spriteFrame(64, i), delayMs: 100 }));
    for (const format of ['apng', 'webp', 'gif'] as const) {
      const bytes = await encodeAnimation({ format, width: 64, height: 64, loopCount: 0, frames });
      await decodeAnimation(bytes, `warm.${format}`); // loads the WebP decoder once
      const start = performance.now();
      const anim = (await decodeAnimation(bytes, `speed.${format}`))!;
      const decoded = performance.now();
      await encodeAnimation(anim);
      const ms = [decoded - start, performance.now() - decoded];
      console.log(`      ${format}: decode ${ms[0].toFixed(1)} ms + encode ${ms[1].toFixed(1)} ms, ${bytes.length} bytes`);
      assert.ok(ms[0] + ms[1] < 500, `${format} round trip took ${(ms[0] + ms[1]).toFixed(0)} ms`);
    }
  });
});
