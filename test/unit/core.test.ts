import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCredits, formatCredits } from '../../src/core/credits';
import { checkEndpoint, endpointUrl } from '../../src/core/endpoint';
import { readImageInfo, sniffImageFormat } from '../../src/core/imageInfo';
import { checkOutputNamePattern, variantPathCandidates } from '../../src/core/outputName';
import { checkGenerationParams, normaliseStrength, resolveOutputFormat } from '../../src/core/params';
import { saveVariant } from '../../src/core/saveVariant';
import { MAX_FILE_BYTES, checkSourceImage, inspectSourceFile } from '../../src/core/sourceImage';
import { parseFromWebview } from '../../src/panel/messages';
import { makeJpeg, makePng, makeWebpHeader } from './fixtures';

describe('image recognition (by bytes, not by name)', () => {
  it('reads PNG, JPEG and every WebP flavour with their sizes', () => {
    assert.deepEqual(readImageInfo(makePng(96, 64)), { format: 'png', width: 96, height: 64 });
    assert.deepEqual(readImageInfo(makeJpeg(80, 72)), { format: 'jpeg', width: 80, height: 72 });
    assert.deepEqual(readImageInfo(makeWebpHeader('VP8X', 300, 200)), { format: 'webp', width: 300, height: 200 });
    assert.deepEqual(readImageInfo(makeWebpHeader('VP8L', 129, 65)), { format: 'webp', width: 129, height: 65 });
    assert.deepEqual(readImageInfo(makeWebpHeader('VP8 ', 640, 480)), { format: 'webp', width: 640, height: 480 });
  });

  it('refuses text, HTML and truncated signatures; knows a GIF by its signature and logical screen', () => {
    for (const text of ['hello', '<html></html>', 'GIF89', '\x89PN']) {
      assert.equal(sniffImageFormat(Buffer.from(text, 'latin1')), undefined, text);
    }
    assert.equal(readImageInfo(new Uint8Array()), undefined);
    assert.deepEqual(readImageInfo(Buffer.from('GIF89a\x20\x00\x10\x00', 'latin1')), { format: 'gif', width: 32, height: 16 });
  });

  it('knows the format but not the size of a damaged header', () => {
    assert.deepEqual(readImageInfo(makePng(96, 64).subarray(0, 10)), { format: 'png' });
  });
});

describe('source checks before any request', () => {
  it('accepts a normal sprite', () => {
    const png = makePng(64, 64);
    const check = checkSourceImage('knight.png', png, png.length);
    assert.equal(check.ok, true);
  });

  it('accepts sprites of any size: small ones are scaled up before sending, not refused', () => {
    for (const [w, h] of [[1, 1], [16, 16], [32, 80]]) {
      const png = makePng(w, h);
      assert.equal(checkSourceImage('tiny.png', png, png.length).ok, true, `${w}×${h}`);
    }
  });

  it('names the problem for empty, fake, 0 × 0 and huge files', () => {
    const zero = makePng(1, 1);
    zero.writeUInt32BE(0, 16);
    zero.writeUInt32BE(0, 20);
    const cases: [string, Uint8Array, number, RegExp][] = [
      ['empty.png', new Uint8Array(), 0, /empty\.png is empty/],
      ['fake.png', Buffer.from('not an image at all'), 19, /not a PNG, JPEG, WebP or GIF image/],
      ['zero.png', zero, zero.length, /zero\.png says it is 0 × 0 px/],
      ['huge.png', makePng(64, 64), MAX_FILE_BYTES + 1, /too large to restyle \(256\.\d MB/],
    ];
    for (const [name, head, size, expected] of cases) {
      const check = checkSourceImage(name, head, size);
      assert.equal(check.ok, false, name);
      assert.match(!check.ok ? check.problem : '', expected);
    }
  });

  it('inspects a file on disk from its header', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-'));
    await fs.writeFile(path.join(dir, 'a.png'), makePng(100, 70));
    await fs.writeFile(path.join(dir, 'b.png'), 'text');
    const a = await inspectSourceFile(path.join(dir, 'a.png'));
    assert.ok(a.ok && a.info.width === 100 && a.info.height === 70);
    const b = await inspectSourceFile(path.join(dir, 'b.png'));
    assert.equal(b.ok, false);
    assert.equal(b.fileSize, 4);
  });
});

