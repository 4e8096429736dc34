/** Turns an HTTP answer from Segmind into image bytes or a typed error. Pure: no network here. */
import { parseCredits } from '../core/credits';
import { sniffImageFormat, type ImageFormat } from '../core/imageInfo';
import { SD3_TURBO } from '../models/sd3Turbo';
import { SegmindError } from './errors';

export type Headers = Record<string, string | string[] | undefined>;

export interface AnsweredImage {
  readonly bytes: Buffer;
  readonly format: ImageFormat;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function contentType(headers: Headers): string {
  return (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Balance after this call from `x-remaining-credits`; undefined when missing or garbage. */
export function remainingCredits(headers: Headers): number | undefined {
  return parseCredits(header(headers, 'x-remaining-credits'));
}

/** What this call cost, from `x-cost`, when the service says. */
export function callCost(headers: Headers): number | undefined {
  return parseCredits(header(headers, 'x-cost'));
}

/** The seed the model used, from `x-seed-value`: a whole number, else undefined. */
export function seedValue(headers: Headers): number | undefined {
  const value = header(headers, 'x-seed-value')?.trim();
  return value && /^-?\d{1,16}$/.test(value) ? Number(value) : undefined;
}

/** The request id, from `x-request-id`: short printable text only. */
export function requestIdOf(headers: Headers): string | undefined {
  const value = header(headers, 'x-request-id')?.trim();
  return value && /^[\x21-\x7e]{1,128}$/.test(value) ? value : undefined;
}

function looksLikeHtml(body: Buffer): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body.subarray(0, 200).toString('utf8'));
}

/** The server's own words from a JSON error body, or a short note about what came instead. */
export function serverMessage(headers: Headers, body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  if (!text) return undefined;
  if (contentType(headers) === 'text/html' || looksLikeHtml(body)) return undefined;
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json === 'string') return json.slice(0, 500);
    if (json && typeof json === 'object') {
      for (const key of ['error', 'message', 'detail', 'msg']) {
        const value = (json as Record<string, unknown>)[key];
        if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 500);
      }
    }
    return undefined;
  } catch {
    return text.length <= 300 && !/[<>]/.test(text) ? text : undefined;
  }
}

/** "Balance: 0.05" in a 406 message, when the header did not tell. */
function balanceFrom(message: string | undefined): number | undefined {
  const match = message?.match(/balance[^0-9]*([0-9]+(?:\.[0-9]+)?)/i);
  return match ? parseCredits(match[1]) : undefined;
}

function retryAtFrom(headers: Headers): Date | undefined {
  const value = header(headers, 'x-rate-limit-reset-at-utc') ?? header(headers, 'retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return new Date(Date.now() + Number(value) * 1000);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Maps a non-2xx answer to a typed error with a message a user can act on. */
export function errorForStatus(status: number, headers: Headers, body: Buffer): SegmindError {
  const said = serverMessage(headers, body);
  const saidSuffix = said ? ` The server said: "${said}"` : '';
  const details = { status, serverMessage: said };
  switch (true) {
    case status === 401 || status === 403:
      return new SegmindError('auth', status === 401 ? 'Segmind rejected the API key.' : `This API key is not allowed to use ${SD3_TURBO.title}.`, details);
    case status === 406: {
      if (said && /content.?type/i.test(said)) {
        return new SegmindError('badRequest', `Segmind refused the request (406).${saidSuffix}`, details);
      }
      const balance = remainingCredits(headers) ?? balanceFrom(said);
      const balanceNote = balance === undefined ? '' : ` Balance: ${balance.toFixed(2)} credits.`;
      return new SegmindError('credits', `Not enough Segmind credits for this generation.${balanceNote} Top up at segmind.com.`, { ...details, balance });
    }
    case status === 429: {
      const retryAt = retryAtFrom(headers);
      const when = retryAt ? ` Try again after ${retryAt.toLocaleTimeString()}.` : ' Wait a minute and try again.';
      return new SegmindError('rateLimit', `Segmind's rate limit was reached.${when}`, { ...details, retryAt });
    }
    case status === 400 || status === 422 || status === 413:
      return new SegmindError('badRequest', `Segmind refused the request (${status}).${saidSuffix || ' It gave no reason.'}`, details);
    case status === 404 || status === 405:
      return new SegmindError('endpoint', `The endpoint answered ${status}: check the restyle.endpoint setting (it should be https://api.segmind.com).`, details);
    case status >= 500:
      return new SegmindError('server', `Segmind had a problem (${status}). Failed calls are not billed; try again.`, details);
    default:
      return new SegmindError('badResponse', `Unexpected answer from Segmind (${status}).${saidSuffix}`, details);
  }
}

function decodeBase64Image(value: string): Buffer | undefined {
  const b64 = value.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
  if (!b64 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return undefined;
  return Buffer.from(b64, 'base64');
}

/** The base64 image in a JSON answer: `{"image": …}`, `{"images": […]}` or a bare string. */
function imageFromJson(json: unknown): Buffer | undefined {
  if (typeof json === 'string') return decodeBase64Image(json);
  if (!json || typeof json !== 'object') return undefined;
  const record = json as Record<string, unknown>;
  for (const key of ['image', 'images', 'output', 'data']) {
    const value = record[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') {
      const bytes = decodeBase64Image(first);
      if (bytes) return bytes;
    }
  }
  return undefined;
}

const BILLED_NOTE = 'The call may have been billed.';

/** Reads a 200 answer: raw image bytes, or JSON carrying base64. Anything else is a clear error. */
export function imageFromSuccess(headers: Headers, body: Buffer): AnsweredImage {
  const type = contentType(headers);
  let bytes: Buffer | undefined = body;
  if (type === 'application/json' || (!type.startsWith('image/') && /^\s*[{"]/.test(body.subarray(0, 10).toString('utf8')))) {
    try {
      bytes = imageFromJson(JSON.parse(body.toString('utf8')));
    } catch {
      bytes = undefined;
    }
    if (!bytes) {
      return fail(`Segmind answered JSON without an image in a form Restyle understands. ${BILLED_NOTE}`);
    }
  } else if (looksLikeHtml(body)) {
    return fail(`Segmind answered a web page instead of an image (a proxy or the endpoint setting may be wrong). ${BILLED_NOTE}`);
  }
  const format = bytes.length ? sniffImageFormat(bytes) : undefined;
  if (!format) {
    return fail(`Segmind's answer is not a PNG or JPEG image (${body.length} bytes of ${type || 'unknown type'}). ${BILLED_NOTE}`);
  }
  return { bytes, format };

  function fail(message: string): never {
    throw new SegmindError('badResponse', message, { status: 200, mayHaveBeenBilled: true });
  }
}
