/**
 * Runs a plan's requests within the rate limit, cancellable as a whole or one file at a time, and
 * sorts the outcomes into what was saved and what failed, per source. The session shows the states.
 */
import { SegmindError } from '../api/errors';
import { runBatch } from '../core/batch';
import { plannedSources, sourcesOf, type PlannedRequest, type RestylePlan } from '../core/restylePlan';
import type { RestyledFile } from '../core/restyleSequence';
import type { SessionSource, SessionState } from './sessionSource';

export interface RunFailure {
  readonly source: SessionSource;
  readonly error: unknown;
}

export interface RunOutcome {
  readonly saved: RestyledFile[];
  readonly failures: RunFailure[];
}

export interface RunHooks {
  readonly setState: (source: SessionSource, state: SessionState) => void;
  /** Sends one planned request and saves what it brings; `alone` when no other call ran meanwhile. */
  readonly send: (request: PlannedRequest, signal: AbortSignal, onSaved: (source: SessionSource, restyled: RestyledFile, alone: boolean) => void) => Promise<RestyledFile[]>;
  readonly recordSaved: (source: SessionSource, restyled: RestyledFile, alone: boolean) => void;
  readonly batch: { readonly concurrency: number; readonly perMinute: number };
}

export function cancelledError(error: unknown, cancelled: boolean): unknown {
  return cancelled && !(error instanceof SegmindError) ? new SegmindError('cancelled', 'Cancelled.') : error;
}

export async function runPlan(plan: RestylePlan, sources: readonly SessionSource[], controller: AbortController, hooks: RunHooks): Promise<RunOutcome> {
  const targets = plannedSources(plan).map((id) => sources[id]);
  const finished = new Map<SessionSource, number>();
  const total = new Map<SessionSource, number>();
  for (const request of plan.requests) for (const id of sourcesOf(request)) total.set(sources[id], (total.get(sources[id]) ?? 0) + 1);
  let inFlight = 0;
  const startedAt = Date.now();
  for (const source of targets) {
    source.results = [];
    source.cancel = new AbortController();
    hooks.setState(source, { kind: 'queued' });
  }
  const outcomes = await runBatch(
    plan.requests,
    async (request) => {
      const mine = sourcesOf(request).map((id) => sources[id]);
      // One file's Cancel stops its own request; a plate carries other files too, so only the whole run's Cancel stops it.
      const signal = mine.length === 1 ? AbortSignal.any([controller.signal, mine[0].cancel!.signal]) : controller.signal;
      signal.throwIfAborted();
      for (const source of mine) hooks.setState(source, { kind: 'running', startedAt, finished: finished.get(source) ?? 0, total: total.get(source) ?? 1 });
      const alone = inFlight++ === 0;
      try {
        return await hooks.send(request, signal, (source, restyled, stillAlone) => hooks.recordSaved(source, restyled, alone && stillAlone && inFlight === 1));
      } finally {
        inFlight--;
        for (const source of mine) {
          finished.set(source, (finished.get(source) ?? 0) + 1);
          if (source.state.kind === 'running') hooks.setState(source, { ...source.state, finished: finished.get(source)! });
        }
      }
    },
    { ...hooks.batch, signal: controller.signal },
  );
  const saved: RestyledFile[] = [];
  const failures: RunFailure[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.ok) {
      saved.push(...outcome.value);
      continue;
    }
    for (const id of sourcesOf(plan.requests[i])) {
      const source = sources[id];
      failures.push({ source, error: cancelledError(outcome.error, controller.signal.aborted || !!source.cancel?.signal.aborted) });
    }
  }
  return { saved, failures };
}
