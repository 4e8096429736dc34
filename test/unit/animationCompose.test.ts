/**
 * Compositing as a viewer shows it: dispose and blend operations of files built here by hand (APNG,
 * animated WebP) or by an independent GIF writer (omggif), with the expected pixels worked out below.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { GifWriter } from 'omggif';
import { decodeAnimation, type Animation } from '../../src/image/animation/animation';
import { encodeVp8l } from '../../src/image/animation/vp8l';
import { pngChunk } from '../../src/image/crc32';
import { createRaster, type Raster } from '../../src/image/raster';

const RED = [255, 0, 0, 255], GREEN = [0, 255, 0, 255], BLUE = [0, 0, 255, 255], WHITE = [255, 255, 255, 255], CLEAR = [0, 0, 0, 0];
/** Half-transparent blue over opaque red, by the non-premultiplied "over" of the APNG and WebP specifications. */
const BLUE_OVER_RED = [127, 0, 128, 255];

function solid(w: number, h: number, rgba: number[]): Raster {
  const r = createRaster(w, h);
  for (let i = 0; i < w * h; i++) r.data.set(rgba, i * 4);
  return r;
}
function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}
/** Each row of a frame as colour names ('.' for any fully transparent pixel), for readable expectations. */
function rows(r: Raster, names: Record<string, number[]>): string[] {
  const out: string[] = [];
  for (let y = 0; y < r.height; y++) {
    const row: string[] = [];
    for (let x = 0; x < r.width; x++) {
      const p = pixel(r, x, y);
      row.push(p[3] === 0 ? '.' : Object.keys(names).find((n) => names[n].every((v, i) => v === p[i])) ?? p.join(','));
    }
    out.push(row.join(' '));
  }
  return out;
}
const NAMES = { R: RED, G: GREEN, B: BLUE, W: WHITE, b: BLUE_OVER_RED };

interface ApngFrame { x: number; y: number; image: Raster; dispose: number; blend: number; delay: [number, number] }

