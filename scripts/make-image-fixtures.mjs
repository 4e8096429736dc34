// Generates the decoder's test images in test/fixtures/images/ and expected.json beside them.
// Deterministic; run `node scripts/make-image-fixtures.mjs` and commit the output (CI does not run it).
//
// PNGs are written byte by byte here (every colour type, bit depth, tRNS, Adam7, APNG chunks, each row
// with a different filter), so each case is exactly the one named. JPEG and WebP files come from real
// encoders: ImageMagick's `convert` and libwebp's `cwebp`, `img2webp` and `webpmux` must be on PATH
// (Debian: apt-get install imagemagick webp); the EXIF orientation JPEGs use jpeg-js plus an APP1
// segment written here; jpeg-cmyk.jpg is four ImageMagick greyscale JPEGs spliced into one plain
// (Adobe transform 0) CMYK JPEG, because libjpeg writes CMYK as YCCK.
//
// expected.json: for every decodable file its width, height and `animated`, and for the lossless
// ones `rgba`, the base64 of the exact RGBA pixels a viewer shows.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const jpeg = require('jpeg-js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test', 'fixtures', 'images');
const work = mkdtempSync(join(tmpdir(), 'restyle-fixtures-'));
mkdirSync(outDir, { recursive: true });
const expected = {};

function save(name, bytes, expect) {
  writeFileSync(join(outDir, name), bytes);
  if (expect) {
    const { width, height, animated = false, rgba } = expect;
    expected[name] = { width, height, animated, ...(rgba ? { rgba: Buffer.from(rgba).toString('base64') } : {}) };
  }
}

function run(tool, args) {
  execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] }); // on failure the error carries stderr
}

/** An RGBA image from a function of (x, y) returning [r, g, b, a]. */
function image(width, height, pixel) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, rgba };
}

// ------------------------------------------------------------------ PNG writer

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data = new Uint8Array(0)) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function u32(...values) {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v, i * 4));
  return out;
}
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

function ihdr(width, height, colorType, depth, interlaced = false) {
  return chunk('IHDR', Buffer.concat([u32(width, height), Buffer.from([depth, colorType, 0, 0, interlaced ? 1 : 0])]));
}

/** One row's bytes: `samples(x)` gives the channel values of pixel x at `depth` bits. */
function packRow(count, channels, depth, samples) {
  const out = new Uint8Array(Math.ceil((count * channels * depth) / 8));
  let bit = 0;
  for (let x = 0; x < count; x++) {
    for (const v of samples(x)) {
      if (depth === 16) { out[bit >> 3] = v >> 8; out[(bit >> 3) + 1] = v & 255; }
      else if (depth === 8) out[bit >> 3] = v;
      else out[bit >> 3] |= v << (8 - depth - (bit & 7));
      bit += depth;
    }
  }
  return out;
}

const paeth = (a, b, c) => {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Filters rows with filter type (row number % 5), so every unfilter path is exercised. */
function filterRows(rows, bpp, firstRow) {
  const out = [];
  let prev = new Uint8Array(rows[0]?.length ?? 0);
  rows.forEach((row, r) => {
    const type = (firstRow + r) % 5;
    const f = new Uint8Array(row.length + 1);
    f[0] = type;
    for (let i = 0; i < row.length; i++) {
      const a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
      f[i + 1] = (row[i] - pred) & 255;
    }
    out.push(f);
    prev = row;
  });
  return out;
}

/** Zlib-compressed, filtered image data for `samples(x, y)` (sequential or Adam7). */
function imageData(width, height, colorType, depth, interlaced, samples) {
  const channels = CHANNELS[colorType];
  const bpp = Math.max(1, (channels * depth) >> 3);
  const filtered = [];
  const passes = interlaced ? ADAM7 : [[0, 0, 1, 1]];
  let rowNumber = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx), h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const rows = [];
    for (let r = 0; r < h; r++) rows.push(packRow(w, channels, depth, (x) => samples(x0 + x * dx, y0 + r * dy)));
    filtered.push(...filterRows(rows, bpp, rowNumber));
    rowNumber += h;
  }
  return zlib.deflateSync(Buffer.concat(filtered));
}

function png({ width, height, colorType, depth, interlaced = false, samples, plte, trns }) {
  return Buffer.concat([
    SIGNATURE,
    ihdr(width, height, colorType, depth, interlaced),
    ...(plte ? [chunk('PLTE', Buffer.from(plte.flat()))] : []),
    ...(trns ? [chunk('tRNS', Buffer.from(trns))] : []),
    chunk('IDAT', imageData(width, height, colorType, depth, interlaced, samples)),
    chunk('IEND'),
  ]);
}

