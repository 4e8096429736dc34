/** A seamless tile restyled end to end in a real extension host: noticed by `auto`, sent with its wrap-around, saved seamless. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PNG } from 'pngjs';
import type { RestyleTestExports } from '../../src/extension';
import type { RestylePanel } from '../../src/panel/restylePanel';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { activateRestyle, workspaceFile } from './helpers';

/** A 32 × 32 brick tile that repeats: rows of bricks offset by half, mortar lines, four colours. */
function brickTile(): PNG {
  const png = new PNG({ width: 32, height: 32 });
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const row = Math.floor(y / 8);
      const mortar = y % 8 === 7 || (x + (row % 2) * 8) % 16 === 15;
      const shade = ((x >> 2) + (y >> 2)) % 2;
      png.data.set(mortar ? [200, 200, 190, 255] : shade ? [160, 60, 40, 255] : [140, 50, 35, 255], (y * 32 + x) * 4);
    }
  }
  return png;
}

/** The brick tile with its colours turned (each channel shifted modulo 256): it still repeats, and tells itself apart. */
function tinted(i: number): PNG {
  const png = brickTile();
  for (let p = 0; p < png.data.length; p += 4) for (let c = 0; c < 3; c++) png.data[p + c] = (png.data[p + c] + i * (53 + 31 * c)) % 256;
  return png;
}

/** A 32 × 32 coin on a clear background: no tile. */
function coin(): PNG {
  const png = new PNG({ width: 32, height: 32 });
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (Math.hypot(x - 15.5, y - 15.5) < 12) png.data.set([230, 190, 40, 255], (y * 32 + x) * 4);
  return png;
}

function raster(png: PNG, x = 0, width = png.width): { width: number; height: number; data: Uint8Array } {
  const out = new PNG({ width, height: png.height });
  PNG.bitblt(png, out, x, 0, width, png.height, 0, 0);
  return { width, height: png.height, data: new Uint8Array(out.data) };
}

