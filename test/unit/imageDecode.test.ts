import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageDecodeError, MAX_SOURCE_PIXELS, decodeImage, defaultWebpWasmPath, initWebpCodec, readHeader, type DecodedImage } from '../../src/image/decode';
import { encodeJpeg, encodePng } from '../../src/image/encode';
import { readExifOrientation } from '../../src/image/exifOrientation';
import { applyOrientation } from '../../src/image/orient';
import { createRaster, type Raster } from '../../src/image/raster';

/** The fixtures made by scripts/make-image-fixtures.mjs, and what each decodes to. */
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');
const expected: Record<string, { width: number; height: number; animated: boolean; rgba?: string }> =
  JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'));

function fixture(name: string): Uint8Array {
  return readFileSync(path.join(FIXTURES, name));
}
async function decodeFixture(name: string): Promise<DecodedImage> {
  return decodeImage(fixture(name), name);
}
function pixel(raster: Raster, x: number, y: number): number[] {
  const i = (y * raster.width + x) * 4;
  return Array.from(raster.data.subarray(i, i + 4));
}
/** Asserts a pixel is within `tolerance` of [r, g, b, a] on every channel. */
function assertNear(actual: number[], want: number[], tolerance: number, what: string): void {
  const off = actual.some((v, i) => Math.abs(v - want[i]) > tolerance);
  assert.ok(!off, `${what}: got ${actual.join(',')}, want ${want.join(',')} ±${tolerance}`);
}

const RED = [255, 0, 0, 255], GREEN = [0, 255, 0, 255], BLUE = [0, 0, 255, 255], WHITE = [255, 255, 255, 255];
/** Centres of the 32 × 32 quadrant fixtures: top left, top right, bottom left, bottom right. */
const QUADRANT_CENTRES = [[8, 8], [24, 8], [8, 24], [24, 24]] as const;
function assertQuadrants(raster: Raster, colours: number[][], tolerance: number, what: string): void {
  QUADRANT_CENTRES.forEach(([x, y], q) => assertNear(pixel(raster, x, y), colours[q], tolerance, `${what} quadrant ${q}`));
}

describe('decoding every PNG flavour to RGBA', () => {
  const pngs = Object.keys(expected).filter((name) => name.startsWith('png-'));

  it('has a fixture for each colour type, bit depth, tRNS kind, Adam7 and APNG', () => {
    for (const name of ['grey1', 'grey2', 'grey4', 'grey8', 'grey16', 'greyalpha8', 'greyalpha16', 'rgb8', 'rgb16', 'rgba8', 'rgba16',
      'palette1', 'palette2', 'palette4', 'palette8', 'palette8-trns', 'palette2-trns', 'rgb8-trns', 'rgb16-trns', 'grey8-trns',
      'interlaced-rgba8', 'interlaced-palette4', 'interlaced-grey1', 'interlaced-rgb16', 'apng']) {
      assert.ok(pngs.includes(`png-${name}.png`), name);
    }
  });

  for (const name of pngs) {
    it(`${name} decodes to exactly the expected pixels`, async () => {
      const { width, height, animated, rgba } = expected[name];
      const decoded = await decodeFixture(name);
      assert.equal(decoded.format, 'png');
      assert.equal(decoded.animated, animated);
      assert.equal(decoded.reoriented, false);
      assert.deepEqual([decoded.raster.width, decoded.raster.height], [width, height]);
      assert.ok(Buffer.from(decoded.raster.data).equals(Buffer.from(rgba!, 'base64')), 'pixels differ');
    });
  }

  it('spot checks: sub-byte grey scales to 0–255, 16-bit keeps the high byte, keys and palette alpha', async () => {
    assert.deepEqual(pixel((await decodeFixture('png-grey2.png')).raster, 1, 0), [85, 85, 85, 255]); // (1 + 0) % 4 = 1 → 85
    assert.deepEqual(pixel((await decodeFixture('png-grey4.png')).raster, 2, 1), [85, 85, 85, 255]); // (2 + 3) % 16 = 5 → 85
    assert.deepEqual(pixel((await decodeFixture('png-grey16.png')).raster, 1, 0), [16, 16, 16, 255]); // 4099 = 0x1003 → 0x10
    const rgbKey = (await decodeFixture('png-rgb8-trns.png')).raster;
    assert.deepEqual(pixel(rgbKey, 1, 1), [60, 100, 7, 0]); // the key colour turns transparent
    assert.deepEqual(pixel(rgbKey, 2, 1), [120, 100, 7, 255]);
    const key16 = (await decodeFixture('png-rgb16-trns.png')).raster;
    assert.deepEqual(pixel(key16, 1, 0), [0x12, 0x56, 0x9a, 0]); // all 16 bits match the key
    assert.deepEqual(pixel(key16, 0, 0), [0x12, 0x56, 0x9a, 255]); // same high bytes, other low byte: opaque
    const palette = (await decodeFixture('png-palette8-trns.png')).raster; // index (7x + 13y) mod 180; tRNS covers 0–99
    assert.deepEqual(pixel(palette, 0, 0), [0, 50, 100, 0]); // index 0, alpha 0
    assert.deepEqual(pixel(palette, 1, 0), [3, 175, 215, 161]); // index 7: (7·37, 7·91+50, 7·53+100) mod 256, alpha 7·23
    assert.deepEqual(pixel(palette, 5, 5), [116, 190, 24, 255]); // index 100: past the end of tRNS, so opaque
  });

  it('an animated PNG gives its default image and says it is animated', async () => {
    const apng = await decodeFixture('png-apng.png');
    assert.equal(apng.animated, true);
    assert.deepEqual(pixel(apng.raster, 0, 0), RED);
    assert.deepEqual(pixel(apng.raster, 15, 11), RED);
  });
});

