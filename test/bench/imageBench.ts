/**
 * The image pipeline's figures, network excluded: sprite round trips, large photo fits, the extension
 * host's event-loop delay while the worker runs a job, and the image stack job by job.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as jpeg from 'jpeg-js';
import { alphaChannel, applyAlpha } from '../../src/image/alpha';
import { decodeImage } from '../../src/image/decode';
import { encodeJpeg, encodePng } from '../../src/image/encode';
import { finishVariant, type FinishOptions } from '../../src/image/finish';
import { ImageWorker } from '../../src/image/imageWorker';
import { planRoute } from '../../src/image/plan';
import type { FinishKeep } from '../../src/image/finishRaster';
import { prepareSource } from '../../src/image/prepare';
import { scaleArea, scaleCellPick, scaleNearest } from '../../src/image/scale';
import type { ImagePipeline } from '../../src/core/restyleSequence';
import { photoRaster, pngOf, spriteRaster } from '../unit/imageFixtures';
import { alphaDifference, answerFor, answerRaster, copyOf, jpegOf, lossyWebpOf, photoWithAlpha } from './benchImages';
import { errorRow, floorRow, infoRow, kb, median, ms, timeOnce, timeRuns, type Row } from './report';

/** Figures for one image-pipeline section; a section that throws becomes one failed row. */
export type Section = () => Promise<Row[]>;

export async function runSection(title: string, section: Section): Promise<Row[]> {
  console.log(`… ${title}`);
  try {
    return await section();
  } catch (error) {
    return [errorRow(title, error)];
  }
}

const inProcess: ImagePipeline = { prepare: prepareSource, finish: finishVariant };
const SPRITE_FINISH: FinishOptions = { outputSize: 'source', keepTransparency: true, keepPalette: false, format: 'png' };
const PHOTO_FINISH: FinishOptions = { outputSize: 'source', keepTransparency: true, keepPalette: false, format: 'jpeg' };
const size = (w: number, h: number) => `${w}×${h}`;

// ------------------------------------------------------------------ 1. sprite round trip

const SPRITE_LIMIT_MS = 60;

/** Prepare then finish one sprite; the milliseconds of each. */
async function spriteRoundTrip(pipeline: ImagePipeline, png: Uint8Array, name: string, answer: Uint8Array): Promise<{ prepare: number; finish: number }> {
  const bytes = copyOf(png);
  const started = performance.now();
  const prepared = await pipeline.prepare(bytes, name);
  const preparedAt = performance.now();
  await pipeline.finish(answer, prepared.keep, SPRITE_FINISH);
  return { prepare: preparedAt - started, finish: performance.now() - preparedAt };
}

/** 32×32 and 16×16 transparent sprites: prepare + finish, median of 20 after 3 warm-ups, in-process and in the worker. */
export function spriteRoundTrips(worker: ImageWorker | undefined): Section {
  return async () => {
    const section = '1. Sprite round trip, network excluded: prepare + finish of a transparent sprite (median of 20 after 3 warm-ups)';
    const rows: Row[] = [];
    for (const side of [32, 16]) {
      const name = `sprite-${side}.png`;
      const png = pngOf(spriteRaster(side, side));
      const sent = (await prepareSource(copyOf(png), name)).request;
      const answer = answerFor(sent.bytes, 'png'); // made beforehand, as the server would for what is sent
      const label = `${size(side, side)} sprite (sent ${size(sent.width, sent.height)})`;
      for (const [where, pipeline] of [['in-process', inProcess], ['ImageWorker', worker]] as const) {
        if (!pipeline) {
          rows.push(floorRow(section, `${label}, ${where}`, Infinity, SPRITE_LIMIT_MS, 'dist/imageWorker.js not built'));
          continue;
        }
        for (let i = 0; i < 3; i++) await spriteRoundTrip(pipeline, png, name, answer);
        const runs: { prepare: number; finish: number }[] = [];
        for (let i = 0; i < 20; i++) runs.push(await spriteRoundTrip(pipeline, png, name, answer));
        const total = median(runs.map((r) => r.prepare + r.finish));
        const parts = `prepare ${median(runs.map((r) => r.prepare)).toFixed(1)} + finish ${median(runs.map((r) => r.finish)).toFixed(1)}`;
        rows.push(floorRow(section, `${label}, ${where}`, total, SPRITE_LIMIT_MS, `${ms(total)} (${parts})`));
      }
    }
    return rows;
  };
}