// ------------------------------------------------------------------ PNG fixtures

const W = 13, H = 9; // odd sizes: rows of packed samples end mid-byte
const grey = (g, a = 255) => [g, g, g, a];

function greyPng(name, depth, value, { trnsKey } = {}) {
  const max = 2 ** depth - 1;
  const to8 = (v) => (depth === 16 ? v >> 8 : Math.round((v * 255) / max));
  const trns = trnsKey === undefined ? undefined : [trnsKey >> 8, trnsKey & 255];
  save(name, png({ width: W, height: H, colorType: 0, depth, samples: (x, y) => [value(x, y)], trns }),
    image(W, H, (x, y) => grey(to8(value(x, y)), value(x, y) === trnsKey ? 0 : 255)));
}
greyPng('png-grey1.png', 1, (x, y) => ((x * 3 + y) >> 1) & 1);
greyPng('png-grey2.png', 2, (x, y) => (x + 2 * y) % 4);
greyPng('png-grey4.png', 4, (x, y) => (x + 3 * y) % 16);
greyPng('png-grey8.png', 8, (x, y) => (x * 19 + y * 31) & 255);
greyPng('png-grey16.png', 16, (x, y) => (x * 4099 + y * 7919) & 0xffff);
greyPng('png-grey8-trns.png', 8, (x, y) => ((x + y) % 4) * 60, { trnsKey: 120 });

const ga = (x, y) => [(x * 19) & 255, (y * 29 + x * 3) & 255];
save('png-greyalpha8.png', png({ width: W, height: H, colorType: 4, depth: 8, samples: ga }),
  image(W, H, (x, y) => grey(...ga(x, y))));
const ga16 = (x, y) => [(x * 4099 + y * 13) & 0xffff, (y * 7919 + x * 257) & 0xffff];
save('png-greyalpha16.png', png({ width: W, height: H, colorType: 4, depth: 16, samples: ga16 }),
  image(W, H, (x, y) => grey(...ga16(x, y).map((v) => v >> 8))));

const rgb = (x, y) => [(x * 19) & 255, (y * 29) & 255, (x * y * 7) & 255];
save('png-rgb8.png', png({ width: W, height: H, colorType: 2, depth: 8, samples: rgb }),
  image(W, H, (x, y) => [...rgb(x, y), 255]));
const rgb16 = (x, y) => [(x * 4099) & 0xffff, (y * 7919) & 0xffff, (x * y * 1031 + 77) & 0xffff];
save('png-rgb16.png', png({ width: W, height: H, colorType: 2, depth: 16, samples: rgb16 }),
  image(W, H, (x, y) => [...rgb16(x, y).map((v) => v >> 8), 255]));
const rgba = (x, y) => [...rgb(x, y), (x * 17 + y * 23) & 255];
save('png-rgba8.png', png({ width: W, height: H, colorType: 6, depth: 8, samples: rgba }), image(W, H, rgba));
const rgba16 = (x, y) => [...rgb16(x, y), (x * 3001 + y * 5003) & 0xffff];
save('png-rgba16.png', png({ width: W, height: H, colorType: 6, depth: 16, samples: rgba16 }),
  image(W, H, (x, y) => rgba16(x, y).map((v) => v >> 8)));

// Colour keys: RGB 8-bit, and RGB 16-bit where some pixels match the key's high bytes only (those stay opaque).
const keyed = (x, y) => [(x % 4) * 60, (y % 3) * 100, 7];
save('png-rgb8-trns.png', png({ width: W, height: H, colorType: 2, depth: 8, samples: keyed, trns: [0, 60, 0, 100, 0, 7] }),
  image(W, H, (x, y) => [...keyed(x, y), x % 4 === 1 && y % 3 === 1 ? 0 : 255]));
const keyed16 = (x, y) => [0x1234, 0x5600 + (x % 2), 0x9abc];
save('png-rgb16-trns.png', png({ width: W, height: H, colorType: 2, depth: 16, samples: keyed16, trns: [0x12, 0x34, 0x56, 0x01, 0x9a, 0xbc] }),
  image(W, H, (x) => [0x12, 0x56, 0x9a, x % 2 === 1 ? 0 : 255]));