describe('decoding JPEG', () => {
  it('baseline and progressive come out in their colours', async () => {
    for (const name of ['jpeg-baseline.jpg', 'jpeg-progressive.jpg']) {
      const { format, raster, animated } = await decodeFixture(name);
      assert.equal(format, 'jpeg');
      assert.equal(animated, false);
      assert.deepEqual([raster.width, raster.height], [32, 32]);
      assertQuadrants(raster, [RED, GREEN, BLUE, WHITE], 6, name);
    }
  });

  it('greyscale becomes grey RGBA', async () => {
    const { raster } = await decodeFixture('jpeg-grey.jpg');
    assertQuadrants(raster, [0, 85, 170, 255].map((g) => [g, g, g, 255]), 4, 'grey');
  });

  it('Adobe CMYK and YCCK come out in the right colours, not inverted', async () => {
    const ycck = (await decodeFixture('jpeg-cmyk-ycck.jpg')).raster;
    assertQuadrants(ycck, [RED, GREEN, BLUE, WHITE], 8, 'YCCK');
    const cmyk = (await decodeFixture('jpeg-cmyk.jpg')).raster; // cyan, magenta / yellow, 50% black
    assertQuadrants(cmyk, [[0, 255, 255, 255], [255, 0, 255, 255], [255, 255, 0, 255], [127, 127, 127, 255]], 4, 'CMYK');
  });

  it('honours EXIF orientations 1–8 (both byte orders): the picture is always 24 × 16 as displayed', async () => {
    // Displayed: 8 × 8 blocks, red green blue over yellow magenta cyan.
    const blocks = [[RED, GREEN, BLUE], [[255, 255, 0, 255], [255, 0, 255, 255], [0, 255, 255, 255]]];
    for (let orientation = 1; orientation <= 8; orientation++) {
      const name = `jpeg-exif-${orientation}.jpg`;
      assert.equal(readExifOrientation(fixture(name)), orientation);
      const decoded = await decodeFixture(name);
      assert.deepEqual([decoded.raster.width, decoded.raster.height], [24, 16], name);
      assert.equal(decoded.reoriented, orientation !== 1);
      for (let by = 0; by < 2; by++) {
        for (let bx = 0; bx < 3; bx++) assertNear(pixel(decoded.raster, bx * 8 + 4, by * 8 + 4), blocks[by][bx], 12, `${name} block ${bx},${by}`);
      }
    }
  });

  it('decodes a 4000 × 3000 photo at its size', async function () {
    this.timeout(60_000);
    const width = 4000, height = 3000;
    const data = new Uint8Array(width * height * 4);
    for (let i = 0, p = 0; p < width * height; p++, i += 4) {
      data[i] = p % width & 255; data[i + 1] = (p / width) & 255; data[i + 2] = 128; data[i + 3] = 255;
    }
    const bytes = jpeg.encode({ width, height, data }, 85).data;
    const { raster } = await decodeImage(bytes, 'photo.jpg');
    assert.deepEqual([raster.width, raster.height], [width, height]);
    assertNear(pixel(raster, 100, 200), [100, 200, 128, 255], 6, 'pixel');
  });
});

