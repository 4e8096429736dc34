// A local server that behaves like Segmind's v1 SD3 Turbo image-to-image API as documented in
// /work/shared/reference/segmind-api.md, strict on purpose, with fault injection for tests.
// Like the real model, an answer is never the size that was sent: about one megapixel at the
// source's aspect ratio, sides multiples of 64 (see generatedSize in fakeImages.ts), opaque,
// smoothly resampled with slight noise; PNG answers are RGB without an alpha channel.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  decodeSource,
  encodeJpeg,
  encodePng,
  generatedSize,
  readDimensions,
  seedFor,
  sniffFormat,
  SourceDecodeError,
  stylize,
  type Dimensions,
  type ImageFormat,
  type Raster,
} from './fakeImages';

export const IMAGE_PATH = '/v1/stable-diffusion-3-turbo-img2img';
export const CREDITS_PATH = '/v1/get-user-credits';
export const CONTROL_PREFIX = '/__control/';

/** Largest request body accepted (Stability's limit). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Past this many bytes of an oversized body the connection is cut instead of drained. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const MAX_CONTROL_BODY_BYTES = 1024 * 1024;
const MIN_SIDE = 64;
const MAX_PROMPT_CHARS = 10000;
const FREE_CREDITS = 0.0184921035;
const RATE_WINDOW_MS = 60_000;
const FORBIDDEN_KEY = 'forbidden-key';
const KNOWN_FIELDS = ['mode', 'image', 'prompt', 'strength', 'output_format', 'base64'];

export interface SegmindServerOptions {
  port?: number;
  apiKeys?: string[];
  credits?: number;
  costPerCall?: number;
  rateLimitPerMinute?: number;
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBodyBytes: number;
  status: number;
}

export type Fault =
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  | { kind: 'html'; status: number }
  | { kind: 'stall' }
  | { kind: 'cut' }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number }
  | { kind: 'garbage-credits' }
  | { kind: 'no-credits-header' }
  | { kind: 'json-shape'; shape: 'image' | 'images' | 'bare' | 'unknown' };

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  rec: RecordedRequest;
  started: number;
  key: string | undefined;
}

interface ValidRequest {
  imageBytes: Buffer;
  format: ImageFormat;
  dims: Dimensions;
  prompt: string;
  strength: number;
  outputFormat: 'jpeg' | 'png';
  base64: boolean;
}

interface BodyResult {
  /** undefined when the body was larger than MAX_BODY_BYTES (the rest was drained, not kept). */
  bytes: Buffer | undefined;
  total: number;
  aborted: boolean;
}

class Rejection {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

const STATUS_TEXT: Record<number, string> = http.STATUS_CODES as Record<number, string>;

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** Balance as a plain decimal string ("9.92"), never exponent notation for sane values. */
export function formatAmount(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

export function redactKey(key: string | undefined): string {
  if (key === undefined || key === '') return '(none)';
  return key.slice(0, 2) + '…';
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const parts = value.split(';').map((p) => p.trim().toLowerCase());
  if (parts[0] !== 'application/json') return false;
  const params = parts.slice(1).filter((p) => p !== '');
  return params.every((p) => p.replace(/\s+/g, '') === 'charset=utf-8');
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

const FAULT_KINDS = new Set([
  'status',
  'html',
  'stall',
  'cut',
  'truncate',
  'delay',
  'garbage-credits',
  'no-credits-header',
  'json-shape',
]);

/** Checks a fault that came over the control API; returns an error message or undefined. */
export function checkFault(f: unknown): string | undefined {
  if (typeof f !== 'object' || f === null) return 'fault must be an object';
  const o = f as Record<string, unknown>;
  if (typeof o.kind !== 'string' || !FAULT_KINDS.has(o.kind)) return `unknown fault kind: ${String(o.kind)}`;
  if ((o.kind === 'status' || o.kind === 'html') && (!Number.isInteger(o.status) || (o.status as number) < 100 || (o.status as number) > 599)) {
    return 'fault.status must be an integer HTTP status';
  }
  if (o.kind === 'status') {
    if (o.body !== undefined && typeof o.body !== 'string') return 'fault.body must be a string';
    if (o.contentType !== undefined && typeof o.contentType !== 'string') return 'fault.contentType must be a string';
    if (o.headers !== undefined && (typeof o.headers !== 'object' || o.headers === null)) return 'fault.headers must be an object';
  }
  if (o.kind === 'delay' && (typeof o.ms !== 'number' || !(o.ms >= 0))) return 'fault.ms must be a number >= 0';
  if (o.kind === 'json-shape' && !['image', 'images', 'bare', 'unknown'].includes(o.shape as string)) {
    return 'fault.shape must be one of image, images, bare, unknown';
  }
  return undefined;
}

export class SegmindServer {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  credits: number;

  private readonly faults: Fault[] = [];
  private readonly window: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly apiKeys: Set<string>;
  private readonly startCredits: number;
  private readonly cost: number;
  private readonly rateLimit: number;
  private readonly latencyMs: number;
  private readonly logFn: ((line: string) => void) | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: http.Server,
    options: SegmindServerOptions,
  ) {
    const addr = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    this.apiKeys = new Set(options.apiKeys ?? ['test-key']);
    this.startCredits = options.credits ?? 10;
    this.credits = this.startCredits;
    this.cost = options.costPerCall ?? 0.08;
    this.rateLimit = options.rateLimitPerMinute ?? 0;
    this.latencyMs = options.latencyMs ?? 0;
    this.logFn = options.log;
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res));
  }

