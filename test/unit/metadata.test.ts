import { sampleVariantRecord as record } from './fixtures';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import exifr from 'exifr';
import { readJpegMetadata, withJpegMetadata, XMP_HEADER } from '../../src/core/jpegMetadata';
import { MAX_PNG_METADATA_CHUNK, readPngMetadata, withPngMetadata } from '../../src/core/pngMetadata';
import { METADATA_HEAD_BYTES, readVariantMetadata, readVariantMetadataFromFile } from '../../src/core/readVariantMetadata';
import { describeRecord, parametersText, validateRecord } from '../../src/core/variantMetadata';
import { pngChunk } from '../../src/image/crc32';
import { decodeImage } from '../../src/image/decode';
import { encodeJpeg, encodePng } from '../../src/image/encode';
import { makeJpeg, makePng } from './fixtures';
import { createRaster, type Raster } from '../../src/image/raster';
import { photoRaster, spriteRaster } from './imageFixtures';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');

/** 3000 copies of `tagged` with 1 to 4 random bytes changed: reading never throws, and anything read is a valid record. */
function assertSurvivesDamage(tagged: Uint8Array, seed: number): void {
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 3000; i++) {
    const copy = Buffer.from(tagged);
    for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
    const found = readVariantMetadata(copy);
    if (found) assert.ok(validateRecord(found));
  }
}

function itxt(keyword: string, text: string | Uint8Array): Uint8Array {
  return pngChunk('iTXt', Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), typeof text === 'string' ? Buffer.from(text, 'utf8') : text]));
}

/** `png` with `chunks` inserted right after IHDR. */
function afterIhdr(png: Uint8Array, ...chunks: Uint8Array[]): Buffer {
  const ihdrEnd = 8 + 12 + Buffer.from(png).readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}

/** The PNG's chunks as [type, keyword-or-undefined]. */
function pngChunks(png: Uint8Array): [string, string | undefined][] {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const out: [string, string | undefined][] = [];
  for (let o = 8; o + 12 <= b.length; ) {
    const length = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    const data = b.subarray(o + 8, o + 8 + length);
    out.push([type, /^(tEXt|iTXt|zTXt)$/.test(type) ? data.toString('latin1', 0, data.indexOf(0)) : undefined]);
    o += 12 + length;
  }
  return out;
}

/** The JPEG's segments before the scan, as [marker, first bytes of the payload]. */
function jpegSegments(jpeg: Uint8Array): [number, string][] {
  const b = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  const out: [number, string][] = [];
  for (let o = 2; o + 4 <= b.length && b[o + 1] !== 0xda; ) {
    const length = b.readUInt16BE(o + 2);
    out.push([b[o + 1], b.toString('latin1', o + 4, o + 4 + Math.min(length - 2, 29))]);
    o += 2 + length;
  }
  return out;
}

/** An APP1 XMP segment around `xmp`. */
function xmpSegment(xmp: string | Uint8Array): Buffer {
  const packet = typeof xmp === 'string' ? Buffer.from(xmp, 'utf8') : Buffer.from(xmp);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(2 + XMP_HEADER.length + packet.length, 2);
  return Buffer.concat([header, Buffer.from(XMP_HEADER, 'latin1'), packet]);
}

