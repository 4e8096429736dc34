/** Damaged and oversized animations: each is refused with an ImageDecodeError that names the file and what is wrong. */
import * as assert from 'node:assert/strict';
import { decodeAnimation, encodeAnimation, MAX_FRAMES, type Animation, type AnimationFormat } from '../../src/image/animation/animation';
import { crc32 } from '../../src/image/crc32';
import { ImageDecodeError } from '../../src/image/errors';
import { createRaster } from '../../src/image/raster';

function animation(format: AnimationFormat, size = 16, count = 8): Animation {
  const frames = Array.from({ length: count }, (_, f) => {
    const r = createRaster(size, size);
    for (let i = 0; i < size * size; i++) r.data.set([(i * 7 + f * 40) & 255, (i * 3) & 255, f * 20, i % 5 === 0 ? 0 : 255], i * 4);
    return { raster: r, delayMs: 100 };
  });
  return { format, width: size, height: size, loopCount: 0, frames };
}

async function refused(bytes: Uint8Array, fileName: string, reason: RegExp): Promise<void> {
  await assert.rejects(decodeAnimation(bytes, fileName), (error: unknown) => {
    assert.ok(error instanceof ImageDecodeError, `an ImageDecodeError, not ${String(error)}`);
    assert.ok(error.message.startsWith(`${fileName} `), `names the file: ${error.message}`);
    assert.match(error.message, reason);
    assert.match(error.message, /\.$/, 'is a sentence');
    return true;
  });
}

/** Offsets of a PNG's chunks by type, in order. */
function pngChunks(bytes: Uint8Array): { type: string; at: number; length: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { type: string; at: number; length: number }[] = [];
  for (let at = 8; at + 12 <= bytes.length; at += 12 + view.getUint32(at)) {
    out.push({ type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), at, length: view.getUint32(at) });
  }
  return out;
}

/** Changes a PNG chunk's data in place (a copy of the file) and writes its CRC again. */
function patchPng(bytes: Uint8Array, type: string, nth: number, patch: (data: DataView) => void): Uint8Array {
  const copy = new Uint8Array(bytes);
  const chunk = pngChunks(copy).filter((c) => c.type === type)[nth];
  patch(new DataView(copy.buffer, chunk.at + 8, chunk.length));
  new DataView(copy.buffer).setUint32(chunk.at + 8 + chunk.length, crc32(copy.subarray(chunk.at + 4, chunk.at + 8 + chunk.length)));
  return copy;
}

