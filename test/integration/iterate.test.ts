/** The iteration loop in a real VS Code extension host: variants, Discard, cost confirmation, one editor group, nesting. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { readVariantMetadataFromFile } from '../../src/core/readVariantMetadata';
import type { RestyleTestExports } from '../../src/extension';
import type { RestylePanel } from '../../src/panel/restylePanel';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { activateRestyle, workspaceFile } from './helpers';


describe('Iterating on variants in a real VS Code', function () {
  this.timeout(90_000);
  let server: SegmindServer;
  let api: RestyleTestExports;
  const config = () => vscode.workspace.getConfiguration('restyle');
  const imageRequests = () => server.requests.filter((r) => r.path === IMAGE_PATH);

  before(async () => {
    server = await SegmindServer.start({ apiKeys: ['test-key'], credits: 10, rateLimitPerMinute: 6 });
    await config().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    await config().update('requestsPerMinute', 6, vscode.ConfigurationTarget.Global);
    await config().update('maxConcurrentRequests', 3, vscode.ConfigurationTarget.Global);
    // These tests are about files sent one by one (variants, the rate limit, the confirmation); sets.test.ts has them together.
    await config().update('together', 'never', vscode.ConfigurationTarget.Global);
    api = await activateRestyle();
    await api.keys.store('test-key');
  });

  after(async () => {
    api.answerConfirmations(undefined);
    for (const key of ['endpoint', 'requestsPerMinute', 'maxConcurrentRequests', 'confirmAbove', 'together']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  beforeEach(() => server.reset());

  async function openPanel(...names: string[]): Promise<RestylePanel> {
    const uris = names.map((name) => workspaceFile(name));
    const panel = await vscode.commands.executeCommand<RestylePanel>('restyle.restyleImage', uris[0], uris);
    assert.ok(panel);
    return panel;
  }

  it('2 sources × 3 variants: 6 requests within the rate limit, 6 files, each saved beside its source', async () => {
    for (const name of await fs.readdir(workspaceFile('').fsPath)) {
      if (/^(coin-16|knight-32)-restyled/.test(name)) await fs.rm(workspaceFile(name).fsPath);
    }
    const panel = await openPanel('coin-16.png', 'knight-32.png');
    const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png', variants: 3 });
    assert.deepEqual(summary?.failures, []);
    assert.equal(imageRequests().length, 6);
    assert.ok(imageRequests().every((r) => r.status === 200), 'no request was refused by the rate limit');
    const saved = summary!.saved.map((s) => path.basename(s.savedPath)).sort();
    assert.deepEqual(saved, ['coin-16-restyled-2.png', 'coin-16-restyled-3.png', 'coin-16-restyled.png', 'knight-32-restyled-2.png', 'knight-32-restyled-3.png', 'knight-32-restyled.png']);
    for (const source of panel.session.sources) assert.equal(source.results.length, 3, `${source.name} shows 3 variants`);
    // Each file carries how it was made, read back from its bytes.
    for (const restyled of summary!.saved) {
      const record = await readVariantMetadataFromFile(restyled.savedPath);
      assert.ok(record, `${path.basename(restyled.savedPath)} carries its parameters`);
      assert.equal(record.prompt, 'cyberpunk style, dark colours');
      assert.equal(record.strength, 0.6);
      assert.equal(record.model, 'sd3-turbo-img2img');
      assert.equal(record.source.name, path.basename(restyled.sourcePath));
      assert.equal(record.source.sha256, createHash('sha256').update(await fs.readFile(restyled.sourcePath)).digest('hex'));
      assert.deepEqual(record.saved, { width: record.source.width, height: record.source.height });
      assert.deepEqual(record.answer, { width: 1024, height: 1024 });
      assert.equal(record.cost, 0.08);
      assert.ok(record.requestId && record.seed !== undefined && record.creditsAfter !== undefined);
    }
    panel.dispose();
  });

  it('Re-run from a variant sends the same parameters on its original source, and asks when the source changed', async () => {
    const first = await openPanel('knight-32.png');
    const made = await first.generate({ prompt: 'ink drawing, cross hatching', strength: 0.35, format: 'png', variants: 1 });
    first.dispose();
    const variant = vscode.Uri.file(made!.saved[0].savedPath);
    const original = server.requests.find((r) => r.path === IMAGE_PATH)!.body as Record<string, unknown>;
    server.reset();

    const panel = await vscode.commands.executeCommand<RestylePanel>('restyle.restyleImage', variant, [variant]);
    const deadline = Date.now() + 10_000;
    while (!panel.session.sources[0]?.madeFrom && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(panel.session.sources[0].madeFrom?.prompt, 'ink drawing, cross hatching', 'the panel offers Re-run');
    const rerun = await panel.rerun(0);
    assert.deepEqual(rerun?.failures, []);
    const again = imageRequests()[0].body as Record<string, unknown>;
    assert.deepEqual(again, original, 'the same body: same parameters, same source image');

    // The source changes: Re-run asks first; declining sends nothing.
    const knight = workspaceFile('knight-32.png').fsPath;
    const before = await fs.readFile(knight);
    try {
      await fs.writeFile(knight, Buffer.concat([before, Buffer.from('edited')])); // other bytes, other hash
      const asked: string[] = [];
      assert.equal(await panel.rerun(0, async (message) => (asked.push(message), false)), undefined);
      assert.match(asked[0] ?? '', /knight-32\.png has changed since .* was made from it/);
      assert.equal(imageRequests().length, 1, 'declined: nothing more was sent');
    } finally {
      await fs.writeFile(knight, before);
    }
    panel.dispose();
  });

  it('Show Parameters is contributed on PNG and JPEG files', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('restyle.showParameters'));
    const manifest = vscode.extensions.getExtension('restyle.restyle')!.packageJSON;
    const entry = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'restyle.showParameters');
    assert.match(entry.when, /png\|jpe\?g/);
    assert.equal(manifest.contributes.commands.find((c: { command: string }) => c.command === 'restyle.showParameters').title, 'Show Parameters');
  });

  it('Discard moves one variant to the trash and touches nothing else', async () => {
    const panel = await openPanel('coin-16.png');
    const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png', variants: 2 });
    const [first, second] = summary!.saved.map((s) => s.savedPath);
    const before = (await fs.readdir(workspaceFile('').fsPath)).sort();
    const firstBytes = await fs.readFile(first);
    const index = panel.session.sources[0].results.findIndex((r) => r.saved.fsPath === first);
    assert.equal(await panel.session.discard(0, index), true);
    await assert.rejects(fs.stat(first), 'the discarded file left the folder');
    assert.ok((await fs.stat(second)).isFile(), 'the other variant is untouched');
    assert.deepEqual((await fs.readdir(workspaceFile('').fsPath)).sort(), before.filter((n) => n !== path.basename(first)));
    const trash = path.join(process.env.XDG_DATA_HOME ?? path.join(process.env.HOME ?? '', '.local', 'share'), 'Trash', 'files');
    const inTrash = (await fs.readdir(trash).catch(() => [] as string[])).filter((n) => n.startsWith(path.basename(first, '.png')));
    assert.ok(inTrash.length >= 1, `the file is in the trash (${trash})`);
    const recovered = await Promise.all(inTrash.map((n) => fs.readFile(path.join(trash, n))));
    assert.ok(recovered.some((b) => b.equals(firstBytes)), 'recoverable: the same bytes are in the trash');
    assert.equal(panel.session.sources[0].results.length, 1);
    panel.dispose();
  });

  it('asks before a run over restyle.confirmAbove; declining sends nothing, accepting goes on', async () => {
    await config().update('confirmAbove', 0.1, vscode.ConfigurationTarget.Global);
    const asked: string[] = [];
    try {
      api.answerConfirmations((message) => (asked.push(message), false));
      const panel = await openPanel('coin-16.png', 'knight-32.png');
      assert.equal(await panel.generate({ prompt: 'x', strength: 0.5, format: 'png', variants: 2 }), undefined);
      assert.match(asked[0], /about 0\.32 credits \(4 calls\), more than restyle\.confirmAbove \(0\.10\)/);
      assert.equal(imageRequests().length, 0, 'declined: nothing was sent');

      api.answerConfirmations(() => true);
      const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png', variants: 1 });
      assert.equal(summary?.saved.length, 2);
      panel.dispose();
    } finally {
      api.answerConfirmations(undefined);
      await config().update('confirmAbove', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('opens every Restyle panel in one editor group, as tabs', async () => {
    const first = await openPanel('coin-16.png');
    const second = await openPanel('knight-32.png');
    const third = await openPanel('sprite.png');
    assert.ok(first.panel.viewColumn !== undefined);
    assert.equal(second.panel.viewColumn, first.panel.viewColumn);
    assert.equal(third.panel.viewColumn, first.panel.viewColumn);
    for (const p of [first, second, third]) p.dispose();
  });

  it('nests NAME-restyled* under NAME in the Explorer by default, keeping VS Code\'s own patterns', () => {
    const patterns = vscode.workspace.getConfiguration('explorer.fileNesting').get<Record<string, string>>('patterns') ?? {};
    for (const ext of ['png', 'jpg', 'jpeg', 'webp', 'gif']) {
      assert.equal(patterns[`*.${ext}`], '${capture}-restyled*.png, ${capture}-restyled*.jpg, ${capture}-restyled*.webp, ${capture}-restyled*.gif, ${capture}-restyled*.json');
    }
    assert.ok(patterns['*.ts'] && patterns['package.json'], 'the built-in patterns are still there');
    const defaults = vscode.extensions.getExtension('restyle.restyle')!.packageJSON.contributes.configurationDefaults;
    assert.deepEqual(Object.keys(defaults), ['explorer.fileNesting.patterns'], 'nesting itself is never turned on');
  });
});
