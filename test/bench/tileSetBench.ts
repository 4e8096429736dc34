/**
 * Seamless cells in the benchmark: a sheet of 8 wrapping 32 × 32 tiles with its JSON, and Kenney's
 * real Tiny Town tilemap (132 cells, the tiles among them chosen by `auto`), each inspected, planned,
 * composed, cut and finished against answers made beforehand (the server model plus a gradient in every
 * cell that does not wrap). Floors: the 8-tile sheet < 200 ms, and every seamless cell of both
 * variants meets the seam measure; the tilemap's calls with Seamless and without, for information.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planRun } from '../../src/core/setPlan';
import { composeSetPlate, finishSet, inspectMember } from '../../src/image/set/setJobs';
import type { SetMember, SetSummary } from '../../src/image/set/setTypes';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import { crop } from '../../src/image/tile/wrapPad';
import { readBack } from '../unit/imageFixtures';
import { GAME_ART, rampedPlateAnswer, sheetOf, tintedTile } from '../unit/tileFixtures';
import { floorRow, infoRow, median, type Row } from './report';

const SECTION = 'Seamless cells: sheets of tiles on plates (in-process, answers made beforehand)';
const OPTIONS = { keepTransparency: true, keepPalette: false };
const PLAN = { variants: 1, cellPixels: 256, together: 'auto' } as const;

interface Timed {
  readonly ms: number;
  readonly calls: number;
  readonly summary: SetSummary;
  /** The worst seam ratio over the seamless cells of the source, and of the variant. */
  readonly source: number;
  readonly variant: number;
}

async function timeSheet(member: SetMember, runs: number): Promise<Timed> {
  const summary = await inspectMember(member);
  const plates = planRun([{ id: 0, summary }], PLAN).sets[0].plates;
  const answers = await Promise.all(plates.layouts.map(async (layout, i) => rampedPlateAnswer(layout, (await composeSetPlate([member], plates, i)).bytes)));
  const times: number[] = [];
  let bytes: Uint8Array | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const read = await inspectMember(member);
    const p = planRun([{ id: 0, summary: read }], PLAN).sets[0].plates;
    for (let i = 0; i < p.layouts.length; i++) await composeSetPlate([member], p, i);
    bytes = (await finishSet([member], p, answers, OPTIONS))[0].bytes;
    times.push(performance.now() - started);
  }
  const before = readBack(member.bytes), after = readBack(bytes!);
  let source = 0, variant = 0;
  summary.frames!.forEach((f, i) => {
    if (!summary.cells[i].seamless) return;
    const at = { x: f.x, y: f.y, width: f.w, height: f.h };
    source = Math.max(source, measureSeam(crop(before, at)).ratio);
    variant = Math.max(variant, measureSeam(crop(after, at)).ratio);
  });
  return { ms: median(times), calls: plates.layouts.length, summary, source, variant };
}

function seamRow(name: string, timed: Timed): Row {
  return { section: SECTION, name: `${name}: worst seam ratio of its seamless cells, source / variant`, value: `${timed.source.toFixed(2)} / ${timed.variant.toFixed(2)}`, amount: timed.variant, floor: '≤ 1.25', pass: timed.variant <= 1.25 };
}

export async function tileSetTimings(): Promise<Row[]> {
  const sheet = await timeSheet(sheetOf(Array.from({ length: 8 }, (_, i) => tintedTile(i))), 7);
  const kenneyBytes = fs.readFileSync(path.join(GAME_ART, 'tilemap.png'));
  const kenney = await timeSheet({ bytes: kenneyBytes, fileName: 'tilemap.png', seamless: 'auto' }, 3);
  const plain = planRun([{ id: 0, summary: await inspectMember({ bytes: kenneyBytes, fileName: 'tilemap.png' }) }], PLAN).requests.length;
  const tiles = kenney.summary.cells.filter((c) => c.seamless).length;
  return [
    floorRow(SECTION, `8 seamless 32 × 32 tiles in a sheet with its JSON → ${sheet.calls} call: inspect + plan + compose + cut + finish, median of 7`, sheet.ms, 200),
    seamRow('The 8-tile sheet', sheet),
    infoRow(SECTION, `Kenney Tiny Town tilemap, 132 cells of 16 px (${tiles} seamless under auto) → ${kenney.calls} calls (${plain} with Seamless off): whole set, median of 3`, `${kenney.ms.toFixed(0)} ms`, kenney.ms),
    seamRow('The tilemap', kenney),
  ];
}