describe('decoding WebP', () => {
  it('lossy', async () => {
    const { format, raster, animated } = await decodeFixture('webp-lossy.webp');
    assert.equal(format, 'webp');
    assert.equal(animated, false);
    assertQuadrants(raster, [RED, GREEN, BLUE, WHITE], 12, 'lossy');
  });

  it('lossless with alpha, exactly (colour kept under transparent pixels)', async () => {
    const { raster } = await decodeFixture('webp-lossless-alpha.webp');
    assert.ok(Buffer.from(raster.data).equals(Buffer.from(expected['webp-lossless-alpha.webp'].rgba!, 'base64')));
  });

  it('lossy with an alpha plane (VP8X + ALPH)', async () => {
    const { raster } = await decodeFixture('webp-lossy-alpha.webp');
    assert.deepEqual(QUADRANT_CENTRES.map(([x, y]) => pixel(raster, x, y)[3]), [255, 128, 0, 64]);
    assertNear(pixel(raster, 8, 8), RED, 12, 'opaque quadrant');
  });

  it('an animation gives its first frame on the canvas', async () => {
    const full = await decodeFixture('webp-animated.webp');
    assert.equal(full.animated, true);
    assert.deepEqual([full.raster.width, full.raster.height], [24, 16]);
    assert.deepEqual(pixel(full.raster, 0, 0), RED);
    assert.deepEqual(pixel(full.raster, 23, 15), RED);
  });

  it('a first frame smaller than the canvas, with ALPH, sits at its offset on transparency', async () => {
    const { raster, animated } = await decodeFixture('webp-animated-offset.webp');
    assert.equal(animated, true);
    assert.deepEqual([raster.width, raster.height], [24, 16]);
    // The frame is 16 × 8 at (4, 2): left half green and opaque, right half transparent.
    assertNear(pixel(raster, 6, 5), GREEN, 12, 'frame, left half');
    assert.equal(pixel(raster, 16, 5)[3], 0);
    assert.equal(pixel(raster, 1, 1)[3], 0);
    assert.equal(pixel(raster, 6, 12)[3], 0);
  });

  it('loads the codec once, from a file path', async () => {
    await initWebpCodec(defaultWebpWasmPath());
    await initWebpCodec('/no/such/file.wasm'); // already loaded: the path is not read again
  });
});

