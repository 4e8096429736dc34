/** Sprite-sheet JSON: every real export among the fixtures, and hostile documents that must give a sentence, never a throw. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../src/image/decode';
import { describeSheet, MAX_SHEET_FRAMES, parseSheetJson, type Sheet, type SheetParse } from '../../src/image/sheet/sheetJson';

const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');

interface FixtureEntry {
  file: string;
  pair?: string;
  kind: string;
  form?: 'hash' | 'array';
  frames?: number;
  cell?: [number, number];
  sourceSize?: [number, number];
  trimmed?: boolean | number;
  rotated?: boolean | number;
  frameTags?: string[] | number;
}

const FIXTURES: FixtureEntry[] = JSON.parse(fs.readFileSync(path.join(GAME_ART, 'fixtures.json'), 'utf8'));
const SHEETS = FIXTURES.filter((f) => f.kind === 'aseprite' || f.kind === 'texturepacker');

async function sizeOf(name: string): Promise<{ width: number; height: number }> {
  const { raster } = await decodeImage(fs.readFileSync(path.join(GAME_ART, name)), path.basename(name));
  return { width: raster.width, height: raster.height };
}

function sheetOf(result: SheetParse): Sheet {
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return result.sheet;
}

function problemOf(result: SheetParse): string {
  assert.ok(!result.ok, 'the document is refused');
  return result.problem;
}

/** Counts a fixture's boolean-or-count field: true = every frame, false = none. */
function expectedCount(value: boolean | number | undefined, frames: number): number | undefined {
  return value === undefined ? undefined : value === true ? frames : value === false ? 0 : value;
}

const IMAGE = { width: 64, height: 64 };
const frameJson = (x: number, y: number, w = 16, h = 16, extra: Record<string, unknown> = {}) => ({
  frame: { x, y, w, h }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w, h }, sourceSize: { w, h }, duration: 100, ...extra,
});
const doc = (frames: unknown, meta: Record<string, unknown> = {}) => JSON.stringify({ frames, meta: { app: 'https://www.aseprite.org/', image: 'walk.png', ...meta } });
const fourFrames = () => ({ 'walk 0': frameJson(0, 0), 'walk 1': frameJson(16, 0), 'walk 2': frameJson(32, 0), 'walk 3': frameJson(48, 0) });
const parse = (text: string, image = IMAGE) => parseSheetJson(text, image, 'walk.json');