describe('damaged APNGs', () => {
  let good: Uint8Array;
  before(async () => { good = await encodeAnimation(animation('apng')); });

  it('refuses a cut-off file', async () => {
    await refused(good.subarray(0, Math.floor(good.length * 0.6)), 'cut.png', /is a damaged animated PNG: .*cut off/);
    await refused(good.subarray(0, good.length - 12), 'no-end.png', /cut off at byte \d+, before its IEND chunk/);
  });

  it('refuses a frame outside the canvas', async () => {
    const moved = patchPng(good, 'fcTL', 3, (d) => d.setUint32(12, 10)); // x offset 10 for a 16 px wide frame or less
    const width = new DataView(moved.buffer).getUint32(pngChunks(moved).filter((c) => c.type === 'fcTL')[3].at + 12);
    if (width + 10 <= 16) return assert.fail('the test frame must be wider than 6 px');
    await refused(moved, 'moved.png', /frame 4 \(\d+ × \d+ px at 10, \d+\) lies outside the 16 × 16 canvas/);
  });

  it('refuses frame chunks out of sequence', async () => {
    await refused(patchPng(good, 'fdAT', 2, (d) => d.setUint32(0, 99)), 'sequence.png', /out of sequence \(fdAT number 99 where 6 was due\)/);
    await refused(patchPng(good, 'fcTL', 1, (d) => d.setUint32(0, 0)), 'repeat.png', /out of sequence \(fcTL number 0 where 1 was due\)/);
  });

  it('refuses a frame count that disagrees with acTL', async () => {
    await refused(patchPng(good, 'acTL', 0, (d) => d.setUint32(0, 9)), 'nine.png', /acTL chunk declares 9 frames but it holds 8/);
    await refused(patchPng(good, 'acTL', 0, (d) => d.setUint32(0, 7)), 'seven.png', /more frames than the 7 its acTL chunk declares/);
  });

  it('refuses a wrong CRC and frame data that does not inflate', async () => {
    const crc = new Uint8Array(good);
    const fdat = pngChunks(crc).filter((c) => c.type === 'fdAT')[0];
    crc[fdat.at + 20] ^= 0xff;
    await refused(crc, 'crc.png', /fdAT chunk at byte \d+ has a wrong CRC/);
    await refused(patchPng(good, 'fdAT', 0, (d) => { for (let i = 4; i < d.byteLength; i++) d.setUint8(i, 0x55); }), 'zlib.png', /frame 2's image data could not be read/);
  });

  it(`refuses more than ${MAX_FRAMES} frames and more than 50 megapixels over all frames, before decoding any`, async () => {
    await refused(patchPng(good, 'acTL', 0, (d) => d.setUint32(0, 5000)), 'long.png', /has 5000 frames, more than the 1024 an animation may have/);
    const huge = patchPng(patchPng(good, 'IHDR', 0, (d) => { d.setUint32(0, 5000); d.setUint32(4, 5000); }), 'acTL', 0, (d) => d.setUint32(0, 3));
    await refused(huge, 'huge.png', /is too large: 3 frames of 5000 × 5000 px are 75 megapixels in all, more than the 50 megapixels/);
  });
});

describe('damaged animated WebPs', () => {
  let good: Uint8Array;
  before(async () => { good = await encodeAnimation(animation('webp')); });
  /** Offset of the n-th ANMF payload. */
  const anmf = (bytes: Uint8Array, n: number): number => {
    for (let at = 12, seen = 0; at + 8 <= bytes.length;) {
      const size = bytes[at + 4] | (bytes[at + 5] << 8) | (bytes[at + 6] << 16) | (bytes[at + 7] << 24);
      if (String.fromCharCode(...bytes.subarray(at, at + 4)) === 'ANMF' && seen++ === n) return at + 8;
      at += 8 + size + (size & 1);
    }
    throw new Error('no such ANMF');
  };

  it('refuses a cut-off file', async () => {
    await refused(good.subarray(0, Math.floor(good.length * 0.7)), 'cut.webp', /is a damaged animated WebP: .*cut off/);
  });

  it('refuses a frame outside the canvas', async () => {
    const moved = new Uint8Array(good);
    const at = anmf(moved, 0);
    moved[at] = 4; // x offset 8 for the 16 px wide first frame
    await refused(moved, 'moved.webp', /frame 1 \(16 × 16 px at 8, 0\) lies outside the 16 × 16 canvas/);
  });

  it('refuses frame data libwebp cannot read', async () => {
    const broken = new Uint8Array(good);
    const at = anmf(broken, 0) + 16 + 8; // the first frame's VP8L bitstream
    broken.fill(0xaa, at, at + 40);
    await refused(broken, 'broken.webp', /frame 1's image data could not be read/);
  });
});

describe('damaged animated GIFs', () => {
  /** A GIF of `count` 1 × 1 frames on a `width` × `height` screen, written byte by byte. */
  const tinyFrames = (width: number, height: number, count: number): Uint8Array => {
    const frame = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]; // one pixel of colour 1
    return Uint8Array.from([
      ...Buffer.from('GIF89a'), width & 255, width >> 8, height & 255, height >> 8, 0x80, 0, 0, 0, 0, 0, 255, 0, 0,
      ...Array.from({ length: count }, () => frame).flat(), 0x3b,
    ]);
  };

  it('reads the hand-written test GIF', async () => {
    const anim = (await decodeAnimation(tinyFrames(2, 2, 3), 'tiny.gif'))!;
    assert.deepEqual([anim.frames.length, ...anim.frames[0].raster.data], [3, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses a cut-off file', async () => {
    const good = await encodeAnimation(animation('gif'));
    await refused(good.subarray(0, Math.floor(good.length * 0.5)), 'cut.gif', /is a damaged animated GIF: .*cut off/);
  });

  it('refuses a frame outside the canvas', async () => {
    const moved = tinyFrames(2, 2, 3);
    moved[13 + 6 + 15 + 1] = 2; // the second frame's x offset
    await refused(moved, 'moved.gif', /frame 2 \(1 × 1 px at 2, 0\) lies outside the 2 × 2 canvas/);
  });

  it('refuses an invalid LZW code', async () => {
    const bad = tinyFrames(2, 2, 2);
    bad[13 + 6 + 12] = 0x4f; // the first code after clear points past the table
    await refused(bad, 'lzw.gif', /frame 1's image data has an invalid LZW code/);
  });

  it('refuses too many frames and too many pixels', async () => {
    await refused(tinyFrames(2, 2, MAX_FRAMES + 1), 'long.gif', /has 1025 frames, more than the 1024/);
    await refused(tinyFrames(65535, 65535, 2), 'wide.gif', /is too large: 2 frames of 65535 × 65535 px/);
  });
});