describe('refusing files that are not whole images (no request is ever made for them)', () => {
  const cases: [string, RegExp][] = [
    ['empty.png', /^empty\.png is empty\.$/],
    ['text.png', /^text\.png is not a PNG, JPEG, WebP or GIF image/],
    ['png-zero.png', /^png-zero\.png has no pixels: its header says it is 0 × 0 px\.$/],
    ['png-huge.png', /^png-huge\.png is too large: 10000 × 6000 px is 60 megapixels, more than the 50 megapixels/],
    ['png-truncated.png', /^png-truncated\.png is damaged: its image data could not be read\.$/],
    ['png-garbage.png', /^png-garbage\.png is damaged: its image data could not be read\.$/],
    ['jpeg-truncated.jpg', /^jpeg-truncated\.jpg is damaged/],
    ['webp-truncated.webp', /^webp-truncated\.webp is damaged/],
  ];
  for (const [name, message] of cases) {
    it(name, async () => {
      await assert.rejects(decodeFixture(name), (error: unknown) => {
        assert.ok(error instanceof ImageDecodeError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('every good file cut short, or with its data replaced by garbage, is refused', async () => {
    for (const name of ['png-rgba8.png', 'png-interlaced-palette4.png', 'png-apng.png', 'jpeg-baseline.jpg', 'jpeg-progressive.jpg',
      'jpeg-cmyk.jpg', 'webp-lossy.webp', 'webp-lossless-alpha.webp', 'webp-lossy-alpha.webp', 'webp-animated-offset.webp']) {
      const good = fixture(name);
      for (const length of [12, 40, good.length >> 1, Math.floor(good.length * 0.8), good.length - 13]) {
        await assert.rejects(decodeImage(good.subarray(0, length), name), ImageDecodeError, `${name} cut to ${length} bytes`);
      }
      // A valid signature then garbage (the first 16 bytes kept: signature, RIFF header, first chunk's start).
      const garbage = Uint8Array.from(good);
      for (let i = 16; i < garbage.length; i++) garbage[i] = (i * 113 + 7) & 255;
      await assert.rejects(decodeImage(garbage, name), ImageDecodeError, `${name} with garbage`);
    }
  });

  it('a PNG with one damaged byte anywhere in its image data is refused (chunk CRC)', async () => {
    const good = fixture('png-rgba8.png');
    for (let at = 41; at < good.length - 16; at += 7) {
      const bad = Uint8Array.from(good);
      bad[at] ^= 0x20;
      await assert.rejects(decodeImage(bad, 'flipped.png'), ImageDecodeError, `byte ${at}`);
    }
  });

  it('a JPEG without its final end marker is refused; a PNG without IEND decodes (all its pixels are there)', async () => {
    const jpegBytes = fixture('jpeg-baseline.jpg');
    await assert.rejects(decodeImage(jpegBytes.subarray(0, jpegBytes.length - 2), 'cut.jpg'), ImageDecodeError);
    const png = fixture('png-rgba8.png');
    const decoded = await decodeImage(png.subarray(0, png.length - 12), 'no-iend.png');
    assert.ok(Buffer.from(decoded.raster.data).equals(Buffer.from(expected['png-rgba8.png'].rgba!, 'base64')));
  });

  it('the size limit is read from the header, before decoding', () => {
    const header = readHeader(fixture('png-huge.png'));
    assert.deepEqual(header, { format: 'png', width: 10000, height: 6000 });
    assert.ok(header.width * header.height > MAX_SOURCE_PIXELS);
  });

  it('a raw library message is never the whole message: it is the cause', async () => {
    await assert.rejects(decodeFixture('jpeg-truncated.jpg'), (error: unknown) => {
      assert.ok(error instanceof ImageDecodeError && error.cause instanceof Error);
      assert.doesNotMatch(error.message, /marker/);
      return true;
    });
  });
});

describe('reading headers cheaply', () => {
  it('gives format and size as stored for each kind', () => {
    assert.deepEqual(readHeader(fixture('png-palette4.png')), { format: 'png', width: 13, height: 9 });
    assert.deepEqual(readHeader(fixture('jpeg-exif-6.jpg')), { format: 'jpeg', width: 16, height: 24 }); // stored, not displayed
    assert.deepEqual(readHeader(fixture('webp-lossy.webp')), { format: 'webp', width: 32, height: 32 });
    assert.deepEqual(readHeader(fixture('webp-lossless-alpha.webp')), { format: 'webp', width: 13, height: 9 });
    assert.deepEqual(readHeader(fixture('webp-animated.webp')), { format: 'webp', width: 24, height: 16 });
    assert.equal(readHeader(fixture('text.png')), undefined);
    assert.equal(readHeader(fixture('png-garbage.png')), undefined);
  });
});

describe('orientation transform', () => {
  it('maps each corner where EXIF says', () => {
    // 3 × 2 stored: a b c / d e f, one distinct value per pixel.
    const stored = createRaster(3, 2);
    for (let i = 0; i < 6; i++) stored.data[i * 4] = i + 1;
    const layout = (r: Raster) => Array.from({ length: r.height }, (_, y) => Array.from({ length: r.width }, (_, x) => r.data[(y * r.width + x) * 4]));
    assert.deepEqual(layout(applyOrientation(stored, 1)), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(layout(applyOrientation(stored, 2)), [[3, 2, 1], [6, 5, 4]]);
    assert.deepEqual(layout(applyOrientation(stored, 3)), [[6, 5, 4], [3, 2, 1]]);
    assert.deepEqual(layout(applyOrientation(stored, 4)), [[4, 5, 6], [1, 2, 3]]);
    assert.deepEqual(layout(applyOrientation(stored, 5)), [[1, 4], [2, 5], [3, 6]]);
    assert.deepEqual(layout(applyOrientation(stored, 6)), [[4, 1], [5, 2], [6, 3]]);
    assert.deepEqual(layout(applyOrientation(stored, 7)), [[6, 3], [5, 2], [4, 1]]);
    assert.deepEqual(layout(applyOrientation(stored, 8)), [[3, 6], [2, 5], [1, 4]]);
  });
});

describe('encoding', () => {
  function gradient(width: number, height: number, alpha: (x: number, y: number) => number): Raster {
    const r = createRaster(width, height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) r.data.set([x * 3, y * 5, (x + y) * 2, alpha(x, y)], (y * width + x) * 4);
    }
    return r;
  }

  it('PNG round trips exactly, as RGB when opaque and RGBA otherwise', async () => {
    for (const [raster, colourType] of [[gradient(37, 23, () => 255), 2], [gradient(37, 23, (x, y) => (x + y) * 4), 6]] as const) {
      const bytes = encodePng(raster);
      assert.equal(bytes[25], colourType); // IHDR colour type: 2 RGB, 6 RGBA
      const back = await decodeImage(bytes, 'round.png');
      assert.ok(Buffer.from(back.raster.data).equals(Buffer.from(raster.data)));
      assert.ok(PNG.sync.read(Buffer.from(bytes)).data.equals(Buffer.from(raster.data)), 'pngjs reads the same pixels');
    }
  });

  it('PNG of a smooth picture is filtered (well under the raw size)', () => {
    const raster = gradient(256, 256, () => 255);
    assert.ok(encodePng(raster).length < (256 * 256 * 3) / 20);
  });

  it('JPEG round trips within tolerance, alpha dropped', async () => {
    const raster = gradient(64, 48, () => 255);
    const back = (await decodeImage(await encodeJpeg(raster), 'round.jpg')).raster;
    assert.deepEqual([back.width, back.height], [64, 48]);
    let worst = 0;
    for (let i = 0; i < raster.data.length; i++) worst = Math.max(worst, Math.abs(raster.data[i] - back.data[i]));
    assert.ok(worst <= 8, `worst channel error ${worst}`);
    const translucent = gradient(16, 16, () => 10);
    assert.equal(pixel((await decodeImage(await encodeJpeg(translucent, 80), 't.jpg')).raster, 3, 3)[3], 255);
  });
});
