import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { CREDITS_PATH, IMAGE_PATH, SegmindServer, type Fault } from '../server/segmindServer';
import {
  NOISE,
  pngChunk,
  decodeSource,
  encodeJpeg,
  encodePng,
  generatedSize,
  readDimensions,
  seedFor,
  sniffFormat,
  stylize,
  type Raster,
} from '../server/fakeImages';
import { makeJpeg, makeWebpHeader } from './fixtures';
import { webpOf } from './imageFixtures';

/** An RGBA raster filled by `pixel(x, y)`. */
function raster(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Raster {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set(pixel(x, y), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/**
 * An RGB PNG (filter None, zlib level 6), written here rather than with pngjs: flat areas of a
 * 4000x3000 picture compress to a few KB this way, well inside the 10 MiB request limit.
 */
function rgbPng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * stride + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An RGBA PNG made with pngjs. */
function rgbaPng(img: Raster): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  img.data.copy(png.data);
  return PNG.sync.write(png);
}

/** Decodes a PNG or JPEG answer to RGBA. */
function decodeAnswer(buf: Buffer): Raster {
  const format = sniffFormat(buf);
  if (format === 'png') {
    const png = PNG.sync.read(buf);
    return { width: png.width, height: png.height, data: png.data };
  }
  assert.equal(format, 'jpeg', 'answers are PNG or JPEG');
  const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: Buffer.from(img.data) };
}

function pixelAt(img: Raster, x: number, y: number): [number, number, number, number] {
  const o = (y * img.width + x) * 4;
  return [img.data[o], img.data[o + 1], img.data[o + 2], img.data[o + 3]];
}

/** Mean absolute difference per byte of two equally sized rasters. */
function meanDiff(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d / a.length;
}

/** The colour type byte of a PNG's IHDR (2 = RGB, 6 = RGBA). */
function pngColourType(buf: Buffer): number {
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR');
  return buf[25];
}

/** A checkerboard whose phase follows `seed`, so two seeds give visibly different sources. */
function makeCheckerPng(width: number, height: number, seed = 0): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const checker = ((x >> 3) + (y >> 3) + seed) % 2 === 0;
      png.data[o] = checker ? 220 : (x * 255) / width;
      png.data[o + 1] = checker ? 60 : (y * 255) / height;
      png.data[o + 2] = checker ? 40 : 160;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const PNG_96x64 = makeCheckerPng(96, 64);
const PNG_B64 = PNG_96x64.toString('base64');

function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mode: 'image-to-image', image: PNG_B64, prompt: 'a pixel art knight', strength: 0.6, ...extra };
}

