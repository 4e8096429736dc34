/** Segmind's SD3 Turbo image-to-image API over undici. No `vscode` here: tested in plain Node. */
import type { Readable } from 'node:stream';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { parseCredits } from '../core/credits';
import { base64Ascii } from '../image/base64';
import { CREDITS_PATH, IMAGE_TO_IMAGE_PATH, checkEndpoint, endpointUrl } from '../core/endpoint';
import type { GenerationParams } from '../core/params';
import type { Generation } from '../core/restyleSequence';
import { SD3_TURBO } from '../models/sd3Turbo';
import { SegmindError } from './errors';
import { describeProxy, type ProxyDecision } from './proxy';
import { callCost, errorForStatus, imageFromSuccess, remainingCredits, requestIdOf, seedValue, type Headers } from './responses';

/** Answers larger than this are refused rather than held in memory (an SD3 image is a few MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const CREDITS_TIMEOUT_MS = 20_000;

export interface SegmindClientOptions {
  readonly endpoint: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** Ask for JSON with base64 (`base64: true`) instead of raw bytes. Both are handled. */
  readonly base64Response?: boolean;
  /** The proxy decision for the endpoint (src/api/proxy.ts); direct when absent. Ignored when `dispatcher` is given. */
  readonly proxy?: ProxyDecision;
  /** For tests: the undici dispatcher to use instead of the shared one for `proxy`. */
  readonly dispatcher?: Dispatcher;
  /** Receives one line per call for the log; never the key. */
  readonly log?: (line: string) => void;
}

/** What the service answered (the core's Generation), with the image as the Buffer it arrived in. */
export type GenerationResult = Generation & { readonly image: Buffer };

export interface CreditsResult {
  readonly credits: number;
  readonly freeCredits?: number;
}

/** A request body as parts written one after another, and its length. */
export interface RequestBody {
  readonly parts: readonly Uint8Array[];
  readonly length: number;
}

/**
 * The request body, exactly the documented fields: the JSON around the image and the image's base64
 * (encoded once, never through JSON.stringify), as three parts that go to the socket as they are. Never
 * a 9 MB string, never one joined copy: against curl on the same body that cost ~40 ms per 7 MB image.
 */
export function requestBody(image: Uint8Array, params: GenerationParams, base64Response: boolean, base64?: Uint8Array): RequestBody {
  const { fields } = SD3_TURBO;
  const rest = JSON.stringify({
    [fields.prompt]: params.prompt,
    [fields.strength]: params.strength,
    [fields.outputFormat]: params.format,
    [fields.base64]: base64Response,
  });
  const parts = [Buffer.from(`{"mode":"${fields.mode}","image":"`, 'latin1'), base64 ?? base64Ascii(image), Buffer.from(`",${rest.slice(1)}`, 'utf8')];
  return { parts, length: parts.reduce((n, p) => n + p.length, 0) };
}

function* partsOf(body: RequestBody): Generator<Uint8Array> {
  yield* body.parts;
}

/** The same body as one buffer (for tests and for tools that post a file). */
export function buildRequestBody(image: Uint8Array, params: GenerationParams, base64Response: boolean): Buffer {
  return Buffer.concat(requestBody(image, params, base64Response).parts);
}

const AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 16 } as const;
/** Dispatchers kept at most; the oldest is closed (gracefully: running requests finish) past this. */
const MAX_DISPATCHERS = 4;
const dispatchers = new Map<string, Dispatcher>();

/**
 * The shared undici dispatcher for a proxy decision, one per (proxy, credentials, strictSSL), kept so
 * connections are reused across clients: an Agent for direct connections, a ProxyAgent otherwise. The
 * ProxyAgent tunnels https targets with CONNECT and sends http targets (only a local endpoint can be
 * plain http) to an http proxy in absolute form (`proxyTunnel: false`), as curl does.
 */
