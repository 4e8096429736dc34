/** The JSON that pairs with a sheet's PNG, and that JSON rewritten to name the restyled PNG with every other byte kept. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSidecar, rewriteSheetJson } from '../../src/image/sheet/sidecar';

const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');
const JSONS = ['beetle.json', 'building1.json', 'deer-character-idle-hash.json', 'player.json', 'extra/kayahr.aseprite.json'];
const read = (name: string) => ({ name: path.basename(name), text: fs.readFileSync(path.join(GAME_ART, name), 'utf8') });
const sheet = (image?: string) => JSON.stringify({ frames: {}, meta: image === undefined ? {} : { image } });

describe('sheet sidecars', () => {
  it('pairs every fixture PNG with its JSON: by NAME.json, or by meta.image (deer-character-idle-hash.json, kayahr.aseprite.json)', () => {
    const candidates = JSONS.map(read);
    assert.equal(findSidecar('beetle.png', candidates)?.name, 'beetle.json');
    assert.equal(findSidecar('building1.png', candidates)?.name, 'building1.json');
    assert.equal(findSidecar('player.png', candidates)?.name, 'player.json');
    assert.equal(findSidecar('deer-character-idle.png', candidates)?.name, 'deer-character-idle-hash.json');
    assert.equal(findSidecar('kayahr.png', candidates)?.name, 'kayahr.aseprite.json');
    assert.equal(findSidecar('tilemap.png', candidates), undefined);
    assert.equal(findSidecar('LilWiz_Running_(32 x 32).png', candidates), undefined);
  });

  it('takes NAME.json first, in its own case first, then a meta.image of any case and any folder', () => {
    const own = { name: 'walk.json', text: sheet('other.png') };
    const named = { name: 'run.json', text: sheet('walk.png') };
    assert.equal(findSidecar('walk.png', [named, own]), own);
    const upper = { name: 'WALK.json', text: sheet() };
    assert.equal(findSidecar('walk.png', [upper, own]), own);
    assert.equal(findSidecar('walk.png', [upper, named]), upper);
    assert.equal(findSidecar('Walk.PNG', [{ name: 'x.json', text: sheet('../art/WALK.png') }])?.name, 'x.json');
    assert.equal(findSidecar('walk.png', [{ name: 'x.json', text: sheet('art\\walk.png') }])?.name, 'x.json');
    assert.equal(findSidecar('art/walk.png', [own])?.name, 'walk.json');
    assert.equal(findSidecar('walk.png', [{ name: 'x.json', text: sheet('walk.png.bak') }, { name: 'y.json', text: sheet() }]), undefined);
  });

  it('passes over a NAME.json that is JSON without frames (a Tiled map), but keeps one that does not parse so its problem is told', () => {
    const map = { name: 'tilemap.json', text: JSON.stringify({ width: 12, height: 11, layers: [], tilesets: [{ image: 'tilemap.png' }] }) };
    assert.equal(findSidecar('tilemap.png', [map]), undefined);
    const sheetByImage = { name: 'atlas.json', text: sheet('tilemap.png') };
    assert.equal(findSidecar('tilemap.png', [map, sheetByImage]), sheetByImage);
    const broken = { name: 'tilemap.json', text: '{"frames": {' };
    assert.equal(findSidecar('tilemap.png', [broken, sheetByImage]), broken);
    const hostile = [{ name: 'a.json', text: '{"meta": {"__proto__": {"image": "walk.png"}}}' }, { name: 'b.json', text: 'null' }, { name: 'c.json', text: '[1]' }];
    assert.equal(findSidecar('walk.png', hostile), undefined);
  });

  it('rewrites only the meta.image string of every fixture JSON; every other byte stays', () => {
    for (const name of JSONS) {
      const { text } = read(name);
      const before = JSON.parse(text);
      const after = rewriteSheetJson(text, 'walk-restyled.png');
      const literal = JSON.stringify(before.meta.image);
      const at = text.lastIndexOf(literal);
      assert.ok(at > 0, name);
      assert.equal(after, text.slice(0, at) + '"walk-restyled.png"' + text.slice(at + literal.length), `${name}: only the name changed`);
      const parsedAfter = JSON.parse(after);
      assert.equal(parsedAfter.meta.image, 'walk-restyled.png');
      assert.deepEqual({ ...parsedAfter, meta: { ...parsedAfter.meta, image: before.meta.image } }, before);
    }
  });

  it('writes any name as a proper JSON string', () => {
    const text = JSON.stringify({ frames: {}, meta: { app: 'a', image: 'walk.png', size: { w: 1, h: 1 } } }, null, 2);
    for (const name of ['a "quoted" name.png', 'back\\slash.png', 'ünïcode 名前.png', 'line\nbreak.png']) {
      assert.equal(JSON.parse(rewriteSheetJson(text, name)).meta.image, name);
    }
  });

  it('follows JSON.parse: a repeated meta or image key has its last one changed, an escaped key is still meta', () => {
    const twice = '{"frames": {}, "meta": {"image": "a.png"}, "meta": {"image": "b.png", "image": "c.png"}}';
    assert.equal(rewriteSheetJson(twice, 'new.png'), '{"frames": {}, "meta": {"image": "a.png"}, "meta": {"image": "b.png", "image": "new.png"}}');
    const escaped = '{"m\\u0065ta": {"im\\u0061ge": "a.png", "note": "\\"image\\": \\"x\\""}, "frames": {"f": {"meta": {"image": "no"}}}}';
    assert.equal(JSON.parse(rewriteSheetJson(escaped, 'new.png')).meta.image, 'new.png');
    assert.equal(JSON.parse(rewriteSheetJson(escaped, 'new.png')).frames.f.meta.image, 'no');
  });

  it('adds meta.image when the file has none, in the indentation the file used', () => {
    const spaces = JSON.stringify({ frames: { a: 1 }, meta: { app: 'x' } }, null, 2) + '\n';
    assert.equal(rewriteSheetJson(spaces, 'n.png'), JSON.stringify({ frames: { a: 1 }, meta: { app: 'x', image: 'n.png' } }, null, 2) + '\n');
    const tabs = JSON.stringify({ frames: { a: 1 } }, null, '\t');
    assert.equal(rewriteSheetJson(tabs, 'n.png'), JSON.stringify({ frames: { a: 1 }, meta: { image: 'n.png' } }, null, '\t'));
    assert.equal(rewriteSheetJson('{"frames":{"a":1},"meta":{"image":7}}', 'n.png'), '{"frames":{"a":1},"meta":{"image":"n.png"}}');
    assert.equal(rewriteSheetJson('\uFEFF{"frames": {}, "meta": {"image": "a.png"}}', 'n.png'), '\uFEFF{"frames": {}, "meta": {"image": "n.png"}}');
    assert.throws(() => rewriteSheetJson('{"frames": ', 'n.png'));
  });
});