describe('SegmindServer', function () {
  // Every answer is about a megapixel now; jpeg-js takes ~150 ms to encode one on a slow box.
  this.timeout(20000);
  let server: SegmindServer;

  before(async () => {
    server = await SegmindServer.start();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  async function post(value: unknown, init: { key?: string | null; contentType?: string; raw?: string | Buffer; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
    if (init.key !== null) headers['x-api-key'] = init.key ?? 'test-key';
    return fetch(server.url + IMAGE_PATH, {
      method: 'POST',
      headers,
      body: init.raw ?? JSON.stringify(value),
      signal: init.signal,
    });
  }

  async function bytesOf(res: Response): Promise<Buffer> {
    return Buffer.from(await res.arrayBuffer());
  }

  async function expectError(res: Response, status: number, includes: string): Promise<void> {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const json = (await res.json()) as { error: string };
    assert.equal(typeof json.error, 'string');
    assert.ok(json.error.includes(includes), `"${json.error}" should include "${includes}"`);
  }

  describe('success', () => {
    it('answers raw JPEG by default, about a megapixel at the source ratio, with billing headers', async () => {
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.equal(res.headers.get('x-remaining-credits'), '9.92');
      assert.equal(res.headers.get('x-cost'), '0.08');
      assert.match(res.headers.get('x-generation-time') ?? '', /^\d+\.\d+$/);
      assert.match(res.headers.get('x-seed-value') ?? '', /^\d+$/);
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const buf = await bytesOf(res);
      assert.deepEqual([...buf.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      const img = jpeg.decode(buf, { useTArray: true });
      // 96x64 is 3:2: never the size sent.
      assert.deepEqual([img.width, img.height], [1280, 832]);
      assert.equal(server.credits, 9.92);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].status, 200);
      assert.deepEqual(server.requests[0].body, body());
    });

    it('answers raw PNG when output_format is png: RGB (colour type 2), no alpha channel', async () => {
      const res = await post(body({ output_format: 'png' }));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const buf = await bytesOf(res);
      assert.equal(sniffFormat(buf), 'png');
      assert.equal(pngColourType(buf), 2);
      const img = PNG.sync.read(buf);
      assert.deepEqual([img.width, img.height], [1280, 832]);
    });

    it('accepts a JPEG source and content type with charset', async () => {
      const res = await post(body({ image: makeJpeg(80, 120).toString('base64'), output_format: 'png' }), {
        contentType: 'application/json; charset=utf-8',
      });
      assert.equal(res.status, 200);
      const img = PNG.sync.read(await bytesOf(res));
      assert.deepEqual([img.width, img.height], [832, 1280]);
    });

    it('is deterministic and visibly depends on prompt, strength and source', async () => {
      const get = async (extra: Record<string, unknown>): Promise<Buffer> => {
        const res = await post(body({ output_format: 'png', ...extra }));
        assert.equal(res.status, 200);
        return PNG.sync.read(await bytesOf(res)).data;
      };
      const a = await get({});
      const again = await get({});
      assert.ok(a.equals(again), 'same inputs give identical pixels');
      const rawA = await bytesOf(await post(body()));
      const rawB = await bytesOf(await post(body()));
      assert.ok(rawA.equals(rawB), 'same inputs give identical JPEG bytes');
      const pngA = await bytesOf(await post(body({ output_format: 'png' })));
      const pngB = await bytesOf(await post(body({ output_format: 'png' })));
      assert.ok(pngA.equals(pngB), 'same inputs give identical PNG bytes');
      assert.ok(meanDiff(a, await get({ prompt: 'watercolor castle' })) > 10, 'prompt changes pixels');
      assert.ok(meanDiff(a, await get({ strength: 0.2 })) > 10, 'strength changes pixels');
      assert.ok(meanDiff(a, await get({ image: makeCheckerPng(96, 64, 1).toString('base64') })) > 10, 'source changes pixels');
    });

    it('strength 0 gives back the source, resampled to the generated size, plus slight noise', async () => {
      // A smooth source, so that resampling changes little and the comparison is about the pixels.
      const src = raster(96, 64, (x, y) => [40 + x * 2, 30 + y * 3, 200 - x, 255]);
      const res = await post(body({ image: rgbaPng(src).toString('base64'), output_format: 'png', strength: 0 }));
      assert.equal(res.status, 200);
      const out = decodeAnswer(await bytesOf(res));
      assert.deepEqual([out.width, out.height], [1280, 832]);
      let worst = 0;
      for (let sy = 0; sy < src.height; sy++) {
        for (let sx = 0; sx < src.width; sx++) {
          const ox = Math.floor(((sx + 0.5) * out.width) / src.width);
          const oy = Math.floor(((sy + 0.5) * out.height) / src.height);
          const a = pixelAt(src, sx, sy);
          const b = pixelAt(out, ox, oy);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(a[c] - b[c]));
        }
      }
      assert.ok(worst <= NOISE + 3, `strength 0 stays within noise of the source, worst ${worst}`);
    });

    it('uses strength 1 and no prompt when omitted', async () => {
      const res = await post({ mode: 'image-to-image', image: PNG_B64 });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
    });
  });

  describe('answer size: about a megapixel at the source ratio, never the size sent', () => {
    let big: Buffer | undefined;
    /** 4000x3000, red left half, blue right half (a few KB of PNG). */
    const bigPng = (): Buffer => (big ??= rgbPng(4000, 3000, (x) => (x < 2000 ? [200, 40, 40] : [40, 40, 200])));
    const cases: [string, () => Buffer, [number, number]][] = [
      ['square 512x512', () => makeCheckerPng(512, 512), [1024, 1024]],
      ['tiny 64x64', () => makeCheckerPng(64, 64), [1024, 1024]],
      ['16:9 320x180', () => makeCheckerPng(320, 180), [1344, 768]],
      ['9:16 180x320', () => makeCheckerPng(180, 320), [768, 1344]],
      ['2:1 JPEG 256x128', () => makeJpeg(256, 128), [1472, 704]],
      ['large 4000x3000 photo-sized PNG', () => bigPng(), [1152, 896]],
    ];
    for (const [name, make, [w, h]] of cases) {
      it(`${name} -> ${w}x${h} (JPEG answer)`, async () => {
        const res = await post(body({ image: make().toString('base64') }));
        assert.equal(res.status, 200);
        const img = decodeAnswer(await bytesOf(res));
        assert.deepEqual([img.width, img.height], [w, h]);
      });
    }

    it('the 4000x3000 source is decoded, not replaced: its halves survive at strength 0', async () => {
      const res = await post(body({ image: bigPng().toString('base64'), output_format: 'png', strength: 0 }));
      assert.equal(res.status, 200);
      const out = decodeAnswer(await bytesOf(res));
      assert.deepEqual([out.width, out.height], [1152, 896]);
      const near = (a: number[], b: number[]): boolean => a.every((v, i) => Math.abs(v - b[i]) <= NOISE + 1);
      assert.ok(near(pixelAt(out, 100, 448).slice(0, 3), [200, 40, 40]), `left ${pixelAt(out, 100, 448)}`);
      assert.ok(near(pixelAt(out, 1050, 448).slice(0, 3), [40, 40, 200]), `right ${pixelAt(out, 1050, 448)}`);
    });

    it('base64 answers have the generated size too', async () => {
      const res = await post(body({ image: makeCheckerPng(320, 180).toString('base64'), base64: true }));
      const json = (await res.json()) as { image: string };
      const img = decodeAnswer(Buffer.from(json.image, 'base64'));
      assert.deepEqual([img.width, img.height], [1344, 768]);
    });
  });

  describe('opaque answers', () => {
    // 64x64: transparent black everywhere, a half-transparent black band, an opaque red square.
    const src = raster(64, 64, (x, y) => {
      if (x >= 16 && x < 48 && y >= 16 && y < 48) return [220, 30, 30, 255];
      if (y >= 56) return [0, 0, 0, 128];
      return [0, 0, 0, 0];
    });
    const srcPng = rgbaPng(src);

    it('a transparent PNG comes back as RGB PNG composited over white', async () => {
      const res = await post(body({ image: srcPng.toString('base64'), output_format: 'png', strength: 0 }));
      assert.equal(res.status, 200);
      const buf = await bytesOf(res);
      assert.equal(pngColourType(buf), 2, 'RGB, no alpha channel');
      const out = decodeAnswer(buf);
      assert.deepEqual([out.width, out.height], [1024, 1024]);
      for (let i = 3; i < out.data.length; i += 4) assert.equal(out.data[i], 255);
      const within = (p: number[], want: number[], tol: number): boolean => want.every((v, i) => Math.abs(p[i] - v) <= tol);
      assert.ok(within(pixelAt(out, 20, 20), [255, 255, 255], NOISE), `transparent black turns white, got ${pixelAt(out, 20, 20)}`);
      assert.ok(within(pixelAt(out, 1000, 100), [255, 255, 255], NOISE), `got ${pixelAt(out, 1000, 100)}`);
      assert.ok(within(pixelAt(out, 512, 512), [220, 30, 30], NOISE + 1), `opaque red kept, got ${pixelAt(out, 512, 512)}`);
      assert.ok(within(pixelAt(out, 512, 980), [127, 127, 127], NOISE + 2), `half-transparent black turns grey, got ${pixelAt(out, 512, 980)}`);
    });

    it('the default JPEG answer for a transparent PNG is white where the PNG answer is', async () => {
      const asPng = decodeAnswer(await bytesOf(await post(body({ image: srcPng.toString('base64'), output_format: 'png' }))));
      const asJpeg = decodeAnswer(await bytesOf(await post(body({ image: srcPng.toString('base64') }))));
      assert.deepEqual([asJpeg.width, asJpeg.height], [asPng.width, asPng.height]);
      for (const [x, y] of [
        [20, 20],
        [512, 512],
        [1000, 100],
      ]) {
        const a = pixelAt(asPng, x, y);
        const b = pixelAt(asJpeg, x, y);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs(a[c] - b[c]) <= 16, `(${x},${y}) png ${a} jpeg ${b}`);
      }
    });
  });

  describe('WebP sources are decoded', () => {
    const halves = (flip: boolean, alphaLeft = 255): Raster =>
      raster(128, 64, (x) => ((x < 64) !== flip ? [210, 30, 30, alphaLeft] : [30, 30, 210, 255]));

    it('encodes the test WebPs as VP8L, VP8 and VP8X', async () => {
      assert.equal((await webpOf(halves(false))).toString('latin1', 12, 16), 'VP8L');
      assert.equal((await webpOf(halves(false), { lossless: false })).toString('latin1', 12, 16), 'VP8 ');
      assert.equal((await webpOf(halves(false, 0), { lossless: false })).toString('latin1', 12, 16), 'VP8X');
    });

    it('the answer follows the WebP pixels: two different WebPs give different answers', async () => {
      const get = async (webp: Buffer, strength: number): Promise<Raster> => {
        const res = await post(body({ image: webp.toString('base64'), output_format: 'png', strength }));
        assert.equal(res.status, 200);
        return decodeAnswer(await bytesOf(res));
      };
      const a = await webpOf(halves(false));
      const b = await webpOf(halves(true));
      const a0 = await get(a, 0);
      const b0 = await get(b, 0);
      assert.deepEqual([a0.width, a0.height], [1472, 704]);
      const red = (p: number[]): boolean => p[0] > 190 && p[2] < 50;
      const blue = (p: number[]): boolean => p[2] > 190 && p[0] < 50;
      assert.ok(red(pixelAt(a0, 300, 350)) && blue(pixelAt(a0, 1200, 350)), `a: ${pixelAt(a0, 300, 350)} / ${pixelAt(a0, 1200, 350)}`);
      assert.ok(blue(pixelAt(b0, 300, 350)) && red(pixelAt(b0, 1200, 350)), `b: ${pixelAt(b0, 300, 350)} / ${pixelAt(b0, 1200, 350)}`);
      assert.ok(meanDiff(a0.data, b0.data) > 50);
      assert.ok(meanDiff((await get(a, 0.6)).data, (await get(b, 0.6)).data) > 10, 'styled answers differ too');
      assert.ok((await get(a, 0.6)).data.equals((await get(a, 0.6)).data), 'deterministic');
    });

    it('decodes lossy WebP and WebP with alpha (composited over white)', async () => {
      const lossy = decodeAnswer(await bytesOf(await post(body({ image: (await webpOf(halves(false), { lossless: false })).toString('base64'), output_format: 'png', strength: 0 }))));
      assert.ok(pixelAt(lossy, 300, 350)[0] > 180 && pixelAt(lossy, 1200, 350)[2] > 180);
      const withAlpha = await webpOf(halves(false, 0), { lossless: false });
      const res = await post(body({ image: withAlpha.toString('base64'), output_format: 'png', strength: 0 }));
      assert.equal(res.status, 200);
      const buf = await bytesOf(res);
      assert.equal(pngColourType(buf), 2);
      const out = decodeAnswer(buf);
      assert.ok(pixelAt(out, 300, 350).slice(0, 3).every((v) => v >= 240), `transparent half is white: ${pixelAt(out, 300, 350)}`);
      assert.ok(pixelAt(out, 1200, 350)[2] > 180, `opaque half is blue: ${pixelAt(out, 1200, 350)}`);
    });
  });

  describe('stylisation', () => {
    // 64x64, 8 px cells of grey 100 and 160: a sprite with hard edges.
    const cells = raster(64, 64, (x, y) => {
      const v = ((x >> 3) + (y >> 3)) % 2 === 0 ? 100 : 160;
      return [v, v, v, 255];
    });

    it('upscales smoothly (no hard cell edges) and never returns perfectly flat cells', async () => {
      const res = await post(body({ image: rgbaPng(cells).toString('base64'), output_format: 'png', strength: 0 }));
      const out = decodeAnswer(await bytesOf(res));
      assert.deepEqual([out.width, out.height], [1024, 1024]);
      // Row 40 lies inside the first row of cells; the edge between source columns 7 and 8 is at x = 128.
      const row = (x: number): number => pixelAt(out, x, 40)[0];
      let between = 0;
      for (let x = 112; x < 144; x++) if (row(x) > 110 && row(x) < 150) between++;
      assert.ok(between >= 8, `a ramp across the cell edge, not a step: ${between} intermediate pixels`);
      let jump = 0;
      for (let x = 1; x < out.width; x++) jump = Math.max(jump, Math.abs(row(x) - row(x - 1)));
      assert.ok(jump < 20, `largest step between neighbours ${jump} (nearest-neighbour would give 60)`);
      // Inside a cell: the source value plus noise in -NOISE..NOISE, not one flat colour.
      const seen = new Set<number>();
      for (let y = 40; y < 80; y++) {
        for (let x = 40; x < 80; x++) {
          const p = pixelAt(out, x, y);
          for (let c = 0; c < 3; c++) {
            assert.ok(Math.abs(p[c] - 100) <= NOISE, `(${x},${y}) ${p}`);
            seen.add(p[c]);
          }
        }
      }
      assert.ok(seen.size >= 2 * NOISE, `noise inside a flat cell: ${[...seen].sort()}`);
    });

    it('styled answers are not flat either', () => {
      const out = stylize(cells, { width: 1024, height: 1024 }, 'pixel art', 1, 42);
      const seen = new Set<string>();
      for (let y = 40; y < 80; y++) for (let x = 40; x < 80; x++) seen.add(pixelAt(out, x, y).join());
      assert.ok(seen.size > 20, `${seen.size} distinct colours inside one cell`);
    });

    it('the noise is deterministic for a seed and changes with it', () => {
      const a = stylize(cells, { width: 256, height: 256 }, 'x', 0.5, 1);
      assert.ok(a.data.equals(stylize(cells, { width: 256, height: 256 }, 'x', 0.5, 1).data));
      const b = stylize(cells, { width: 256, height: 256 }, 'x', 0.5, 2);
      assert.ok(!a.data.equals(b.data));
      assert.ok(meanDiff(a.data, b.data) <= NOISE, 'only the noise differs');
    });

    it('a megapixel is stylised and PNG-encoded well within a second', () => {
      const src = raster(1920, 1080, (x, y) => [x & 255, y & 255, (x ^ y) & 255, 255]);
      const size = generatedSize(src.width, src.height);
      const t0 = process.hrtime.bigint();
      const png = encodePng(stylize(src, size, 'oil painting', 0.6, seedFor('x')));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // Typically ~70 ms here (about 40 to stylise, 30 to encode); the bound only catches a big regression.
      assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
      assert.deepEqual(readDimensions(png, 'png'), size);
      assert.ok(encodeJpeg(stylize(src, size, 'oil painting', 0.6, 1)).length > 1000);
    });
  });

  describe('generatedSize', () => {
    const table: [number, number, number, number][] = [
      [1024, 1024, 1024, 1024],
      [64, 64, 1024, 1024],
      [512, 512, 1024, 1024],
      [1920, 1080, 1344, 768],
      [1080, 1920, 768, 1344],
      [4000, 3000, 1152, 896],
      [3000, 4000, 896, 1152],
      [96, 64, 1280, 832],
      [2000, 1000, 1472, 704],
      [1000, 2000, 704, 1472],
      [16383, 64, 16384, 64],
      [100000, 64, 16384, 64],
      [64, 100000, 64, 16384],
    ];
    for (const [w, h, gw, gh] of table) {
      it(`${w}x${h} -> ${gw}x${gh}`, () => {
        assert.deepEqual(generatedSize(w, h), { width: gw, height: gh });
      });
    }

    it('sides are multiples of 64 and >= 64, about a megapixel, ratio kept, symmetric', () => {
      for (let w = 64; w <= 6000; w += 37) {
        for (let h = 64; h <= 6000; h += 53) {
          const g = generatedSize(w, h);
          assert.equal(g.width % 64, 0);
          assert.equal(g.height % 64, 0);
          assert.ok(g.width >= 64 && g.height >= 64);
          assert.deepEqual(generatedSize(h, w), { width: g.height, height: g.width });
          const ratio = Math.max(w, h) / Math.min(w, h);
          if (ratio <= 16) {
            const mp = (g.width * g.height) / 2 ** 20;
            assert.ok(mp >= 0.88 && mp <= 1.1, `${w}x${h} -> ${g.width}x${g.height} = ${mp} MP`);
          }
          if (ratio <= 4) {
            assert.ok(Math.abs(Math.log(g.width / g.height) - Math.log(w / h)) < 0.1, `${w}x${h} -> ${g.width}x${g.height}`);
          }
        }
      }
    });
  });

  describe('decodeSource', () => {
    it('a source past the decode budget gets a seeded gradient at the generated size', async () => {
      const fake = Buffer.from('not really a 5000x4000 JPEG');
      const a = await decodeSource(fake, 'jpeg', { width: 5000, height: 4000 });
      assert.deepEqual([a.width, a.height], [1152, 896]);
      assert.ok(a.data.equals((await decodeSource(fake, 'jpeg', { width: 5000, height: 4000 })).data));
      const b = await decodeSource(Buffer.from('other bytes'), 'jpeg', { width: 5000, height: 4000 });
      assert.ok(meanDiff(a.data, b.data) > 10);
    });

    it('decodes WebP pixels exactly (lossless)', async () => {
      const img = raster(70, 90, (x, y) => [x * 3, y * 2, (x * y) & 255, 255]);
      const out = await decodeSource(await webpOf(img), 'webp', { width: 70, height: 90 });
      assert.deepEqual([out.width, out.height], [70, 90]);
      assert.ok(out.data.equals(img.data));
    });
  });

  describe('base64 answers', () => {
    it('returns {"image": b64} by default', async () => {
      const res = await post(body({ base64: true, output_format: 'png' }));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const json = (await res.json()) as { image: string };
      const img = PNG.sync.read(Buffer.from(json.image, 'base64'));
      assert.deepEqual([img.width, img.height], [1280, 832]);
      assert.equal(res.headers.get('x-remaining-credits'), '9.92');
    });

    it('honours json-shape faults: images, bare, unknown', async () => {
      server.failNext({ kind: 'json-shape', shape: 'images' });
      const a = (await (await post(body({ base64: true }))).json()) as { images: string[] };
      assert.equal(sniffFormat(Buffer.from(a.images[0], 'base64')), 'jpeg');
      server.failNext({ kind: 'json-shape', shape: 'bare' });
      const b = (await (await post(body({ base64: true }))).json()) as string;
      assert.equal(typeof b, 'string');
      assert.equal(sniffFormat(Buffer.from(b, 'base64')), 'jpeg');
      server.failNext({ kind: 'json-shape', shape: 'unknown' });
      assert.deepEqual(await (await post(body({ base64: true }))).json(), { output: 'https://example.invalid/x.png' });
      server.failNext({ kind: 'json-shape', shape: 'image' });
      const d = (await (await post(body({ base64: true }))).json()) as { image: string };
      assert.equal(typeof d.image, 'string');
    });
  });

  describe('validation', () => {
    const cases: [string, unknown, number, string][] = [
      ['array body', [1, 2], 400, 'JSON object'],
      ['null body', null, 400, 'JSON object'],
      ['unknown field', body({ seed: -1 }), 400, 'unknown field: seed'],
      ['missing mode', { image: PNG_B64 }, 400, 'mode'],
      ['wrong mode', body({ mode: 'text-to-image' }), 400, 'mode'],
      ['mode not a string', body({ mode: 1 }), 400, 'mode'],
      ['missing image', { mode: 'image-to-image' }, 400, 'image: required'],
      ['image not a string', body({ image: 42 }), 400, 'image'],
      ['image URL', body({ image: 'https://example.com/a.png' }), 400, 'image URLs are not reachable'],
      ['empty image', body({ image: '' }), 400, 'image'],
      ['data URL', body({ image: 'data:image/png;base64,' + PNG_B64 }), 400, 'image: not valid base64'],
      ['unpadded base64', body({ image: PNG_B64.replace(/=+$/, '') + 'A' }), 400, 'image'],
      ['not an image', body({ image: Buffer.from('GIF89a not supported here').toString('base64') }), 400, 'image: not a PNG, JPEG or WebP'],
      ['side below 64', body({ image: makeCheckerPng(200, 63).toString('base64') }), 400, 'at least 64'],
      ['a 63x64 source', body({ image: makeCheckerPng(63, 64).toString('base64') }), 400, 'got 63x64'],
      ['a 64x63 source', body({ image: makeCheckerPng(64, 63).toString('base64') }), 400, 'got 64x63'],
      ['WebP side below 64', body({ image: makeWebpHeader('VP8X', 63, 300).toString('base64') }), 400, 'at least 64'],
      ['corrupt PNG', body({ image: Buffer.concat([PNG_96x64.subarray(0, 40), Buffer.alloc(40)]).toString('base64') }), 400, 'image: could not decode'],
      ['corrupt JPEG', body({ image: Buffer.concat([makeJpeg(80, 80).subarray(0, 200), Buffer.alloc(100)]).toString('base64') }), 400, 'image: could not decode'],
      ['undecodable WebP (a bare VP8L header)', body({ image: makeWebpHeader('VP8L', 100, 70).toString('base64') }), 400, 'image: could not decode the WEBP'],
      ['undecodable WebP (a bare VP8 header)', body({ image: makeWebpHeader('VP8 ', 300, 200).toString('base64') }), 400, 'image: could not decode the WEBP'],
      ['prompt not a string', body({ prompt: 5 }), 400, 'prompt'],
      ['prompt null', body({ prompt: null }), 400, 'prompt'],
      ['prompt too long', body({ prompt: 'x'.repeat(10001) }), 400, 'prompt'],
      ['strength not a number', body({ strength: '0.5' }), 400, 'strength'],
      ['strength above 1', body({ strength: 1.5 }), 422, 'strength'],
      ['strength below 0', body({ strength: -0.1 }), 422, 'strength'],
      ['output_format webp', body({ output_format: 'webp' }), 400, 'output_format'],
      ['output_format not a string', body({ output_format: 1 }), 400, 'output_format'],
      ['base64 not boolean', body({ base64: 'true' }), 400, 'base64'],
    ];
    for (const [name, value, status, includes] of cases) {
      it(`rejects ${name} with ${status}`, async () => {
        await expectError(await post(value), status, includes);
        assert.equal(server.credits, 10, 'failed calls are not billed');
      });
    }

    it('rejects a body that is not JSON', async () => {
      await expectError(await post(undefined, { raw: '{"mode": "image-to-image",' }), 400, 'not valid JSON');
    });

    it('accepts a prompt of exactly 10000 characters', async () => {
      assert.equal((await post(body({ prompt: 'y'.repeat(10000) }))).status, 200);
    });

    it('rejects a body over 10 MiB with 400 without keeping it', async () => {
      const res = await post(undefined, { raw: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
      await expectError(res, 400, 'too large');
      assert.equal(server.requests[0].rawBodyBytes, 10 * 1024 * 1024 + 1);
      assert.equal(server.requests[0].body, undefined);
    });
  });

  describe('errors', () => {
    it('401 for a missing or unknown key', async () => {
      await expectError(await post(body(), { key: null }), 401, 'Invalid API key');
      await expectError(await post(body(), { key: 'nope' }), 401, 'Invalid API key');
      await expectError(await post([], { key: 'nope' }), 401, 'Invalid API key');
    });

    it('403 for forbidden-key', async () => {
      await expectError(await post(body(), { key: 'forbidden-key' }), 403, 'lacks permission');
    });

    it('405 with an HTML page for another method', async () => {
      const res = await fetch(server.url + IMAGE_PATH, { headers: { 'x-api-key': 'test-key' } });
      assert.equal(res.status, 405);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<html>/);
    });

    it('404 JSON for an unknown path', async () => {
      const res = await fetch(server.url + '/v1/sdxl-img2img', { method: 'POST', headers: { 'x-api-key': 'test-key' } });
      await expectError(res, 404, 'Not found');
    });

    it('406 for a wrong content type', async () => {
      await expectError(await post(body(), { contentType: 'text/plain' }), 406, 'Invalid content type');
      await expectError(await post(body(), { contentType: 'application/json; charset=latin1' }), 406, 'Invalid content type');
    });

    it('406 when credits are short, naming balance and cost, without billing', async () => {
      server.credits = 0.05;
      await expectError(await post(body()), 406, 'Not enough credits. Balance: 0.05, cost: 0.08');
      assert.equal(server.credits, 0.05);
    });

    it('429 beyond the rate limit with x-rate-limit-reset-at-utc and no Retry-After', async () => {
      const limited = await SegmindServer.start({ rateLimitPerMinute: 2 });
      try {
        const call = (): Promise<Response> =>
          fetch(limited.url + IMAGE_PATH, {
            method: 'POST',
            headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
            body: JSON.stringify(body()),
          });
        const t0 = Date.now();
        assert.equal((await call()).status, 200);
        assert.equal((await call()).status, 200);
        const res = await call();
        assert.equal(res.headers.get('retry-after'), null);
        const reset = Date.parse(res.headers.get('x-rate-limit-reset-at-utc') ?? '');
        assert.ok(reset >= t0 + 59_000 && reset <= Date.now() + 60_000, `reset ${reset}`);
        assert.match(res.headers.get('x-rate-limit-reset-at-utc') ?? '', /^\d{4}-\d\d-\d\dT.*Z$/);
        await expectError(res, 429, 'Rate limit exceeded');
        assert.equal(limited.credits, 9.84);
        limited.reset();
        assert.equal((await call()).status, 200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('faults', () => {
    it('status: answers exactly the given status, body and headers, once', async () => {
      server.failNext({ kind: 'status', status: 503, body: 'busy', contentType: 'text/plain', headers: { 'x-extra': '1' } });
      const res = await post(body());
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('content-type'), 'text/plain');
      assert.equal(res.headers.get('x-extra'), '1');
      assert.equal(await res.text(), 'busy');
      assert.equal(server.credits, 10);
      assert.equal((await post(body())).status, 200);
    });

    it('status without body answers JSON', async () => {
      server.failNext({ kind: 'status', status: 500 });
      await expectError(await post(body()), 500, '500');
    });

    it('html: a gateway error page', async () => {
      server.failNext({ kind: 'html', status: 502 });
      const res = await post(body());
      assert.equal(res.status, 502);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /502 Bad Gateway/);
    });

    it('applies to count calls, after the key check', async () => {
      server.failNext({ kind: 'status', status: 500 }, 2);
      assert.equal((await post(body(), { key: 'bad' })).status, 401);
      assert.equal((await post(body())).status, 500);
      assert.equal((await post(body())).status, 500);
      assert.equal((await post(body())).status, 200);
    });

    it('cut: the connection is destroyed without a response', async () => {
      server.failNext({ kind: 'cut' });
      await assert.rejects(post(body()), TypeError);
      assert.equal(server.requests[0].status, 0);
      assert.equal(server.credits, 10);
    });

    it('stall: never answers; the client times out', async () => {
      server.failNext({ kind: 'stall' });
      const t0 = Date.now();
      await assert.rejects(post(body(), { signal: AbortSignal.timeout(200) }), (err: Error) => err.name === 'TimeoutError' || err.name === 'AbortError');
      assert.ok(Date.now() - t0 >= 190);
      assert.equal(server.requests[0].status, 0);
      assert.equal((await post(body())).status, 200, 'the next call is normal');
    });

    it('truncate: full content-length, half the bytes, then a cut (billed)', async () => {
      server.failNext({ kind: 'truncate' });
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.ok(Number(res.headers.get('content-length')) > 1000);
      await assert.rejects(res.arrayBuffer());
      assert.equal(server.credits, 9.92);
    });

    it('delay: answers normally after ms', async () => {
      server.failNext({ kind: 'delay', ms: 150 });
      const t0 = Date.now();
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.ok(Date.now() - t0 >= 145);
    });

    it('garbage-credits and no-credits-header', async () => {
      server.failNext({ kind: 'garbage-credits' });
      const a = await post(body());
      assert.equal(a.status, 200);
      assert.equal(a.headers.get('x-remaining-credits'), 'abc');
      server.failNext({ kind: 'no-credits-header' });
      const b = await post(body());
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('x-remaining-credits'), null);
      assert.equal(server.credits, 9.84);
    });

    it('close() ends stalled requests and resolves fast', async () => {
      const s = await SegmindServer.start();
      s.failNext({ kind: 'stall' });
      const pending = fetch(s.url + IMAGE_PATH, {
        method: 'POST',
        headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      });
      while (s.requests.length === 0 || s.pendingFaults > 0) await new Promise((r) => setTimeout(r, 5));
      const t0 = Date.now();
      await s.close();
      assert.ok(Date.now() - t0 < 500);
      await assert.rejects(pending);
    });
  });

  describe('options', () => {
    it('latencyMs delays image calls; log redacts keys', async () => {
      const lines: string[] = [];
      const s = await SegmindServer.start({ latencyMs: 120, apiKeys: ['secret-key-123'], credits: 1, costPerCall: 0.5, log: (l) => lines.push(l) });
      try {
        const t0 = Date.now();
        const res = await fetch(s.url + IMAGE_PATH, {
          method: 'POST',
          headers: { 'x-api-key': 'secret-key-123', 'content-type': 'application/json' },
          body: JSON.stringify(body()),
        });
        assert.equal(res.status, 200);
        assert.ok(Date.now() - t0 >= 115);
        assert.equal(res.headers.get('x-remaining-credits'), '0.5');
        assert.equal(res.headers.get('x-cost'), '0.5');
        assert.ok(lines.length > 0);
        assert.ok(lines.some((l) => l.includes('se…')));
        assert.ok(!lines.some((l) => l.includes('secret-key-123')));
      } finally {
        await s.close();
      }
    });
  });

  describe('credits endpoint', () => {
    it('returns the balance, follows deductions and rejects bad keys', async () => {
      const get = (key: string): Promise<Response> => fetch(server.url + CREDITS_PATH, { headers: { 'x-api-key': key } });
      const a = await get('test-key');
      assert.equal(a.status, 200);
      assert.deepEqual(await a.json(), { credits: 10, 'free-credits': 0.0184921035 });
      await post(body());
      assert.deepEqual(await (await get('test-key')).json(), { credits: 9.92, 'free-credits': 0.0184921035 });
      await expectError(await get('wrong'), 401, 'Invalid API key');
      server.credits = 3.5;
      assert.equal(((await (await get('test-key')).json()) as { credits: number }).credits, 3.5);
    });
  });

  describe('control API', () => {
    const control = async (path: string, value?: unknown): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(server.url + '/__control/' + path, {
        method: value === undefined ? 'GET' : 'POST',
        headers: value === undefined ? {} : { 'content-type': 'application/json' },
        body: value === undefined ? undefined : JSON.stringify(value),
      });
      return { status: res.status, json: await res.json() };
    };

    it('steers faults, credits and reset, and lists requests without image data', async () => {
      const fault: Fault = { kind: 'html', status: 504 };
      assert.equal((await control('fail-next', { fault, count: 2 })).status, 200);
      assert.equal((await post(body())).status, 504);
      assert.equal((await post(body())).status, 504);
      assert.equal((await post(body())).status, 200);
      assert.equal((await control('credits', { credits: 0.01 })).status, 200);
      assert.equal(server.credits, 0.01);
      assert.equal((await post(body())).status, 406);

      const state = await control('state');
      assert.deepEqual(state.json, { credits: 0.01, requestCount: 4, pendingFaults: 0 });
      const list = (await control('requests')).json as { path: string; status: number; body: { image: unknown } }[];
      assert.equal(list.length, 4, 'control requests are not recorded');
      assert.deepEqual(
        list.map((r) => r.status),
        [504, 504, 200, 406],
      );
      assert.deepEqual(list[0].body.image, { bytes: PNG_96x64.length });
      assert.equal(list[0].path, IMAGE_PATH);

      assert.equal((await control('reset', {})).status, 200);
      assert.deepEqual((await control('state')).json, { credits: 10, requestCount: 0, pendingFaults: 0 });
    });

    it('rejects malformed control input', async () => {
      assert.equal((await control('fail-next', { fault: { kind: 'explode' } })).status, 400);
      assert.equal((await control('fail-next', { fault: { kind: 'delay' } })).status, 400);
      assert.equal((await control('credits', { credits: 'many' })).status, 400);
      assert.equal((await control('nothing')).status, 404);
      assert.equal(server.pendingFaults, 0);
    });
  });

  describe('image headers', () => {
    it('reads PNG, JPEG and all three WebP header kinds', () => {
      assert.deepEqual(readDimensions(PNG_96x64, 'png'), { width: 96, height: 64 });
      assert.deepEqual(readDimensions(makeJpeg(70, 90), 'jpeg'), { width: 70, height: 90 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8 ', 300, 200), 'webp'), { width: 300, height: 200 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8L', 5000, 64), 'webp'), { width: 5000, height: 64 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8X', 4000, 3000), 'webp'), { width: 4000, height: 3000 });
      assert.equal(sniffFormat(makeWebpHeader('VP8 ', 300, 200)), 'webp');
      assert.equal(sniffFormat(Buffer.from('hello world!')), undefined);
    });
  });
});