const paletteColour = (i) => [(i * 37) & 255, (i * 91 + 50) & 255, (i * 53 + 100) & 255];
function palettePng(name, depth, entries, { alphas, interlaced = false, width = W, height = H } = {}) {
  const plte = Array.from({ length: entries }, (_, i) => paletteColour(i));
  const index = (x, y) => (x * 7 + y * 13) % entries;
  save(name, png({ width, height, colorType: 3, depth, interlaced, samples: (x, y) => [index(x, y)], plte, trns: alphas }),
    image(width, height, (x, y) => [...plte[index(x, y)], alphas?.[index(x, y)] ?? 255]));
}
palettePng('png-palette1.png', 1, 2);
palettePng('png-palette2.png', 2, 4);
palettePng('png-palette2-trns.png', 2, 4, { alphas: [0, 90] });
palettePng('png-palette4.png', 4, 16);
palettePng('png-palette8.png', 8, 180);
palettePng('png-palette8-trns.png', 8, 180, { alphas: Array.from({ length: 100 }, (_, i) => (i * 23) & 255) });

// Adam7: sizes that leave some passes narrow or empty; low bit depths pack each pass's rows separately.
const IW = 13, IH = 11;
save('png-interlaced-rgba8.png', png({ width: IW, height: IH, colorType: 6, depth: 8, interlaced: true, samples: rgba }), image(IW, IH, rgba));
save('png-interlaced-rgb16.png', png({ width: IW, height: IH, colorType: 2, depth: 16, interlaced: true, samples: rgb16 }),
  image(IW, IH, (x, y) => [...rgb16(x, y).map((v) => v >> 8), 255]));
const bit = (x, y) => (x + y * 2) % 3 === 0 ? 1 : 0;
save('png-interlaced-grey1.png', png({ width: IW, height: IH, colorType: 0, depth: 1, interlaced: true, samples: (x, y) => [bit(x, y)] }),
  image(IW, IH, (x, y) => grey(bit(x, y) * 255)));
palettePng('png-interlaced-palette4.png', 4, 16, { interlaced: true, width: IW, height: IH });

// APNG: the IDAT image (red) is also frame 1; frame 2 (blue) lives in fdAT, which still viewers ignore.
{
  const w = 16, h = 12;
  const fctl = (seq) => chunk('fcTL', Buffer.concat([u32(seq, w, h, 0, 0), Buffer.from([0, 1, 0, 2, 0, 0])]));
  const solid = (c) => imageData(w, h, 2, 8, false, () => c);
  save('png-apng.png', Buffer.concat([
    SIGNATURE, ihdr(w, h, 2, 8),
    chunk('acTL', u32(2, 0)),
    fctl(0), chunk('IDAT', solid([255, 0, 0])),
    fctl(1), chunk('fdAT', Buffer.concat([u32(2), solid([0, 0, 255])])),
    chunk('IEND'),
  ]), { ...image(w, h, () => [255, 0, 0, 255]), animated: true });
}

// Damaged and refused PNGs.
{
  const good = readFileSync(join(outDir, 'png-rgba8.png'));
  const idatEnd = 8 + 25 + 8 + good.readUInt32BE(33) + 4; // end of the IDAT chunk
  save('png-truncated.png', good.subarray(0, 33 + 8 + Math.floor((idatEnd - 41) / 2))); // signature, IHDR, half an IDAT
  let seed = 12345;
  const garbage = Buffer.alloc(300, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255);
  save('png-garbage.png', Buffer.concat([SIGNATURE, garbage]));
  save('png-zero.png', Buffer.concat([SIGNATURE, ihdr(0, 0, 6, 8), chunk('IDAT', zlib.deflateSync(Buffer.alloc(0))), chunk('IEND')]));
  save('png-huge.png', Buffer.concat([SIGNATURE, ihdr(10000, 6000, 6, 8), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1))), chunk('IEND')]));
  save('empty.png', Buffer.alloc(0));
  save('text.png', Buffer.from('This is a text file with an image name.\n'));
}

// ------------------------------------------------------------------ JPEG fixtures

/** Writes `img` as a PNG (for the command-line encoders) and returns its path. */
function pngFile(name, img) {
  const path = join(work, name);
  writeFileSync(path, png({ width: img.width, height: img.height, colorType: 6, depth: 8, samples: (x, y) => img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4) }));
  return path;
}
function convert(name, args, expect) {
  const path = join(work, name);
  run('convert', [...args, path]);
  save(name, readFileSync(path), expect);
}

