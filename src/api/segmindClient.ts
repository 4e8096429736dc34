/** Segmind's SD3 Turbo image-to-image API over undici. No `vscode` here: tested in plain Node. */
import type { Dispatcher } from 'undici';
import Agent = require('undici/lib/dispatcher/agent');
import dispatchRequest = require('undici/lib/api/api-request');
import { parseCredits } from '../core/credits';
import { CREDITS_PATH, IMAGE_TO_IMAGE_PATH, checkEndpoint, endpointUrl } from '../core/endpoint';
import type { ImageFormat } from '../core/imageInfo';
import type { GenerationParams } from '../core/params';
import { SegmindError } from './errors';
import { errorForStatus, imageFromSuccess, remainingCredits, type Headers } from './responses';

/** Answers larger than this are refused rather than held in memory (an SD3 image is a few MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const CREDITS_TIMEOUT_MS = 20_000;

export interface SegmindClientOptions {
  readonly endpoint: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** Ask for JSON with base64 (`base64: true`) instead of raw bytes. Both are handled. */
  readonly base64Response?: boolean;
  readonly dispatcher?: Dispatcher;
  /** Receives one line per call for the log; never the key. */
  readonly log?: (line: string) => void;
}

export interface GenerationResult {
  readonly image: Buffer;
  readonly format: ImageFormat;
  readonly remainingCredits?: number;
  readonly requestId?: string;
  readonly elapsedMs: number;
}

export interface CreditsResult {
  readonly credits: number;
  readonly freeCredits?: number;
}

/** The request body, exactly the documented fields. The base64 is spliced in so the image is encoded once. */
export function buildRequestBody(image: Uint8Array, params: GenerationParams, base64Response: boolean): string {
  const rest = JSON.stringify({
    prompt: params.prompt,
    strength: params.strength,
    output_format: params.format,
    base64: base64Response,
  });
  const b64 = Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString('base64');
  return `{"mode":"image-to-image","image":"${b64}",${rest.slice(1)}`;
}

let sharedAgent: Agent | undefined;
function defaultDispatcher(): Dispatcher {
  return (sharedAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 16 }));
}

/** Codes meaning the request never left this machine, so it cannot have been billed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']);

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

  /** Restyles `image` (the file's bytes). Cancelled through `signal`; times out after `timeoutMs`. */
  async generate(image: Uint8Array, params: GenerationParams, signal?: AbortSignal): Promise<GenerationResult> {
    const started = Date.now();
    const body = buildRequestBody(image, params, this.options.base64Response ?? false);
    const answer = await this.call('POST', IMAGE_TO_IMAGE_PATH, this.options.timeoutMs, signal, body);
    const { bytes, format } = imageFromSuccess(answer.headers, answer.body);
    const requestId = answer.headers['x-request-id'];
    return {
      image: bytes,
      format,
      remainingCredits: remainingCredits(answer.headers),
      requestId: typeof requestId === 'string' ? requestId : undefined,
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

  private async call(method: 'GET' | 'POST', apiPath: string, timeoutMs: number, signal: AbortSignal | undefined, body?: string) {
    const url = endpointUrl(this.base, apiPath);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const log = this.options.log ?? (() => undefined);
    const started = Date.now();
    let sent = false;
    try {
      const response = await dispatchRequest.call(this.options.dispatcher ?? defaultDispatcher(), {
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        signal: combined,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          'x-api-key': this.options.apiKey,
          accept: 'image/*, application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
      });
      sent = true;
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
      const mayHaveBeenBilled = method === 'POST' && !NOT_SENT_CODES.has(code ?? '');
      const billedNote = mayHaveBeenBilled ? ' It may still have been billed: check the credits before trying again.' : '';
      log(`${method} ${url.pathname} failed after ${Date.now() - started} ms: ${code ?? ''} ${error instanceof Error ? error.message : String(error)}${sent ? ' (while reading the answer)' : ''}`);
      if (signal?.aborted) throw new SegmindError('cancelled', 'Cancelled.', { cause: error, mayHaveBeenBilled });
      if (timeout.aborted || /timeout/i.test(code ?? '')) {
        throw new SegmindError('timeout', `No answer from Segmind within ${Math.round(timeoutMs / 1000)} s.${billedNote}`, { cause: error, mayHaveBeenBilled });
      }
      const what = code === 'ECONNREFUSED' ? `Could not connect to ${url.host} (connection refused).`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `Could not find ${url.hostname}: check your network and the restyle.endpoint setting.`
        : `The connection to ${url.host} was cut${sent ? ' while the image was arriving' : ''}.`;
      throw new SegmindError('network', `${what}${billedNote}`, { cause: error, mayHaveBeenBilled });
    }
  }
}