export function dispatcherFor(decision: ProxyDecision | undefined): Dispatcher {
  const key = !decision || decision.kind === 'direct' ? 'direct' : JSON.stringify([decision.url.origin, decision.auth ?? '', decision.strictSSL]);
  let dispatcher = dispatchers.get(key);
  if (dispatcher) return dispatcher;
  if (!decision || decision.kind === 'direct') {
    dispatcher = new Agent(AGENT_OPTIONS);
  } else {
    // http.proxyStrictSSL: false is VS Code's switch for proxies that re-sign TLS with their own
    // certificate, so it relaxes the check of the tunnelled connection as well as the proxy's.
    const tls = decision.strictSSL ? undefined : { rejectUnauthorized: false };
    dispatcher = new ProxyAgent({
      ...AGENT_OPTIONS,
      uri: decision.url.origin,
      ...(decision.auth ? { token: decision.auth } : {}),
      proxyTunnel: false,
      ...(tls ? { proxyTls: tls, requestTls: tls } : {}),
    });
  }
  dispatchers.set(key, dispatcher);
  if (dispatchers.size > MAX_DISPATCHERS) {
    const [oldestKey, oldest] = dispatchers.entries().next().value!;
    dispatchers.delete(oldestKey);
    oldest.close().catch(() => undefined);
  }
  return dispatcher;
}

/** TLS certificate checks that failed: the request was never sent. */
const CERTIFICATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN']);
/** Codes meaning the request never left this machine, so it cannot have been billed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', ...CERTIFICATE_CODES]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export class SegmindClient {
  private readonly base: URL;

  constructor(private readonly options: SegmindClientOptions) {
    const check = checkEndpoint(options.endpoint);
    if (!check.ok) throw new SegmindError('endpoint', check.problem);
    this.base = check.base;
  }

  /**
   * Restyles `image` (the file's bytes; `base64`, when given, is their base64 prepared ahead).
   * Cancelled through `signal`; times out after `timeoutMs`.
   */
  async generate(image: Uint8Array, params: GenerationParams, signal?: AbortSignal, base64?: Uint8Array): Promise<GenerationResult> {
    const started = Date.now();
    const body = requestBody(image, params, this.options.base64Response ?? false, base64);
    const answer = await this.call('POST', IMAGE_TO_IMAGE_PATH, this.options.timeoutMs, signal, body);
    const { bytes, format } = imageFromSuccess(answer.headers, answer.body);
    return {
      image: bytes,
      format,
      remainingCredits: remainingCredits(answer.headers),
      requestId: requestIdOf(answer.headers),
      cost: callCost(answer.headers),
      seed: seedValue(answer.headers),
      elapsedMs: Date.now() - started,
    };
  }

  /** The account's balance from `GET /v1/get-user-credits`. */
  async getCredits(signal?: AbortSignal): Promise<CreditsResult> {
    let answer;
    try {
      answer = await this.call('GET', CREDITS_PATH, CREDITS_TIMEOUT_MS, signal);
    } catch (error) {
      // "No credits found for the user" (404): a valid key whose account has no balance record yet.
      if (error instanceof SegmindError && error.details.status === 404 && /no credits/i.test(error.details.serverMessage ?? '')) {
        return { credits: 0 };
      }
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new SegmindError('badResponse', 'The credits endpoint did not answer JSON: check the restyle.endpoint setting.', { status: answer.status });
    }
    const record = (json ?? {}) as Record<string, unknown>;
    const credits = parseCredits(record.credits);
    if (credits === undefined) {
      throw new SegmindError('badResponse', 'The credits endpoint answered without a readable balance.', { status: answer.status });
    }
    return { credits, freeCredits: parseCredits(record['free-credits']) };
  }

  /** The proxy requests go through, when they do (not when a test hands in its own dispatcher). */
  private get viaProxy(): Extract<ProxyDecision, { kind: 'proxy' }> | undefined {
    const proxy = this.options.proxy;
    return !this.options.dispatcher && proxy?.kind === 'proxy' ? proxy : undefined;
  }

  private async call(method: 'GET' | 'POST', apiPath: string, timeoutMs: number, signal: AbortSignal | undefined, body?: RequestBody) {
    const url = endpointUrl(this.base, apiPath);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const log = this.options.log ?? (() => undefined);
    const started = Date.now();
    const proxy = this.viaProxy;
    let sent = false;
    try {
      const response = await request(url, {
        dispatcher: this.options.dispatcher ?? dispatcherFor(this.options.proxy),
        method,
        signal: combined,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          'x-api-key': this.options.apiKey,
          accept: 'image/*, application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(body.length) }),
        },
        // An iterable of the parts (undici writes each as it comes; its .d.ts lists only streams).
        body: body && (partsOf(body) as unknown as Readable),
      });
      sent = true;
      if (proxy && response.statusCode === 407) {
        response.body.destroy();
        throw proxyError(proxy, url, 407);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          response.body.destroy();
          throw new SegmindError('badResponse', `Segmind's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB; refusing it.`, { status: response.statusCode, mayHaveBeenBilled: true });
        }
        chunks.push(chunk as Buffer);
      }
      const answer = { status: response.statusCode, headers: response.headers as Headers, body: Buffer.concat(chunks, size) };
      log(`${method} ${url.pathname} → ${answer.status} (${answer.body.length} bytes, ${answer.headers['content-type'] ?? 'no content-type'}) in ${Date.now() - started} ms`);
      if (answer.status < 200 || answer.status > 299) throw errorForStatus(answer.status, answer.headers, answer.body);
      return answer;
    } catch (error) {
      if (error instanceof SegmindError) throw error;
      const code = errorCode(error);
      log(`${method} ${url.pathname}${proxy ? ` ${describeProxy(proxy)}` : ''} failed after ${Date.now() - started} ms: ${code ?? ''} ${error instanceof Error ? error.message : String(error)}${sent ? ' (while reading the answer)' : ''}`);
      // Refused by the proxy (407, or a CONNECT answered with another status): it never reached Segmind.
      const refusal = proxy && !sent ? proxyRefusalStatus(error) : undefined;
      if (proxy && refusal !== undefined) throw proxyError(proxy, url, refusal, error);
      const mayHaveBeenBilled = method === 'POST' && !NOT_SENT_CODES.has(code ?? '');
      const billedNote = mayHaveBeenBilled ? ' It may still have been billed: check the credits before trying again.' : '';
      if (signal?.aborted) throw new SegmindError('cancelled', 'Cancelled.', { cause: error, mayHaveBeenBilled });
      if (timeout.aborted || /timeout/i.test(code ?? '')) {
        throw new SegmindError('timeout', `No answer from Segmind within ${Math.round(timeoutMs / 1000)} s.${billedNote}`, { cause: error, mayHaveBeenBilled });
      }
      // Through a proxy, this machine only ever connects to the proxy: failing to connect is about the proxy.
      const where = proxy ? ` Check ${proxySource(proxy)}.` : '';
      const what = code === 'ECONNREFUSED' ? `Could not connect to ${proxy ? `the proxy ${proxy.url.host}` : url.host} (connection refused).${where}`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? (proxy ? `Could not find the proxy ${proxy.url.hostname}.${where}` : `Could not find ${url.hostname}: check your network and the restyle.endpoint setting.`)
        : code !== undefined && CERTIFICATE_CODES.has(code) ? certificateProblem(url, proxy, code)
        : `The connection to ${url.host} was cut${sent ? ' while the image was arriving' : ''}.`;
      throw new SegmindError('network', `${what}${billedNote}`, { cause: error, mayHaveBeenBilled });
    }
  }
}

