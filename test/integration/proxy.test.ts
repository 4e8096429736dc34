/** VS Code's http.proxy settings in a real extension host: generations and credits go through the test proxy, or around it. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { RestyleTestExports } from '../../src/extension';
import type { RestylePanel } from '../../src/panel/restylePanel';
import { ProxyServer } from '../server/proxyServer';
import { CREDITS_PATH, IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { activateRestyle, workspaceFile } from './helpers';

const HTTP_SETTINGS = ['proxy', 'noProxy', 'proxySupport', 'proxyStrictSSL'] as const;


describe('Restyle behind a proxy (http.proxy settings)', function () {
  this.timeout(60_000);
  let server: SegmindServer;
  let proxy: ProxyServer;
  let guarded: ProxyServer;
  let api: RestyleTestExports;
  const http = () => vscode.workspace.getConfiguration('http');
  const restyle = () => vscode.workspace.getConfiguration('restyle');
  const setHttp = (key: (typeof HTTP_SETTINGS)[number], value: unknown) => http().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    server = await SegmindServer.start({ apiKeys: ['test-key'], credits: 10 });
    proxy = await ProxyServer.start();
    guarded = await ProxyServer.start({ credentials: { user: 'ann', password: 'p@ss word' } });
    await restyle().update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    api = await activateRestyle();
  });

  after(async () => {
    for (const key of HTTP_SETTINGS) await setHttp(key, undefined);
    await restyle().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([proxy?.close(), guarded?.close()]);
    await server?.close();
  });

  beforeEach(async () => {
    server.reset();
    proxy.reset();
    guarded.reset();
    await api.keys.store('test-key');
  });

  afterEach(async () => {
    for (const key of HTTP_SETTINGS) await setHttp(key, undefined);
  });

  /** What passed through a proxy on its way to the test server (VS Code may send its own traffic elsewhere). */
  const toServer = (p: ProxyServer, path: string) => p.requests.filter((r) => r.target === server.url + path);

  /** Restyles sprite.png through the panel, as a user would, and removes the saved variant afterwards. */
  async function generate(): Promise<void> {
    const source = workspaceFile('sprite.png');
    const panel = await vscode.commands.executeCommand<RestylePanel | undefined>('restyle.restyleImage', source, [source]);
    assert.ok(panel, 'a panel opens for sprite.png');
    try {
      const summary = await panel.generate({ prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' });
      assert.ok(summary, 'the generation ran');
      assert.deepEqual(summary.failures.map((f) => String(f.error)), []);
      for (const saved of summary.saved) await fs.rm(saved.savedPath, { force: true });
    } finally {
      panel.dispose();
    }
  }

  it('sends a generation and the credits through the proxy named in http.proxy', async () => {
    await setHttp('proxy', proxy.url);
    assert.equal(http().get('proxy'), proxy.url, 'the setting took');
    await generate();
    assert.deepEqual(toServer(proxy, IMAGE_PATH).map((r) => [r.kind, r.method, r.status]), [['forward', 'POST', 200]]);
    await vscode.commands.executeCommand('restyle.refreshCredits');
    assert.ok(toServer(proxy, CREDITS_PATH).length >= 1, 'the credits went through the proxy');
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 1);
    assert.equal(server.requests.find((r) => r.path === IMAGE_PATH)?.headers['x-api-key'], 'test-key');
  });

  it('passes the credentials in the http.proxy URL to a proxy that requires them', async () => {
    await setHttp('proxy', guarded.urlWith('ann', 'p@ss word'));
    await generate();
    const [passed] = toServer(guarded, IMAGE_PATH);
    assert.equal(passed?.status, 200);
    assert.equal(passed?.proxyAuthorization, `Basic ${Buffer.from('ann:p@ss word').toString('base64')}`);
  });

  it("goes direct with http.proxySupport 'off'", async () => {
    await setHttp('proxy', proxy.url);
    await setHttp('proxySupport', 'off');
    await generate();
    assert.equal(toServer(proxy, IMAGE_PATH).length, 0, 'nothing went through the proxy');
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 1, 'the server got the generation directly');
  });

  it('goes direct for a host in http.noProxy', async () => {
    await setHttp('proxy', proxy.url);
    await setHttp('noProxy', ['127.0.0.1']);
    await generate();
    assert.equal(toServer(proxy, IMAGE_PATH).length, 0, 'nothing went through the proxy');
    assert.equal(server.requests.filter((r) => r.path === IMAGE_PATH).length, 1, 'the server got the generation directly');
  });
});
