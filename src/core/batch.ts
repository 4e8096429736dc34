/**
 * Runs many generations concurrently while staying within the plan's rate limit: at most
 * `concurrency` at once, and at most `perMinute` started in any sliding 60-second window.
 */

export interface BatchOptions {
  readonly concurrency: number;
  readonly perMinute: number;
  readonly signal?: AbortSignal;
  /** Injected for tests; default Date.now and setTimeout. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type BatchOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

const WINDOW_MS = 60_000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sliding-window limiter: `acquire()` resolves when one more start fits in the window. */
export class RateWindow {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {}

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      while (this.starts.length && this.starts[0] <= now - WINDOW_MS) this.starts.shift();
      if (this.starts.length < this.perMinute) {
        this.starts.push(now);
        return;
      }
      await this.wait(this.starts[0] + WINDOW_MS - now, signal);
    }
  }
}

/** Runs `work` for every item; one failure does not stop the others. Outcomes keep the items' order. */
export async function runBatch<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: BatchOptions,
): Promise<BatchOutcome<R>[]> {
  const window = new RateWindow(Math.max(1, options.perMinute), options.now, options.sleep);
  const outcomes: BatchOutcome<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await window.acquire(options.signal);
        outcomes[index] = { ok: true, value: await work(items[index], index) };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return outcomes;
}