// ------------------------------------------------------------------ 2. large photo fits

const PHOTO_LIMIT_MS = 1500;

/** Fits a photo JPEG in a fresh worker (cold), then `warmRuns` more times in the same worker. */
async function fitPhoto(workerScript: string, photo: Uint8Array, name: string, warmRuns: number) {
  const worker = new ImageWorker(workerScript);
  try {
    const cold = await timeOnce(() => worker.prepare(copyOf(photo), name));
    const warm = await timeRuns(() => worker.prepare(copyOf(photo), name), warmRuns);
    return { cold: cold.ms, warm: median(warm), request: cold.value.request };
  } finally {
    worker.dispose();
  }
}

/** A fresh worker's first job on a tiny sprite: thread start, bundle load, the cost every cold job pays first. */
async function workerStart(workerScript: string): Promise<number> {
  const worker = new ImageWorker(workerScript);
  try {
    return (await timeOnce(() => worker.prepare(pngOf(spriteRaster(16, 16)), 'start.png'))).ms;
  } finally {
    worker.dispose();
  }
}

/** 4000×3000 (floor) and 6000×4000 (information) photo JPEGs fitted by prepareSource in the worker. */
export function photoFits(workerScript: string | undefined, photo4000: Uint8Array, photo6000: Uint8Array): Section {
  return async () => {
    const section = '2. Large photo JPEG (photoRaster, jpeg-js q90) fitted by prepareSource in the ImageWorker';
    if (!workerScript) return [floorRow(section, '4000×3000 JPEG fit', Infinity, PHOTO_LIMIT_MS, 'dist/imageWorker.js not built')];
    const start = await workerStart(workerScript);
    const rows: Row[] = [infoRow(section, 'Fresh worker, first job (16×16 sprite): thread start + bundle load', ms(start), start)];
    for (const [w, h, photo, warmRuns, limited] of [[4000, 3000, photo4000, 5, true], [6000, 4000, photo6000, 3, false]] as const) {
      const fit = await fitPhoto(workerScript, photo, `photo-${w}.jpg`, warmRuns);
      const label = `${size(w, h)} (${kb(photo.length)}) → ${size(fit.request.width, fit.request.height)} ${fit.request.format.toUpperCase()}`;
      const cold = `${label}, cold (fresh worker)`;
      const warm = `${label}, warm (median of ${warmRuns})`;
      rows.push(limited ? floorRow(section, cold, fit.cold, PHOTO_LIMIT_MS) : infoRow(section, cold, ms(fit.cold), fit.cold));
      rows.push(limited ? floorRow(section, warm, fit.warm, PHOTO_LIMIT_MS) : infoRow(section, warm, ms(fit.warm), fit.warm));
    }
    return rows;
  };
}

// ------------------------------------------------------------------ 3. event loop

const EVENT_LOOP_LIMIT_MS = 50;

/** The longest event-loop delay of this thread while `job` runs (sampled every 5 ms), and the job's time. */
async function eventLoopDuring(job: () => Promise<unknown>): Promise<{ maxMs: number; jobMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The histogram records the time between two ticks of its timer: before the first tick there is no
  // baseline, so a job started at once could block unseen. Let it tick first.
  await sleep(12);
  const started = performance.now();
  await job();
  const jobMs = performance.now() - started;
  await sleep(20); // lets the sampling timer fire after the job's last stretch, which it then records
  histogram.disable();
  return { maxMs: histogram.max / 1e6, jobMs };
}