// 32 × 32 in four flat 16 × 16 quadrants, so lossy pixels stay close to these colours away from the edges.
const QUADRANTS = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]; // top left, top right, bottom left, bottom right
const quadrants = image(32, 32, (x, y) => [...QUADRANTS[(y >= 16 ? 2 : 0) + (x >= 16 ? 1 : 0)], 255]);
const quadrantsPng = pngFile('quadrants.png', quadrants);
convert('jpeg-baseline.jpg', [quadrantsPng, '-quality', '95'], { width: 32, height: 32 });
convert('jpeg-progressive.jpg', [quadrantsPng, '-quality', '95', '-interlace', 'JPEG'], { width: 32, height: 32 });
convert('jpeg-grey.jpg', [pngFile('greys.png', image(32, 32, (x, y) => grey([0, 85, 170, 255][(y >= 16 ? 2 : 0) + (x >= 16 ? 1 : 0)]))),
  '-colorspace', 'Gray', '-quality', '95'], { width: 32, height: 32 });
convert('jpeg-cmyk-ycck.jpg', [quadrantsPng, '-colorspace', 'CMYK', '-quality', '95'], { width: 32, height: 32 });

// Plain CMYK (Adobe transform 0): quadrants cyan, magenta / yellow, 50% black, stored inverted as Adobe does.
{
  const cmyk = [[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 128]];
  const scans = [0, 1, 2, 3].map((c) => {
    const plane = image(32, 32, (x, y) => grey(255 - cmyk[(y >= 16 ? 2 : 0) + (x >= 16 ? 1 : 0)][c]));
    const path = join(work, `plane${c}.jpg`);
    run('convert', [pngFile(`plane${c}.png`, plane), '-colorspace', 'Gray', '-quality', '95', '-strip', path]);
    return jpegSegments(readFileSync(path));
  });
  const segment = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);
  const adobe = segment(0xee, Buffer.from([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 0])); // version 100, transform 0
  const sof = segment(0xc0, Buffer.from([8, 0, 32, 0, 32, 4, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 2, 4, 0x11, 3]));
  const parts = [Buffer.from([0xff, 0xd8]), adobe];
  // Each plane's quantisation table under its own number; its Huffman tables just before its own scan.
  scans.forEach((s, c) => parts.push(...s.filter((p) => p[1] === 0xdb).map((p) => { const q = Buffer.from(p); q[4] = (q[4] & 0xf0) | c; return q; })));
  parts.push(sof);
  scans.forEach((s, c) => {
    parts.push(...s.filter((p) => p[1] === 0xc4));
    const sos = Buffer.from(s.find((p) => p[1] === 0xda));
    sos[5] = c + 1; // component id; tables 0/0 as in the plane's own scan
    parts.push(sos);
  });
  parts.push(Buffer.from([0xff, 0xd9]));
  save('jpeg-cmyk.jpg', Buffer.concat(parts), { width: 32, height: 32 });
}

/** The segments of a single-scan JPEG: each marker segment, and the scan header with its entropy-coded data. */
function jpegSegments(bytes) {
  const out = [];
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1];
    if (marker === 0xd9) break;
    const length = bytes.readUInt16BE(at + 2);
    let end = at + 2 + length;
    if (marker === 0xda) { end = bytes.indexOf(Buffer.from([0xff, 0xd9]), end); }
    out.push(bytes.subarray(at, end));
    at = end;
  }
  return out;
}

