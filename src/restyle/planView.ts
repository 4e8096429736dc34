/** What the page shows of a run's plan before it is sent: the shape the estimate needs, and a set's route line. */
import { setRoute, type SetRunPlan } from '../core/setPlan';
import type { PlanShape } from '../shared/protocol';
import type { SessionSource } from './sessionSource';

/** One variant's plan as the page's estimate, Together and Seamless checkboxes need it. */
export function planShapeOf(plan: SetRunPlan, sources: readonly SessionSource[], seamlessChosen: boolean): PlanShape {
  const usable = sources.filter((s) => !s.problem);
  const togetherOffered = usable.filter((s) => s.set?.kind === 'image').length > 1;
  const seamless = usable.some((s) => s.facts?.seamless);
  const seamlessNote = seamless && !seamlessChosen && usable.some((s) => s.facts?.repeats) ? 'Seamless: the source repeats without a seam, so the variant will too' : undefined;
  return {
    calls: plan.requests.length,
    aloneCalls: plan.aloneCalls,
    cells: plan.cells ?? plan.images,
    unit: plan.unit ?? 'image',
    togetherOffered,
    together: plan.sets.some((s) => s.kind === 'together'),
    seamless,
    ...(seamlessNote ? { seamlessNote } : {}),
  };
}

/** The planned route line of the set `source` is in, e.g. `8 frames → 1 call (2 × 4 cells of 256 px) → saved 256 × 32 PNG`. */
export function plannedSetRoute(plan: SetRunPlan, source: SessionSource | undefined): string | undefined {
  const summary = source?.set;
  const set = summary && plan.sets.find((s) => s.sources.includes(source.id));
  return set ? setRoute(set, { width: summary.width, height: summary.height, format: summary.format }) : undefined;
}
