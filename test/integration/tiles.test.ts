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
});