describe('sprite-sheet JSON: the real exports', () => {
  it('has the Aseprite and TexturePacker fixtures fixtures.json describes', () => {
    assert.deepEqual(SHEETS.map((f) => f.file).sort(), ['beetle.json', 'building1.json', 'deer-character-idle-hash.json', 'extra/kayahr.aseprite.json', 'player.json']);
  });

  for (const fixture of SHEETS) {
    it(`reads ${fixture.file} (${fixture.kind}, ${fixture.form}) with its ${fixture.frames} frames against its decoded PNG`, async () => {
      const text = fs.readFileSync(path.join(GAME_ART, fixture.file), 'utf8');
      const sheet = sheetOf(parseSheetJson(text, await sizeOf(fixture.pair!), path.basename(fixture.file)));
      const raw = JSON.parse(text) as { frames: unknown[] | Record<string, unknown> };
      assert.equal(Array.isArray(raw.frames) ? 'array' : 'hash', fixture.form);
      assert.equal(sheet.kind, fixture.kind);
      assert.equal(sheet.frames.length, fixture.frames);
      assert.equal(sheet.imageName, path.basename(fixture.pair!));
      const n = sheet.frames.length;
      assert.equal(sheet.frames.filter((f) => f.trimmed).length, expectedCount(fixture.trimmed, n), 'trimmed frames');
      if (fixture.rotated !== undefined) assert.equal(sheet.frames.filter((f) => f.rotated).length, expectedCount(fixture.rotated, n), 'rotated frames');
      const cell = fixture.cell ?? fixture.sourceSize;
      if (cell) for (const f of sheet.frames) assert.deepEqual([f.sourceSize.w, f.sourceSize.h], cell, `${f.name}: its untrimmed size`);
      if (typeof fixture.frameTags === 'number') assert.equal(sheet.tags.length, fixture.frameTags);
      else if (fixture.frameTags) assert.deepEqual(sheet.tags.map((t) => t.name), fixture.frameTags.map((t) => t.split(' (')[0]));
    });
  }

  it('keeps each frame as the JSON gives it: name, rectangle, rotation, trim, durations and the first tag holding it', async () => {
    const building = sheetOf(parseSheetJson(fs.readFileSync(path.join(GAME_ART, 'building1.json'), 'utf8'), await sizeOf('building1.png'), 'building1.json'));
    const star1 = building.frames.find((f) => f.name === 'star1.png')!;
    assert.deepEqual(star1, { name: 'star1.png', frame: { x: 98, y: 33, w: 28, h: 29 }, rotated: true, trimmed: true, spriteSourceSize: { x: 2, y: 2, w: 28, h: 29 }, sourceSize: { w: 32, h: 32 } });
    const beetle = sheetOf(parseSheetJson(fs.readFileSync(path.join(GAME_ART, 'beetle.json'), 'utf8'), await sizeOf('beetle.png'), 'beetle.json'));
    assert.deepEqual(beetle.frames.map((f) => [f.name, f.duration, f.tag]), [['beetle 0.aseprite', 500, 'Loop'], ['beetle 1.aseprite', 500, 'Loop'], ['beetle 2.aseprite', 500, 'Loop']]);
    const player = sheetOf(parseSheetJson(fs.readFileSync(path.join(GAME_ART, 'player.json'), 'utf8'), await sizeOf('player.png'), 'player.json'));
    assert.deepEqual([0, 4, 5, 6, 23].map((i) => player.frames[i].tag), ['idle', 'fall', 'climb', 'climb', 'stand']);
    const kayahr = sheetOf(parseSheetJson(fs.readFileSync(path.join(GAME_ART, 'extra/kayahr.aseprite.json'), 'utf8'), await sizeOf('extra/kayahr.png'), 'kayahr.aseprite.json'));
    assert.equal(kayahr.frames[0].tag, 'Tag1', 'two tags hold frame 0: the first one names it');
    assert.deepEqual(kayahr.frames[0].spriteSourceSize, { x: 6, y: 1, w: 20, h: 30 });
  });

  it('trusts the decoded image, not meta.size: the deer says 128 × 106, its PNG is 128 × 128, and nothing is said about it', async () => {
    const text = fs.readFileSync(path.join(GAME_ART, 'deer-character-idle-hash.json'), 'utf8');
    assert.deepEqual(JSON.parse(text).meta.size, { w: 128, h: 106 });
    const size = await sizeOf('deer-character-idle.png');
    assert.deepEqual(size, { width: 128, height: 128 });
    const deer = sheetOf(parseSheetJson(text, size, 'deer-character-idle-hash.json'));
    assert.deepEqual(deer.frames.map((f) => f.name), ['12', '13', '14', '15', '16', '17', '18', '19']);
    // A frame is checked against the real image: a PNG smaller than meta.size says refuses the frames that fall off it.
    assert.match(problemOf(parseSheetJson(text, { width: 128, height: 100 }, 'deer-character-idle-hash.json')), /^deer-character-idle-hash\.json: frame "17" .*outside the 128 × 100 image\.$/);
  });

  it('reads the same sheet as a hash and as an array', async () => {
    const text = fs.readFileSync(path.join(GAME_ART, 'beetle.json'), 'utf8');
    const raw = JSON.parse(text) as { frames: Record<string, object>; meta: object };
    const asArray = JSON.stringify({ frames: Object.entries(raw.frames).map(([filename, f]) => ({ filename, ...f })), meta: raw.meta });
    const size = await sizeOf('beetle.png');
    assert.deepEqual(sheetOf(parseSheetJson(asArray, size, 'beetle.json')), sheetOf(parseSheetJson(text, size, 'beetle.json')));
  });

  it('describes a sheet by its frames, its tool and its tags', async () => {
    const described = async (json: string, png: string) => describeSheet(sheetOf(parseSheetJson(fs.readFileSync(path.join(GAME_ART, json), 'utf8'), await sizeOf(png), json)));
    assert.equal(await described('beetle.json', 'beetle.png'), '3 frames of 64 × 64 (Aseprite JSON; tag Loop)');
    assert.equal(await described('deer-character-idle-hash.json', 'deer-character-idle.png'), '8 frames of 49 × 53 (Aseprite JSON)');
    assert.equal(await described('building1.json', 'building1.png'), '5 frames of mixed sizes (TexturePacker JSON)');
    assert.equal(await described('player.json', 'player.png'), '24 frames of 80 × 110 (Aseprite JSON; 17 tags: idle, jump, fall, duck, climb, …)');
    const walk = doc({ ...fourFrames() }, { frameTags: [{ name: 'walk', from: 0, to: 1, direction: 'forward' }, { name: 'idle', from: 2, to: 3, direction: 'pingpong' }] });
    assert.equal(describeSheet(sheetOf(parse(walk))), '4 frames of 16 × 16 (Aseprite JSON; tags walk, idle)');
    assert.equal(describeSheet(sheetOf(parse(doc([frameJson(0, 0)], { app: 'https://www.codeandweb.com/texturepacker' })))), '1 frame of 16 × 16 (TexturePacker JSON)');
  });
});

