/** What can go wrong talking to Segmind, as typed errors the UI turns into actionable messages. */

export type SegmindErrorKind =
  | 'auth' // 401/403: the key was rejected
  | 'credits' // 406: not enough credits
  | 'rateLimit' // 429
  | 'badRequest' // 400/422: the server refused the parameters
  | 'endpoint' // 404/405 or an unusable endpoint setting
  | 'server' // 5xx
  | 'network' // connection refused, reset or cut
  | 'timeout'
  | 'badResponse' // 200 with something that is not an image
  | 'cancelled';

export interface SegmindErrorDetails {
  readonly status?: number;
  /** What the server said, trimmed, when it said something readable. */
  readonly serverMessage?: string;
  /** When a rate limit ends (from `x-rate-limit-reset-at-utc`). */
  readonly retryAt?: Date;
  /** Balance when known (406 messages, `x-remaining-credits`). */
  readonly balance?: number;
  /**
   * True when the request may have reached the model and been billed even though no image came
   * back (a timeout or a connection cut after sending). Such a request is never retried automatically.
   */
  readonly mayHaveBeenBilled?: boolean;
  readonly cause?: unknown;
}

export class SegmindError extends Error {
  readonly kind: SegmindErrorKind;
  readonly details: SegmindErrorDetails;

  constructor(kind: SegmindErrorKind, message: string, details: SegmindErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SegmindError';
    this.kind = kind;
    this.details = details;
  }

  /** Errors where trying again later is the sensible next step. */
  get retryable(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout' || this.kind === 'rateLimit' || this.kind === 'badResponse';
  }
}