/** A 1 MP job (prepare a 1024² photo PNG, finish a 1 MP answer back to 4000×3000) in the worker, then in-process. */
export function eventLoop(worker: ImageWorker | undefined): Section {
  return async () => {
    const section = '3. Host event-loop delay (monitorEventLoopDelay, 5 ms) during prepare of a 1024² photo PNG + finish of a 1 MP answer to 4000×3000 JPEG';
    const photoPng = pngOf(photoRaster(1024, 1024));
    const answer = jpegOf(answerRaster(photoRaster(1182, 887)), 85); // the ~1 MP answer for a fitted 4000×3000 photo
    const keep: FinishKeep = { width: 4000, height: 3000, pixelArt: false };
    const job = (pipeline: ImagePipeline) => async () => {
      await pipeline.prepare(copyOf(photoPng), 'photo-1024.png');
      await pipeline.finish(answer, keep, PHOTO_FINISH);
    };
    const rows: Row[] = [];
    if (worker) {
      await job(worker)(); // the worker is warm, as after the panel's first preview
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await eventLoopDuring(job(worker)));
      const typical = median(runs.map((r) => r.maxMs));
      const jobMs = median(runs.map((r) => r.jobMs));
      const value = `max ${ms(typical)} (worst ${ms(Math.max(...runs.map((r) => r.maxMs)))}; job ${ms(jobMs)})`;
      rows.push(floorRow(section, 'Job in the ImageWorker (max per job, median of 3 jobs)', typical, EVENT_LOOP_LIMIT_MS, value, true));
      // What the machine alone does to this thread's timers over as long (other processes, GC): the noise under the figure.
      const idle = await eventLoopDuring(() => sleep(jobMs));
      rows.push(infoRow(section, 'No job, as long (this machine\'s noise)', `max ${ms(idle.maxMs)}`, idle.maxMs));
    } else {
      rows.push(floorRow(section, 'Job in the ImageWorker', Infinity, EVENT_LOOP_LIMIT_MS, 'dist/imageWorker.js not built', true));
    }
    const blocking = await eventLoopDuring(job(inProcess));
    rows.push(infoRow(section, 'Same job in-process (contrast: blocks the host)', `max ${ms(blocking.maxMs)} (job ${ms(blocking.jobMs)})`, blocking.maxMs));
    return rows;
  };
}

// ------------------------------------------------------------------ 4. image stack, job by job

/** Which JPEG decoder decodeImage uses, read from the compiled pipeline (mozjpeg's WASM when any module imports it). */
function projectJpegDecoder(): string {
  const dir = path.join(__dirname, '..', '..', 'src', 'image');
  const compiled = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  return compiled.some((code) => code.includes('@jsquash/jpeg/decode')) ? 'mozjpeg WASM' : 'jpeg-js';
}

function decodeWithJpegJs(bytes: Uint8Array): void {
  jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 60, maxMemoryUsageInMB: 1500 });
}

/** The size prepareSource fits a photo to. */
function fittedSize(width: number, height: number, bytes: number): { width: number; height: number } {
  const plan = planRoute({ width, height, fewColours: false, bytes });
  if (!plan.ok) throw new Error(`no route for ${width}×${height}: ${plan.problem}`);
  return plan.route.send;
}

interface StackJob {
  readonly name: string;
  readonly runs: number;
  readonly job: () => Promise<unknown>;
  /** For JPEG jobs: the bytes whose decode alone is also timed, jpeg-js against the project's decoder. */
  readonly jpeg?: Uint8Array;
}