describe('Seamless tiles', function () {
  this.timeout(90_000);
  let server: SegmindServer;
  let api: RestyleTestExports;
  const config = () => vscode.workspace.getConfiguration('restyle');
  const folder = workspaceFile('tiles');

  before(async () => {
    server = await SegmindServer.start({ apiKeys: ['test-key'], credits: 10 });
    await config().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    api = await activateRestyle();
    await api.keys.store('test-key');
    await fs.rm(folder.fsPath, { recursive: true, force: true });
    await fs.mkdir(folder.fsPath, { recursive: true });
  });

  after(async () => {
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
    await fs.rm(folder.fsPath, { recursive: true, force: true });
  });

  it('ticks Seamless for a tile that repeats, sends it with its wrap-around, and saves a variant that repeats too', async () => {
    const file = path.join(folder.fsPath, 'bricks.png');
    const tile = brickTile();
    await fs.writeFile(file, PNG.sync.write(tile));
    assert.ok(measureSeam({ width: 32, height: 32, data: new Uint8Array(tile.data) }).seamless, 'the source repeats');
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', vscode.Uri.file(file), [vscode.Uri.file(file)]);
    assert.ok(panel);
    await panel.session.prepareSources();
    const shape = panel.planShape();
    assert.equal(shape.seamless, true, 'auto ticks Seamless tile');
    assert.equal(shape.seamlessNote, 'Seamless: the source repeats without a seam, so the variant will too');
    const summary = await panel.generate({ prompt: 'mossy stone, dark colours', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    const sent = server.requests.find((r) => r.path === IMAGE_PATH)!;
    const request = PNG.sync.read(Buffer.from((sent.body as { image: string }).image, 'base64'));
    assert.deepEqual([request.width, request.height], [960, 960], 'sent with its wrap-around: 48 × 48 × 20');
    assert.match(panel.session.sources[0].results[0].route, /^32 × 32 seamless → sent as 960 × 960 with its wrap-around → answered \d+ × \d+ → saved 32 × 32 PNG, seamless$/);
    const out = PNG.sync.read(await fs.readFile(summary.saved[0].savedPath));
    assert.deepEqual([out.width, out.height], [32, 32]);
    const seam = measureSeam({ width: 32, height: 32, data: new Uint8Array(out.data) });
    assert.ok(seam.seamless, `the variant repeats without a seam (ratio ${seam.ratio.toFixed(2)})`);
  });

  it('leaves a sprite that does not repeat alone under auto', async () => {
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', workspaceFile('knight-32.png'), [workspaceFile('knight-32.png')]);
    assert.ok(panel);
    await panel.session.prepareSources();
    assert.equal(panel.planShape().seamless, false);
  });

  it('a sheet of 4 tiles and a coin with its Aseprite JSON: Seamless for the 4 tiles, 1 request, each tile of the saved sheet repeats', async () => {
    server.reset();
    const sheet = new PNG({ width: 160, height: 32 });
    const cells = [tinted(0), tinted(1), tinted(2), tinted(3), coin()];
    const frames = cells.map((cell, f) => {
      PNG.bitblt(cell, sheet, 0, 0, 32, 32, f * 32, 0);
      return { filename: `ground ${f}.aseprite`, frame: { x: f * 32, y: 0, w: 32, h: 32 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 32, h: 32 }, sourceSize: { w: 32, h: 32 }, duration: 100 };
    });
    const file = path.join(folder.fsPath, 'ground.png');
    await fs.writeFile(file, PNG.sync.write(sheet));
    await fs.writeFile(path.join(folder.fsPath, 'ground.json'), JSON.stringify({ frames, meta: { app: 'https://www.aseprite.org/', image: 'ground.png', size: { w: 160, h: 32 }, frameTags: [] } }));
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', vscode.Uri.file(file), [vscode.Uri.file(file)]);
    assert.ok(panel);
    await panel.session.prepareSources();
    const shape = panel.planShape();
    assert.equal(shape.seamless, true);
    assert.equal(shape.seamlessNote, 'Seamless: 4 of 5 frames repeat without a seam, so their variants will too');
    assert.equal(shape.calls, 1);
    const summary = await panel.generate({ prompt: 'mossy stone, dark colours', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 1, 'one call for the whole sheet');
    assert.match(panel.session.sources[0].results[0].route, /^5 frames, 4 seamless with their wrap-around → 1 call \(.*\) → saved 160 × 32 PNG, 4 of 5 frames seamless$/);
    const saved = summary.saved[0].savedPath;
    assert.equal(path.basename(saved), 'ground-restyled.png');
    assert.equal(JSON.parse(await fs.readFile(path.join(folder.fsPath, 'ground-restyled.json'), 'utf8')).meta.image, 'ground-restyled.png');
    const out = PNG.sync.read(await fs.readFile(saved));
    assert.deepEqual([out.width, out.height], [160, 32]);
    for (let f = 0; f < 4; f++) {
      const seam = measureSeam(raster(out, f * 32, 32));
      assert.ok(seam.seamless, `tile ${f} of the saved sheet repeats (ratio ${seam.ratio.toFixed(2)})`);
      assert.ok(measureSeam(raster(cells[f])).seamless, `tile ${f} of the source repeats`);
    }
    const back = raster(out, 128, 32), before = raster(cells[4]);
    for (let p = 0; p < 32 * 32; p++) assert.equal(back.data[p * 4 + 3], before.data[p * 4 + 3], 'the coin keeps its alpha');
    await panel.session.setSeamless(false);
    assert.equal(panel.planShape().seamless, false, 'unticked, no cell goes seamless');
    panel.dispose();
  });

  it('three tiles selected together: 1 request, each saved beside its source, repeating', async () => {
    server.reset();
    const uris = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(folder.fsPath, `floor-${i}.png`);
      await fs.writeFile(file, PNG.sync.write(tinted(i + 4)));
      uris.push(vscode.Uri.file(file));
    }
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', uris[0], uris);
    assert.ok(panel);
    await panel.session.prepareSources();
    assert.equal(panel.planShape().seamlessNote, 'Seamless: every file repeats without a seam, so its variant will too');
    assert.equal(panel.planShape().together, true);
    const summary = await panel.generate({ prompt: 'wet cobblestones', strength: 0.6, format: 'png' });
    assert.ok(summary);
    assert.deepEqual(summary.failures, []);
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 1, 'one call for the three tiles');
    for (const [i, source] of panel.session.sources.entries()) {
      assert.match(source.results[0].route, /^32 × 32 seamless → 1 of 3 sprites with its wrap-around → 1 call \(.*\) → saved 32 × 32 PNG, seamless$/);
      assert.equal(path.basename(source.results[0].saved.fsPath), `floor-${i}-restyled.png`);
      const seam = measureSeam(raster(PNG.sync.read(await fs.readFile(source.results[0].saved.fsPath))));
      assert.ok(seam.seamless, `floor-${i}-restyled.png repeats (ratio ${seam.ratio.toFixed(2)})`);
    }
    panel.dispose();
  });

  it('follows restyle.seamless when it changes while the panel is open (nothing sent)', async () => {
    server.reset();
    const file = vscode.Uri.file(path.join(folder.fsPath, 'bricks.png'));
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', file, [file]);
    assert.ok(panel);
    await panel.session.prepareSources();
    assert.equal(panel.planShape().seamless, true);
    const until = async (seamless: boolean) => {
      for (let waited = 0; panel.planShape().seamless !== seamless; waited += 50) {
        assert.ok(waited < 10_000, `Seamless tile should become ${seamless}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await config().update('seamless', 'off', vscode.ConfigurationTarget.Global);
    await until(false);
    await config().update('seamless', undefined, vscode.ConfigurationTarget.Global);
    await until(true);
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 0);
    panel.dispose();
  });
});