// EXIF orientation: the displayed picture is always 24 × 16 in six 8 × 8 blocks; the stored pixels are
// turned so that a viewer applying the tag shows it. Odd tags in big-endian TIFF, even ones little-endian.
const BLOCKS = [[[255, 0, 0], [0, 255, 0], [0, 0, 255]], [[255, 255, 0], [255, 0, 255], [0, 255, 255]]];
const displayed = image(24, 16, (x, y) => [...BLOCKS[y >> 3][x >> 3], 255]);
/** Where displayed pixel (x, y) is stored, for a stored image of w × h. */
const storedAt = {
  1: (x, y) => [x, y], 2: (x, y, w) => [w - 1 - x, y], 3: (x, y, w, h) => [w - 1 - x, h - 1 - y], 4: (x, y, w, h) => [x, h - 1 - y],
  5: (x, y) => [y, x], 6: (x, y, w, h) => [y, h - 1 - x], 7: (x, y, w, h) => [w - 1 - y, h - 1 - x], 8: (x, y, w) => [w - 1 - y, x],
};
function exifSegment(orientation, littleEndian) {
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  const u16 = (v, at) => (littleEndian ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32w = (v, at) => (littleEndian ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2); u32w(8, 4); u16(2, 8);
  u16(0x0128, 10); u16(3, 12); u32w(1, 14); u16(2, 18);          // ResolutionUnit = inches, before the tag sought
  u16(0x0112, 22); u16(3, 24); u32w(1, 26); u16(orientation, 30); // Orientation
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  return Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);
}
for (let o = 1; o <= 8; o++) {
  const w = o >= 5 ? 16 : 24, h = o >= 5 ? 24 : 16;
  const stored = new Uint8Array(w * h * 4);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 24; x++) {
    const [sx, sy] = storedAt[o](x, y, w, h);
    stored.set(displayed.rgba.subarray((y * 24 + x) * 4, (y * 24 + x) * 4 + 4), (sy * w + sx) * 4);
  }
  const encoded = jpeg.encode({ width: w, height: h, data: stored }, 95).data;
  save(`jpeg-exif-${o}.jpg`, Buffer.concat([encoded.subarray(0, 2), exifSegment(o, o % 2 === 0), encoded.subarray(2)]), { width: 24, height: 16 });
}

{
  const good = readFileSync(join(outDir, 'jpeg-baseline.jpg'));
  save('jpeg-truncated.jpg', good.subarray(0, Math.floor(good.length * 0.6)));
}

// ------------------------------------------------------------------ WebP fixtures

function webp(name, tool, args, expect) {
  const path = join(work, name);
  run(tool, [...args, '-o', path]);
  save(name, readFileSync(path), expect);
}
webp('webp-lossy.webp', 'cwebp', ['-quiet', '-q', '90', quadrantsPng], { width: 32, height: 32 });
const alphaPattern = image(W, H, (x, y) => [(x * 19) & 255, (y * 29) & 255, 200, [255, 0, 128, 40][(x + y) % 4]]);
webp('webp-lossless-alpha.webp', 'cwebp', ['-quiet', '-lossless', '-exact', pngFile('alpha.png', alphaPattern)], alphaPattern);
// Quadrant alphas 255, 128 / 0, 64 (lossless alpha plane, lossy colour).
const QUADRANT_ALPHA = [255, 128, 0, 64];
const alphaQuadrants = image(32, 32, (x, y) => { const q = (y >= 16 ? 2 : 0) + (x >= 16 ? 1 : 0); return [...QUADRANTS[q], QUADRANT_ALPHA[q]]; });
webp('webp-lossy-alpha.webp', 'cwebp', ['-quiet', '-q', '90', '-alpha_q', '100', '-exact', pngFile('alpha-quadrants.png', alphaQuadrants)], { width: 32, height: 32 });

// Animated: two full frames, red then blue (lossless).
const red = pngFile('red.png', image(24, 16, () => [255, 0, 0, 255]));
const blue = pngFile('blue.png', image(24, 16, () => [0, 0, 255, 255]));
webp('webp-animated.webp', 'img2webp', ['-lossless', red, '-d', '100', blue],
  { ...image(24, 16, () => [255, 0, 0, 255]), animated: true });
// Animated with a first frame smaller than the canvas, at offset (4, 2), lossy with an alpha plane (ALPH + VP8):
// its left half green and opaque, its right half fully transparent; outside it the canvas is transparent.
{
  const small = join(work, 'small.webp'), big = join(work, 'big.webp');
  const frame = image(16, 8, (x) => (x < 8 ? [0, 255, 0, 255] : [255, 0, 0, 0]));
  run('cwebp', ['-quiet', '-q', '90', '-alpha_q', '100', pngFile('small.png', frame), '-o', small]);
  run('cwebp', ['-quiet', '-lossless', blue, '-o', big]);
  webp('webp-animated-offset.webp', 'webpmux', ['-frame', small, '+100+4+2', '-frame', big, '+100+0+0', '-loop', '0', '-bgcolor', '0,0,0,0'],
    { width: 24, height: 16, animated: true });
}
{
  const good = readFileSync(join(outDir, 'webp-lossy.webp'));
  save('webp-truncated.webp', good.subarray(0, Math.floor(good.length * 0.6)));
}

writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
rmSync(work, { recursive: true, force: true });
console.log(`wrote ${Object.keys(expected).length} decodable fixtures and expected.json to ${outDir}`);