async function stackJobs(photo4000: Uint8Array): Promise<StackJob[]> {
  const sprite = spriteRaster(32, 32);
  const sprite32 = pngOf(sprite);
  const spriteAlpha = alphaChannel(sprite);
  const answer1024 = answerFor(pngOf(scaleNearest(sprite, 1024, 1024)), 'png');
  const jpeg1152 = jpegOf(answerRaster(photoRaster(1152, 896)), 90);
  const fit = fittedSize(4000, 3000, photo4000.length);
  const webp512 = await lossyWebpOf(photoWithAlpha(512));
  return [
    {
      name: 'J1 32×32 RGBA PNG → nearest ×32 → 1024² PNG (pixel-art filters)', runs: 10,
      job: async () => encodePng(scaleNearest((await decodeImage(sprite32, 'j1.png')).raster, 1024, 1024), { blocks: true }),
    },
    {
      name: `J2 1024² PNG answer (${kb(answer1024.length)}) → 32×32 cells + alpha → PNG`, runs: 10,
      job: async () => {
        const variant = scaleCellPick((await decodeImage(answer1024, 'j2.png')).raster, 32, 32);
        applyAlpha(variant, spriteAlpha);
        return encodePng(variant);
      },
    },
    {
      name: `J3 1152×896 JPEG q90 (${kb(jpeg1152.length)}) → area 320×240 → JPEG`, runs: 10, jpeg: jpeg1152,
      job: async () => encodeJpeg(scaleArea((await decodeImage(jpeg1152, 'j3.jpg')).raster, 320, 240)),
    },
    {
      name: `J4 4000×3000 JPEG q90 (${kb(photo4000.length)}) → area ${size(fit.width, fit.height)} → JPEG q92`, runs: 3, jpeg: photo4000,
      job: async () => encodeJpeg(scaleArea((await decodeImage(photo4000, 'j4.jpg')).raster, fit.width, fit.height), 92),
    },
    {
      name: `J5 512² lossy WebP with alpha (${kb(webp512.length)}) → PNG`, runs: 10,
      job: async () => encodePng((await decodeImage(webp512, 'j5.webp')).raster),
    },
  ];
}

/** J1–J5 with the project's stack in-process (median after warm-ups); for J3/J4 the JPEG decode alone, jpeg-js vs the project's. */
export function imageStack(photo4000: Uint8Array): Section {
  return async () => {
    const decoder = projectJpegDecoder();
    const section = `4. Image stack in-process: decodeImage (JPEG: ${decoder}), scale.ts, encodePng/encodeJpeg (median of 10, J4 of 3)`;
    const rows: Row[] = [];
    for (const { name, runs, job, jpeg: jpegBytes } of await stackJobs(photo4000)) {
      const warmups = runs >= 10 ? 2 : 1;
      const t = median(await timeRuns(job, runs, warmups));
      rows.push(infoRow(section, name, ms(t), t));
      if (!jpegBytes) continue;
      const own = median(await timeRuns(() => decodeImage(jpegBytes, 'decode.jpg'), runs, warmups));
      const js = median(await timeRuns(() => decodeWithJpegJs(jpegBytes), runs, warmups));
      const tag = name.slice(0, 2);
      rows.push(infoRow(section, `   ${tag} JPEG decode alone, project (${decoder})`, ms(own), own));
      rows.push(infoRow(section, `   ${tag} JPEG decode alone, jpeg-js (pure JS)`, `${ms(js)} (${(js / own).toFixed(1)}× the project's)`, js));
    }
    rows.push(await webpAlphaRow(section));
    return rows;
  };
}

/** Decodes a lossy WebP with alpha made by @jsquash/webp's encoder and checks its transparency survives. */
async function webpAlphaRow(section: string): Promise<Row> {
  const source = photoWithAlpha(512);
  const decoded = (await decodeImage(await lossyWebpOf(source), 'alpha.webp')).raster;
  const error = alphaDifference(source, decoded);
  const kept = error < 4;
  const value = `${kept ? 'yes' : 'no'} (mean alpha error ${Number.isFinite(error) ? error.toFixed(2) : 'size differs'})`;
  return { section, name: 'Lossy WebP with alpha decodes with its alpha', value, amount: kept ? 1 : 0, unit: 'boolean', floor: 'yes', pass: kept };
}
