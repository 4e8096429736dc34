/** Runs inside a real VS Code extension host, against the project's Segmind-compatible server on 127.0.0.1. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RestyleTestExports } from '../../src/extension';
import type { RestylePanel } from '../../src/panel/restylePanel';
import { SegmindError } from '../../src/api/errors';
import { PNG } from 'pngjs';
import { lockableFolder } from '../readOnlyFolder';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { activateRestyle, EXTENSION_ID, until, workspaceFile } from './helpers';

const IMAGE_WHEN = /resourceExtname =~ \/(.+)\/(i?)/;

interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
}

/** A PNG's chunks in order (type and data), to compare two files chunk by chunk. */
function pngChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}



describe('Restyle in a real VS Code', function () {
  this.timeout(60_000);
  let server: SegmindServer;
  let api: RestyleTestExports;
  const config = () => vscode.workspace.getConfiguration('restyle');

  before(async () => {
    server = await SegmindServer.start({ apiKeys: ['test-key'], credits: 10 });
    await config().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    api = await activateRestyle();
  });

  after(async () => {
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  beforeEach(async () => {
    server.reset();
    await api.keys.store('test-key');
    await config().update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  const imageRequests = () => server.requests.filter((r) => r.path === IMAGE_PATH).length;

  /** Opens the panel for a fixture through the real command, as the Explorer would. */
  async function openPanel(name: string): Promise<RestylePanel> {
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', workspaceFile(name), [workspaceFile(name)]);
    assert.ok(panel, `a panel opens for ${name}`);
    return panel;
  }

  it('contributes its commands, with the Explorer entry only on images', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['restyle.restyleImage', 'restyle.setApiKey', 'restyle.clearApiKey', 'restyle.refreshCredits']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, `${c.category}: ${c.title}`]));
    assert.equal(titles['restyle.restyleImage'], 'Restyle: Restyle with SD3 Turbo…');
    assert.equal(titles['restyle.setApiKey'], 'Restyle: Set Segmind API Key');
    assert.equal(titles['restyle.clearApiKey'], 'Restyle: Clear Segmind API Key');

    const explorer = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'restyle.restyleImage');
    const match = IMAGE_WHEN.exec(explorer.when);
    assert.ok(match, `the Explorer entry is scoped by extension: ${explorer.when}`);
    const pattern = new RegExp(match[1].replace(/\\\\/g, '\\'), match[2]);
    for (const name of ['sprite.png', 'Photo.JPG', 'a.jpeg', 'tile.WEBP', 'walk.gif']) assert.ok(pattern.test(path.extname(name)), `shown for ${name}`);
    for (const name of ['notes.txt', 'image.bmp', 'png', 'x.png.txt']) assert.ok(!pattern.test(path.extname(name)), `hidden for ${name}`);
    // A remote workbench (code-server) rewrites `file` to its own scheme for the Explorer's resources.
    assert.match(explorer.when, /resourceScheme == (file|'vscode-remote')/);

    const title = manifest.contributes.menus['editor/title'].find((m: { command: string }) => m.command === 'restyle.restyleImage');
    assert.match(title.when, /activeCustomEditorId == '?imagePreview\.previewEditor'?/);
  });

  it('keeps the key in SecretStorage: stored, read back, cleared', async () => {
    await api.keys.store('round-trip-key');
    assert.equal(await api.keys.get(), 'round-trip-key');
    await vscode.commands.executeCommand('restyle.clearApiKey');
    assert.equal(await api.keys.get(), undefined);
    await until('the status bar to ask for a key', () => api.creditsText() === '$(key) Set API key');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('restyle'));
    assert.ok(!settings.includes('round-trip-key'), 'the key is in no setting');
  });

  it('reads the credits endpoint into the status bar', async () => {
    server.credits = 12.345;
    await vscode.commands.executeCommand('restyle.refreshCredits');
    assert.equal(api.creditsText(), '$(sparkle) 12.35 credits');
    const call = server.requests.at(-1)!;
    assert.equal(call.path, '/v1/get-user-credits');
    assert.equal(call.headers['x-api-key'], 'test-key');
  });

  it("restyles a PNG with outputSize 'generated': sends the documented body, saves the server's bytes unchanged, updates the credits", async () => {
    await config().update('outputSize', 'generated', vscode.ConfigurationTarget.Global);
    const target = workspaceFile('sprite-restyled.png');
    await fs.rm(target.fsPath, { force: true });
    try {
      const panel = await openPanel('sprite.png');
      const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' });
      assert.ok(summary);
      assert.deepEqual(summary.failures, []);
      assert.equal(summary.saved[0].savedPath, target.fsPath);

      const call = server.requests.find((r) => r.path === IMAGE_PATH)!;
      assert.equal(call.headers['x-api-key'], 'test-key');
      const body = call.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['base64', 'image', 'mode', 'output_format', 'prompt', 'strength']);
      assert.deepEqual({ ...body, image: undefined }, { mode: 'image-to-image', image: undefined, prompt: 'cyberpunk style, dark colours', strength: 0.6, output_format: 'png', base64: false });
      // The 64 × 64 sprite is pixel art: sent ×16 with nearest neighbour.
      const sent = PNG.sync.read(Buffer.from(body.image as string, 'base64'));
      assert.deepEqual([sent.width, sent.height], [1024, 1024]);

      // The same request again, straight to the server: the saved file holds exactly what it answers,
      // chunk for chunk, plus the text chunks that say how it was made.
      const direct = await fetch(server.url + IMAGE_PATH, { method: 'POST', headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' }, body: JSON.stringify(call.body) });
      assert.equal(direct.status, 200);
      const saved = await fs.readFile(target.fsPath);
      const answer = Buffer.from(await direct.arrayBuffer());
      const isRestyleText = (c: PngChunk) => (c.type === 'iTXt' || c.type === 'tEXt') && /^(restyle|parameters)\0/.test(c.data.toString('latin1', 0, 11));
      assert.deepEqual(pngChunks(saved).filter((c) => !isRestyleText(c)), pngChunks(answer), 'the answer, byte for byte');
      assert.equal(pngChunks(saved).filter(isRestyleText).length, 2, 'the record and the parameters text');
      assert.equal(api.creditsText(), '$(sparkle) 9.92 credits');
      panel.dispose();
    } finally {
      await config().update('outputSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  for (const [name, side] of [['coin-16.png', 16], ['knight-32.png', 32]] as const) {
    it(`restyles the ${side} × ${side} transparent sprite ${name} into a ${side} × ${side} PNG with the source's alpha`, async () => {
      const base = name.replace('.png', '');
      await fs.rm(workspaceFile(`${base}-restyled.png`).fsPath, { force: true });
      const panel = await openPanel(name);
      const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'jpeg' });
      assert.deepEqual(summary?.failures, []);
      // JPEG was picked, but a transparent source is saved as PNG to keep its transparency.
      assert.equal(summary?.saved[0].savedPath, workspaceFile(`${base}-restyled.png`).fsPath);
      const source = PNG.sync.read(await fs.readFile(workspaceFile(name).fsPath));
      const saved = PNG.sync.read(await fs.readFile(summary!.saved[0].savedPath));
      assert.deepEqual([saved.width, saved.height], [side, side]);
      const alpha = (png: PNG) => png.data.filter((_, i) => i % 4 === 3);
      assert.deepEqual(alpha(saved), alpha(source), 'the silhouette is the source\'s');
      assert.ok(alpha(source).some((a) => a === 0), 'the fixture really is transparent');
      assert.notDeepEqual(saved.data, source.data, 'the colours were restyled');
      const sent = PNG.sync.read(Buffer.from((server.requests.find((r) => r.path === IMAGE_PATH)!.body as { image: string }).image, 'base64'));
      assert.deepEqual([sent.width, sent.height], [1024, 1024]);
      panel.dispose();
    });
  }

  it('never overwrites: a second generation saves NAME-restyled-2.png and leaves the first alone', async () => {
    const first = workspaceFile('sprite-restyled.png');
    await fs.writeFile(first.fsPath, 'an earlier variant the user cares about');
    await fs.rm(workspaceFile('sprite-restyled-2.png').fsPath, { force: true });
    const panel = await openPanel('sprite.png');
    const summary = await panel.generate({ prompt: 'watercolour', strength: 0.35, format: 'png' });
    assert.equal(summary?.saved[0].savedPath, workspaceFile('sprite-restyled-2.png').fsPath);
    assert.equal(await fs.readFile(first.fsPath, 'utf8'), 'an earlier variant the user cares about');
    panel.dispose();
  });

  it('saves a JPEG variant of a JPEG source and accepts a base64 JSON answer', async () => {
    await fs.rm(workspaceFile('Photo-restyled.jpg').fsPath, { force: true });
    server.failNext({ kind: 'json-shape', shape: 'images' });
    const panel = await openPanel('Photo.JPG');
    const summary = await panel.generate({ prompt: 'pixel art', strength: 0.8, format: 'jpeg' });
    assert.equal(summary?.saved[0].savedPath, workspaceFile('Photo-restyled.jpg').fsPath);
    const bytes = await fs.readFile(workspaceFile('Photo-restyled.jpg').fsPath);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    panel.dispose();
  });

  it('refuses a file that is not really an image, without a request', async () => {
    const panel = await vscode.commands.executeCommand('restyle.restyleImage', workspaceFile('fake.png'));
    assert.equal(panel, undefined);
    assert.equal(imageRequests(), 0);
  });

  it('maps server failures to clear errors and saves nothing', async () => {
    const cases: [Parameters<SegmindServer['failNext']>[0], string, RegExp][] = [
      [{ kind: 'status', status: 500, body: '{"error":"boom"}', contentType: 'application/json' }, 'server', /problem \(500\)/],
      [{ kind: 'html', status: 502 }, 'server', /502/],
      [{ kind: 'cut' }, 'network', /cut/],
      [{ kind: 'truncate' }, 'network', /cut/],
    ];
    const panel = await openPanel('sprite.png');
    const before = await fs.readdir(path.dirname(workspaceFile('sprite.png').fsPath));
    for (const [fault, kind, message] of cases) {
      server.failNext(fault);
      const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
      const error = summary?.failures[0]?.error;
      // The extension's bundle has its own copy of the class: compare by name, not instanceof.
      assert.ok(error instanceof Error && error.name === 'SegmindError', `${fault.kind} fails with a SegmindError`);
      assert.equal((error as SegmindError).kind, kind, fault.kind);
      assert.match(error.message, message);
    }
    assert.deepEqual(await fs.readdir(path.dirname(workspaceFile('sprite.png').fsPath)), before, 'no file, partial or temporary, was left');
    panel.dispose();
  });

  it('reports a rejected key, a lack of credits and a rate limit', async () => {
    const panel = await openPanel('sprite.png');
    await api.keys.store('wrong-key');
    let summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    assert.equal((summary?.failures[0].error as SegmindError).kind, 'auth');
    await api.keys.store('test-key');

    server.credits = 0.05;
    // The estimate (0.08) passes the known balance: the user is asked first, and says go on.
    const asked: string[] = [];
    api.answerConfirmations((message) => (asked.push(message), true));
    summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    const credits = summary?.failures[0].error as SegmindError;
    assert.ok(asked.length <= 1);
    assert.equal(credits.kind, 'credits');
    assert.match(credits.message, /Balance: 0\.05/);

    server.credits = 10;
    server.failNext({ kind: 'status', status: 429, body: '{"error":"Rate limit exceeded"}', contentType: 'application/json', headers: { 'x-rate-limit-reset-at-utc': new Date(Date.now() + 30_000).toISOString() } });
    summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    api.answerConfirmations(undefined);
    const limited = summary?.failures[0].error as SegmindError;
    assert.equal(limited.kind, 'rateLimit');
    assert.match(limited.message, /Try again after/);
    panel.dispose();
  });

  it('times out a stalled request, says it may have been billed, and does not retry on its own', async () => {
    await config().update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    server.failNext({ kind: 'stall' });
    const panel = await openPanel('sprite.png');
    const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    const error = summary?.failures[0].error as SegmindError;
    assert.equal(error.kind, 'timeout');
    assert.equal(error.details.mayHaveBeenBilled, true);
    assert.match(error.message, /may still have been billed/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(imageRequests(), 1, 'exactly one request: no blind retry');
    panel.dispose();
  });

  it('cancels a running generation', async () => {
    server.failNext({ kind: 'stall' });
    const panel = await openPanel('sprite.png');
    await until('the source to be prepared', () => panel.session.sources[0]?.prepared !== undefined);
    const running = panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    await until('the request to arrive', () => server.requests.some((r) => r.path === IMAGE_PATH));
    assert.equal(await panel.generate({ prompt: 'again', strength: 0.5, format: 'png' }), undefined, 'Generate cannot fire twice');
    panel.cancel();
    const summary = await running;
    assert.equal((summary?.failures[0].error as SegmindError).kind, 'cancelled');
    panel.dispose();
  });

  describe('file faults cost nothing and lose nothing', () => {
    const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

    it('refuses a read-only folder before sending anything, naming the folder', async () => {
      const folder = await lockableFolder(root(), 'locked');
      try {
        await fs.copyFile(workspaceFile('coin-16.png').fsPath, path.join(folder.path, 'coin.png'));
        await folder.lock();
        const panel = await openPanel('locked/coin.png');
        const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
        const error = summary?.failures[0]?.error as Error;
        assert.equal(error?.name, 'SourceImageError');
        assert.match(error.message, /cannot save a variant in the folder locked: (permission was denied|it is on a read-only drive)\. Nothing was sent\./);
        assert.equal(imageRequests(), 0, 'nothing was sent');
        panel.dispose();
      } finally {
        await folder.dispose();
      }
    });

    it('refuses a source deleted after the panel opened, without a request or an absolute path', async () => {
      const doomed = workspaceFile('doomed.png');
      await fs.copyFile(workspaceFile('coin-16.png').fsPath, doomed.fsPath);
      const panel = await openPanel('doomed.png');
      await until('the source to be prepared', () => panel.session.sources[0]?.prepared !== undefined);
      await fs.rm(doomed.fsPath);
      const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
      const message = (summary?.failures[0]?.error as Error).message;
      assert.match(message, /^doomed\.png is no longer there \(moved or deleted\)\. Nothing was sent\.$/);
      assert.equal(imageRequests(), 0);
      panel.dispose();
    });

    it('keeps a paid image whose folder turned read-only, and Save As… puts it elsewhere', async () => {
      const folder = await lockableFolder(root(), 'flaky');
      try {
        await fs.copyFile(workspaceFile('coin-16.png').fsPath, path.join(folder.path, 'coin.png'));
        const panel = await openPanel('flaky/coin.png');
        await until('the source to be prepared', () => panel.session.sources[0]?.prepared !== undefined);
        server.failNext({ kind: 'delay', ms: 1500 });
        const running = panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
        await until('the request to arrive', () => imageRequests() === 1);
        await folder.lock();
        const summary = await running;
        const error = summary?.failures[0]?.error as Error;
        assert.equal(error?.name, 'SaveFailedError');
        assert.match(error.message, /^coin-restyled\.png could not be saved in the folder flaky: .+\. The image is kept: use Save As… to put it elsewhere\.$/);
        assert.doesNotMatch(error.message, /E[A-Z]{4}|\.partial|\//);
        const state = panel.session.sources[0].state;
        assert.ok(state.kind === 'failed' && state.kept, 'the bytes are kept');
        const kept = PNG.sync.read(await fs.readFile(state.kept.fsPath));
        assert.deepEqual([kept.width, kept.height], [16, 16]);

        const elsewhere = workspaceFile('saved-elsewhere.png');
        assert.equal((await panel.session.saveKeptAs(0, elsewhere))?.fsPath, elsewhere.fsPath);
        assert.deepEqual(PNG.sync.read(await fs.readFile(elsewhere.fsPath)).data, kept.data);
        assert.equal(panel.session.sources[0].state.kind, 'done');
        await assert.rejects(fs.stat(state.kept.fsPath), 'the kept copy is removed once saved');
        assert.equal(imageRequests(), 1, 'paid once');
        panel.dispose();
      } finally {
        await folder.dispose();
      }
    });
  });

  it('restores a panel after a window reload: sources, results, and a cut generation shown as interrupted, not re-sent', async () => {
    await fs.rm(workspaceFile('coin-16-restyled.png').fsPath, { force: true });
    const panel = await openPanel('coin-16.png');
    const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
    assert.deepEqual(summary?.failures, []);
    const saved = panel.persisted();
    assert.equal(saved.sources[0].results?.[0].saved, workspaceFile('coin-16-restyled.png').toString());
    // What the page kept, as VS Code hands it to the serializer (the draft fields travel alongside).
    const pageState = JSON.parse(JSON.stringify({ prompt: 'x', strength: 0.5, format: 'png', keepPalette: false, panel: saved }));
    panel.dispose();

    const requestsBefore = imageRequests();
    const revived = api.restorePanel(vscode.window.createWebviewPanel('restyle.panel', 'Restyle: coin-16.png', vscode.ViewColumn.Beside, {}), pageState);
    assert.ok(revived, 'the panel came back');
    await revived.session.loaded;
    assert.equal(revived.session.sources[0].state.kind, 'done');
    assert.equal(revived.session.sources[0].results[0]?.saved.fsPath, workspaceFile('coin-16-restyled.png').fsPath);
    revived.dispose();

    const cut = { ...pageState, panel: { version: 1, sources: [{ uri: workspaceFile('coin-16.png').toString(), interrupted: true }] } };
    const interrupted = api.restorePanel(vscode.window.createWebviewPanel('restyle.panel', 'Restyle: coin-16.png', vscode.ViewColumn.Beside, {}), cut)!;
    await interrupted.session.loaded;
    const failed = interrupted.session.sources[0].state;
    assert.ok(failed.kind === 'failed' && /window was reloaded .* not sent again/.test(failed.message));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(imageRequests(), requestsBefore, 'nothing was re-sent on its own');
    interrupted.dispose();

    const tampered = { panel: { version: 1, sources: [{ uri: 'https://example.com/x.png' }] } };
    assert.equal(api.restorePanel(vscode.window.createWebviewPanel('restyle.panel', 'x', vscode.ViewColumn.Beside, {}), tampered), undefined, 'a tampered state is refused');
  });

  it('refuses to send the key over plain http to another machine', async () => {
    await config().update('endpoint', 'http://example.com', vscode.ConfigurationTarget.Global);
    try {
      const panel = await openPanel('sprite.png');
      const summary = await panel.generate({ prompt: 'x', strength: 0.5, format: 'png' });
      assert.equal(summary, undefined);
      assert.equal(imageRequests(), 0);
      panel.dispose();
    } finally {
      await config().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    }
  });
});