describe('generation parameters', () => {
  it('checks untrusted values', () => {
    assert.deepEqual(checkGenerationParams({ prompt: '  cyberpunk  ', strength: 0.6, format: 'png' }), {
      ok: true,
      params: { prompt: 'cyberpunk', strength: 0.6, format: 'png' },
    });
    for (const bad of [
      { prompt: '', strength: 0.5, format: 'png' },
      { prompt: 'x'.repeat(2001), strength: 0.5, format: 'png' },
      { prompt: 'ok', strength: 1.5, format: 'png' },
      { prompt: 'ok', strength: Number.NaN, format: 'png' },
      { prompt: 'ok', strength: '0.5', format: 'png' },
      { prompt: 'ok', strength: 0.5, format: 'gif' },
      { prompt: 42, strength: 0.5, format: 'png' },
    ]) {
      assert.equal(checkGenerationParams(bad).ok, false, JSON.stringify(bad));
    }
  });

  it('rounds strength to the slider step and clamps it', () => {
    assert.equal(normaliseStrength(0.63, 0.6), 0.65);
    assert.equal(normaliseStrength(0.3, 0.6), 0.3);
    assert.equal(normaliseStrength(7, 0.6), 1);
    assert.equal(normaliseStrength(-1, 0.6), 0);
    assert.equal(normaliseStrength('x', 0.6), 0.6);
  });

  it('picks png for png and webp sources and jpeg for jpeg in auto mode', () => {
    assert.equal(resolveOutputFormat('auto', 'png'), 'png');
    assert.equal(resolveOutputFormat('auto', 'webp'), 'png');
    assert.equal(resolveOutputFormat('auto', 'jpeg'), 'jpeg');
    assert.equal(resolveOutputFormat('jpeg', 'png'), 'jpeg');
  });
});

describe('output names', () => {
  it('counts up from NAME-restyled.EXT beside the source', () => {
    const candidates = variantPathCandidates('/art/knight.png', 'png');
    assert.deepEqual([0, 1, 2].map(() => candidates.next().value), ['/art/knight-restyled.png', '/art/knight-restyled-2.png', '/art/knight-restyled-3.png']);
    assert.equal(variantPathCandidates('/art/Photo.JPG', 'jpeg').next().value, '/art/Photo-restyled.jpg');
    assert.equal(variantPathCandidates('/art/a.b.webp', 'png', 'styled_${name}').next().value, '/art/styled_a.b.png');
  });

  it('refuses patterns that would leave the folder', () => {
    assert.equal(checkOutputNamePattern('${name}-restyled').ok, true);
    for (const bad of ['', '../${name}', 'x/${name}', '${name}:v2']) assert.equal(checkOutputNamePattern(bad).ok, false, bad);
  });
});

describe('saving a variant', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-save-'));
  });

  it('never overwrites: takes the next free name', async () => {
    const source = path.join(dir, 'knight.png');
    await fs.writeFile(path.join(dir, 'knight-restyled.png'), 'precious');
    const saved = await saveVariant(Buffer.from('new'), variantPathCandidates(source, 'png'));
    assert.equal(saved, path.join(dir, 'knight-restyled-2.png'));
    assert.equal(await fs.readFile(path.join(dir, 'knight-restyled.png'), 'utf8'), 'precious');
    assert.equal(await fs.readFile(saved, 'utf8'), 'new');
  });

  it('gives twenty saves finishing together twenty different files and leaves no temporary file', async () => {
    const source = path.join(dir, 'knight.png');
    const saved = await Promise.all(Array.from({ length: 20 }, (_, i) => saveVariant(Buffer.from(`v${i}`), variantPathCandidates(source, 'png'))));
    assert.equal(new Set(saved).size, 20);
    for (const [i, file] of saved.entries()) assert.equal(await fs.readFile(file, 'utf8'), `v${i}`);
    assert.deepEqual((await fs.readdir(dir)).filter((f) => f.startsWith('.')), []);
  });

  it('leaves nothing behind when the write fails', async () => {
    const missing = path.join(dir, 'no-such-folder', 'knight.png');
    await assert.rejects(saveVariant(Buffer.from('x'), variantPathCandidates(missing, 'png')), /ENOENT/);
    assert.deepEqual(await fs.readdir(dir), []);
  });
});