function certificateProblem(url: URL, proxy: Extract<ProxyDecision, { kind: 'proxy' }> | undefined, code: string): string {
  if (!proxy) return `The certificate of ${url.host} could not be verified (${code}).`;
  return `The certificate of the proxy ${proxy.url.host} or of ${url.host} could not be verified (${code}). A proxy that re-signs TLS needs its certificate trusted, or the http.proxyStrictSSL setting turned off.`;
}

function proxySource(proxy: Extract<ProxyDecision, { kind: 'proxy' }>): string {
  return proxy.source === 'env' ? 'the HTTPS_PROXY/HTTP_PROXY environment variable' : 'the http.proxy setting';
}

/** The status with which a proxy turned a request away, read from undici's errors (CONNECT tunnel or absolute form). */
function proxyRefusalStatus(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const tunnel = /Proxy response \((\d{3})\) !== 200/.exec(e.message);
    if (tunnel) return Number(tunnel[1]);
    if (/Proxy Authentication Required \(407\)/.test(e.message)) return 407;
  }
  return undefined;
}

/** A request the proxy refused: about the proxy (its address, never its password), not the API key; never billed. */
function proxyError(proxy: Extract<ProxyDecision, { kind: 'proxy' }>, url: URL, status: number, cause?: unknown): SegmindError {
  const message = status === 407
    ? proxy.auth
      ? `The proxy ${proxy.url.host} rejected its user name and password (407 Proxy Authentication Required). Check the credentials in ${proxySource(proxy)} (http://user:password@host:port).`
      : `The proxy ${proxy.url.host} asks for a user name and password (407 Proxy Authentication Required). Put them in ${proxySource(proxy)} as http://user:password@host:port.`
    : `The proxy ${proxy.url.host} refused to connect to ${url.host} (${status}). Check ${proxySource(proxy)} and http.noProxy.`;
  return new SegmindError('network', message, { status, mayHaveBeenBilled: false, ...(cause === undefined ? {} : { cause }) });
}