/** An RGBA APNG written by hand: the first frame is the IDAT image. */
function apng(width: number, height: number, frames: ApngFrame[], plays: number): Uint8Array {
  const u32 = (...v: number[]) => { const b = Buffer.alloc(4 * v.length); v.forEach((n, i) => b.writeUInt32BE(n, 4 * i)); return b; };
  const idat = (r: Raster) => {
    const raw = Buffer.alloc(r.height * (r.width * 4 + 1));
    for (let y = 0; y < r.height; y++) Buffer.from(r.data.subarray(y * r.width * 4, (y + 1) * r.width * 4)).copy(raw, y * (r.width * 4 + 1) + 1);
    return zlib.deflateSync(raw);
  };
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', Buffer.concat([u32(width, height), Buffer.from([8, 6, 0, 0, 0])])), pngChunk('acTL', u32(frames.length, plays))];
  let seq = 0;
  frames.forEach((f, i) => {
    const delay = Buffer.alloc(4);
    delay.writeUInt16BE(f.delay[0], 0); delay.writeUInt16BE(f.delay[1], 2);
    parts.push(pngChunk('fcTL', Buffer.concat([u32(seq++, f.image.width, f.image.height, f.x, f.y), delay, Buffer.from([f.dispose, f.blend])])));
    parts.push(i === 0 ? pngChunk('IDAT', idat(f.image)) : pngChunk('fdAT', Buffer.concat([u32(seq++), idat(f.image)])));
  });
  parts.push(pngChunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

interface WebpFrame { x: number; y: number; image: Raster; blend: boolean; dispose: boolean; ms: number }

/** An animated WebP written by hand: VP8X, ANIM and one ANMF with a VP8L bitstream per frame. */
function animatedWebp(width: number, height: number, frames: WebpFrame[], loops: number): Uint8Array {
  const chunk = (type: string, payload: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1'); head.writeUInt32LE(payload.length, 4);
    return Buffer.concat([head, payload, Buffer.alloc(payload.length & 1)]);
  };
  const u24 = (...v: number[]) => Buffer.from(v.flatMap((n) => [n & 255, (n >> 8) & 255, n >> 16]));
  const parts = [
    chunk('VP8X', Buffer.concat([Buffer.from([0x12, 0, 0, 0]), u24(width - 1, height - 1)])),
    chunk('ANIM', Buffer.from([0, 0, 0, 0, loops & 255, loops >> 8])),
    ...frames.map((f) => chunk('ANMF', Buffer.concat([
      u24(f.x / 2, f.y / 2, f.image.width - 1, f.image.height - 1, f.ms), Buffer.from([(f.blend ? 0 : 2) | (f.dispose ? 1 : 0)]),
      chunk('VP8L', encodeVp8l(f.image)),
    ]))),
  ];
  const body = Buffer.concat([Buffer.from('WEBP'), ...parts]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF'); riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

async function decoded(bytes: Uint8Array, name: string): Promise<Animation> {
  const anim = await decodeAnimation(bytes, name);
  assert.ok(anim, `${name} is an animation`);
  return anim;
}

describe('APNG compositing', () => {
  it('applies dispose none, previous and background and blend source and over, as the APNG specification describes', async () => {
    const bytes = apng(4, 4, [
      { x: 0, y: 0, image: solid(4, 4, RED), dispose: 0, blend: 0, delay: [1, 10] },
      { x: 0, y: 0, image: solid(2, 2, [0, 0, 255, 128]), dispose: 2, blend: 1, delay: [3, 0] }, // den 0 means 1/100 s
      { x: 2, y: 2, image: solid(2, 2, GREEN), dispose: 1, blend: 0, delay: [1, 3] },
      { x: 0, y: 3, image: solid(1, 1, CLEAR), dispose: 0, blend: 0, delay: [250, 1000] },
    ], 3);
    const anim = await decoded(bytes, 'hand.png');
    assert.equal(anim.loopCount, 3);
    assert.deepEqual(anim.frames.map((f) => f.delayMs), [100, 30, 333, 250]);
    assert.deepEqual(anim.frames.map((f) => rows(f.raster, NAMES)), [
      ['R R R R', 'R R R R', 'R R R R', 'R R R R'],
      ['b b R R', 'b b R R', 'R R R R', 'R R R R'],
      ['R R R R', 'R R R R', 'R R G G', 'R R G G'], // frame 2 was disposed to what was there before it
      ['R R R R', 'R R R R', 'R R . .', '. R . .'], // frame 3 was disposed to transparent; blend source writes transparency
    ]);
  });

  it('leaves out an IDAT image that is not a frame, and reads palette frames with tRNS', async () => {
    const u32 = (...v: number[]) => { const b = Buffer.alloc(4 * v.length); v.forEach((n, i) => b.writeUInt32BE(n, 4 * i)); return b; };
    const indexed = (w: number, h: number, index: number) => zlib.deflateSync(Buffer.concat(Array.from({ length: h }, () => Buffer.from([0, ...new Array<number>(w).fill(index)]))));
    const fctl = (seq: number, w: number, h: number, x: number, y: number) => pngChunk('fcTL', Buffer.concat([u32(seq, w, h, x, y), Buffer.from([0, 5, 0, 100, 0, 0])]));
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', Buffer.concat([u32(4, 4), Buffer.from([8, 3, 0, 0, 0])])),
      pngChunk('PLTE', Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255])), pngChunk('tRNS', Buffer.from([255, 255, 0])), pngChunk('acTL', u32(2, 0)),
      pngChunk('IDAT', indexed(4, 4, 1)), // the still image: green, not part of the animation
      fctl(0, 4, 4, 0, 0), pngChunk('fdAT', Buffer.concat([u32(1), indexed(4, 4, 0)])),
      fctl(2, 2, 1, 1, 1), pngChunk('fdAT', Buffer.concat([u32(3), indexed(2, 1, 2)])),
      pngChunk('IEND', new Uint8Array(0)),
    ]);
    const anim = await decoded(bytes, 'indexed.png');
    assert.deepEqual(anim.frames.map((f) => f.delayMs), [50, 50]);
    assert.deepEqual(anim.frames.map((f) => rows(f.raster, NAMES)), [
      ['R R R R', 'R R R R', 'R R R R', 'R R R R'],
      ['R R R R', 'R . . R', 'R R R R', 'R R R R'], // palette entry 2 is transparent by tRNS, written with blend source
    ]);
  });
});

