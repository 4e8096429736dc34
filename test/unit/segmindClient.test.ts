/** The Segmind client against the project's Segmind-compatible server on 127.0.0.1: every field, answer shape and error. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SegmindError } from '../../src/api/errors';
import { SegmindClient, buildRequestBody } from '../../src/api/segmindClient';
import type { GenerationParams } from '../../src/core/params';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { makeJpeg, makePng } from './fixtures';

const params: GenerationParams = { prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' };

describe('Segmind client', function () {
  this.timeout(10_000);
  let server: SegmindServer;
  const png = makePng(96, 64);
  const client = (options: Partial<ConstructorParameters<typeof SegmindClient>[0]> = {}) =>
    new SegmindClient({ endpoint: server.url, apiKey: 'test-key', timeoutMs: 5_000, ...options });

  before(async () => {
    server = await SegmindServer.start({ credits: 10 });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  async function expectError(promise: Promise<unknown>, kind: SegmindError['kind'], message?: RegExp): Promise<SegmindError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof SegmindError, `a SegmindError, got ${String(error)}`);
      assert.equal(error.kind, kind, error.message);
      if (message) assert.match(error.message, message);
      return error;
    }
    return assert.fail(`expected a ${kind} error`);
  }

  it('sends exactly the documented fields, the key only as x-api-key, and reads a raw PNG', async () => {
    const result = await client().generate(png, params);
    assert.equal(result.format, 'png');
    assert.deepEqual([...result.image.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(result.remainingCredits, 9.92);
    const [call] = server.requests;
    assert.equal(call.method, 'POST');
    assert.equal(call.path, IMAGE_PATH);
    assert.equal(call.headers['x-api-key'], 'test-key');
    assert.match(String(call.headers['content-type']), /^application\/json/);
    assert.deepEqual(call.body, { mode: 'image-to-image', image: png.toString('base64'), prompt: params.prompt, strength: 0.6, output_format: 'png', base64: false });
    assert.ok(!JSON.stringify(call.headers).replace(/"x-api-key":"test-key"/, '').includes('test-key'), 'the key travels in no other header');
  });

  it('builds a body that is valid JSON even for prompts with quotes and newlines', () => {
    const body = JSON.parse(buildRequestBody(png, { prompt: 'a "quoted"\nprompt \\ é', strength: 1, format: 'jpeg' }, true).toString('utf8'));
    assert.equal(body.prompt, 'a "quoted"\nprompt \\ é');
    assert.equal(body.base64, true);
    assert.equal(body.output_format, 'jpeg');
  });

  it('reads a raw JPEG', async () => {
    const result = await client().generate(makeJpeg(80, 80), { ...params, format: 'jpeg' });
    assert.equal(result.format, 'jpeg');
  });

  for (const shape of ['image', 'images', 'bare'] as const) {
    it(`reads a base64 JSON answer shaped as ${shape}`, async () => {
      server.failNext({ kind: 'json-shape', shape });
      const result = await client({ base64Response: true }).generate(png, params);
      assert.equal(result.format, 'png');
      assert.equal((server.requests[0].body as { base64: boolean }).base64, true);
    });
  }

  it('fails clearly on a JSON answer it does not understand, noting it may be billed', async () => {
    server.failNext({ kind: 'json-shape', shape: 'unknown' });
    const error = await expectError(client({ base64Response: true }).generate(png, params), 'badResponse', /JSON without an image/);
    assert.equal(error.details.mayHaveBeenBilled, true);
  });

  it('treats HTML where an image was expected as a bad response', async () => {
    server.failNext({ kind: 'status', status: 200, body: '<!DOCTYPE html><html>login</html>', contentType: 'text/html' });
    await expectError(client().generate(png, params), 'badResponse', /web page/);
  });

  it('maps 401 and 403 to a rejected key', async () => {
    await expectError(client({ apiKey: 'nope' }).generate(png, params), 'auth', /rejected the API key/);
    await expectError(client({ apiKey: 'forbidden-key' }).generate(png, params), 'auth', /not allowed/);
  });

  it('maps 406 to not enough credits, with the balance', async () => {
    server.credits = 0.05;
    const error = await expectError(client().generate(png, params), 'credits', /Balance: 0\.05/);
    assert.equal(error.details.balance, 0.05);
  });

  it('maps 429 to a rate limit with the time to retry', async () => {
    const limited = await SegmindServer.start({ rateLimitPerMinute: 1 });
    try {
      const c = new SegmindClient({ endpoint: limited.url, apiKey: 'test-key', timeoutMs: 5_000 });
      await c.generate(png, params);
      const error = await expectError(c.generate(png, params), 'rateLimit', /Try again after/);
      assert.ok(error.details.retryAt && error.details.retryAt.getTime() > Date.now());
    } finally {
      await limited.close();
    }
  });

  it('passes on what the server said for 400 and 422', async () => {
    await expectError(client().generate(png, { ...params, strength: 1.5 }), 'badRequest', /422.*strength/);
    await expectError(client().generate(makePng(32, 32), params), 'badRequest', /400/);
  });

  it('maps 404 and 405 to a wrong endpoint setting', async () => {
    await expectError(client({ endpoint: `${server.url}/nothing-here` }).generate(png, params), 'endpoint', /restyle\.endpoint/);
    server.failNext({ kind: 'html', status: 405 });
    await expectError(client().generate(png, params), 'endpoint', /405/);
  });

  it('maps 5xx, HTML or JSON, to a server error that may be retried', async () => {
    server.failNext({ kind: 'html', status: 502 });
    const error = await expectError(client().generate(png, params), 'server', /502/);
    assert.equal(error.retryable, true);
    assert.equal(error.details.serverMessage, undefined, 'no HTML in the message');
    server.failNext({ kind: 'status', status: 500, body: '{"error":"GPU on fire"}', contentType: 'application/json' });
    await expectError(client().generate(png, params), 'server', /500/);
  });

  it('reports a cut connection, and a truncated image, as network errors that may be billed', async () => {
    server.failNext({ kind: 'cut' });
    const cut = await expectError(client().generate(png, params), 'network', /cut/);
    assert.equal(cut.details.mayHaveBeenBilled, true);
    server.failNext({ kind: 'truncate' });
    await expectError(client().generate(png, params), 'network', /while the image was arriving/);
  });

  it('times out a stalled request', async () => {
    server.failNext({ kind: 'stall' });
    const started = Date.now();
    const error = await expectError(client({ timeoutMs: 300 }).generate(png, params), 'timeout', /may still have been billed/);
    assert.ok(Date.now() - started < 3_000);
    assert.equal(error.details.mayHaveBeenBilled, true);
  });

  it('cancels through an AbortSignal', async () => {
    server.failNext({ kind: 'stall' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expectError(client().generate(png, params, controller.signal), 'cancelled');
  });

  it('says when nothing listens, and that nothing was billed', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const error = await expectError(client({ endpoint: `http://127.0.0.1:${port}` }).generate(png, params), 'network', /connection refused/);
    assert.equal(error.details.mayHaveBeenBilled, false);
  });

  it('reads a missing or garbage x-remaining-credits as unknown, never NaN', async () => {
    server.failNext({ kind: 'garbage-credits' });
    assert.equal((await client().generate(png, params)).remainingCredits, undefined);
    server.failNext({ kind: 'no-credits-header' });
    assert.equal((await client().generate(png, params)).remainingCredits, undefined);
  });

  it('reads the credits endpoint', async () => {
    server.credits = 12.5;
    assert.deepEqual(await client().getCredits(), { credits: 12.5, freeCredits: 0.0184921035 });
    await expectError(client({ apiKey: 'bad' }).getCredits(), 'auth');
  });

  it('refuses a plain-http endpoint on another machine before sending anything', () => {
    assert.throws(() => new SegmindClient({ endpoint: 'http://api.segmind.com', apiKey: 'k', timeoutMs: 1000 }), /clear text/);
  });

  it('never puts the key in an error message', async () => {
    const secret = 'sk-very-secret-value';
    const error = await expectError(client({ apiKey: secret }).generate(png, params), 'auth');
    assert.ok(!error.message.includes(secret) && !JSON.stringify(error.details).includes(secret));
  });
});