describe('sprite-sheet JSON: hostile documents', () => {
  it('refuses what is not JSON, or not a sheet, naming the file', () => {
    for (const text of ['', '{"frames": ', "{'frames': {}}", '<xml/>']) assert.equal(problemOf(parse(text)), 'walk.json is not valid JSON.');
    for (const text of ['null', '[]', '"frames"', '42', '{}', '{"frames": 3}', '{"frames": "a"}', '{"frames": null}']) assert.match(problemOf(parse(text)), /^walk\.json is not a sprite sheet's JSON/);
    for (const text of ['{"frames": {}}', '{"frames": []}']) assert.equal(problemOf(parse(text)), 'walk.json names no frames.');
  });

  it('refuses a document over 2 MiB before parsing it', () => {
    const text = doc(fourFrames()) + ' '.repeat(2 * 1024 * 1024);
    const started = performance.now();
    assert.equal(problemOf(parse(text)), "walk.json is over 2 MiB: too large for a sprite sheet's JSON.");
    assert.ok(performance.now() - started < 50);
    assert.equal(problemOf(parse('['.repeat(2 * 1024 * 1024 + 1))), "walk.json is over 2 MiB: too large for a sprite sheet's JSON.");
  });

  it('reads 4096 frames and refuses 4097 or 10 000', () => {
    const frames = (n: number) => Array.from({ length: n }, (_, i) => frameJson(i % 64, Math.floor(i / 64) % 64, 1, 1));
    assert.equal(MAX_SHEET_FRAMES, 4096);
    assert.equal(sheetOf(parse(doc(frames(4096)))).frames.length, 4096);
    assert.equal(problemOf(parse(doc(frames(4097)))), 'walk.json names 4097 frames; Restyle reads at most 4096.');
    assert.equal(problemOf(parse(doc(frames(10_000)))), 'walk.json names 10000 frames; Restyle reads at most 4096.');
    const hash = Object.fromEntries(frames(10_000).map((f, i) => [`f${i}`, f]));
    assert.match(problemOf(parse(doc(hash))), /names 10000 frames/);
  });

  it('refuses a frame outside the image, counting a rotated frame as h × w', () => {
    assert.match(problemOf(parse(doc({ ...fourFrames(), 'walk 4': frameJson(56, 0) }))), /^walk\.json: frame "walk 4" \(16 × 16 at 56, 0\) lies outside the 64 × 64 image\.$/);
    assert.match(problemOf(parse(doc([frameJson(0, 60, 16, 16)]))), /lies outside the 64 × 64 image/);
    const tall = { frame: { x: 0, y: 0, w: 40, h: 10 }, rotated: true, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 40, h: 10 }, sourceSize: { w: 40, h: 10 } };
    assert.ok(parse(doc([tall]), { width: 10, height: 40 }).ok, 'turned, the 40 × 10 frame takes 10 × 40');
    assert.match(problemOf(parse(doc([tall]), { width: 40, height: 10 })), /\(10 × 40 at 0, 0\) lies outside the 40 × 10 image/);
  });

  it('refuses zero, negative, fractional, missing and non-number sizes and positions', () => {
    const bad = [{ w: 0 }, { w: -16 }, { w: 1.5 }, { w: '16' }, { w: null }, { w: 1e400 }, { x: -1 }, { x: 0.5 }, { y: '0' }, { h: true }];
    for (const change of bad) {
      const frame = { ...frameJson(0, 0).frame, ...change };
      assert.match(problemOf(parse(doc({ a: { ...frameJson(0, 0), frame } }))), /^walk\.json: frame "a" has no valid frame rectangle/, JSON.stringify(change));
    }
    assert.match(problemOf(parse(doc({ a: { ...frameJson(0, 0), frame: [0, 0, 16, 16] } }))), /has no valid frame rectangle/);
    assert.match(problemOf(parse(doc({ a: 'frame' }))), /^walk\.json: frame "a" is not an object\.$/);
    assert.match(problemOf(parse(doc({ a: { ...frameJson(0, 0), sourceSize: { w: 16, h: 0 } } }))), /has an invalid sourceSize/);
    assert.match(problemOf(parse(doc({ a: { ...frameJson(0, 0), spriteSourceSize: { x: 0, y: 0, w: 16, h: -16 } } }))), /has an invalid spriteSourceSize/);
    assert.match(problemOf(parse(doc({ a: { ...frameJson(0, 0), sourceSize: { w: 100_000, h: 100_000 } } }))), /more than 8192 px on a side/);
  });

  it('refuses partly overlapping frames and keeps identical ones (Aseprite stores identical frames as one rectangle)', () => {
    assert.equal(problemOf(parse(doc({ ...fourFrames(), 'walk 4': frameJson(8, 8) }))), 'walk.json: frames "walk 0" and "walk 4" overlap in the sheet.');
    const turned = { frame: { x: 40, y: 0, w: 8, h: 20 }, rotated: true, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 8, h: 20 }, sourceSize: { w: 8, h: 20 } };
    assert.match(problemOf(parse(doc({ ...fourFrames(), turned }))), /frames "walk 2" and "turned" overlap|frames "turned" and "walk 2" overlap/);
    const merged = sheetOf(parse(doc({ ...fourFrames(), 'walk 4': frameJson(16, 0), 'walk 5': frameJson(0, 0) })));
    assert.deepEqual(merged.frames.map((f) => f.frame.x), [0, 16, 32, 48, 16, 0]);
  });

  it('refuses a spriteSourceSize outside its sourceSize or unlike its frame', () => {
    const trimmed = (sss: object, sourceSize = { w: 20, h: 20 }) => doc({ a: { ...frameJson(0, 0), trimmed: true, spriteSourceSize: sss, sourceSize } });
    assert.ok(parse(trimmed({ x: 4, y: 4, w: 16, h: 16 })).ok);
    assert.match(problemOf(parse(trimmed({ x: 5, y: 0, w: 16, h: 16 }))), /^walk\.json: frame "a" has a spriteSourceSize that reaches outside its 20 × 20 sourceSize\.$/);
    assert.match(problemOf(parse(trimmed({ x: 0, y: 0, w: 16, h: 16 }, { w: 10, h: 10 }))), /reaches outside its 10 × 10 sourceSize/);
    assert.match(problemOf(parse(trimmed({ x: 0, y: 0, w: 12, h: 16 }))), /has a spriteSourceSize of 12 × 16 but a frame of 16 × 16/);
    const huge = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, { ...frameJson(i % 64, Math.floor(i / 64), 1, 1), spriteSourceSize: { x: 0, y: 0, w: 1, h: 1 }, sourceSize: { w: 8192, h: 8192 } }]));
    assert.match(problemOf(parse(doc(huge))), /sourceSizes add up to 67108864000 pixels/);
  });

  it('refuses tags that name frames that are not there, and tags that are not tags', () => {
    const tagged = (frameTags: unknown) => parse(doc(fourFrames(), { frameTags }));
    assert.ok(tagged([{ name: 'walk', from: 0, to: 3 }]).ok);
    for (const tag of [{ name: 'walk', from: 0, to: 4 }, { name: 'walk', from: 3, to: 1 }, { name: 'walk', from: -1, to: 1 }, { name: 'walk', from: 0.5, to: 1 }, { name: 'walk', from: '0', to: 1 }, { name: 'walk' }]) {
      assert.match(problemOf(tagged([tag])), /^walk\.json: the tag "walk" spans frames that are not there/, JSON.stringify(tag));
    }
    assert.equal(problemOf(tagged([{ name: { toString: 1, valueOf: 1 }, from: 0, to: 1 }])), 'walk.json: frame tag 1 has no name.');
    assert.equal(problemOf(tagged([{ name: 'walk', from: 0, to: 1 }, 7])), 'walk.json: frame tag 2 is not an object.');
    assert.equal(problemOf(tagged({ walk: [0, 3] })), 'walk.json: meta.frameTags is not a list.');
  });

  it('ignores __proto__ keys without touching any prototype', () => {
    const text = '{"frames": {"__proto__": {"frame": {"x": 0, "y": 0, "w": 16, "h": 16}, "polluted": true}, "a": ' + JSON.stringify(frameJson(0, 0)) +
      '}, "meta": {"__proto__": {"image": "evil.png"}, "frameTags": [{"__proto__": {"name": "x"}, "name": "walk", "from": 0, "to": 0}]}}';
    const sheet = sheetOf(parse(text));
    assert.deepEqual(sheet.frames.map((f) => f.name), ['a']);
    assert.equal(sheet.imageName, undefined);
    assert.equal(sheet.frames[0].tag, 'walk');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).image, undefined);
    assert.equal(problemOf(parse('{"frames": {"__proto__": {"frame": {"x": 0, "y": 0, "w": 1, "h": 1}}}}')), 'walk.json names no frames.');
    assert.match(problemOf(parse('{"__proto__": {"frames": [{"frame": {"x": 0, "y": 0, "w": 1, "h": 1}}]}}')), /not a sprite sheet's JSON/);
  });

  it('keeps names from the file short and free of control characters in its sentences, and reads a file with a byte-order mark', () => {
    const name = 'x\u0000\n'.repeat(40);
    const problem = problemOf(parse(doc({ [name]: 'frame' })));
    assert.ok(!/[\u0000-\u001f]/.test(problem), problem);
    assert.ok(problem.length < 120, problem);
    assert.ok(parse('\uFEFF' + doc(fourFrames())).ok);
  });

  it('never throws: every cut and many mangled copies of the real exports give a sheet or a sentence naming the file', async () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pieces = ['0', '-1', '1e400', '"', '{', '}', '[', ']', 'null', 'true', '"__proto__"', ',', ':', '1.5', '99999'];
    for (const fixture of SHEETS) {
      const text = fs.readFileSync(path.join(GAME_ART, fixture.file), 'utf8');
      const size = await sizeOf(fixture.pair!);
      const check = (mangled: string) => {
        const result = parseSheetJson(mangled, size, 'mangled.json');
        if (!result.ok) assert.match(result.problem, /^mangled\.json[ :]/);
      };
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 60))) check(text.slice(0, cut));
      for (let n = 0; n < 150; n++) {
        const at = Math.floor(random() * text.length), drop = Math.floor(random() * 8);
        check(text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at + drop));
      }
    }
  });
});
