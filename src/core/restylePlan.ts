/**
 * One restyle as a plan: the requests it sends (each one call) and what each brings back. Built here,
 * in the pure core, before anything is sent, so the estimate, the confirmation and the run all count
 * the same calls. A single file is one request; the cells of a set share plates (see setPlan.ts).
 */

export type PlannedRequest =
  /** One file, sent alone; its answer becomes one variant of it. */
  | { readonly kind: 'single'; readonly source: number }
  /** A plate: several cells on one request; its answer is cut back into each of `sources`' cells. */
  | { readonly kind: 'plate'; readonly set: number; readonly plate: number; readonly sources: readonly number[] };

export interface RestylePlan {
  readonly requests: readonly PlannedRequest[];
  /** Sources restyled (files, sheets or animations count one each). */
  readonly images: number;
  readonly variants: number;
  /** Calls if every image (every cell of a set) went alone: what plates save. */
  readonly aloneCalls: number;
  /** For sets: how many cells travel, and what they are called (`sprites`, `frames`). */
  readonly cells?: number;
  readonly unit?: string;
}

/** Every source alone, `variants` times. */
export function planSingles(sources: readonly number[], variants: number): RestylePlan {
  const requests = Array.from({ length: variants }, () => sources.map((source): PlannedRequest => ({ kind: 'single', source }))).flat();
  return { requests, images: sources.length, variants, aloneCalls: requests.length };
}

/** The sources a request brings variants of. */
export function sourcesOf(request: PlannedRequest): readonly number[] {
  return request.kind === 'single' ? [request.source] : request.sources;
}

/** Every source the plan restyles, once each, in the order of their first request. */
export function plannedSources(plan: RestylePlan): number[] {
  return [...new Set(plan.requests.flatMap(sourcesOf))];
}
