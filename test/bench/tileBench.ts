/**
 * Seamless tiles in the benchmark: a wrapping 32 × 32 pixel-art tile and a wrapping 512 × 512 photo
 * texture, each prepared with its wrap-around and finished from a server answer with a strong gradient
 * that does not wrap (made beforehand). Floors: prepare + finish < 80 ms and < 400 ms, and the variant
 * meets the seam measure (the same function `auto` and the tests use).
 */
import { finishVariant } from '../../src/image/finish';
import { prepareSource } from '../../src/image/prepare';
import type { Raster } from '../../src/image/raster';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import { pngOf, readBack } from '../unit/imageFixtures';
import { brickTile, photoTexture, withRamp } from '../unit/tileFixtures';
import { encodePng, generatedSize, stylize } from '../server/fakeImages';
import { floorRow, median, type Row } from './report';

const SECTION = 'Seamless tiles: prepare (wrap-around) + finish (centre cut, seam repair), in-process';
const OPTIONS = { outputSize: 'source', keepTransparency: true, keepPalette: false, format: 'png' } as const;

/** The fake server's answer for the request, plus a 120-level ramp left to right and top to bottom: nothing in it wraps. */
function rampedAnswer(request: Uint8Array): Buffer {
  const sent = readBack(request);
  const size = generatedSize(sent.width, sent.height);
  const answer = stylize({ width: sent.width, height: sent.height, data: Buffer.from(sent.data) }, size, 'mossy stone', 0.6, 11);
  const ramped = withRamp({ width: answer.width, height: answer.height, data: new Uint8Array(answer.data) }, 120 / answer.width, 120 / answer.height);
  return encodePng({ width: ramped.width, height: ramped.height, data: Buffer.from(ramped.data) });
}

async function timeTile(name: string, tile: Raster, runs: number, limit: number): Promise<Row[]> {
  const bytes = pngOf(tile);
  const first = await prepareSource(bytes, name, { seamless: 'on' });
  const answer = rampedAnswer(first.request.bytes);
  const times: number[] = [];
  let variant: Raster | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const prepared = await prepareSource(bytes, name, { seamless: 'on' });
    const finished = await finishVariant(answer, prepared.keep, OPTIONS);
    times.push(performance.now() - started);
    variant = readBack(finished.bytes);
  }
  const source = measureSeam(tile);
  const after = measureSeam(variant!);
  const t = median(times);
  return [
    floorRow(SECTION, `${tile.width} × ${tile.height} ${name}: prepare + finish, median of ${runs} (sent ${first.request.width} × ${first.request.height})`, t, limit),
    {
      section: SECTION,
      name: `${tile.width} × ${tile.height} ${name}: seam ratio of the source / the variant (wrap ÷ largest inner difference)`,
      value: `${source.ratio.toFixed(2)} / ${after.ratio.toFixed(2)}`,
      amount: after.ratio,
      floor: '≤ 1.25',
      pass: after.seamless,
    },
  ];
}

export async function tileTimings(): Promise<Row[]> {
  return [...(await timeTile('pixel-art tile', brickTile(32, 32), 7, 80)), ...(await timeTile('photo texture', photoTexture(512, 512), 5, 400))];
}