describe('animated WebP compositing', () => {
  it('alpha-blends or replaces, and disposes to transparent, as libwebp shows it', async () => {
    const bytes = animatedWebp(4, 4, [
      { x: 0, y: 0, image: solid(4, 4, RED), blend: false, dispose: false, ms: 70 },
      { x: 0, y: 0, image: solid(2, 2, [0, 0, 255, 128]), blend: true, dispose: true, ms: 80 },
      { x: 2, y: 2, image: solid(2, 2, GREEN), blend: false, dispose: false, ms: 90 },
      { x: 2, y: 0, image: solid(2, 2, [0, 0, 255, 0]), blend: true, dispose: false, ms: 100 },
    ], 4);
    const anim = await decoded(bytes, 'hand.webp');
    assert.equal(anim.loopCount, 4);
    assert.deepEqual(anim.frames.map((f) => f.delayMs), [70, 80, 90, 100]);
    assert.deepEqual(anim.frames.map((f) => rows(f.raster, NAMES)), [
      ['R R R R', 'R R R R', 'R R R R', 'R R R R'],
      ['b b R R', 'b b R R', 'R R R R', 'R R R R'],
      ['. . R R', '. . R R', 'R R G G', 'R R G G'],
      ['. . R R', '. . R R', 'R R G G', 'R R G G'], // a transparent frame blended over changes nothing
    ]);
  });
});

/** A GIF from omggif's writer: 4 × 4, global palette black, red, green, blue. */
function omgGif(loop: number | undefined, add: (w: GifWriter) => void): Uint8Array {
  const buf = new Uint8Array(4096);
  const writer = new GifWriter(buf, 4, 4, { palette: [0x000000, 0xff0000, 0x00ff00, 0x0000ff], ...(loop === undefined ? {} : { loop }) });
  add(writer);
  return buf.subarray(0, writer.end());
}

describe('GIF compositing', () => {
  it('applies transparency, local palettes and disposal none, previous and background', async () => {
    const bytes = omgGif(2, (w) => {
      w.addFrame(0, 0, 4, 4, new Array<number>(16).fill(1), { delay: 5, disposal: 1 });
      w.addFrame(0, 0, 2, 2, [0, 1, 1, 0], { palette: [0xffffff, 0xffff00], transparent: 1, delay: 7, disposal: 3 });
      w.addFrame(2, 2, 2, 2, [2, 2, 2, 2], { delay: 9, disposal: 2 });
      w.addFrame(0, 0, 1, 1, [3], { delay: 0 });
    });
    const anim = await decoded(bytes, 'omg.gif');
    assert.equal(anim.loopCount, 3, 'NETSCAPE2.0 count 2 = two repetitions after the first play');
    assert.deepEqual(anim.frames.map((f) => f.delayMs), [50, 70, 90, 0]);
    assert.deepEqual(anim.frames.map((f) => rows(f.raster, NAMES)), [
      ['R R R R', 'R R R R', 'R R R R', 'R R R R'],
      ['W R R R', 'R W R R', 'R R R R', 'R R R R'],
      ['R R R R', 'R R R R', 'R R G G', 'R R G G'],
      ['B R R R', 'R R R R', 'R R . .', 'R R . .'],
    ]);
  });

  it('reads interlaced images row by row in their four passes, and plays once without a NETSCAPE2.0 extension', async () => {
    // 4 × 10 rows, each its own colour; omggif cannot interlace, so it is given the rows in stored order and the flag is set after.
    const order = [0, 8, 4, 2, 6, 1, 3, 5, 7, 9];
    const colourOf = (row: number) => (row % 3) + 1;
    const buf = new Uint8Array(4096);
    const writer = new GifWriter(buf, 4, 10, { palette: [0x000000, 0xff0000, 0x00ff00, 0x0000ff] });
    for (let frame = 0; frame < 2; frame++) {
      const at = writer.getOutputBufferPosition();
      writer.addFrame(0, 0, 4, 10, order.flatMap((row) => new Array<number>(4).fill(colourOf(row))), { delay: 10 });
      let p = at;
      if (buf[p] === 0x21 && buf[p + 1] === 0xf9) p += 8;
      assert.equal(buf[p], 0x2c);
      buf[p + 9] |= 0x40;
    }
    const anim = await decoded(buf.subarray(0, writer.end()), 'interlaced.gif');
    assert.equal(anim.loopCount, 1);
    const want = Array.from({ length: 10 }, (_, row) => new Array<string>(4).fill('.RGB'[colourOf(row)]).join(' '));
    for (const f of anim.frames) assert.deepEqual(rows(f.raster, NAMES), want);
  });
});
