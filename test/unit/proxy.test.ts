/** Proxy resolution rules, and the Segmind client through a real proxy on 127.0.0.1 (absolute form and CONNECT). */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { SegmindError } from '../../src/api/errors';
import { ProxySettingError, describeProxy, matchesNoProxy, parseProxyUrl, redactProxyUrl, resolveProxy, splitNoProxy, type ProxyConfig, type ProxyDecision } from '../../src/api/proxy';
import { SegmindClient, dispatcherFor } from '../../src/api/segmindClient';
import type { GenerationParams } from '../../src/core/params';
import { ProxyServer } from '../server/proxyServer';
import { CREDITS_PATH, IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { makePng } from './fixtures';

const API = new URL('https://api.segmind.com/');
const config = (overrides: Partial<ProxyConfig> = {}): ProxyConfig => ({ strictSSL: true, support: 'override', ...overrides });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function proxyOf(decision: ProxyDecision): Extract<ProxyDecision, { kind: 'proxy' }> {
  assert.equal(decision.kind, 'proxy', 'goes through a proxy');
  return decision as Extract<ProxyDecision, { kind: 'proxy' }>;
}

describe('resolveProxy', () => {
  it('goes direct when nothing is configured', () => {
    assert.deepEqual(resolveProxy(API, config(), {}), { kind: 'direct' });
    assert.deepEqual(resolveProxy(API, config({ proxy: '  ' }), { HTTPS_PROXY: '' }), { kind: 'direct' });
  });

  it('uses http.proxy, with its origin only and http.proxyStrictSSL', () => {
    const decision = proxyOf(resolveProxy(API, config({ proxy: 'http://proxy.corp:3128/', strictSSL: false }), {}));
    assert.equal(decision.url.href, 'http://proxy.corp:3128/');
    assert.equal(decision.strictSSL, false);
    assert.equal(decision.auth, undefined);
    assert.equal(decision.source, 'setting');
  });

  it("applies the proxy for proxySupport on, fallback and override, and never for off", () => {
    for (const support of ['on', 'fallback', 'override'] as const) {
      assert.equal(resolveProxy(API, config({ proxy: 'http://proxy.corp:3128', support }), {}).kind, 'proxy', support);
    }
    const env = { HTTPS_PROXY: 'http://env-proxy:8080' };
    assert.deepEqual(resolveProxy(API, config({ proxy: 'http://proxy.corp:3128', support: 'off' }), env), { kind: 'direct' });
  });

  it('turns credentials in the proxy URL into Proxy-Authorization (percent-decoded) and keeps them out of the URL', () => {
    const decision = proxyOf(resolveProxy(API, config({ proxy: 'http://ann:p%40ss%3Aword@proxy.corp:3128' }), {}));
    assert.equal(decision.auth, basic('ann', 'p@ss:word'));
    assert.equal(decision.url.href, 'http://proxy.corp:3128/');
    assert.equal(decision.url.username + decision.url.password, '');
    assert.equal(proxyOf(resolveProxy(API, config({ proxy: 'http://ann@proxy.corp:3128' }), {})).auth, basic('ann', ''));
  });

  it('prefers http.proxy to the environment', () => {
    const decision = proxyOf(resolveProxy(API, config({ proxy: 'http://setting:1' }), { HTTPS_PROXY: 'http://env:2' }));
    assert.equal(decision.url.host, 'setting:1');
  });

  it('falls back to HTTPS_PROXY, then HTTP_PROXY, for an https target; lower case first', () => {
    assert.equal(proxyOf(resolveProxy(API, config(), { HTTPS_PROXY: 'http://upper:1' })).url.host, 'upper:1');
    assert.equal(proxyOf(resolveProxy(API, config(), { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })).url.host, 'lower:2');
    assert.equal(proxyOf(resolveProxy(API, config(), { HTTP_PROXY: 'http://plain:3' })).url.host, 'plain:3');
    assert.equal(proxyOf(resolveProxy(API, config(), { http_proxy: 'http://plain:3', HTTPS_PROXY: 'http://secure:4' })).url.host, 'secure:4');
    assert.equal(proxyOf(resolveProxy(API, config(), { HTTPS_PROXY: 'http://env:2' })).source, 'env');
  });

  it('uses only HTTP_PROXY for an http target', () => {
    const target = new URL('http://segmind.lan:8080/');
    assert.deepEqual(resolveProxy(target, config(), { HTTPS_PROXY: 'http://secure:4' }), { kind: 'direct' });
    assert.equal(proxyOf(resolveProxy(target, config(), { HTTP_PROXY: 'http://plain:3' })).url.host, 'plain:3');
  });

  it('reads a proxy variable without a scheme as http://', () => {
    assert.equal(proxyOf(resolveProxy(API, config(), { HTTPS_PROXY: 'proxy.corp:3128' })).url.href, 'http://proxy.corp:3128/');
  });

  it('sends loopback targets through a proxy set in http.proxy (unlike VS Code), but not through one from the environment', () => {
    for (const endpoint of ['http://127.0.0.1:9999/', 'http://localhost:9999/', 'http://[::1]:9999/']) {
      assert.equal(resolveProxy(new URL(endpoint), config({ proxy: 'http://proxy.corp:3128' }), {}).kind, 'proxy', endpoint);
    }
    const env = { HTTP_PROXY: 'http://env:2', HTTPS_PROXY: 'http://env:2' };
    for (const endpoint of ['http://127.0.0.1:9999/', 'http://127.8.9.10/', 'http://localhost:9999/', 'http://app.localhost/', 'http://[::1]:9999/', 'https://[::ffff:127.0.0.1]/']) {
      assert.deepEqual(resolveProxy(new URL(endpoint), config(), env), { kind: 'direct' }, endpoint);
    }
    assert.equal(resolveProxy(new URL('http://128.0.0.1/'), config(), env).kind, 'proxy');
  });

  it('exempts http.noProxy entries; a non-empty http.noProxy replaces NO_PROXY, an empty one leaves it in force', () => {
    const env = { NO_PROXY: 'segmind.com' };
    assert.deepEqual(resolveProxy(API, config({ proxy: 'http://p:1', noProxy: ['api.segmind.com'] }), {}), { kind: 'direct' });
    assert.equal(resolveProxy(API, config({ proxy: 'http://p:1', noProxy: ['other.com'] }), env).kind, 'proxy', 'http.noProxy wins over NO_PROXY');
    assert.deepEqual(resolveProxy(API, config({ proxy: 'http://p:1', noProxy: [] }), env), { kind: 'direct' });
    assert.deepEqual(resolveProxy(API, config({ proxy: 'http://p:1' }), { no_proxy: 'segmind.com', NO_PROXY: 'other.com' }), { kind: 'direct' }, 'lower case first');
    assert.deepEqual(resolveProxy(API, config(), { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'x.org, .segmind.com' }), { kind: 'direct' });
    assert.deepEqual(resolveProxy(new URL('http://127.0.0.1:5000/'), config({ proxy: 'http://p:1', noProxy: ['127.0.0.1'] }), {}), { kind: 'direct' });
  });

  it('refuses a proxy it cannot use rather than going around it, and never echoes its password', () => {
    assert.throws(() => resolveProxy(API, config({ proxy: 'http://ann:hunter2@[bad' }), {}), (error: Error) => {
      assert.ok(error instanceof ProxySettingError);
      assert.match(error.message, /http\.proxy setting is not a URL/);
      assert.ok(!error.message.includes('hunter2'), error.message);
      return true;
    });
    assert.throws(() => resolveProxy(API, config({ proxy: 'socks5://ann:hunter2@proxy.corp:1080' }), {}), (error: Error) => {
      assert.match(error.message, /socks5:\/\/.*not support.*http:\/\/ or https:\/\//);
      assert.ok(!error.message.includes('hunter2'), error.message);
      return true;
    });
    assert.throws(() => resolveProxy(API, config(), { HTTPS_PROXY: 'ftp://proxy.corp' }), /HTTPS_PROXY environment variable/);
    // An unusable variable that does not apply (an exempted target) is no error.
    assert.deepEqual(resolveProxy(API, config(), { HTTPS_PROXY: 'ftp://proxy.corp', NO_PROXY: '*' }), { kind: 'direct' });
  });

  it('accepts an https:// proxy', () => {
    assert.equal(parseProxyUrl('https://proxy.corp').url.href, 'https://proxy.corp/');
  });
});

describe('NO_PROXY matching', () => {
  const matches = (target: string, ...entries: string[]) => matchesNoProxy(new URL(target), entries);

  it('matches an exact host, case-insensitively', () => {
    assert.ok(matches('https://api.segmind.com/', 'api.segmind.com'));
    assert.ok(matches('https://API.Segmind.com/', 'api.SEGMIND.com'));
    assert.ok(!matches('https://api.segmind.com/', 'other.com'));
  });

  it('matches a domain and its subdomains, never a mere textual suffix', () => {
    assert.ok(matches('https://api.segmind.com/', 'segmind.com'));
    assert.ok(!matches('https://notsegmind.com/', 'segmind.com'));
    assert.ok(!matches('https://segmind.com/', 'api.segmind.com'));
  });

  it('treats .suffix and *.suffix as the domain and its subdomains', () => {
    for (const entry of ['.segmind.com', '*.segmind.com']) {
      assert.ok(matches('https://api.segmind.com/', entry), entry);
      assert.ok(matches('https://a.b.segmind.com/', entry), entry);
      assert.ok(matches('https://segmind.com/', entry), entry);
      assert.ok(!matches('https://notsegmind.com/', entry), entry);
    }
  });

  it('matches everything with *', () => {
    assert.ok(matches('https://api.segmind.com/', '*'));
    assert.ok(matches('http://10.1.2.3:8080/', 'x.org', '*'));
  });

  it('matches host:port only on that port, with 443 and 80 as the default ports', () => {
    assert.ok(matches('https://api.segmind.com:8443/', 'api.segmind.com:8443'));
    assert.ok(!matches('https://api.segmind.com/', 'api.segmind.com:8443'));
    assert.ok(matches('https://api.segmind.com/', 'api.segmind.com:443'));
    assert.ok(matches('http://segmind.lan/', 'segmind.lan:80'));
    assert.ok(matches('http://127.0.0.1:5000/', '127.0.0.1:5000'));
    assert.ok(!matches('http://127.0.0.1:5001/', '127.0.0.1:5000'));
  });

  it('matches an IP address exactly, IPv4 or IPv6, bracketed or not', () => {
    assert.ok(matches('http://10.1.2.3/', '10.1.2.3'));
    assert.ok(!matches('http://10.1.2.30/', '10.1.2.3'));
    assert.ok(!matches('http://110.1.2.3/', '10.1.2.3'), 'no suffix matching for addresses');
    assert.ok(!matches('http://10.1.2.3/', '.2.3'));
    assert.ok(matches('http://[::1]:5000/', '::1'));
    assert.ok(matches('http://[::1]:5000/', '[::1]'));
    assert.ok(matches('http://[::1]:5000/', '[::1]:5000'));
    assert.ok(!matches('http://[::1]:5000/', '[::1]:6000'));
    assert.ok(matches('http://[fd00::1]/', 'FD00:0:0::1'), 'compared in canonical form');
  });

  it('matches a CIDR range for IP targets, never for host names', () => {
    assert.ok(matches('http://10.20.30.40/', '10.0.0.0/8'));
    assert.ok(!matches('http://11.0.0.1/', '10.0.0.0/8'));
    assert.ok(matches('http://[fd00::5]/', 'fd00::/8'));
    assert.ok(!matches('http://[::1]/', '10.0.0.0/8'));
    assert.ok(!matches('https://api.segmind.com/', '0.0.0.0/0'));
  });

  it('ignores empty entries and a scheme before an entry', () => {
    assert.ok(!matches('https://api.segmind.com/', '', '  '));
    assert.ok(matches('https://api.segmind.com/', 'https://segmind.com'));
    assert.deepEqual(splitNoProxy(' a.com, .b.org,,c:80 d '), ['a.com', '.b.org', 'c:80', 'd']);
  });
});

describe('proxy log wording', () => {
  it('redacts passwords, even in text that is not a URL', () => {
    assert.equal(redactProxyUrl('http://ann:hunter2@proxy.corp:3128'), 'http://ann:****@proxy.corp:3128');
    assert.equal(redactProxyUrl('ann:hunter2@proxy[bad'), 'ann:****@proxy[bad');
    assert.equal(redactProxyUrl('http://ann@proxy.corp'), 'http://ann@proxy.corp');
    assert.equal(redactProxyUrl('http://proxy.corp:3128'), 'http://proxy.corp:3128');
  });

  it('names the proxy by its origin, never its credentials', () => {
    assert.equal(describeProxy(undefined), 'direct');
    assert.equal(describeProxy({ kind: 'direct' }), 'direct');
    const decision = resolveProxy(API, config({ proxy: 'http://ann:hunter2@proxy.corp:3128', strictSSL: false }), {});
    assert.equal(describeProxy(decision), 'via proxy http://proxy.corp:3128 (http.proxy), with credentials, certificates not verified');
  });
});

// A self-signed certificate for 127.0.0.1 (valid 2000-2100), only for these tests: it makes the
// endpoint https, so the client must tunnel with CONNECT.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2wiOoc9r53XVJ6Uz
3WFQ01yI4wD8Bo6uPt9hSag7oAuhRANCAAR6f5jXA/VtUku2NSC/rvPA4iP7rJfZ
zu6PvEYcuxp+N+nc8rdhTVdpVWqeLm7wV7g0dbooQ6X5CHoIdeQuRiZH
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBWDCB/6ADAgECAgEBMAoGCCqGSM49BAMCMBQxEjAQBgNVBAMMCTEyNy4wLjAu
MTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowFDESMBAGA1UEAwwJ
MTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEen+Y1wP1bVJLtjUg
v67zwOIj+6yX2c7uj7xGHLsafjfp3PK3YU1XaVVqni5u8Fe4NHW6KEOl+Qh6CHXk
LkYmR6NAMD4wDwYDVR0RBAgwBocEfwAAATAMBgNVHRMBAf8EAjAAMB0GA1UdDgQW
BBQorFjwa27C6jjXyv56XDXoUTorNDAKBggqhkjOPQQDAgNIADBFAiEA56unE5rz
Jl/iddtslmZc0QrVdmw1iZc0iCWqKswN7/0CICsYdsIN4tK24Ti37Pi9iABnVpCq
p3RyuwS8FTpGKHAC
-----END CERTIFICATE-----`;

/** TLS in front of the plain-http Segmind server: https://127.0.0.1:port. */
async function startTlsFront(targetPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: TEST_KEY, cert: TEST_CERT }, (socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Segmind client through a proxy', function () {
  this.timeout(10_000);
  const params: GenerationParams = { prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' };
  const png = makePng(96, 64);
  let server: SegmindServer;
  let proxy: ProxyServer;
  let guarded: ProxyServer;
  let front: Awaited<ReturnType<typeof startTlsFront>>;
  const viaSetting = (proxyUrl: string, strictSSL = true, target = server.url) => resolveProxy(new URL(target), config({ proxy: proxyUrl, strictSSL }), {});
  const client = (decision: ProxyDecision, endpoint = server.url, log?: (line: string) => void) =>
    new SegmindClient({ endpoint, apiKey: 'test-key', timeoutMs: 5_000, proxy: decision, log });

  before(async () => {
    server = await SegmindServer.start({ credits: 10 });
    proxy = await ProxyServer.start();
    guarded = await ProxyServer.start({ credentials: { user: 'ann', password: 'p@ss word' } });
    front = await startTlsFront(Number(new URL(server.url).port));
  });
  after(async () => {
    await Promise.all([front.close(), proxy.close(), guarded.close()]);
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    proxy.reset();
    guarded.reset();
  });

  async function expectError(promise: Promise<unknown>, kind: SegmindError['kind'], message: RegExp): Promise<SegmindError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof SegmindError, `a SegmindError, got ${String(error)}`);
      assert.equal(error.kind, kind, error.message);
      assert.match(error.message, message);
      return error;
    }
    return assert.fail(`expected a ${kind} error`);
  }

  it('sends generation and credits through the proxy (absolute form for the http endpoint), the key only as x-api-key', async () => {
    const c = client(viaSetting(proxy.url));
    const result = await c.generate(png, params);
    assert.equal(result.format, 'png');
    assert.equal((await c.getCredits()).credits, 9.92);
    assert.deepEqual(proxy.requests.map((r) => [r.kind, r.method, r.target, r.status]), [
      ['forward', 'POST', server.url + IMAGE_PATH, 200],
      ['forward', 'GET', server.url + CREDITS_PATH, 200],
    ]);
    assert.equal(proxy.requests[0].proxyAuthorization, undefined, 'no credentials were configured');
    assert.deepEqual(server.requests.map((r) => [r.path, r.headers['x-api-key']]), [[IMAGE_PATH, 'test-key'], [CREDITS_PATH, 'test-key']]);
  });

  it('goes direct for a direct decision', async () => {
    await client({ kind: 'direct' }).generate(png, params);
    await client(resolveProxy(new URL(server.url), config({ proxy: proxy.url, noProxy: ['127.0.0.1'] }), {})).getCredits();
    await client(resolveProxy(new URL(server.url), config({ proxy: proxy.url, support: 'off' }), {})).getCredits();
    assert.equal(proxy.requests.length, 0);
    assert.equal(server.requests.length, 3);
  });

  it('tunnels an https endpoint with CONNECT', async () => {
    const c = client(viaSetting(proxy.url, false, front.url), front.url);
    await c.generate(png, params);
    await c.getCredits();
    const tunnels = proxy.requests.filter((r) => r.kind === 'connect');
    assert.ok(tunnels.length >= 1, 'at least one tunnel');
    assert.deepEqual(proxy.requests.map((r) => [r.kind, r.target, r.status]), tunnels.map(() => ['connect', new URL(front.url).host, 200]), 'nothing but tunnels');
    assert.deepEqual(server.requests.map((r) => r.path), [IMAGE_PATH, CREDITS_PATH]);
  });

  it('verifies the endpoint certificate through the tunnel unless http.proxyStrictSSL is off', async () => {
    const error = await expectError(client(viaSetting(proxy.url, true, front.url), front.url).generate(png, params), 'network', /could not be verified.*http\.proxyStrictSSL/);
    assert.equal(error.details.mayHaveBeenBilled, false);
    assert.equal(server.requests.length, 0);
  });

  it('passes the right credentials from the proxy URL as Proxy-Authorization', async () => {
    const c = client(viaSetting(guarded.urlWith('ann', 'p@ss word')));
    await c.generate(png, params);
    await c.getCredits();
    assert.deepEqual(guarded.requests.map((r) => [r.status, r.proxyAuthorization]), [[200, basic('ann', 'p@ss word')], [200, basic('ann', 'p@ss word')]]);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].headers['proxy-authorization'], undefined, 'the proxy keeps its credentials to itself');
  });

  for (const [form, target] of [['absolute form', () => server.url], ['CONNECT', () => front.url]] as const) {
    it(`maps a 407 (${form}) to a clear error about the proxy, not the API key, never naming the password`, async () => {
      const lines: string[] = [];
      const wrong = viaSetting(guarded.urlWith('ann', 'hunter2'), false, target());
      const error = await expectError(client(wrong, target(), (l) => lines.push(l)).generate(png, params), 'network', /proxy 127\.0\.0\.1:\d+ rejected its user name and password \(407/);
      assert.doesNotMatch(error.message, /API key/);
      assert.equal(error.details.status, 407);
      assert.equal(error.details.mayHaveBeenBilled, false);
      const everything = [error.message, String(error.cause), ...lines].join('\n');
      assert.ok(!everything.includes('hunter2') && !everything.includes(wrong.kind === 'proxy' ? wrong.auth! : '?'), everything);
      assert.match(lines.join('\n'), /via proxy http:\/\/127\.0\.0\.1:\d+ \(http\.proxy\), with credentials/);

      const none = viaSetting(guarded.url, false, target());
      await expectError(client(none, target()).getCredits(), 'network', /asks for a user name and password \(407.*http:\/\/user:password@host:port/);
      assert.equal(server.requests.length, 0, 'nothing reached Segmind');
      assert.ok(guarded.requests.every((r) => r.status === 407));
    });
  }

  it('names the proxy when it cannot be reached', async () => {
    const closed = await ProxyServer.start();
    const url = closed.url;
    await closed.close();
    const error = await expectError(client(viaSetting(url)).generate(png, params), 'network', /Could not connect to the proxy 127\.0\.0\.1:\d+ \(connection refused\)\. Check the http\.proxy setting/);
    assert.equal(error.details.mayHaveBeenBilled, false);
  });

  it('keeps one dispatcher per proxy, credentials and strictSSL', () => {
    const a = viaSetting('http://ann:x@proxy.corp:3128');
    assert.equal(dispatcherFor(a), dispatcherFor(viaSetting('http://ann:x@proxy.corp:3128')));
    assert.notEqual(dispatcherFor(a), dispatcherFor(viaSetting('http://ann:x@proxy.corp:3128', false)));
    assert.notEqual(dispatcherFor(a), dispatcherFor(viaSetting('http://ann:y@proxy.corp:3128')));
    assert.notEqual(dispatcherFor(a), dispatcherFor({ kind: 'direct' }));
    assert.equal(dispatcherFor({ kind: 'direct' }), dispatcherFor(undefined));
  });
});
