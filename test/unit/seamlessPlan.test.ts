/** What the panel says of seamless cells before anything is sent: the route line and why Seamless tile is ticked. */
import * as assert from 'node:assert/strict';
import { planRun, setRoute } from '../../src/core/setPlan';
import type { CellShape, SetSummary } from '../../src/image/set/setTypes';
import { planShapeOf, setViewOf } from '../../src/restyle/planView';
import type { SessionSource } from '../../src/restyle/sessionSource';

const tile: CellShape = { width: 32, height: 32, pixelArt: true, seamless: true, repeats: true };
const sprite: CellShape = { width: 32, height: 32, pixelArt: true, repeats: false };

function sheet(cells: readonly CellShape[]): SetSummary {
  return { kind: 'sheet', width: 32 * cells.length, height: 32, cells, format: 'png', hasAlpha: true };
}

function image(cell: CellShape): SetSummary {
  return { kind: 'image', width: cell.width, height: cell.height, cells: [cell], format: 'png', hasAlpha: false };
}

/** Session sources as the panel holds them: only what the plan view reads. */
function sources(summaries: readonly SetSummary[]): SessionSource[] {
  return summaries.map((set, id) => ({ id, set, facts: { width: set.width, height: set.height } }) as unknown as SessionSource);
}

const options = { variants: 1, cellPixels: 256, together: 'auto' as const };

describe('seamless cells in the plan', () => {
  it('a sheet of tiles: a tile takes the room of its wrap-around, and the route line says how many go seamless', () => {
    const all = planRun([{ id: 0, summary: sheet([tile, tile, tile, tile]) }], options);
    assert.deepEqual(all.sets[0].tiles, [4]);
    assert.ok(all.sets[0].plates.layouts[0].placements.every((p) => p.width === 48 * p.factor));
    assert.match(setRoute(all.sets[0], { width: 128, height: 32, format: 'png' }), /^4 frames, seamless, with their wrap-around → 1 call \(\d+ × \d+ cells of 288 px\) → saved 128 × 32 PNG, seamless$/);
    const some = planRun([{ id: 0, summary: sheet([tile, tile, tile, sprite, sprite]) }], options);
    assert.match(setRoute(some.sets[0], { width: 160, height: 32, format: 'png' }), /^5 frames, 3 seamless with their wrap-around → 1 call .* → saved 160 × 32 PNG, 3 of 5 frames seamless$/);
    const none = planRun([{ id: 0, summary: sheet([sprite, sprite]) }], options);
    assert.equal(none.sets[0].tiles, undefined);
    assert.match(setRoute(none.sets[0], { width: 64, height: 32, format: 'png' }), /^2 frames → 1 call \(.*\) → saved 64 × 32 PNG$/);
  });

  it('files together: each member says whether it goes seamless', () => {
    const plan = planRun([image(tile), image(sprite), image(tile)].map((summary, id) => ({ id, summary })), options);
    const [set] = plan.sets;
    assert.equal(set.kind, 'together');
    assert.deepEqual(set.tiles, [1, 0, 1]);
    assert.match(setRoute(set, { width: 32, height: 32, format: 'png' }, 0), /^32 × 32 seamless → 1 of 3 sprites with its wrap-around → 1 call .* → saved 32 × 32 PNG, seamless$/);
    assert.match(setRoute(set, { width: 32, height: 32, format: 'png' }, 1), /^32 × 32 → 1 of 3 sprites → 1 call .* → saved 32 × 32 PNG$/);
  });

  it('says why auto ticked Seamless tile, counting frames or files; nothing once the user chose', () => {
    const note = (summaries: SetSummary[], chosen = false) => {
      const list = sources(summaries);
      return planShapeOf(planRun(list.map((s) => ({ id: s.id, summary: s.set })), options), list, chosen);
    };
    assert.equal(note([sheet([tile, tile])]).seamlessNote, 'Seamless: every frame repeats without a seam, so its variant will too');
    assert.equal(note([sheet([tile, sprite, tile])]).seamlessNote, 'Seamless: 2 of 3 frames repeat without a seam, so their variants will too');
    assert.equal(note([image(tile), image(sprite), image(tile)]).seamlessNote, 'Seamless: 2 of 3 files repeat without a seam, so their variants will too');
    assert.equal(note([image(tile), image(tile)]).seamlessNote, 'Seamless: every file repeats without a seam, so its variant will too');
    assert.equal(note([sheet([sprite, sprite])]).seamless, false);
    assert.equal(note([sheet([sprite, sprite])]).seamlessNote, undefined);
    const chosen = note([sheet([tile, sprite])], true);
    assert.equal(chosen.seamless, true);
    assert.equal(chosen.seamlessNote, undefined);
  });

  it("marks a sheet's tiles for the card's cell overlay", () => {
    const summary = { ...sheet([tile, sprite]), description: 'Sheet: 2 frames', frames: [{ x: 0, y: 0, w: 32, h: 32 }, { x: 32, y: 0, w: 32, h: 32 }] };
    assert.deepEqual(setViewOf(summary, 'r')?.cells, [{ x: 0, y: 0, w: 32, h: 32, seamless: true }, { x: 32, y: 0, w: 32, h: 32 }]);
    assert.equal(setViewOf(image(sprite), undefined), undefined, 'a plain picture has no set line');
  });
});
