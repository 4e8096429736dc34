/**
 * Sets in the benchmark: an 8 × 32 px-frame sheet planned, composed, cut and finished (floor < 100 ms,
 * network excluded: the fake server's answer is made beforehand), a 64-frame 64 px APNG the same way
 * (floor < 1.5 s), and 64 sprites of 32 px: calls together against one at a time (floor ≥ 8× fewer).
 */
import { planRun, type PlanSource } from '../../src/core/setPlan';
import { composeSetPlate, finishSet, inspectMember } from '../../src/image/set/setJobs';
import type { SetMember } from '../../src/image/set/setTypes';
import { encodeAnimation } from '../../src/image/animation/animation';
import { spriteRaster, pngOf, readBack } from '../unit/imageFixtures';
import { encodePng, generatedSize, stylize } from '../server/fakeImages';
import { floorRow, infoRow, median, ms, type Row } from './report';

const SECTION = 'Sets: plates, cut and finish (in-process, answers made beforehand)';
const OPTIONS = { keepTransparency: true, keepPalette: false };

/** The fake server's answer for a plate's request image (the prompt and seed are fixed). */
function answerFor(request: Uint8Array): Buffer {
  const sent = readBack(request);
  return encodePng(stylize({ width: sent.width, height: sent.height, data: Buffer.from(sent.data) }, generatedSize(sent.width, sent.height), 'cyberpunk style', 0.6, 7));
}

function sheetMember(): SetMember {
  const frames = 8;
  const sheet = spriteRaster(32 * frames, 32, 8);
  const json = { frames: Array.from({ length: frames }, (_, f) => ({ filename: `walk ${f}`, frame: { x: f * 32, y: 0, w: 32, h: 32 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 32, h: 32 }, sourceSize: { w: 32, h: 32 }, duration: 100 })), meta: { image: 'walk.png', frameTags: [{ name: 'walk', from: 0, to: 7 }] } };
  return { bytes: pngOf(sheet), fileName: 'walk.png', sidecar: { name: 'walk.json', text: JSON.stringify(json) } };
}

async function animationMember(): Promise<SetMember> {
  const frames = Array.from({ length: 64 }, (_, i) => ({ raster: spriteRaster(64, 64, 4 + (i % 5)), delayMs: 50 }));
  return { bytes: await encodeAnimation({ format: 'apng', width: 64, height: 64, loopCount: 0, frames }), fileName: 'effect.png' };
}

/** One set end to end without the network: inspect, plan, compose each plate, cut and finish. Returns [ms, calls]. */
async function timeSet(member: SetMember, runs: number): Promise<{ ms: number; calls: number }> {
  const times: number[] = [];
  let calls = 0;
  const summary = await inspectMember(member);
  const plan = planRun([{ id: 0, summary }], { variants: 1, cellPixels: 256, together: 'auto' });
  const plates = plan.sets[0].plates;
  const answers = await Promise.all(plates.layouts.map(async (_, i) => answerFor((await composeSetPlate([member], plates, i)).bytes)));
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const read = await inspectMember(member);
    const p = planRun([{ id: 0, summary: read }], { variants: 1, cellPixels: 256, together: 'auto' }).sets[0].plates;
    for (let i = 0; i < p.layouts.length; i++) await composeSetPlate([member], p, i);
    await finishSet([member], p, answers, OPTIONS);
    times.push(performance.now() - started);
    calls = p.layouts.length;
  }
  return { ms: median(times), calls };
}

export async function setTimings(): Promise<Row[]> {
  const rows: Row[] = [];
  const sheet = await timeSet(sheetMember(), 7);
  rows.push(floorRow(SECTION, `8 × 32 px-frame sheet with its JSON → ${sheet.calls} call: inspect + plan + compose + cut + finish, median of 7`, sheet.ms, 100));
  const animation = await timeSet(await animationMember(), 3);
  rows.push(floorRow(SECTION, `64-frame 64 px APNG → ${animation.calls} calls: decode + plan + compose + cut + finish + encode, median of 3`, animation.ms, 1500));
  const sprites: PlanSource[] = Array.from({ length: 64 }, (_, id) => ({ id, summary: { kind: 'image', width: 32, height: 32, cells: [{ width: 32, height: 32, pixelArt: true }], format: 'png', hasAlpha: true } }));
  const together = planRun(sprites, { variants: 1, cellPixels: 256, together: 'auto' });
  const ratio = together.aloneCalls / together.requests.length;
  rows.push({ section: SECTION, name: `64 sprites of 32 px: ${together.requests.length} calls together, ${together.aloneCalls} one at a time`, value: `${ratio.toFixed(1)}× fewer`, amount: ratio, floor: '≥ 8× fewer', pass: ratio >= 8 });
  rows.push(infoRow(SECTION, 'Sheet time per frame', ms(sheet.ms / 8), sheet.ms / 8));
  return rows;
}
