import * as assert from 'node:assert/strict';
import { RateWindow, runBatch } from '../../src/core/batch';

/** A fake clock: sleeping advances time at once, so minute-long windows test in milliseconds. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

describe('batching within the rate limit', () => {
  it('runs at most `concurrency` at once and keeps the order of outcomes', async () => {
    let active = 0;
    let peak = 0;
    const outcomes = await runBatch(
      [1, 2, 3, 4, 5, 6],
      async (n) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5 * (7 - n)));
        active--;
        return n * 10;
      },
      { concurrency: 3, perMinute: 100 },
    );
    assert.equal(peak, 3);
    assert.deepEqual(outcomes.map((o) => (o.ok ? o.value : o.error)), [10, 20, 30, 40, 50, 60]);
  });

  it('keeps going when one item fails', async () => {
    const outcomes = await runBatch([1, 2, 3], async (n) => {
      if (n === 2) throw new Error('boom');
      return n;
    }, { concurrency: 2, perMinute: 100 });
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true]);
  });

  it('starts no more than perMinute calls in any 60 s window', async () => {
    const clock = fakeClock();
    const starts: number[] = [];
    await runBatch(Array.from({ length: 12 }, (_, i) => i), async () => {
      starts.push(clock.now());
    }, { concurrency: 4, perMinute: 5, now: clock.now, sleep: clock.sleep });
    assert.equal(starts.length, 12);
    for (const t of starts) assert.ok(starts.filter((s) => s > t - 60_000 && s <= t).length <= 5, `window at ${t}`);
    assert.deepEqual(starts, [0, 0, 0, 0, 0, 60_000, 60_000, 60_000, 60_000, 60_000, 120_000, 120_000]);
  });

  it('a window frees slots as old starts age out', async () => {
    const clock = fakeClock();
    const window = new RateWindow(2, clock.now, clock.sleep);
    await window.acquire();
    clock.advance(30_000);
    await window.acquire();
    await window.acquire(); // waits until the first start is 60 s old
    assert.equal(clock.now(), 60_000);
    assert.deepEqual(clock.sleeps, [30_000]);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const window = new RateWindow(1);
    await window.acquire();
    const waiting = window.acquire(controller.signal);
    controller.abort(new Error('cancelled by user'));
    await assert.rejects(waiting, /cancelled by user/);
  });
});
