/** What the page shows of a run's plan before it is sent: the shape the estimate needs, and a set's route line. */
import { setRoute, type SetRunPlan } from '../core/setPlan';
import type { SetSummary } from '../image/set/setTypes';
import type { PlanShape, SourceView } from '../shared/protocol';
import type { SessionSource } from './sessionSource';

/** The run's pictures (a file alone, or each cell of a set) as tiles: how many go seamless, how many repeat of themselves. */
interface TileCount {
  readonly pictures: number;
  readonly tiles: number;
  readonly repeats: number;
  /** What the pictures are: frames of one sheet or animation, files, or both. */
  readonly unit: 'frame' | 'file' | 'picture';
}

function countTiles(plan: SetRunPlan, usable: readonly SessionSource[]): TileCount {
  let pictures = 0, tiles = 0, repeats = 0, cells = 0;
  for (const source of usable) {
    const set = plan.sets.find((s) => s.sources.includes(source.id));
    const inCells = !!set && set.kind !== 'together' && !!source.set;
    const own: readonly { readonly seamless?: boolean; readonly repeats?: boolean }[] = set && source.set ? source.set.cells : [source.facts ?? {}];
    for (const picture of own) {
      pictures++;
      if (inCells) cells++;
      if (picture.seamless) tiles++;
      if (picture.repeats) repeats++;
    }
  }
  return { pictures, tiles, repeats, unit: cells === pictures && usable.length === 1 ? 'frame' : cells === 0 ? 'file' : 'picture' };
}

/** Why `auto` ticked Seamless tile, e.g. `Seamless: 3 of 8 frames repeat without a seam, so their variants will too`. */
function seamlessNoteOf(count: TileCount, sources: number): string | undefined {
  if (!count.tiles || !count.repeats) return undefined;
  if (count.repeats === count.pictures && sources === 1 && count.unit !== 'frame') return 'Seamless: the source repeats without a seam, so the variant will too';
  if (count.repeats === count.pictures) return `Seamless: every ${count.unit} repeats without a seam, so its variant will too`;
  return `Seamless: ${count.repeats} of ${count.pictures} ${count.unit}s repeat without a seam, so their variants will too`;
}

/** One variant's plan as the page's estimate, Together and Seamless checkboxes need it. */
export function planShapeOf(plan: SetRunPlan, sources: readonly SessionSource[], seamlessChosen: boolean): PlanShape {
  const usable = sources.filter((s) => !s.problem);
  const togetherOffered = usable.filter((s) => s.set?.kind === 'image').length > 1;
  const tiles = countTiles(plan, usable);
  const seamlessNote = seamlessChosen ? undefined : seamlessNoteOf(tiles, usable.length);
  return {
    calls: plan.requests.length,
    aloneCalls: plan.aloneCalls,
    cells: plan.cells ?? plan.images,
    unit: plan.unit ?? 'image',
    togetherOffered,
    together: plan.sets.some((s) => s.kind === 'together'),
    seamless: tiles.tiles > 0,
    ...(seamlessNote ? { seamlessNote } : {}),
  };
}

/** The planned route line of the set `source` is in, e.g. `8 frames → 1 call (2 × 4 cells of 256 px) → saved 256 × 32 PNG`. */
export function plannedSetRoute(plan: SetRunPlan, source: SessionSource | undefined): string | undefined {
  const summary = source?.set;
  const set = summary && plan.sets.find((s) => s.sources.includes(source.id));
  return set ? setRoute(set, { width: summary.width, height: summary.height, format: summary.format }, set.sources.indexOf(source.id)) : undefined;
}

/** What a source's card shows of its set: what was found (or why not), its planned route, its cells (those sent as tiles marked). */
export function setViewOf(info: SetSummary | undefined, route: string | undefined): SourceView['set'] {
  if (!info || !(info.description || info.problem || route)) return undefined;
  const cells = info.frames?.map((f, i) => (info.cells[i]?.seamless ? { ...f, seamless: true as const } : f));
  return { ...(info.description ? { description: info.description } : {}), ...(info.problem ? { problem: info.problem } : {}), ...(route ? { route } : {}), ...(cells ? { cells } : {}) };
}
