/** A set through the worker's jobs, on decoded pixels, against answers that tell cells apart. */
import * as assert from 'node:assert/strict';
import { planRun } from '../../src/core/setPlan';
import { composeSetPlate, finishSet, inspectMember } from '../../src/image/set/setJobs';
import type { SetMember, SetPlates } from '../../src/image/set/setTypes';
import { createRaster, type Raster } from '../../src/image/raster';
import { pngOf, readBack, spriteRaster } from './imageFixtures';
import { encodePng, generatedSize } from '../server/fakeImages';

/** The colour the answer paints plate cell `i` with (gutters are black). */
const cellColour = (i: number): [number, number, number] => [40 + ((i * 67) % 200), 30 + ((i * 131) % 210), 20 + ((i * 29) % 220)];

/** An answer at the service's size for this plate, each cell painted its own colour, the gutters black. */
function paintedAnswer(plates: SetPlates, plate: number): Buffer {
  const layout = plates.layouts[plate];
  const size = generatedSize(layout.width, layout.height);
  const sx = size.width / layout.width;
  const sy = size.height / layout.height;
  const out = createRaster(size.width, size.height);
  for (let i = 3; i < out.data.length; i += 4) out.data[i] = 255;
  for (const p of layout.placements) {
    const colour = cellColour(p.cell);
    for (let y = Math.floor(p.y * sy); y < Math.ceil((p.y + p.height) * sy); y++) {
      for (let x = Math.floor(p.x * sx); x < Math.ceil((p.x + p.width) * sx); x++) out.data.set(colour, (y * size.width + x) * 4);
    }
  }
  return encodePng({ width: out.width, height: out.height, data: Buffer.from(out.data) });
}

function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}

const OPTIONS = { keepTransparency: true, keepPalette: false };

describe('sets through the worker jobs', () => {
  it('cuts an 8-frame Aseprite sheet back by position: every frame only its own plate cell colour, alpha and padding the source’s', async () => {
    const side = 32;
    const padding = 2; // pixels between frames that belong to no frame
    const sheet = spriteRaster((side + padding) * 8, side + padding, 8);
    const frames = Array.from({ length: 8 }, (_, f) => ({ filename: `walk ${f}`, frame: { x: f * (side + padding), y: 0, w: side, h: side }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: side, h: side }, sourceSize: { w: side, h: side }, duration: 100 }));
    const member: SetMember = { bytes: pngOf(sheet), fileName: 'walk.png', sidecar: { name: 'walk.json', text: JSON.stringify({ frames, meta: { image: 'walk.png', frameTags: [{ name: 'walk', from: 0, to: 7 }] } }) } };
    const summary = await inspectMember(member);
    assert.equal(summary.kind, 'sheet');
    assert.equal(summary.cells.length, 8);
    const plan = planRun([{ id: 0, summary }], { variants: 1, cellPixels: 256, together: 'auto' });
    assert.equal(plan.requests.length, 1);
    const plates = plan.sets[0].plates;
    const request = readBack((await composeSetPlate([member], plates, 0)).bytes);
    assert.equal(request.width, plates.layouts[0].width);
    const [output] = await finishSet([member], plates, [paintedAnswer(plates, 0)], OPTIONS);
    const out = readBack(output.bytes);
    assert.equal(out.width, sheet.width);
    assert.equal(out.height, sheet.height);
    for (let y = 0; y < sheet.height; y++) {
      for (let x = 0; x < sheet.width; x++) {
        const f = Math.floor(x / (side + padding));
        const inFrame = x % (side + padding) < side && y < side;
        const src = pixel(sheet, x, y);
        const got = pixel(out, x, y);
        if (!inFrame) assert.deepEqual(got, src, `padding at ${x},${y} stays the source's`);
        else {
          assert.equal(got[3], src[3], `alpha at ${x},${y}`);
          if (src[3] > 0) assert.deepEqual(got.slice(0, 3), cellColour(f), `frame ${f} at ${x},${y} takes only its own cell's colour`);
        }
      }
    }
  });

  it('restyles 12 sprites (16, 32 and 48 px) on shared plates, each back at its own size with only its own colour', async () => {
    const sizes = [16, 32, 48];
    const members: SetMember[] = Array.from({ length: 12 }, (_, i) => ({ bytes: pngOf(spriteRaster(sizes[i % 3], sizes[i % 3], 6)), fileName: `s${i}.png` }));
    const summaries = await Promise.all(members.map(inspectMember));
    const plan = planRun(summaries.map((summary, id) => ({ id, summary })), { variants: 1, cellPixels: 256, together: 'auto' });
    // 16 and 32 px sprites get 256 px cells, 48 px ones 288 (a whole factor of 6): 12 cells take two plates.
    assert.ok(plan.requests.length <= 2, `${plan.requests.length} calls for 12 sprites`);
    let outputs = 0;
    for (const set of plan.sets) {
      const mine = set.sources.map((id) => members[id]);
      for (const output of await finishSet(mine, set.plates, [paintedAnswer(set.plates, 0)], OPTIONS)) {
        outputs++;
        const source = readBack(mine[output.member].bytes);
        const out = readBack(output.bytes);
        assert.equal(out.width, source.width);
        assert.equal(out.height, source.height);
        const cell = set.plates.refs.findIndex((r) => r.member === output.member);
        for (let p = 0; p < source.width * source.height; p++) {
          assert.equal(out.data[p * 4 + 3], source.data[p * 4 + 3], 'alpha kept');
          if (source.data[p * 4 + 3] > 0) assert.deepEqual([...out.data.subarray(p * 4, p * 4 + 3)], cellColour(cell), `${mine[output.member].fileName}: only its own cell's colour`);
        }
      }
    }
    assert.equal(outputs, 12);
  });
});
