/** The cost of a run before it is spent: calls × the price per call, learned from the service. */

import type { RestylePlan } from './restylePlan';

export const DEFAULT_PRICE_PER_IMAGE = 0.08;

export interface RunEstimate {
  readonly images: number;
  readonly variants: number;
  readonly calls: number;
  readonly cost: number;
  readonly balance?: number;
  /** `3 images × 2 variants ≈ 0.48 credits · balance 12.30` */
  readonly text: string;
  /** True when the estimate is more than the known balance. */
  readonly exceedsBalance: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function estimateRun(images: number, variants: number, pricePerCall: number, balance?: number): RunEstimate {
  const calls = images * variants;
  const cost = calls * pricePerCall;
  const balanceText = balance === undefined ? '' : ` · balance ${balance.toFixed(2)}`;
  return {
    images,
    variants,
    calls,
    cost,
    balance,
    text: `${plural(images, 'image')} × ${plural(variants, 'variant')} ≈ ${cost.toFixed(2)} credits${balanceText}`,
    exceedsBalance: balance !== undefined && cost > balance + 1e-9,
  };
}

/** The estimate of a plan: what its calls cost, and (for sets) what going one at a time would. */
export function estimatePlan(plan: RestylePlan, pricePerCall: number, balance?: number): RunEstimate {
  const single = estimateRun(plan.images, plan.variants, pricePerCall, balance);
  if (plan.requests.length === plan.aloneCalls) return single;
  const calls = plan.requests.length;
  const cost = calls * pricePerCall;
  const balanceText = balance === undefined ? '' : ` · balance ${balance.toFixed(2)}`;
  const what = plan.variants === 1 ? plural(plan.cells ?? plan.images, plan.unit ?? 'image') : `${plural(plan.cells ?? plan.images, plan.unit ?? 'image')} × ${plural(plan.variants, 'variant')}`;
  return {
    ...single,
    calls,
    cost,
    text: `${what} in ${plural(calls, 'call')} ≈ ${cost.toFixed(2)} credits (one at a time: ${(plan.aloneCalls * pricePerCall).toFixed(2)})${balanceText}`,
    exceedsBalance: balance !== undefined && cost > balance + 1e-9,
  };
}

/** The estimate from a plan's shape (one variant's calls) and the number of variants: what the page shows. */
export function estimateShape(shape: { calls: number; aloneCalls: number; cells: number; unit: string }, images: number, variants: number, pricePerCall: number, balance?: number): RunEstimate {
  const requests = Array.from({ length: shape.calls * variants }, () => ({ kind: 'single' as const, source: 0 }));
  return estimatePlan({ requests, images, variants, aloneCalls: shape.aloneCalls * variants, cells: shape.cells, unit: shape.unit }, pricePerCall, balance);
}

/** Why a run needs the user's yes before anything is sent, or undefined when it does not. */
export function confirmationReason(estimate: RunEstimate, confirmAbove: number): string | undefined {
  if (estimate.exceedsBalance) return `This run would cost about ${estimate.cost.toFixed(2)} credits, more than your balance of ${estimate.balance!.toFixed(2)}.`;
  if (estimate.cost > confirmAbove + 1e-9) return `This run would cost about ${estimate.cost.toFixed(2)} credits (${estimate.calls} calls), more than restyle.confirmAbove (${confirmAbove.toFixed(2)}).`;
  return undefined;
}

/**
 * The price per call as last observed: the `x-cost` header when the service sends one, else the
 * drop in balance across a single call; implausible values (free, negative, > 100) are ignored.
 */
export function learnPrice(previous: number | undefined, observed: { cost?: number; balanceBefore?: number; balanceAfter?: number }): number | undefined {
  const plausible = (n: number | undefined) => n !== undefined && Number.isFinite(n) && n > 0 && n <= 100;
  if (plausible(observed.cost)) return observed.cost;
  if (observed.balanceBefore !== undefined && observed.balanceAfter !== undefined) {
    const drop = Math.round((observed.balanceBefore - observed.balanceAfter) * 1e6) / 1e6;
    if (plausible(drop)) return drop;
  }
  return previous;
}
