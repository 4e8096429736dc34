/** Planning runs with sets (pure): which sources share plates, how many calls, and what the estimate says. */
import * as assert from 'node:assert/strict';
import { estimatePlan } from '../../src/core/estimate';
import { planRun, type PlanSource } from '../../src/core/setPlan';
import type { SetSummary } from '../../src/image/set/setTypes';

const picture = (id: number, side = 32): PlanSource => ({ id, summary: { kind: 'image', width: side, height: side, cells: [{ width: side, height: side, pixelArt: true }], format: 'png', hasAlpha: true } });
const sheet = (id: number, frames: number, side = 32): PlanSource => {
  const summary: SetSummary = { kind: 'sheet', width: side * frames, height: side, cells: Array.from({ length: frames }, () => ({ width: side, height: side, pixelArt: true, group: 'walk' })), format: 'png', hasAlpha: true, description: 'Sheet' };
  return { id, summary };
};
const options = { variants: 1, cellPixels: 256, together: 'auto' as const };

describe('set plans', () => {
  it('puts 12 sprites of 32 px on one plate: 1 call instead of 12', () => {
    const plan = planRun(Array.from({ length: 12 }, (_, i) => picture(i)), options);
    assert.equal(plan.requests.length, 1);
    assert.equal(plan.aloneCalls, 12);
    assert.deepEqual(plan.requests[0].kind === 'plate' && [...plan.requests[0].sources].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    assert.equal(estimatePlan(plan, 0.08).text, '12 sprites in 1 call ≈ 0.08 credits (one at a time: 0.96)');
  });

  it('64 sprites of 32 px take at least 8× fewer calls together; each plate is a set of its own', () => {
    const plan = planRun(Array.from({ length: 64 }, (_, i) => picture(i)), options);
    assert.ok(plan.aloneCalls / plan.requests.length >= 8, `${plan.requests.length} calls`);
    assert.equal(plan.sets.length, plan.requests.length);
    const carried = plan.sets.flatMap((s) => s.sources).sort((a, b) => a - b);
    assert.deepEqual(carried, Array.from({ length: 64 }, (_, i) => i), 'every sprite is on exactly one plate');
  });

  it("sends each alone with restyle.together 'never', or when a source passes 256 px under 'auto'", () => {
    assert.equal(planRun([picture(0), picture(1)], { ...options, together: 'never' }).requests.filter((r) => r.kind === 'single').length, 2);
    assert.equal(planRun([picture(0), picture(1, 300)], options).requests.filter((r) => r.kind === 'single').length, 2);
    assert.equal(planRun([picture(0), picture(1, 300)], { ...options, together: 'always' }).requests.length, 1);
    assert.equal(planRun([picture(0), picture(1)], { ...options, togetherChecked: false }).requests.length, 2, 'the unticked checkbox wins');
  });

  it('restyles an 8-frame sheet in 1 call, and each variant is its own set', () => {
    const one = planRun([sheet(0, 8)], options);
    assert.equal(one.requests.length, 1);
    assert.equal(one.sets[0].kind, 'sheet');
    const two = planRun([sheet(0, 8)], { ...options, variants: 2 });
    assert.equal(two.requests.length, 2);
    assert.equal(two.sets.length, 2);
    assert.match(estimatePlan(two, 0.08).text, /^8 frames × 2 variants in 2 calls ≈ 0\.16 credits \(one at a time: 1\.28\)$/);
  });

  it('a single file stays a single request, as before', () => {
    const plan = planRun([picture(0)], options);
    assert.deepEqual(plan.requests, [{ kind: 'single', source: 0 }]);
    assert.equal(estimatePlan(plan, 0.08).text, '1 image × 1 variant ≈ 0.08 credits');
  });
});
