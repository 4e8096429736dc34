/** Sets in a real extension host: a sheet with its Aseprite JSON and twelve selected sprites, each on one shared request. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PNG } from 'pngjs';
import type { RestyleTestExports } from '../../src/extension';
import type { RestylePanel } from '../../src/panel/restylePanel';
import { decodeAnimation, encodeAnimation } from '../../src/image/animation/animation';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { activateRestyle, workspaceFile } from './helpers';

/** A 32 × 32 transparent sprite: a filled disc of `colour` on alpha 0, with a dark outline. */
function sprite(colour: [number, number, number], size = 32): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - size / 2 + 0.5, y - size / 2 + 0.5);
      const i = (y * size + x) * 4;
      if (d > size * 0.42) continue; // stays transparent
      const edge = d > size * 0.34;
      png.data.set(edge ? [20, 20, 30, 255] : [...colour, 255], i);
    }
  }
  return png;
}

const COLOURS: [number, number, number][] = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 200, 40], [200, 60, 200], [40, 200, 210], [240, 140, 30], [140, 90, 50], [250, 250, 250], [120, 120, 130], [90, 200, 140], [160, 30, 90]];

function decode(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

describe('Sets: sheets and sprites restyled together', function () {
  this.timeout(90_000);
  let server: SegmindServer;
  let api: RestyleTestExports;
  const config = () => vscode.workspace.getConfiguration('restyle');
  const folder = workspaceFile('sets');
  const imageRequests = () => server.requests.filter((r) => r.path === IMAGE_PATH).length;

  before(async () => {
    server = await SegmindServer.start({ apiKeys: ['test-key'], credits: 10 });
    await config().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    api = await activateRestyle();
    await api.keys.store('test-key');
  });

  after(async () => {
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
    await fs.rm(folder.fsPath, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server.reset();
    await fs.rm(folder.fsPath, { recursive: true, force: true });
    await fs.mkdir(folder.fsPath, { recursive: true });
  });

  async function open(uris: vscode.Uri[]): Promise<RestylePanel> {
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', uris[0], uris);
    assert.ok(panel, 'a panel opens');
    return panel;
  }

  it('restyles an 8-frame sheet with its Aseprite JSON in 1 request, and saves the sheet and its JSON beside it', async () => {
    const sheet = new PNG({ width: 256, height: 32 });
    const frames: Record<string, unknown> = {};
    for (let f = 0; f < 8; f++) {
      PNG.bitblt(sprite(COLOURS[f]), sheet, 0, 0, 32, 32, f * 32, 0);
      frames[`walk ${f}.aseprite`] = { frame: { x: f * 32, y: 0, w: 32, h: 32 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 32, h: 32 }, sourceSize: { w: 32, h: 32 }, duration: 100 };
    }
    const json = { frames, meta: { app: 'https://www.aseprite.org/', version: '1.3', image: 'walk.png', format: 'RGBA8888', size: { w: 256, h: 32 }, scale: '1', frameTags: [{ name: 'walk', from: 0, to: 7, direction: 'forward' }] } };
    const source = PNG.sync.write(sheet);
    await fs.writeFile(path.join(folder.fsPath, 'walk.png'), source);
    await fs.writeFile(path.join(folder.fsPath, 'walk.json'), JSON.stringify(json, null, 2));

    const panel = await open([vscode.Uri.joinPath(folder, 'walk.png')]);
    await panel.session.prepareSources();
    assert.match(panel.session.sources[0].set?.description ?? '', /^Sheet: 8 frames of 32 × 32 \(Aseprite JSON; tag walk\)$/);
    const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    assert.equal(imageRequests(), 1, 'the whole sheet is one request');
    assert.equal(summary.saved.length, 1);
    assert.equal(summary.saved[0].savedPath, path.join(folder.fsPath, 'walk-restyled.png'));
    assert.match(panel.session.sources[0].results[0].route, /^8 frames → 1 call \(\d+ × \d+ cells of 256 px\) → saved 256 × 32 PNG$/);

    const out = decode(await fs.readFile(summary.saved[0].savedPath));
    const src = decode(source);
    assert.equal(out.width, 256);
    assert.equal(out.height, 32);
    for (let i = 3; i < src.data.length; i += 4) assert.equal(out.data[i], src.data[i], 'every pixel keeps the source alpha');
    const savedJson = JSON.parse(await fs.readFile(path.join(folder.fsPath, 'walk-restyled.json'), 'utf8'));
    assert.equal(savedJson.meta.image, 'walk-restyled.png', 'the new JSON names the new sheet');
    assert.deepEqual(savedJson.frames, json.frames, 'the frames are the same document');
    // The sent plate: about a megapixel or less, each cell 256 px.
    const sent = server.requests.find((r) => r.path === IMAGE_PATH)!;
    const plate = decode(Buffer.from((sent.body as { image: string }).image, 'base64'));
    assert.ok(plate.width * plate.height <= 1024 * 1024, `the plate ${plate.width} × ${plate.height} fits the service's megapixel`);
  });

  it('restyles an 8-frame APNG in 1 request and writes an APNG back with its 8 frames, delays and loop count', async () => {
    const frames = COLOURS.slice(0, 8).map((colour, i) => {
      const png = sprite(colour);
      return { raster: { width: 32, height: 32, data: new Uint8Array(png.data) }, delayMs: 60 + i * 10 };
    });
    const file = path.join(folder.fsPath, 'spin.png');
    await fs.writeFile(file, await encodeAnimation({ format: 'apng', width: 32, height: 32, loopCount: 3, frames }));
    const panel = await open([vscode.Uri.file(file)]);
    await panel.session.prepareSources();
    assert.match(panel.session.sources[0].set?.description ?? '', /^Animation: 8 frames, APNG, plays 3 times$/);
    const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    assert.equal(imageRequests(), 1, 'all 8 frames on one request');
    const saved = await fs.readFile(path.join(folder.fsPath, 'spin-restyled.png'));
    const back = await decodeAnimation(saved, 'spin-restyled.png');
    assert.ok(back, 'the variant is an animation');
    assert.equal(back.format, 'apng');
    assert.equal(back.frames.length, 8);
    assert.equal(back.loopCount, 3);
    assert.deepEqual(back.frames.map((f) => f.delayMs), frames.map((f) => f.delayMs));
    for (const [i, frame] of back.frames.entries()) {
      for (let p = 3; p < frame.raster.data.length; p += 4) assert.equal(frame.raster.data[p], frames[i].raster.data[p], `frame ${i}: alpha kept`);
    }
  });

  it("finds a grid sheet's cells from its transparent gutters; the Sheet row's Not a sheet and cells set by hand replace them", async () => {
    const file = path.join(folder.fsPath, 'LilWiz.png');
    await fs.copyFile(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art', 'LilWiz_Running_(32 x 32).png'), file);
    const panel = await open([vscode.Uri.file(file)]);
    await panel.session.prepareSources();
    assert.equal(panel.session.sources[0].set?.kind, 'sheet', 'a real 6-frame grid sheet without JSON');
    assert.equal(panel.session.sources[0].set?.cells.length, 6);
    await panel.session.setSheet(0);
    assert.equal(panel.session.sources[0].set?.kind, 'image', 'Not a sheet');
    await panel.session.setSheet(0, { cellWidth: 64, cellHeight: 32, margin: 0, spacing: 0 });
    assert.equal(panel.session.sources[0].set?.description, 'Sheet: 3 cells of 64 × 32 (set by hand)');
    assert.equal(panel.planShape().calls, 1);
    const summary = await panel.generate({ prompt: 'ice wizard', strength: 0.5, format: 'png' });
    assert.deepEqual(summary?.failures, []);
    assert.equal(imageRequests(), 1);
    const out = decode(await fs.readFile(path.join(folder.fsPath, 'LilWiz-restyled.png')));
    assert.deepEqual([out.width, out.height], [192, 32]);
  });

  it('restyles 12 selected 32 px sprites in 1 request, each beside its own source at its exact size', async () => {
    const uris: vscode.Uri[] = [];
    for (const [i, colour] of COLOURS.entries()) {
      const file = path.join(folder.fsPath, `item-${i + 1}.png`);
      await fs.writeFile(file, PNG.sync.write(sprite(colour)));
      uris.push(vscode.Uri.file(file));
    }
    const panel = await open(uris);
    await panel.session.prepareSources();
    const shape = panel.planShape();
    assert.equal(shape.calls, 1);
    assert.equal(shape.aloneCalls, 12);
    const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    assert.equal(imageRequests(), 1, 'twelve sprites share one request');
    assert.equal(summary.saved.length, 12);
    for (const [i] of COLOURS.entries()) {
      const saved = path.join(folder.fsPath, `item-${i + 1}-restyled.png`);
      const out = decode(await fs.readFile(saved));
      const src = decode(await fs.readFile(path.join(folder.fsPath, `item-${i + 1}.png`)));
      assert.equal(out.width, 32);
      assert.equal(out.height, 32);
      for (let p = 3; p < src.data.length; p += 4) assert.equal(out.data[p], src.data[p], `item-${i + 1}: alpha kept`);
    }
  });
});