describe('endpoint setting', () => {
  it('allows https anywhere and http only on loopback', () => {
    assert.equal(checkEndpoint('https://api.segmind.com').ok, true);
    assert.equal(checkEndpoint('http://127.0.0.1:8787').ok, true);
    assert.equal(checkEndpoint('http://localhost:8787/').ok, true);
    assert.equal(checkEndpoint('http://[::1]:8787').ok, true);
    const plain = checkEndpoint('http://api.segmind.com');
    assert.equal(plain.ok, false);
    assert.match(!plain.ok ? plain.problem : '', /clear text/);
    assert.equal(checkEndpoint('ftp://x').ok, false);
    assert.equal(checkEndpoint('not a url').ok, false);
    assert.equal(checkEndpoint('https://user:pw@api.segmind.com').ok, false);
  });

  it('keeps a path prefix when joining API paths', () => {
    const check = checkEndpoint('https://proxy.example/segmind');
    assert.ok(check.ok);
    assert.equal(endpointUrl(check.base, '/v1/get-user-credits').href, 'https://proxy.example/segmind/v1/get-user-credits');
  });
});

describe('credits', () => {
  it('parses numbers and refuses garbage instead of showing NaN', () => {
    assert.equal(parseCredits('12.34'), 12.34);
    assert.equal(parseCredits(['9.92']), 9.92);
    assert.equal(parseCredits(0.0184921035), 0.0184921035);
    for (const bad of ['abc', '', '12abc', '-1', 'NaN', undefined, null, Number.POSITIVE_INFINITY, {}]) assert.equal(parseCredits(bad), undefined, String(bad));
    assert.equal(formatCredits(12.345), '12.35');
  });
});

describe('webview messages are validated', () => {
  it('accepts the protocol and nothing else', () => {
    assert.deepEqual(parseFromWebview({ type: 'generate', prompt: 'p', strength: 0.5, format: 'png', keepPalette: true, variants: 3, extra: 'dropped' }), { type: 'generate', prompt: 'p', strength: 0.5, format: 'png', keepPalette: true, variants: 3 });
    assert.deepEqual(parseFromWebview({ type: 'discard', id: 2, index: 1 }), { type: 'discard', id: 2, index: 1 });
    assert.deepEqual(parseFromWebview({ type: 'cancel', id: 2 }), { type: 'cancel', id: 2 });
    assert.deepEqual(parseFromWebview({ type: 'savePreset', prompt: 'ink', strength: 0.4 }), { type: 'savePreset', prompt: 'ink', strength: 0.4 });
    assert.deepEqual(parseFromWebview({ type: 'open', id: 2, index: 0 }), { type: 'open', id: 2, index: 0 });
    for (const bad of [null, 'ready', [], { type: 'generate', prompt: 'p', strength: '1', format: 'png' }, { type: 'open', id: -1 }, { type: 'open', id: '../x' }, { type: 'eval', code: '1' }, { type: 'generate', prompt: 'p', strength: 0.5, format: 'gif', keepPalette: false }, { type: 'generate', prompt: 'p', strength: 0.5, format: 'png', keepPalette: 'yes', variants: 1 }, { type: 'generate', prompt: 'p', strength: 0.5, format: 'png', keepPalette: false, variants: 5 }, { type: 'discard', id: 1, index: 4 }, { type: 'cancel', id: -1 }, { type: 'savePreset', prompt: '', strength: 0.4 }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });
});
