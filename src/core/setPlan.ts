/**
 * Plans a run whose sources include sets: a sheet's or an animation's frames, or several small files
 * restyled together, are packed onto plates (one request each) by the plate layout; everything
 * else goes alone, as before. Pure: the worker's summaries and the settings in, the plan out.
 */
import { layoutPlates } from '../image/plate/plateLayout';
import type { CellRef, CellShape, SetKind, SetPlates, SetSummary } from '../image/set/setTypes';
import { tileInfo } from '../image/tile/tilePlan';
import type { PlannedRequest, RestylePlan } from './restylePlan';

export type TogetherSetting = 'auto' | 'always' | 'never';

/** Sources of at most this long a side go together under `restyle.together: auto`; larger ones alone. */
export const TOGETHER_AUTO_MAX_SIDE = 256;

export interface PlanSource {
  readonly id: number;
  /** What the worker read of it; undefined when it was not inspected (a JPEG, a file that failed). */
  readonly summary?: SetSummary;
}

export interface SetPlanOptions {
  readonly variants: number;
  readonly cellPixels: number;
  readonly together: TogetherSetting;
  /** The panel's checkbox, when the user set it; otherwise `together` decides. */
  readonly togetherChecked?: boolean;
}

export interface PlannedSet {
  readonly kind: SetKind | 'together';
  /** Source ids, in the order of the set's members. */
  readonly sources: readonly number[];
  readonly plates: SetPlates;
  /** Per member (same order as `sources`): how many of its cells go as seamless tiles; absent when none does. */
  readonly tiles?: readonly number[];
}

export interface SetRunPlan extends RestylePlan {
  readonly sets: readonly PlannedSet[];
}

function isSet(summary: SetSummary | undefined): boolean {
  return summary !== undefined && summary.kind !== 'image' && summary.cells.length > 1;
}

/** Whether these single pictures go on shared plates. */
export function goesTogether(sources: readonly PlanSource[], options: Pick<SetPlanOptions, 'together' | 'togetherChecked'>): boolean {
  const pictures = sources.filter((s) => s.summary?.kind === 'image');
  if (pictures.length < 2) return false;
  if (options.togetherChecked !== undefined) return options.togetherChecked;
  if (options.together !== 'auto') return options.together === 'always';
  return pictures.every((s) => Math.max(s.summary!.width, s.summary!.height) <= TOGETHER_AUTO_MAX_SIDE);
}

/** A cell as the plate lays it out: a seamless tile takes the room of its wrap-around. */
function onPlate(cell: CellShape): CellShape {
  return cell.seamless ? { ...cell, ...tileInfo(cell).padded } : cell;
}

function platesFor(cells: readonly CellShape[], refs: readonly CellRef[], cellPixels: number): SetPlates {
  return { layouts: layoutPlates(cells.map(onPlate), { cellPixels }), refs };
}

/** Each member's count of seamless cells, or nothing when there is none. */
function tilesOf(members: readonly SetSummary[]): { tiles?: number[] } {
  const tiles = members.map((m) => m.cells.filter((c) => c.seamless).length);
  return tiles.some((n) => n > 0) ? { tiles } : {};
}

export function planRun(sources: readonly PlanSource[], options: SetPlanOptions): SetRunPlan {
  const sets: PlannedSet[] = [];
  const singles: number[] = [];
  for (const source of sources) {
    if (isSet(source.summary)) {
      const cells = source.summary!.cells;
      sets.push({ kind: source.summary!.kind, sources: [source.id], plates: platesFor(cells, cells.map((_, cell) => ({ member: 0, cell })), options.cellPixels), ...tilesOf([source.summary!]) });
    }
  }
  const pictures = sources.filter((s) => !isSet(s.summary));
  if (goesTogether(pictures, options)) {
    const together = pictures.filter((s) => s.summary?.kind === 'image');
    singles.push(...pictures.filter((s) => s.summary?.kind !== 'image').map((s) => s.id));
    const all = platesFor(together.map((s) => s.summary!.cells[0]), together.map((_, member) => ({ member, cell: 0 })), options.cellPixels);
    // Each plate is a set of its own: a failed plate costs only the sprites on it.
    for (const layout of all.layouts) {
      const members = layout.placements.map((p) => p.cell);
      const placements = layout.placements.map((p, i) => ({ ...p, cell: i }));
      const plates = { layouts: [{ ...layout, placements }], refs: members.map((_, member) => ({ member, cell: 0 })) };
      sets.push({ kind: 'together', sources: members.map((m) => together[m].id), plates, ...tilesOf(members.map((m) => together[m].summary!)) });
    }
  } else {
    singles.push(...pictures.map((s) => s.id));
  }
  const requests: PlannedRequest[] = [];
  const variantSets: PlannedSet[] = [];
  for (let v = 0; v < options.variants; v++) {
    for (const source of singles) requests.push({ kind: 'single', source });
    for (const set of sets) {
      const index = variantSets.push(set) - 1;
      set.plates.layouts.forEach((_, plate) => requests.push({ kind: 'plate', set: index, plate, sources: set.sources }));
    }
  }
  const cells = singles.length + sets.reduce((n, s) => n + s.plates.refs.length, 0);
  const unit = sets.length && sets.every((s) => s.kind === 'together') ? 'sprite' : sets.some((s) => s.kind === 'animation' || s.kind === 'sheet') ? 'frame' : 'image';
  return { requests, sets: variantSets, images: sources.length, variants: options.variants, aloneCalls: cells * options.variants, cells, unit };
}

/** What a member's cells are, and what its saved file is, when some go as seamless tiles. */
function tileWords(set: PlannedSet, member: number): { what: string; saved: string } {
  const tiles = set.tiles?.[member] ?? 0;
  if (set.kind === 'together') return tiles ? { what: ' with its wrap-around', saved: ', seamless' } : { what: '', saved: '' };
  const frames = set.plates.refs.filter((r) => r.member === member).length;
  if (!tiles) return { what: '', saved: '' };
  if (tiles === frames) return { what: ', seamless, with their wrap-around', saved: ', seamless' };
  return { what: `, ${tiles} seamless with their wrap-around`, saved: `, ${tiles} of ${frames} frames seamless` };
}

/**
 * The route line of a set's member (its index in `set.sources`), e.g.
 * `8 frames → 1 call (2 × 4 cells of 256 px) → saved 256 × 64 PNG`, or for a seamless tile restyled
 * with others `32 × 32 seamless → 1 of 4 sprites with its wrap-around → 1 call (2 × 2 cells of 288 px) → saved 32 × 32 PNG, seamless`.
 */
export function setRoute(set: PlannedSet, saved: { width: number; height: number; format: string }, member = 0): string {
  const calls = set.plates.layouts.length;
  const first = set.plates.layouts[0];
  const grid = first.columns && first.rows ? `${first.rows} × ${first.columns} cells` : `${first.placements.length} cells`;
  const cell = first.placements[0];
  const tile = tileWords(set, member);
  const what = set.kind === 'together' ? `1 of ${set.sources.length} sprites` : `${set.plates.refs.length} frames`;
  const size = set.kind === 'together' ? `${saved.width} × ${saved.height}${tile.saved ? ' seamless' : ''} → ` : '';
  return `${size}${what}${tile.what} → ${calls} call${calls === 1 ? '' : 's'} (${grid} of ${Math.max(cell.width, cell.height)} px) → saved ${saved.width} × ${saved.height} ${saved.format.toUpperCase()}${tile.saved}`;
}