  static async start(options: SegmindServerOptions = {}): Promise<SegmindServer> {
    const server = http.createServer({ keepAliveTimeout: 5000 });
    // Errors on individual client sockets (resets, aborts) must never crash the process.
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
    return new SegmindServer(server, options);
  }

  /** Applies `fault` to the next `count` image-generation calls (after method, path and key checks). */
  failNext(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push({ ...fault });
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.window.length = 0;
    this.credits = this.startCredits;
  }

  close(): Promise<void> {
    if (!this.closing) {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.closing = new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    }
    return this.closing;
  }

  // ---------------------------------------------------------------- plumbing

  private log(line: string): void {
    if (this.logFn) {
      try {
        this.logFn(line);
      } catch {
        // a broken logger must not break the server
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closing) return; // never resolves: the server is going away
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private finishLog(ctx: Ctx, note: string): void {
    this.log(
      `${ctx.rec.method} ${ctx.rec.path} key=${redactKey(ctx.key)} -> ${note} (${Date.now() - ctx.started} ms, ${ctx.rec.rawBodyBytes} B in)`,
    );
  }

  private send(ctx: Ctx, status: number, headers: Record<string, string>, body: Buffer | string, note?: string): void {
    const { res } = ctx;
    const gone = res.destroyed || ctx.req.socket.destroyed || res.headersSent;
    ctx.rec.status = gone ? 0 : status;
    if (!gone) {
      const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
      res.end(buf);
    }
    this.finishLog(ctx, gone ? `${status} not delivered: client gone` : `${status}${note ? ' ' + note : ''}`);
  }

  private sendJson(ctx: Ctx, status: number, value: unknown, headers: Record<string, string> = {}, note?: string): void {
    this.send(ctx, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value), note);
  }

  private sendError(ctx: Ctx, status: number, message: string, headers: Record<string, string> = {}): void {
    this.sendJson(ctx, status, { error: message }, headers, message);
  }

  private sendHtml(ctx: Ctx, status: number): void {
    this.send(ctx, status, { 'content-type': 'text/html' }, htmlPage(status), '(html)');
  }

  private readBody(req: http.IncomingMessage, limit: number, drainLimit: number): Promise<BodyResult> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let tooLarge = false;
      let done = false;
      const finish = (aborted: boolean): void => {
        if (done) return;
        done = true;
        resolve({ bytes: tooLarge ? undefined : Buffer.concat(chunks), total, aborted });
      };
      req.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (tooLarge) {
          if (total > drainLimit) {
            req.socket.destroy();
            finish(true);
          }
          return;
        }
        if (total > limit) {
          tooLarge = true;
          chunks.length = 0; // stop keeping the body; the rest is drained and discarded
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => finish(false));
      req.on('error', () => finish(true));
      req.on('close', () => finish(!req.complete));
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    if (path.startsWith(CONTROL_PREFIX)) {
      this.handleControl(req, res, method, path).catch((err: unknown) => {
        this.log(`control ${method} ${path} failed: ${String(err)}`);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(err) }));
        }
      });
      return;
    }
    const rawKey = req.headers['x-api-key'];
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const rec: RecordedRequest = { method, path, headers: { ...req.headers }, body: undefined, rawBodyBytes: 0, status: 0 };
    this.requests.push(rec);
    const ctx: Ctx = { req, res, rec, started, key };
    this.route(ctx).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent && !res.destroyed) {
        this.sendError(ctx, 500, `Internal test server error: ${message}`);
      } else {
        this.finishLog(ctx, `internal error after headers: ${message}`);
      }
    });
  }

  /** 401/403 for a bad key; returns true when the request was answered. */
  private rejectKey(ctx: Ctx): boolean {
    if (ctx.key === FORBIDDEN_KEY) {
      this.sendError(ctx, 403, 'Key lacks permission for this model');
      return true;
    }
    if (ctx.key === undefined || !this.apiKeys.has(ctx.key)) {
      this.sendError(ctx, 401, 'Invalid API key');
      return true;
    }
    return false;
  }

  private async route(ctx: Ctx): Promise<void> {
    const { rec } = ctx;
    if (rec.path === CREDITS_PATH) {
      if (rec.method !== 'GET') return this.sendHtml(ctx, 405);
      ctx.req.resume();
      if (this.rejectKey(ctx)) return;
      return this.sendJson(ctx, 200, { credits: Math.round(this.credits * 1e6) / 1e6, 'free-credits': FREE_CREDITS });
    }
    if (rec.path !== IMAGE_PATH) {
      ctx.req.resume();
      return this.sendError(ctx, 404, `Not found: ${rec.method} ${rec.path}`);
    }
    if (rec.method !== 'POST') {
      ctx.req.resume();
      return this.sendHtml(ctx, 405);
    }
    if (this.rejectKey(ctx)) {
      ctx.req.resume();
      return;
    }
    return this.imageCall(ctx);
  }

  private async imageCall(ctx: Ctx): Promise<void> {
    const { req, rec } = ctx;
    const body = await this.readBody(req, MAX_BODY_BYTES, MAX_DRAIN_BYTES);
    rec.rawBodyBytes = body.total;
    let parsed: unknown;
    let parseOk = false;
    if (body.bytes) {
      try {
        parsed = JSON.parse(body.bytes.toString('utf8'));
        parseOk = true;
        rec.body = parsed;
      } catch {
        // answered below, after faults, rate limit and content type
      }
    }
    if (body.aborted) {
      this.finishLog(ctx, 'client aborted while sending the body');
      return;
    }

    // Faults: consumed in order by image calls that passed method, path and key checks.
    const fault = this.faults.shift();
    let modifier: Fault | undefined;
    if (fault) {
      switch (fault.kind) {
        case 'status': {
          const text = fault.body ?? JSON.stringify({ error: `Injected ${fault.status} ${STATUS_TEXT[fault.status] ?? ''}`.trim() });
          return this.send(ctx, fault.status, { 'content-type': fault.contentType ?? 'application/json', ...(fault.headers ?? {}) }, text, '(fault: status)');
        }
        case 'html':
          return this.sendHtml(ctx, fault.status);
        case 'stall':
          rec.status = 0;
          this.finishLog(ctx, 'stalled (fault), no answer until close()');
          return;
        case 'cut':
          rec.status = 0;
          req.socket.destroy();
          this.finishLog(ctx, 'connection cut (fault)');
          return;
        case 'delay':
          await this.sleep(fault.ms);
          break;
        default:
          modifier = fault;
      }
    }

    // Rate limit: sliding 60 s window over admitted image calls.
    if (this.rateLimit > 0) {
      const now = Date.now();
      while (this.window.length > 0 && this.window[0] <= now - RATE_WINDOW_MS) this.window.shift();
      if (this.window.length >= this.rateLimit) {
        const resetAt = new Date(this.window[0] + RATE_WINDOW_MS).toISOString();
        return this.sendError(ctx, 429, 'Rate limit exceeded', { 'x-rate-limit-reset-at-utc': resetAt });
      }
      this.window.push(now);
    }

    if (!isJsonContentType(req.headers['content-type'])) return this.sendError(ctx, 406, 'Invalid content type');
    if (!body.bytes) {
      return this.sendError(ctx, 400, `Request body too large: ${body.total} bytes, the limit is ${MAX_BODY_BYTES} bytes (10 MiB)`);
    }
    if (!parseOk) return this.sendError(ctx, 400, 'Request body is not valid JSON');
    const valid = this.validate(parsed);
    if (valid instanceof Rejection) return this.sendError(ctx, valid.status, valid.message);

    let source: Raster;
    try {
      source = await decodeSource(valid.imageBytes, valid.format, valid.dims);
    } catch (err) {
      if (!(err instanceof SourceDecodeError)) throw err; // the server's own failure: 500
      return this.sendError(ctx, 400, `image: could not decode the ${valid.format.toUpperCase()} data (${err.message})`);
    }

    if (this.credits + 1e-9 < this.cost) {
      return this.sendError(ctx, 406, `Not enough credits. Balance: ${formatAmount(this.credits)}, cost: ${formatAmount(this.cost)}`);
    }

    if (this.latencyMs > 0) await this.sleep(this.latencyMs);

    // About one megapixel at the source's aspect ratio, sides multiples of 64: never the size sent.
    const size = generatedSize(valid.dims.width, valid.dims.height);
    const seed = seedFor(valid.imageBytes, '\0', valid.prompt, '\0', String(valid.strength));
    const out = stylize(source, size, valid.prompt, valid.strength, seed);
    const encoded = valid.outputFormat === 'png' ? encodePng(out) : encodeJpeg(out, 85);
    // Billed once the model produced the image, whether or not the client reads it.
    this.credits = Math.round((this.credits - this.cost) * 1e6) / 1e6;

    const headers: Record<string, string> = {
      'x-cost': formatAmount(this.cost),
      'x-generation-time': ((Date.now() - ctx.started) / 1000).toFixed(3),
      'x-seed-value': String(seed),
      'x-request-id': randomUUID(),
    };
    if (modifier?.kind === 'garbage-credits') headers['x-remaining-credits'] = 'abc';
    else if (modifier?.kind !== 'no-credits-header') headers['x-remaining-credits'] = formatAmount(this.credits);

    if (modifier?.kind === 'truncate') {
      const payload = valid.base64 ? Buffer.from(JSON.stringify({ image: encoded.toString('base64') })) : encoded;
      const contentType = valid.base64 ? 'application/json' : `image/${valid.outputFormat}`;
      const { res } = ctx;
      if (res.destroyed || req.socket.destroyed) {
        rec.status = 0;
        this.finishLog(ctx, '200 (truncate) not delivered: client gone');
        return;
      }
      rec.status = 200;
      res.writeHead(200, { ...headers, 'content-type': contentType, 'content-length': String(payload.length) });
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
        req.socket.destroy();
      });
      this.finishLog(ctx, `200 truncated (fault): ${Math.floor(payload.length / 2)} of ${payload.length} bytes, billed`);
      return;
    }

    if (valid.base64) {
      const b64 = encoded.toString('base64');
      const shape = modifier?.kind === 'json-shape' ? modifier.shape : 'image';
      const value =
        shape === 'images' ? { images: [b64] } : shape === 'bare' ? b64 : shape === 'unknown' ? { output: 'https://example.invalid/x.png' } : { image: b64 };
      return this.sendJson(ctx, 200, value, headers, `json shape ${shape}, ${out.width}x${out.height} ${valid.outputFormat}, billed ${formatAmount(this.cost)}`);
    }
    return this.send(
      ctx,
      200,
      { ...headers, 'content-type': `image/${valid.outputFormat}` },
      encoded,
      `${out.width}x${out.height} ${valid.outputFormat} ${encoded.length} B, billed ${formatAmount(this.cost)}`,
    );
  }

  private validate(body: unknown): ValidRequest | Rejection {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return new Rejection(400, 'Request body must be a JSON object');
    }
    const o = body as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!KNOWN_FIELDS.includes(k)) return new Rejection(400, `unknown field: ${k}`);
    }
    if (o.mode === undefined) return new Rejection(400, 'mode: required, must be "image-to-image"');
    if (typeof o.mode !== 'string') return new Rejection(400, 'mode: must be a string');
    if (o.mode !== 'image-to-image') return new Rejection(400, `mode: must be "image-to-image", got "${o.mode.slice(0, 50)}"`);

    if (o.image === undefined) return new Rejection(400, 'image: required');
    if (typeof o.image !== 'string') return new Rejection(400, 'image: must be a string (base64 of the image bytes)');
    if (/^https?:\/\//i.test(o.image)) return new Rejection(400, 'image: image URLs are not reachable from this test server');
    if (o.image.length === 0) return new Rejection(400, 'image: empty');
    if (o.image.length % 4 !== 0 || !BASE64_RE.test(o.image)) {
      return new Rejection(400, 'image: not valid base64 (standard alphabet with padding, no data: prefix or whitespace)');
    }
    const imageBytes = Buffer.from(o.image, 'base64');
    const format = sniffFormat(imageBytes);
    if (!format) return new Rejection(400, 'image: not a PNG, JPEG or WebP image');
    const dims = readDimensions(imageBytes, format);
    if (!dims || dims.width === 0 || dims.height === 0) return new Rejection(400, `image: could not read the ${format.toUpperCase()} dimensions`);
    if (dims.width < MIN_SIDE || dims.height < MIN_SIDE) {
      return new Rejection(400, `image: every side must be at least ${MIN_SIDE} px, got ${dims.width}x${dims.height}`);
    }

    let prompt = '';
    if (o.prompt !== undefined) {
      if (typeof o.prompt !== 'string') return new Rejection(400, 'prompt: must be a string');
      if (o.prompt.length > MAX_PROMPT_CHARS) return new Rejection(400, `prompt: longer than ${MAX_PROMPT_CHARS} characters`);
      prompt = o.prompt;
    }
    let strength = 1;
    if (o.strength !== undefined) {
      if (typeof o.strength !== 'number' || !Number.isFinite(o.strength)) return new Rejection(400, 'strength: must be a number');
      if (o.strength < 0 || o.strength > 1) return new Rejection(422, `strength: must be between 0 and 1, got ${o.strength}`);
      strength = o.strength;
    }
    let outputFormat: 'jpeg' | 'png' = 'jpeg';
    if (o.output_format !== undefined) {
      if (typeof o.output_format !== 'string') return new Rejection(400, 'output_format: must be a string');
      if (o.output_format !== 'jpeg' && o.output_format !== 'png') {
        return new Rejection(400, `output_format: must be "jpeg" or "png", got "${o.output_format.slice(0, 20)}"`);
      }
      outputFormat = o.output_format;
    }
    let base64 = false;
    if (o.base64 !== undefined) {
      if (typeof o.base64 !== 'boolean') return new Rejection(400, 'base64: must be a boolean');
      base64 = o.base64;
    }
    return { imageBytes, format, dims, prompt, strength, outputFormat, base64 };
  }

  // ---------------------------------------------------------------- control API

  private async handleControl(req: http.IncomingMessage, res: http.ServerResponse, method: string, path: string): Promise<void> {
    const reply = (status: number, value: unknown): void => {
      if (res.destroyed || res.headersSent) return;
      const text = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
      this.log(`[control] ${method} ${path} -> ${status}`);
    };
    const name = path.slice(CONTROL_PREFIX.length);
    const routes: Record<string, string> = { requests: 'GET', state: 'GET', 'fail-next': 'POST', reset: 'POST', credits: 'POST' };
    if (!(name in routes)) {
      req.resume();
      return reply(404, { error: `unknown control endpoint ${path}; known: ${Object.keys(routes).map((r) => CONTROL_PREFIX + r).join(', ')}` });
    }
    if (method !== routes[name]) {
      req.resume();
      return reply(405, { error: `${path} takes ${routes[name]}` });
    }
    let input: Record<string, unknown> = {};
    if (method === 'POST') {
      const body = await this.readBody(req, MAX_CONTROL_BODY_BYTES, MAX_CONTROL_BODY_BYTES * 2);
      if (body.aborted) return;
      if (!body.bytes) return reply(400, { error: 'control body too large' });
      const text = body.bytes.toString('utf8').trim();
      if (text !== '') {
        try {
          const v: unknown = JSON.parse(text);
          if (typeof v !== 'object' || v === null || Array.isArray(v)) return reply(400, { error: 'control body must be a JSON object' });
          input = v as Record<string, unknown>;
        } catch {
          return reply(400, { error: 'control body is not valid JSON' });
        }
      }
    } else {
      req.resume();
    }
    switch (name) {
      case 'requests':
        return reply(200, this.requests.map(summarizeRequest));
      case 'state':
        return reply(200, { credits: this.credits, requestCount: this.requests.length, pendingFaults: this.faults.length });
      case 'reset':
        this.reset();
        return reply(200, { ok: true });
      case 'credits': {
        if (typeof input.credits !== 'number' || !Number.isFinite(input.credits)) return reply(400, { error: 'credits must be a number' });
        this.credits = input.credits;
        return reply(200, { credits: this.credits });
      }
      case 'fail-next': {
        const problem = checkFault(input.fault);
        if (problem) return reply(400, { error: problem });
        const count = input.count ?? 1;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return reply(400, { error: 'count must be a positive integer' });
        this.failNext(input.fault as Fault, count);
        return reply(200, { ok: true, pendingFaults: this.faults.length });
      }
    }
  }
}

/** A RecordedRequest fit for JSON: body.image replaced by { bytes: N } (decoded size). */
export function summarizeRequest(r: RecordedRequest): RecordedRequest {
  let body = r.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'image' in body) {
    const image = (body as Record<string, unknown>).image;
    if (typeof image === 'string') {
      body = { ...(body as Record<string, unknown>), image: { bytes: Buffer.from(image, 'base64').length } };
    }
  }
  return { ...r, body };
}