function afterSoi(jpeg: Uint8Array, ...segments: Uint8Array[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

function xmpWith(json: string): string {
  return `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:restyle="x"><restyle:record>${json}</restyle:record></rdf:Description></rdf:RDF></x:xmpmeta>`;
}

/** A photo-sized raster of noise: it barely compresses, so its PNG is as large as a 1 MP variant gets. */
function noiseRaster(width: number, height: number): Raster {
  const r = createRaster(width, height);
  let seed = 12345;
  for (let i = 0; i < r.data.length; i++) r.data[i] = i % 4 === 3 ? 255 : (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  return r;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('variant metadata: the record and its parameters text', () => {
  it('writes the prompt, then A1111-style Key: value pairs', () => {
    const text = parametersText(record());
    const [prompt, pairs, extra] = text.split('\n');
    assert.equal(prompt, 'a watercolor knight, soft light');
    assert.equal(extra, undefined);
    assert.match(pairs, /^Strength: 0\.6, Model: SD3 Turbo img2img, Seed: 123456789, Size: 32x32, Generated size: 1024x1024, Source: knight\.png, /);
    assert.match(pairs, /Request id: req-0123-abcd, Cost: 0\.08, Created: "2025-01-31T12:34:56\.789Z", Version: Restyle$/);
  });

  it('quotes values that hold commas or colons, and leaves out what the service did not give', () => {
    const text = parametersText(record({ source: { ...record().source, name: 'a, b: c.png' }, seed: undefined, cost: undefined, requestId: undefined }));
    assert.match(text, /Source: "a, b: c\.png", /);
    assert.doesNotMatch(text, /Seed|Cost|Request id/);
  });

  it('accepts a complete record as it is, and gives a fresh plain object', () => {
    const r = record();
    const valid = validateRecord(JSON.parse(JSON.stringify(r)));
    assert.deepEqual(valid, r);
    assert.equal(Object.getPrototypeOf(valid), Object.prototype);
  });

  it('refuses wrong types, out-of-range numbers, paths and bad hashes field by field', () => {
    const base = JSON.parse(JSON.stringify(record()));
    const bad: [string, (r: any) => void][] = [
      ['version 2', (r) => (r.version = 2)],
      ['other model', (r) => (r.model = 'sdxl')],
      ['prompt number', (r) => (r.prompt = 42)],
      ['empty prompt', (r) => (r.prompt = '')],
      ['prompt too long', (r) => (r.prompt = 'x'.repeat(2001))],
      ['strength string', (r) => (r.strength = '0.6')],
      ['strength above 1', (r) => (r.strength = 1.5)],
      ['strength NaN-ish', (r) => (r.strength = null)],
      ['format gif', (r) => (r.outputFormat = 'gif')],
      ['size other', (r) => (r.outputSize = 'huge')],
      ['transparency string', (r) => (r.keepTransparency = 'true')],
      ['palette number', (r) => (r.keepPalette = 1)],
      ['source array', (r) => (r.source = [])],
      ['source name with slash', (r) => (r.source.name = '../../etc/passwd')],
      ['source name with backslash', (r) => (r.source.name = '..\\win.ini')],
      ['source name ..', (r) => (r.source.name = '..')],
      ['sha256 upper case', (r) => (r.source.sha256 = 'AB'.repeat(32))],
      ['sha256 short', (r) => (r.source.sha256 = 'ab')],
      ['width zero', (r) => (r.source.width = 0)],
      ['width fraction', (r) => (r.answer.width = 10.5)],
      ['height huge', (r) => (r.saved.height = 1e12)],
      ['answer missing', (r) => delete r.answer],
      ['date not ISO', (r) => (r.createdAt = 'yesterday')],
      ['date impossible', (r) => (r.createdAt = '2025-13-45T99:99:99Z')],
      ['elapsed negative', (r) => (r.elapsedMs = -1)],
      ['elapsed infinite (as JSON cannot say, a huge number)', (r) => (r.elapsedMs = 1e300)],
    ];
    for (const [what, spoil] of bad) {
      const r = structuredClone(base);
      spoil(r);
      assert.equal(validateRecord(r), undefined, what);
    }
    for (const value of [null, undefined, 'text', 42, [], [base]]) assert.equal(validateRecord(value), undefined);
  });

  it('leaves out optional fields that fail, and keeps the record', () => {
    const valid = validateRecord({ ...record(), seed: -1, cost: 'free', creditsAfter: Infinity, requestId: 'x'.repeat(500) });
    assert.ok(valid);
    assert.equal('seed' in valid, false);
    assert.equal('cost' in valid, false);
    assert.equal('creditsAfter' in valid, false);
    assert.equal('requestId' in valid, false);
  });

  it('never reads through __proto__, and pollutes nothing', () => {
    const json = JSON.stringify(record()).replace('{', '{"__proto__":{"polluted":true,"prompt":"evil"},');
    const valid = validateRecord(JSON.parse(json));
    assert.ok(valid);
    assert.equal(valid.prompt, record().prompt);
    assert.equal(Object.prototype.hasOwnProperty.call(valid, '__proto__'), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // Fields only on the prototype do not count.
    assert.equal(validateRecord(JSON.parse(`{"__proto__":${JSON.stringify(record())}}`)), undefined);
    assert.equal(validateRecord(Object.create(record())), undefined);
  });

  it('replaces control, bidi and lone-surrogate characters in strings', () => {
    const valid = validateRecord({ ...record(), prompt: 'red\u001b[31m \u202eevil\u0000 line\r\nnext\ud800', requestId: 'id\u0007\n', source: { ...record().source, name: 'k\u0085night\u2066.png' } });
    assert.ok(valid);
    assert.equal(valid.prompt, 'red\ufffd[31m \ufffdevil\ufffd line\nnext\ufffd');
    assert.equal(valid.requestId, 'id\ufffd\ufffd');
    assert.equal(valid.source.name, 'k\ufffdnight\ufffd.png');
    const shown = describeRecord(valid);
    assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('describes a record as plain lines', () => {
    const shown = describeRecord(record({ prompt: 'one\ntwo' }));
    assert.match(shown, /^Prompt: +one\n +two\nStrength: +0\.6\nModel: +sd3-turbo-img2img/);
    for (const label of ['Output', 'Source', 'Source SHA-256', 'Answer size', 'Saved size', 'Created', 'Time', 'Request id', 'Seed', 'Cost', 'Credits after']) {
      assert.match(shown, new RegExp(`^${label}: `, 'm'), label);
    }
    assert.match(shown, /^Source: +knight\.png, 32 × 32 px$/m);
    assert.match(shown, /^Time: +4\.3 s$/m);
  });
});

describe('variant metadata in PNG', () => {
  it('round-trips, keeps the pixels, and other tools read the parameters text', async () => {
    const png = encodePng(spriteRaster(32, 32));
    const r = record();
    const tagged = withPngMetadata(png, r);
    assert.deepEqual(readPngMetadata(tagged), r);
    assert.deepEqual(readVariantMetadata(tagged), r);
    assert.deepEqual(pngChunks(tagged).slice(0, 3), [['IHDR', undefined], ['iTXt', 'restyle'], ['tEXt', 'parameters']]);
    assert.equal(tagged.buffer.byteLength, tagged.length, 'an ArrayBuffer of its own, safe to transfer to a worker');
    const before = await decodeImage(png, 'a.png');
    const after = await decodeImage(tagged, 'a.png');
    assert.deepEqual(after.raster, before.raster);
    const read = await exifr.parse(Buffer.from(tagged), { ihdr: true });
    assert.equal(read.parameters, parametersText(r));
    assert.equal(read.ImageWidth, 32);
  });

  it('keeps a prompt that Latin-1 cannot hold: parameters goes in iTXt then', async () => {
    const r = record({ prompt: '水彩画の騎士 🎨, soft light' });
    const tagged = withPngMetadata(makePng(16, 8), r);
    assert.deepEqual(pngChunks(tagged).slice(1, 3), [['iTXt', 'restyle'], ['iTXt', 'parameters']]);
    assert.deepEqual(readPngMetadata(tagged), r);
    assert.equal((await decodeImage(tagged, 'a.png')).raster.width, 16);
  });

  it('replaces an earlier record and parameters text (tEXt, iTXt or zTXt) instead of adding one', () => {
    const png = makePng(8, 8);
    const foreign = afterIhdr(png, pngChunk('tEXt', Buffer.from('parameters\0old prompt\nSteps: 20', 'latin1')), pngChunk('tEXt', Buffer.from('Software\0pngjs', 'latin1')));
    const once = withPngMetadata(foreign, record({ prompt: 'first' }));
    const twice = withPngMetadata(once, record({ prompt: 'second' }));
    assert.equal(readPngMetadata(twice)?.prompt, 'second');
    const keywords = pngChunks(twice).map(([, k]) => k).filter(Boolean);
    assert.deepEqual(keywords, ['restyle', 'parameters', 'Software']);
    assert.equal(twice.length, once.length + 2); // "second" is one byte longer than "first", in the JSON and in the text
  });

  it('refuses to write an invalid record or into bytes that are not a PNG', () => {
    assert.throws(() => withPngMetadata(makePng(4, 4), record({ prompt: 'x'.repeat(100_000) })), RangeError);
    assert.throws(() => withPngMetadata(makeJpeg(8, 8), record()), TypeError);
  });

  it('gives undefined, never throws, for truncated files at every length', () => {
    const tagged = withPngMetadata(makePng(8, 8), record());
    const recordEnd = 33 + Buffer.from(tagged).readUInt32BE(33) + 12;
    for (let n = 0; n < tagged.length; n++) {
      const found = readPngMetadata(tagged.subarray(0, n));
      if (n < recordEnd) assert.equal(found, undefined, `cut at ${n}`);
      else assert.deepEqual(found, record(), `cut at ${n}`);
    }
  });

  it('ignores a chunk whose CRC is wrong', () => {
    const tagged = Buffer.from(withPngMetadata(makePng(8, 8), record()));
    const crcAt = 33 + 8 + tagged.readUInt32BE(33);
    tagged[crcAt] ^= 1;
    assert.equal(readPngMetadata(tagged), undefined);
    tagged[crcAt] ^= 1;
    tagged[33 + 8 + 20] ^= 0x20; // a letter inside the JSON changes case: the CRC no longer matches
    assert.equal(readPngMetadata(tagged), undefined);
  });

  it('skips a 10 MB iTXt without reading it, and finds a valid record after it', () => {
    const huge = itxt('restyle', JSON.stringify(record()) + ' '.repeat(10 * 1024 * 1024));
    const png = makePng(8, 8);
    const alone = afterIhdr(png, huge);
    const followed = afterIhdr(png, huge, itxt('restyle', JSON.stringify(record())));
    const start = performance.now();
    assert.equal(readPngMetadata(alone), undefined);
    assert.deepEqual(readPngMetadata(followed), record());
    assert.ok(performance.now() - start < 50, 'the big chunk is skipped, not read');
    // Just over the cap is skipped too; just under is read.
    const pad = (n: number) => JSON.stringify(record()) + ' '.repeat(n - 'restyle'.length - 5 - JSON.stringify(record()).length);
    assert.equal(readPngMetadata(afterIhdr(png, itxt('restyle', pad(MAX_PNG_METADATA_CHUNK + 1)))), undefined);
    assert.deepEqual(readPngMetadata(afterIhdr(png, itxt('restyle', pad(MAX_PNG_METADATA_CHUNK)))), record());
  });

  it('gives undefined for invalid JSON, wrong types, bad UTF-8, compressed text and absurd lengths', () => {
    const png = makePng(8, 8);
    const hostile = [
      itxt('restyle', '{"version":1,'),
      itxt('restyle', 'alert(1)'),
      itxt('restyle', '[1,2,3]'),
      itxt('restyle', JSON.stringify({ ...record(), strength: '0.6' })),
      itxt('restyle', JSON.stringify({ ...record(), prompt: 'x'.repeat(100_000) })),
      itxt('restyle', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      pngChunk('iTXt', Buffer.concat([Buffer.from('restyle\0\x01\x00\0\0', 'latin1'), Buffer.from(JSON.stringify(record()))])),
      pngChunk('iTXt', Buffer.from('restyle\0\0\0', 'latin1')), // no language tag terminator
      pngChunk('tEXt', Buffer.from(`restyle\0${JSON.stringify(record())}`, 'latin1')), // only iTXt is ours
    ];
    for (const [i, chunk] of hostile.entries()) assert.equal(readPngMetadata(afterIhdr(png, chunk)), undefined, `case ${i}`);
    const absurd = Buffer.from(afterIhdr(png, itxt('restyle', JSON.stringify(record()))));
    absurd.writeUInt32BE(0xffffffff, 33);
    assert.equal(readPngMetadata(absurd), undefined);
  });

  it('sanitizes a record whose strings hold control characters', () => {
    const png = afterIhdr(makePng(8, 8), itxt('restyle', JSON.stringify({ ...record(), prompt: 'a\u001b]8;;http://x\u0007b' })));
    assert.equal(readPngMetadata(png)?.prompt, 'a\ufffd]8;;http://x\ufffdb');
  });

  it('survives random damage without throwing', () => {
    assertSurvivesDamage(withPngMetadata(makePng(8, 8), record()), 1);
  });
});

describe('variant metadata in JPEG', () => {
  it('round-trips in XMP, keeps the pixels, and other tools read the XMP', async () => {
    const jpeg = makeJpeg(24, 16); // jpeg-js: SOI, APP0 JFIF, …
    const r = record({ outputFormat: 'jpeg', prompt: 'a <b>bold</b> & "quoted" knight' });
    const tagged = withJpegMetadata(jpeg, r);
    assert.deepEqual(readJpegMetadata(tagged), r);
    assert.deepEqual(readVariantMetadata(tagged), r);
    const segments = jpegSegments(tagged);
    assert.equal(segments[0][1].slice(0, 4), 'JFIF');
    assert.equal(segments[1][0], 0xe1);
    assert.equal(segments[1][1], XMP_HEADER);
    const before = await decodeImage(jpeg, 'a.jpg');
    const after = await decodeImage(tagged, 'a.jpg');
    assert.deepEqual(after.raster, before.raster);

    const read = await exifr.parse(Buffer.from(tagged), { xmp: true, mergeOutput: false });
    assert.ok(read?.restyle?.record, JSON.stringify(read));
    assert.deepEqual(validateRecord(JSON.parse(read.restyle.record)), r);
    // exifr hands element text over without decoding XML's character references; a full XML reader decodes them.
    const description: string = typeof read.dc.description === 'string' ? read.dc.description : read.dc.description.value;
    const decoded = description.replace(/&(lt|gt|amp);/g, (_: string, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name]!);
    assert.equal(decoded, parametersText(r));
  });

  it('writes into the project encoder\'s JPEG and after an Exif segment, keeping its orientation', async () => {
    const ours = await encodeJpeg(photoRaster(40, 30));
    const r = record({ outputFormat: 'jpeg' });
    const tagged = withJpegMetadata(ours, r);
    assert.deepEqual(readJpegMetadata(tagged), r);
    assert.deepEqual((await decodeImage(tagged, 'a.jpg')).raster, (await decodeImage(ours, 'a.jpg')).raster);

    const exif = readFileSync(path.join(FIXTURES, 'jpeg-exif-6.jpg'));
    const taggedExif = withJpegMetadata(exif, r);
    const markers = jpegSegments(taggedExif).map(([m, head]) => (m === 0xe1 ? head.slice(0, 4) : m.toString(16)));
    assert.ok(markers.indexOf('Exif') < markers.indexOf('http'), markers.join(' '));
    const before = await decodeImage(exif, 'a.jpg');
    const after = await decodeImage(taggedExif, 'a.jpg');
    assert.equal(after.reoriented, true);
    assert.deepEqual(after.raster, before.raster);
    assert.equal(await exifr.orientation(Buffer.from(taggedExif)), 6);
  });

  it('replaces an earlier XMP packet (and extended XMP) instead of adding one', () => {
    const extended = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 2 + 35 + 4]), Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1'), Buffer.from('abcd')]);
    const foreign = afterSoi(makeJpeg(8, 8), xmpSegment('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'), extended);
    const twice = withJpegMetadata(withJpegMetadata(foreign, record({ prompt: 'first' })), record({ prompt: 'second' }));
    assert.equal(readJpegMetadata(twice)?.prompt, 'second');
    const xmps = jpegSegments(twice).filter(([m, head]) => m === 0xe1 && head.startsWith('http://ns.adobe.com/'));
    assert.equal(xmps.length, 1);
  });

  it('refuses to write an invalid record or into bytes that are not a JPEG', () => {
    assert.throws(() => withJpegMetadata(makeJpeg(8, 8), record({ strength: 7 })), RangeError);
    assert.throws(() => withJpegMetadata(makePng(8, 8), record()), TypeError);
  });

  it('fits the longest and most escaped prompt into one segment', () => {
    const r = record({ prompt: '"<&>\\'.repeat(400) });
    assert.deepEqual(readJpegMetadata(withJpegMetadata(makeJpeg(8, 8), r)), r);
    const wide = record({ prompt: '🎨'.repeat(1000) });
    assert.deepEqual(readJpegMetadata(withJpegMetadata(makeJpeg(8, 8), wide)), wide);
  });

  it('gives undefined, never throws, for truncated files at every length', () => {
    const tagged = withJpegMetadata(makeJpeg(8, 8), record());
    const xmp = jpegSegments(tagged).findIndex(([m]) => m === 0xe1);
    assert.ok(xmp >= 0);
    for (let n = 0; n < tagged.length; n++) readJpegMetadata(tagged.subarray(0, n));
    assert.equal(readJpegMetadata(tagged.subarray(0, 200)), undefined);
  });

  it('gives undefined for hostile XMP: bad escapes, bad UTF-8, invalid JSON, wrong types, bad lengths', () => {
    const jpeg = makeJpeg(8, 8);
    const json = JSON.stringify(record());
    const hostile = [
      xmpWith(json.replace('knight.png', 'a&b.png')), // a stray &
      xmpWith(json.replace('knight.png', 'a&#0;.png')), // no such character
      xmpWith(json.replace('knight.png', 'a&#xD800;.png')), // a surrogate
      xmpWith(json.replace('knight.png', 'a&nbsp;.png')), // an entity XML does not define
      xmpWith('{"version":1'),
      xmpWith(JSON.stringify({ ...record(), source: 'knight.png' })),
      xmpWith(JSON.stringify({ ...record(), prompt: 'x'.repeat(20_000) })),
      Buffer.concat([Buffer.from(xmpWith(json)), Buffer.from([0xff, 0xfe])]),
    ];
    for (const [i, xmp] of hostile.entries()) assert.equal(readJpegMetadata(afterSoi(jpeg, xmpSegment(xmp))), undefined, `case ${i}`);
    // A segment length that runs past the end, and one below the minimum.
    const long = afterSoi(jpeg, xmpSegment(xmpWith(json)));
    long.writeUInt16BE(0xffff, 4);
    assert.equal(readJpegMetadata(long), undefined);
    const short = afterSoi(jpeg, Buffer.from([0xff, 0xe1, 0x00, 0x01]), xmpSegment(xmpWith(json)));
    assert.equal(readJpegMetadata(short), undefined);
    // Escaped markup inside strings is decoded into plain text, nothing more.
    const markup = afterSoi(jpeg, xmpSegment(xmpWith(JSON.stringify({ ...record(), prompt: '&lt;script&gt;x&lt;/script&gt; &amp;amp;' }).replaceAll('&', '&amp;'))));
    assert.equal(readJpegMetadata(markup)?.prompt, '&lt;script&gt;x&lt;/script&gt; &amp;amp;');
    assert.equal(readJpegMetadata(afterSoi(jpeg, xmpSegment(xmpWith(json.replace('knight.png', '&lt;b&gt;.png')))))?.source.name, '<b>.png');
  });

  it('reads the attribute form other XMP writers may produce, and stops at the scan', () => {
    const json = JSON.stringify(record()).replaceAll('"', '&quot;');
    const attribute = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:restyle="x" restyle:record="${json}"/></rdf:RDF></x:xmpmeta>`;
    assert.deepEqual(readJpegMetadata(afterSoi(makeJpeg(8, 8), xmpSegment(attribute))), record());
    // An XMP-looking segment after the start of scan is image data, not metadata.
    const jpeg = makeJpeg(8, 8);
    const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const late = Buffer.concat([jpeg.subarray(0, sos), jpeg.subarray(sos, sos + 4), xmpSegment(xmpWith(JSON.stringify(record()))), jpeg.subarray(sos + 4)]);
    assert.equal(readJpegMetadata(late), undefined);
  });

  it('survives random damage without throwing', () => {
    assertSurvivesDamage(withJpegMetadata(makeJpeg(8, 8), record()), 7);
  });
});

describe('reading variant metadata from files', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-metadata-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('gives undefined for other files and images without a record', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('GIF89a......'), Buffer.from('hello'), makePng(8, 8), makeJpeg(8, 8)]) {
      assert.equal(readVariantMetadata(bytes), undefined);
    }
    await fs.writeFile(path.join(dir, 'plain.png'), makePng(8, 8));
    await fs.writeFile(path.join(dir, 'empty.png'), Buffer.alloc(0));
    assert.equal(await readVariantMetadataFromFile(path.join(dir, 'plain.png')), undefined);
    assert.equal(await readVariantMetadataFromFile(path.join(dir, 'empty.png')), undefined);
    await assert.rejects(readVariantMetadataFromFile(path.join(dir, 'missing.png')), /ENOENT/);
    await assert.rejects(readVariantMetadataFromFile(dir), /EISDIR/);
  });

  it('does not hang on a FIFO named like an image', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'fifo.png');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(readVariantMetadataFromFile(fifo));
  });

  it('reads the record from the head of a large file', async () => {
    const big = withPngMetadata(encodePng(noiseRaster(1000, 1000)), record());
    assert.ok(big.length > METADATA_HEAD_BYTES);
    await fs.writeFile(path.join(dir, 'big.png'), big);
    assert.deepEqual(await readVariantMetadataFromFile(path.join(dir, 'big.png')), record());
  });

  // The floors (< 5 ms a write, < 1 s for 1000 files) are kept by `npm run bench`; here only gross regressions fail,
  // so a busy CI machine cannot turn these into flaky tests.
  it('timing: writes metadata into a 1 MP PNG without decoding it (the 5 ms floor is in the bench)', () => {
    const png = encodePng(noiseRaster(1000, 1000));
    const times: number[] = [];
    let tagged: Uint8Array = png;
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      tagged = withPngMetadata(png, record());
      times.push(performance.now() - start);
    }
    const readTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      readPngMetadata(tagged);
      readTimes.push(performance.now() - start);
    }
    console.log(`      1 MP PNG (${(png.length / 1e6).toFixed(2)} MB): write median ${median(times).toFixed(2)} ms, read median ${median(readTimes).toFixed(3)} ms`);
    assert.ok(median(times) < 50, `median ${median(times)} ms`);
  });

  it('timing: reads 1000 variant files\' metadata from disk (the 1 s floor is in the bench)', async () => {
    const folder = path.join(dir, 'many');
    await fs.mkdir(folder);
    const png = encodePng(spriteRaster(64, 64));
    const files: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const file = path.join(folder, `v${i}.png`);
      await fs.writeFile(file, withPngMetadata(png, record({ seed: i })));
      files.push(file);
    }
    // One after another (the slowest way), then eight at a time (as a scan of a folder would read them).
    let start = performance.now();
    let found = 0;
    for (const file of files) if ((await readVariantMetadataFromFile(file))?.seed !== undefined) found++;
    const oneByOne = performance.now() - start;
    start = performance.now();
    let next = 0;
    const seeds = new Set<number | undefined>();
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < files.length) seeds.add((await readVariantMetadataFromFile(files[next++]))?.seed);
    }));
    const eightAtATime = performance.now() - start;
    console.log(`      1000 files: ${oneByOne.toFixed(0)} ms one after another, ${eightAtATime.toFixed(0)} ms eight at a time`);
    assert.equal(found, 1000);
    assert.equal(seeds.size, 1000);
    assert.ok(Math.min(oneByOne, eightAtATime) < 10_000, `${oneByOne} ms, ${eightAtATime} ms`);
  });
});
