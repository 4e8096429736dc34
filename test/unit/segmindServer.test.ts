import * as assert from 'node:assert/strict';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { CREDITS_PATH, IMAGE_PATH, SegmindServer, type Fault } from '../server/segmindServer';
import { readDimensions, sniffFormat } from '../server/fakeImages';
import { makeJpeg, makeWebpHeader } from './fixtures';

/** A checkerboard whose phase follows `seed`, so two seeds give visibly different sources. */
function makeCheckerPng(width: number, height: number, seed = 0): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const checker = ((x >> 3) + (y >> 3) + seed) % 2 === 0;
      png.data[o] = checker ? 220 : (x * 255) / width;
      png.data[o + 1] = checker ? 60 : (y * 255) / height;
      png.data[o + 2] = checker ? 40 : 160;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const PNG_96x64 = makeCheckerPng(96, 64);
const PNG_B64 = PNG_96x64.toString('base64');

function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mode: 'image-to-image', image: PNG_B64, prompt: 'a pixel art knight', strength: 0.6, ...extra };
}

describe('SegmindServer', function () {
  this.timeout(5000);
  let server: SegmindServer;

  before(async () => {
    server = await SegmindServer.start();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  async function post(value: unknown, init: { key?: string | null; contentType?: string; raw?: string | Buffer; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
    if (init.key !== null) headers['x-api-key'] = init.key ?? 'test-key';
    return fetch(server.url + IMAGE_PATH, {
      method: 'POST',
      headers,
      body: init.raw ?? JSON.stringify(value),
      signal: init.signal,
    });
  }

  async function bytesOf(res: Response): Promise<Buffer> {
    return Buffer.from(await res.arrayBuffer());
  }

  async function expectError(res: Response, status: number, includes: string): Promise<void> {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const json = (await res.json()) as { error: string };
    assert.equal(typeof json.error, 'string');
    assert.ok(json.error.includes(includes), `"${json.error}" should include "${includes}"`);
  }

  describe('success', () => {
    it('answers raw JPEG by default with the source dimensions and billing headers', async () => {
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.equal(res.headers.get('x-remaining-credits'), '9.92');
      assert.equal(res.headers.get('x-cost'), '0.08');
      assert.match(res.headers.get('x-generation-time') ?? '', /^\d+\.\d+$/);
      assert.match(res.headers.get('x-seed-value') ?? '', /^\d+$/);
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const buf = await bytesOf(res);
      assert.deepEqual([...buf.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      const img = jpeg.decode(buf, { useTArray: true });
      assert.equal(img.width, 96);
      assert.equal(img.height, 64);
      assert.equal(server.credits, 9.92);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].status, 200);
      assert.deepEqual(server.requests[0].body, body());
    });

    it('answers raw PNG when output_format is png', async () => {
      const res = await post(body({ output_format: 'png' }));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const buf = await bytesOf(res);
      assert.equal(sniffFormat(buf), 'png');
      const img = PNG.sync.read(buf);
      assert.equal(img.width, 96);
      assert.equal(img.height, 64);
    });

    it('accepts a JPEG source and content type with charset', async () => {
      const res = await post(body({ image: makeJpeg(80, 120).toString('base64'), output_format: 'png' }), {
        contentType: 'application/json; charset=utf-8',
      });
      assert.equal(res.status, 200);
      const img = PNG.sync.read(await bytesOf(res));
      assert.deepEqual([img.width, img.height], [80, 120]);
    });

    it('accepts a WebP source (gradient stand-in) and keeps its size', async () => {
      const res = await post(body({ image: makeWebpHeader('VP8L', 100, 70).toString('base64'), output_format: 'png' }));
      assert.equal(res.status, 200);
      const img = PNG.sync.read(await bytesOf(res));
      assert.deepEqual([img.width, img.height], [100, 70]);
    });

    it('caps the longer side at 1024 keeping the ratio', async () => {
      const res = await post(body({ image: makeCheckerPng(1100, 80).toString('base64'), output_format: 'png' }));
      assert.equal(res.status, 200);
      const img = PNG.sync.read(await bytesOf(res));
      assert.deepEqual([img.width, img.height], [1024, 74]);
    });

    it('is deterministic and visibly depends on prompt, strength and source', async () => {
      const get = async (extra: Record<string, unknown>): Promise<Buffer> => {
        const res = await post(body({ output_format: 'png', ...extra }));
        assert.equal(res.status, 200);
        return PNG.sync.read(await bytesOf(res)).data;
      };
      const diff = (a: Buffer, b: Buffer): number => {
        let d = 0;
        for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
        return d / a.length;
      };
      const a = await get({});
      const again = await get({});
      assert.ok(a.equals(again), 'same inputs give identical pixels');
      const rawA = await bytesOf(await post(body()));
      const rawB = await bytesOf(await post(body()));
      assert.ok(rawA.equals(rawB), 'same inputs give identical JPEG bytes');
      assert.ok(diff(a, await get({ prompt: 'watercolor castle' })) > 10, 'prompt changes pixels');
      assert.ok(diff(a, await get({ strength: 0.2 })) > 10, 'strength changes pixels');
      assert.ok(diff(a, await get({ image: makeCheckerPng(96, 64, 1).toString('base64') })) > 10, 'source changes pixels');
      const keep = await get({ strength: 0 });
      assert.ok(keep.equals(PNG.sync.read(PNG_96x64).data), 'strength 0 keeps the source');
    });

    it('uses strength 1 and no prompt when omitted', async () => {
      const res = await post({ mode: 'image-to-image', image: PNG_B64 });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
    });
  });

  describe('base64 answers', () => {
    it('returns {"image": b64} by default', async () => {
      const res = await post(body({ base64: true, output_format: 'png' }));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const json = (await res.json()) as { image: string };
      const img = PNG.sync.read(Buffer.from(json.image, 'base64'));
      assert.deepEqual([img.width, img.height], [96, 64]);
      assert.equal(res.headers.get('x-remaining-credits'), '9.92');
    });

    it('honours json-shape faults: images, bare, unknown', async () => {
      server.failNext({ kind: 'json-shape', shape: 'images' });
      const a = (await (await post(body({ base64: true }))).json()) as { images: string[] };
      assert.equal(sniffFormat(Buffer.from(a.images[0], 'base64')), 'jpeg');
      server.failNext({ kind: 'json-shape', shape: 'bare' });
      const b = (await (await post(body({ base64: true }))).json()) as string;
      assert.equal(typeof b, 'string');
      assert.equal(sniffFormat(Buffer.from(b, 'base64')), 'jpeg');
      server.failNext({ kind: 'json-shape', shape: 'unknown' });
      assert.deepEqual(await (await post(body({ base64: true }))).json(), { output: 'https://example.invalid/x.png' });
      server.failNext({ kind: 'json-shape', shape: 'image' });
      const d = (await (await post(body({ base64: true }))).json()) as { image: string };
      assert.equal(typeof d.image, 'string');
    });
  });

  describe('validation', () => {
    const cases: [string, unknown, number, string][] = [
      ['array body', [1, 2], 400, 'JSON object'],
      ['null body', null, 400, 'JSON object'],
      ['unknown field', body({ seed: -1 }), 400, 'unknown field: seed'],
      ['missing mode', { image: PNG_B64 }, 400, 'mode'],
      ['wrong mode', body({ mode: 'text-to-image' }), 400, 'mode'],
      ['mode not a string', body({ mode: 1 }), 400, 'mode'],
      ['missing image', { mode: 'image-to-image' }, 400, 'image: required'],
      ['image not a string', body({ image: 42 }), 400, 'image'],
      ['image URL', body({ image: 'https://example.com/a.png' }), 400, 'image URLs are not reachable'],
      ['empty image', body({ image: '' }), 400, 'image'],
      ['data URL', body({ image: 'data:image/png;base64,' + PNG_B64 }), 400, 'image: not valid base64'],
      ['unpadded base64', body({ image: PNG_B64.replace(/=+$/, '') + 'A' }), 400, 'image'],
      ['not an image', body({ image: Buffer.from('GIF89a not supported here').toString('base64') }), 400, 'image: not a PNG, JPEG or WebP'],
      ['side below 64', body({ image: makeCheckerPng(200, 63).toString('base64') }), 400, 'at least 64'],
      ['WebP side below 64', body({ image: makeWebpHeader('VP8X', 63, 300).toString('base64') }), 400, 'at least 64'],
      ['corrupt PNG', body({ image: Buffer.concat([PNG_96x64.subarray(0, 40), Buffer.alloc(40)]).toString('base64') }), 400, 'image: could not decode'],
      ['prompt not a string', body({ prompt: 5 }), 400, 'prompt'],
      ['prompt null', body({ prompt: null }), 400, 'prompt'],
      ['prompt too long', body({ prompt: 'x'.repeat(10001) }), 400, 'prompt'],
      ['strength not a number', body({ strength: '0.5' }), 400, 'strength'],
      ['strength above 1', body({ strength: 1.5 }), 422, 'strength'],
      ['strength below 0', body({ strength: -0.1 }), 422, 'strength'],
      ['output_format webp', body({ output_format: 'webp' }), 400, 'output_format'],
      ['output_format not a string', body({ output_format: 1 }), 400, 'output_format'],
      ['base64 not boolean', body({ base64: 'true' }), 400, 'base64'],
    ];
    for (const [name, value, status, includes] of cases) {
      it(`rejects ${name} with ${status}`, async () => {
        await expectError(await post(value), status, includes);
        assert.equal(server.credits, 10, 'failed calls are not billed');
      });
    }

    it('rejects a body that is not JSON', async () => {
      await expectError(await post(undefined, { raw: '{"mode": "image-to-image",' }), 400, 'not valid JSON');
    });

    it('accepts a prompt of exactly 10000 characters', async () => {
      assert.equal((await post(body({ prompt: 'y'.repeat(10000) }))).status, 200);
    });

    it('rejects a body over 10 MiB with 400 without keeping it', async () => {
      const res = await post(undefined, { raw: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
      await expectError(res, 400, 'too large');
      assert.equal(server.requests[0].rawBodyBytes, 10 * 1024 * 1024 + 1);
      assert.equal(server.requests[0].body, undefined);
    });
  });

  describe('errors', () => {
    it('401 for a missing or unknown key', async () => {
      await expectError(await post(body(), { key: null }), 401, 'Invalid API key');
      await expectError(await post(body(), { key: 'nope' }), 401, 'Invalid API key');
      await expectError(await post([], { key: 'nope' }), 401, 'Invalid API key');
    });

    it('403 for forbidden-key', async () => {
      await expectError(await post(body(), { key: 'forbidden-key' }), 403, 'lacks permission');
    });

    it('405 with an HTML page for another method', async () => {
      const res = await fetch(server.url + IMAGE_PATH, { headers: { 'x-api-key': 'test-key' } });
      assert.equal(res.status, 405);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<html>/);
    });

    it('404 JSON for an unknown path', async () => {
      const res = await fetch(server.url + '/v1/sdxl-img2img', { method: 'POST', headers: { 'x-api-key': 'test-key' } });
      await expectError(res, 404, 'Not found');
    });

    it('406 for a wrong content type', async () => {
      await expectError(await post(body(), { contentType: 'text/plain' }), 406, 'Invalid content type');
      await expectError(await post(body(), { contentType: 'application/json; charset=latin1' }), 406, 'Invalid content type');
    });

    it('406 when credits are short, naming balance and cost, without billing', async () => {
      server.credits = 0.05;
      await expectError(await post(body()), 406, 'Not enough credits. Balance: 0.05, cost: 0.08');
      assert.equal(server.credits, 0.05);
    });

    it('429 beyond the rate limit with x-rate-limit-reset-at-utc and no Retry-After', async () => {
      const limited = await SegmindServer.start({ rateLimitPerMinute: 2 });
      try {
        const call = (): Promise<Response> =>
          fetch(limited.url + IMAGE_PATH, {
            method: 'POST',
            headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
            body: JSON.stringify(body()),
          });
        const t0 = Date.now();
        assert.equal((await call()).status, 200);
        assert.equal((await call()).status, 200);
        const res = await call();
        assert.equal(res.headers.get('retry-after'), null);
        const reset = Date.parse(res.headers.get('x-rate-limit-reset-at-utc') ?? '');
        assert.ok(reset >= t0 + 59_000 && reset <= Date.now() + 60_000, `reset ${reset}`);
        assert.match(res.headers.get('x-rate-limit-reset-at-utc') ?? '', /^\d{4}-\d\d-\d\dT.*Z$/);
        await expectError(res, 429, 'Rate limit exceeded');
        assert.equal(limited.credits, 9.84);
        limited.reset();
        assert.equal((await call()).status, 200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('faults', () => {
    it('status: answers exactly the given status, body and headers, once', async () => {
      server.failNext({ kind: 'status', status: 503, body: 'busy', contentType: 'text/plain', headers: { 'x-extra': '1' } });
      const res = await post(body());
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('content-type'), 'text/plain');
      assert.equal(res.headers.get('x-extra'), '1');
      assert.equal(await res.text(), 'busy');
      assert.equal(server.credits, 10);
      assert.equal((await post(body())).status, 200);
    });

    it('status without body answers JSON', async () => {
      server.failNext({ kind: 'status', status: 500 });
      await expectError(await post(body()), 500, '500');
    });

    it('html: a gateway error page', async () => {
      server.failNext({ kind: 'html', status: 502 });
      const res = await post(body());
      assert.equal(res.status, 502);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /502 Bad Gateway/);
    });

    it('applies to count calls, after the key check', async () => {
      server.failNext({ kind: 'status', status: 500 }, 2);
      assert.equal((await post(body(), { key: 'bad' })).status, 401);
      assert.equal((await post(body())).status, 500);
      assert.equal((await post(body())).status, 500);
      assert.equal((await post(body())).status, 200);
    });

    it('cut: the connection is destroyed without a response', async () => {
      server.failNext({ kind: 'cut' });
      await assert.rejects(post(body()), TypeError);
      assert.equal(server.requests[0].status, 0);
      assert.equal(server.credits, 10);
    });

    it('stall: never answers; the client times out', async () => {
      server.failNext({ kind: 'stall' });
      const t0 = Date.now();
      await assert.rejects(post(body(), { signal: AbortSignal.timeout(200) }), (err: Error) => err.name === 'TimeoutError' || err.name === 'AbortError');
      assert.ok(Date.now() - t0 >= 190);
      assert.equal(server.requests[0].status, 0);
      assert.equal((await post(body())).status, 200, 'the next call is normal');
    });

    it('truncate: full content-length, half the bytes, then a cut (billed)', async () => {
      server.failNext({ kind: 'truncate' });
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.ok(Number(res.headers.get('content-length')) > 1000);
      await assert.rejects(res.arrayBuffer());
      assert.equal(server.credits, 9.92);
    });

    it('delay: answers normally after ms', async () => {
      server.failNext({ kind: 'delay', ms: 150 });
      const t0 = Date.now();
      const res = await post(body());
      assert.equal(res.status, 200);
      assert.ok(Date.now() - t0 >= 145);
    });

    it('garbage-credits and no-credits-header', async () => {
      server.failNext({ kind: 'garbage-credits' });
      const a = await post(body());
      assert.equal(a.status, 200);
      assert.equal(a.headers.get('x-remaining-credits'), 'abc');
      server.failNext({ kind: 'no-credits-header' });
      const b = await post(body());
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('x-remaining-credits'), null);
      assert.equal(server.credits, 9.84);
    });

    it('close() ends stalled requests and resolves fast', async () => {
      const s = await SegmindServer.start();
      s.failNext({ kind: 'stall' });
      const pending = fetch(s.url + IMAGE_PATH, {
        method: 'POST',
        headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      });
      while (s.requests.length === 0 || s.pendingFaults > 0) await new Promise((r) => setTimeout(r, 5));
      const t0 = Date.now();
      await s.close();
      assert.ok(Date.now() - t0 < 500);
      await assert.rejects(pending);
    });
  });

  describe('options', () => {
    it('latencyMs delays image calls; log redacts keys', async () => {
      const lines: string[] = [];
      const s = await SegmindServer.start({ latencyMs: 120, apiKeys: ['secret-key-123'], credits: 1, costPerCall: 0.5, log: (l) => lines.push(l) });
      try {
        const t0 = Date.now();
        const res = await fetch(s.url + IMAGE_PATH, {
          method: 'POST',
          headers: { 'x-api-key': 'secret-key-123', 'content-type': 'application/json' },
          body: JSON.stringify(body()),
        });
        assert.equal(res.status, 200);
        assert.ok(Date.now() - t0 >= 115);
        assert.equal(res.headers.get('x-remaining-credits'), '0.5');
        assert.equal(res.headers.get('x-cost'), '0.5');
        assert.ok(lines.length > 0);
        assert.ok(lines.some((l) => l.includes('se…')));
        assert.ok(!lines.some((l) => l.includes('secret-key-123')));
      } finally {
        await s.close();
      }
    });
  });

  describe('credits endpoint', () => {
    it('returns the balance, follows deductions and rejects bad keys', async () => {
      const get = (key: string): Promise<Response> => fetch(server.url + CREDITS_PATH, { headers: { 'x-api-key': key } });
      const a = await get('test-key');
      assert.equal(a.status, 200);
      assert.deepEqual(await a.json(), { credits: 10, 'free-credits': 0.0184921035 });
      await post(body());
      assert.deepEqual(await (await get('test-key')).json(), { credits: 9.92, 'free-credits': 0.0184921035 });
      await expectError(await get('wrong'), 401, 'Invalid API key');
      server.credits = 3.5;
      assert.equal(((await (await get('test-key')).json()) as { credits: number }).credits, 3.5);
    });
  });

  describe('control API', () => {
    const control = async (path: string, value?: unknown): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(server.url + '/__control/' + path, {
        method: value === undefined ? 'GET' : 'POST',
        headers: value === undefined ? {} : { 'content-type': 'application/json' },
        body: value === undefined ? undefined : JSON.stringify(value),
      });
      return { status: res.status, json: await res.json() };
    };

    it('steers faults, credits and reset, and lists requests without image data', async () => {
      const fault: Fault = { kind: 'html', status: 504 };
      assert.equal((await control('fail-next', { fault, count: 2 })).status, 200);
      assert.equal((await post(body())).status, 504);
      assert.equal((await post(body())).status, 504);
      assert.equal((await post(body())).status, 200);
      assert.equal((await control('credits', { credits: 0.01 })).status, 200);
      assert.equal(server.credits, 0.01);
      assert.equal((await post(body())).status, 406);

      const state = await control('state');
      assert.deepEqual(state.json, { credits: 0.01, requestCount: 4, pendingFaults: 0 });
      const list = (await control('requests')).json as { path: string; status: number; body: { image: unknown } }[];
      assert.equal(list.length, 4, 'control requests are not recorded');
      assert.deepEqual(
        list.map((r) => r.status),
        [504, 504, 200, 406],
      );
      assert.deepEqual(list[0].body.image, { bytes: PNG_96x64.length });
      assert.equal(list[0].path, IMAGE_PATH);

      assert.equal((await control('reset', {})).status, 200);
      assert.deepEqual((await control('state')).json, { credits: 10, requestCount: 0, pendingFaults: 0 });
    });

    it('rejects malformed control input', async () => {
      assert.equal((await control('fail-next', { fault: { kind: 'explode' } })).status, 400);
      assert.equal((await control('fail-next', { fault: { kind: 'delay' } })).status, 400);
      assert.equal((await control('credits', { credits: 'many' })).status, 400);
      assert.equal((await control('nothing')).status, 404);
      assert.equal(server.pendingFaults, 0);
    });
  });

  describe('image headers', () => {
    it('reads PNG, JPEG and all three WebP header kinds', () => {
      assert.deepEqual(readDimensions(PNG_96x64, 'png'), { width: 96, height: 64 });
      assert.deepEqual(readDimensions(makeJpeg(70, 90), 'jpeg'), { width: 70, height: 90 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8 ', 300, 200), 'webp'), { width: 300, height: 200 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8L', 5000, 64), 'webp'), { width: 5000, height: 64 });
      assert.deepEqual(readDimensions(makeWebpHeader('VP8X', 4000, 3000), 'webp'), { width: 4000, height: 3000 });
      assert.equal(sniffFormat(makeWebpHeader('VP8 ', 300, 200)), 'webp');
      assert.equal(sniffFormat(Buffer.from('hello world!')), undefined);
    });
  });
});
