/**
 * The UI test's set steps: a sheet with its Aseprite JSON (its cells drawn over it, the set's route and
 * estimate), an APNG restyled into an APNG the panel plays beside its source, and a seamless tile
 * (Seamless tile ticked, and why), in light and dark. The files are written into the workspace here.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { encodeAnimation } from '../../src/image/animation/animation';
import { measureSeam } from '../../src/image/tile/seamMeasure';
import type { PanelOpening } from './panelOpening';
import type { Ui } from './uiSteps';

export interface SetStepsContext {
  readonly ui: Ui;
  workspace(): string;
  explorerRow(name: string): Locator;
  openPanel(name: string): Promise<PanelOpening>;
  page(): Page;
  runCommand(title: string): Promise<void>;
}

function disc(png: PNG, ox: number, oy: number, colour: number[]): void {
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
    const d = Math.hypot(x - 15.5, y - 15.5);
    if (d <= 13) png.data.set(d > 10 ? [20, 20, 30, 255] : [...colour, 255], ((oy + y) * png.width + ox + x) * 4);
  }
}

const COLOURS = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 200, 40], [200, 60, 200], [40, 200, 210], [240, 140, 30], [140, 90, 50]];

async function writeSet(folder: string): Promise<void> {
  const sheet = new PNG({ width: 256, height: 32 });
  const frames = COLOURS.map((c, f) => {
    disc(sheet, f * 32, 0, c);
    return { filename: `walk ${f}`, frame: { x: f * 32, y: 0, w: 32, h: 32 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 32, h: 32 }, sourceSize: { w: 32, h: 32 }, duration: 100 };
  });
  await fs.writeFile(path.join(folder, 'walk.png'), PNG.sync.write(sheet));
  await fs.writeFile(path.join(folder, 'walk.json'), JSON.stringify({ frames, meta: { app: 'https://www.aseprite.org/', image: 'walk.png', size: { w: 256, h: 32 }, frameTags: [{ name: 'walk', from: 0, to: 7, direction: 'forward' }] } }, null, 2));
  const anim = COLOURS.map((c) => {
    const png = new PNG({ width: 32, height: 32 });
    disc(png, 0, 0, c);
    return { raster: { width: 32, height: 32, data: new Uint8Array(png.data) }, delayMs: 120 };
  });
  await fs.writeFile(path.join(folder, 'spin.png'), await encodeAnimation({ format: 'apng', width: 32, height: 32, loopCount: 0, frames: anim }));
  const tile = new PNG({ width: 32, height: 32 });
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
    const mortar = y % 8 === 7 || (x + (Math.floor(y / 8) % 2) * 8) % 16 === 15;
    tile.data.set(mortar ? [200, 200, 190, 255] : ((x >> 2) + (y >> 2)) % 2 ? [160, 60, 40, 255] : [140, 50, 35, 255], (y * 32 + x) * 4);
  }
  await fs.writeFile(path.join(folder, 'bricks.png'), PNG.sync.write(tile));
}

/** A small deterministic noise in 0..15, the same for (x, y) and (x + 32, y + 32). */
const noise = (x: number, y: number) => ((((x & 31) * 73856093) ^ ((y & 31) * 19349663)) >>> 3) & 15;

/**
 * Four 32 × 32 ground tiles that wrap (every pattern repeats every 32 px or less, and what crosses an
 * edge comes back on the other side) and a coin on a clear background, side by side: 160 × 32.
 */
const GROUND: readonly ((x: number, y: number) => number[])[] = [
  // red bricks: rows of 8, joints every 16 px, every other row shifted by 8
  (x, y) => y % 8 === 7 || (x + (Math.floor(y / 8) % 2) * 8) % 16 === 15 ? [205, 195, 180, 255] : ((x >> 2) + (y >> 2)) % 2 ? [185, 45, 35, 255] : [150, 32, 28, 255],
  // grass with a few flowers (one across the right edge)
  (x, y) => {
    for (const [fx, fy, c] of [[6, 6, [250, 230, 60]], [21, 11, [250, 250, 250]], [12, 24, [240, 110, 180]], [31, 19, [250, 230, 60]]] as const) {
      const dx = Math.min(Math.abs(x - fx), 32 - Math.abs(x - fx)), dy = Math.min(Math.abs(y - fy), 32 - Math.abs(y - fy));
      if (dx + dy === 0) return [230, 140, 20, 255];
      if (dx + dy === 1) return [...c, 255];
    }
    return (x + 3 * y) % 8 < 2 ? [40, 130, 40, 255] : noise(x, y) < 4 ? [80, 185, 60, 255] : [60, 165, 50, 255];
  },
  // blue water: crests on a sine of period 16, bands of 4 rows
  (x, y) => {
    const crest = (y + 32 + Math.round(2 * Math.sin((2 * Math.PI * (x % 16)) / 16))) % 8;
    return crest === 0 ? [190, 225, 255, 255] : crest === 1 ? [110, 160, 240, 255] : (y >> 2) % 2 ? [40, 85, 200, 255] : [35, 70, 180, 255];
  },
  // sand with pebbles (one across the corner)
  (x, y) => {
    for (const [px, py] of [[7, 9], [22, 4], [15, 21], [30, 30], [4, 27]]) {
      const dx = (x - px + 32) % 32, dy = (y - py + 32) % 32;
      if (dx < 3 && dy < 2) return dx === 0 && dy === 0 ? [170, 165, 160, 255] : [120, 115, 110, 255];
    }
    const n = noise(x, y);
    return [222 - n, 192 - n, 132 - n, 255];
  },
  // a gold coin on a clear background: a sprite, not a tile
  (x, y) => {
    const d = Math.hypot(x - 15.5, y - 15.5);
    if (d > 12) return [0, 0, 0, 0];
    if (d > 10) return [150, 100, 20, 255];
    return x - y > 6 && d < 8 ? [255, 245, 170, 255] : [240, 190, 40, 255];
  },
];

async function writeGround(folder: string): Promise<void> {
  const sheet = new PNG({ width: 160, height: 32 });
  const frames: Record<string, unknown> = {};
  GROUND.forEach((pixel, f) => {
    const cell = new PNG({ width: 32, height: 32 });
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
      const rgba = pixel(x, y);
      cell.data.set(rgba, (y * 32 + x) * 4);
      sheet.data.set(rgba, (y * 160 + f * 32 + x) * 4);
    }
    const seam = measureSeam({ width: 32, height: 32, data: new Uint8Array(cell.data) });
    if (f < 4) assert.ok(seam.seamless && !seam.emptyEdges, `ground cell ${f} wraps without a seam (ratio ${seam.ratio.toFixed(2)})`);
    else assert.ok(seam.emptyEdges, 'the coin has a clear border');
    frames[`ground ${f}.aseprite`] = { frame: { x: f * 32, y: 0, w: 32, h: 32 }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w: 32, h: 32 }, sourceSize: { w: 32, h: 32 }, duration: 100 };
  });
  await fs.writeFile(path.join(folder, 'ground.png'), PNG.sync.write(sheet));
  await fs.writeFile(path.join(folder, 'ground.json'), JSON.stringify({ frames, meta: { app: 'https://www.aseprite.org/', image: 'ground.png', size: { w: 160, h: 32 }, frameTags: [] } }, null, 2));
}

export function registerSetSteps(ctx: SetStepsContext): void {
  const panel = () => ctx.ui.panel();
  /** Screenshots `name` in Light Modern and `name-dark` in Dark Modern, the pointer out of the way, and back to light. */
  const inLightAndDark = async (name: string) => {
    await ctx.page().mouse.move(0, 0);
    await ctx.ui.screenshot(name);
    await ctx.ui.setTheme('Dark Modern', 'vs-dark');
    await ctx.ui.screenshot(`${name}-dark`);
    await ctx.ui.setTheme('Light Modern', 'vs');
  };
  const card = (name: string) => panel().locator('article.card', { has: panel().locator('figcaption', { hasText: name }) }).first();

  it('shows a sheet as a sheet: its 8 cells over the source, the set route and the estimate in calls', async () => {
    await writeSet(ctx.workspace());
    await ctx.explorerRow('walk.png').waitFor({ timeout: 30_000 });
    await ctx.openPanel('walk.png');
    const sheet = card('walk.png');
    await sheet.locator('.cells .cell').first().waitFor({ timeout: 30_000 });
    assert.equal(await sheet.locator('.cells .cell').count(), 8, 'the 8 frames are drawn over the source');
    assert.equal((await sheet.locator('.set').textContent())?.trim(), 'Sheet: 8 frames of 32 × 32 (Aseprite JSON; tag walk)');
    assert.match((await sheet.locator('.route').textContent()) ?? '', /^8 frames → 1 call \(\d+ × \d+ cells of 256 px\) → saved 256 × 32 PNG$/);
    assert.match((await panel().locator('#estimate').textContent()) ?? '', /^8 frames in 1 call ≈ 0\.08 credits \(one at a time: 0\.64\)/);
    assert.equal(await sheet.locator('details.sheet-row summary').textContent(), 'Sheet', 'the Sheet row offers Cells, Margin, Spacing and Not a sheet');
    await ctx.ui.screenshot('e2e-sheet-cells');
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor({ timeout: 60_000 });
    await ctx.explorerRow('walk-restyled.json').waitFor({ timeout: 30_000 });
    await ctx.ui.screenshot('e2e-sheet-restyled');
  });

  it('restyles an APNG into an APNG of the same frames, shown playing beside its source', async () => {
    await ctx.openPanel('spin.png');
    const anim = card('spin.png');
    assert.equal((await anim.locator('.set').textContent({ timeout: 30_000 }))?.trim(), 'Animation: 8 frames, APNG, loops forever');
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor({ timeout: 60_000 });
    const variant = panel().getByRole('img', { name: 'Restyled variant: spin-restyled.png', exact: true });
    await variant.waitFor();
    assert.ok(await variant.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth === 32; }), 'the browser decodes the APNG variant');
    await ctx.ui.screenshot('e2e-animation');
  });

  it('ticks Seamless tile for a tile that repeats and says why; Compare shows it Tiled 3 × 3, in light and dark', async () => {
    await ctx.openPanel('bricks.png');
    const box = panel().locator('#seamless');
    await panel().locator('#seamless-note', { hasText: 'Seamless: the source repeats without a seam, so the variant will too' }).waitFor({ timeout: 30_000 });
    assert.ok(await box.isChecked(), 'auto ticks it');
    assert.match((await card('bricks.png').locator('.route').textContent()) ?? '', /^32 × 32 seamless → sent as 960 × 960 with its wrap-around → saved 32 × 32 (PNG|JPEG), seamless$/);
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor({ timeout: 60_000 });
    // The form's format (JPEG here, from an earlier step) decides the variant's: an opaque tile may be a JPEG.
    await panel().getByRole('button', { name: /^Compare bricks-restyled\.(png|jpg) with bricks\.png$/ }).click();
    await panel().getByRole('button', { name: 'Tiled', exact: true }).click();
    await panel().getByRole('img', { name: /^Variant tiled 3 × 3: bricks-restyled\.(png|jpg)$/ }).waitFor();
    await panel().getByRole('img', { name: 'Source tiled 3 × 3: bricks.png', exact: true }).waitFor();
    await ctx.ui.screenshot('e2e-tile-tiled');
    await ctx.ui.setTheme('Dark Modern', 'vs-dark');
    await ctx.ui.screenshot('e2e-tile-tiled-dark');
    await ctx.ui.setTheme('Light Modern', 'vs');
  });

  it('ticks Seamless tile for the 4 of 5 sheet cells that repeat and sends them wrapped, at the default width beside an editor, in light and dark', async () => {
    await writeGround(ctx.workspace());
    await ctx.explorerRow('ground.json').waitFor({ timeout: 30_000 });
    await ctx.runCommand('View: Close All Editors'); // the sheet's JSON in an editor, the panel beside it
    await ctx.page().locator('iframe.webview').waitFor({ state: 'detached' });
    await ctx.explorerRow('ground.json').click();
    await ctx.page().locator('.tab', { hasText: 'ground.json' }).first().waitFor();
    await ctx.openPanel('ground.png');
    const sheet = card('ground.png');
    await panel().locator('#seamless-note', { hasText: 'Seamless: 4 of 5 frames repeat without a seam, so their variants will too' }).waitFor({ timeout: 30_000 });
    assert.ok(await panel().locator('#seamless').isChecked(), 'auto ticks it');
    assert.match((await sheet.locator('.set').textContent())?.trim() ?? '', /^Sheet: 5 frames of 32 × 32 \(Aseprite JSON/);
    assert.equal(await sheet.locator('.cells .cell').count(), 5, 'the 5 frames are drawn over the source');
    assert.equal(await sheet.locator('.cells .cell.tile').count(), 4, 'the 4 tiles are outlined solid, the coin dashed');
    assert.match((await sheet.locator('.route').textContent()) ?? '', /^5 frames, 4 seamless with their wrap-around → 1 call \((\d+ × \d+|\d+) cells of \d+ px\) → saved 160 × 32 PNG, 4 of 5 frames seamless$/);
    const width = Math.round((await ctx.page().locator('iframe.webview.ready').first().boundingBox())!.width);
    assert.ok(width >= 400 && width <= 560, `the panel beside the editor is about 480 px wide (${width} px)`);
    await panel().locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, 0));
    await ctx.page().mouse.move(0, 0);
    await ctx.ui.screenshot('e2e-sheet-seamless');
    await ctx.ui.showCard(); // the card: the sheet with its cells, and its route line
    await ctx.ui.screenshot('e2e-sheet-seamless-card');
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor({ timeout: 60_000 });
    await ctx.explorerRow('ground-restyled.json').waitFor({ timeout: 30_000 });
    await inLightAndDark('e2e-sheet-seamless-restyled');
    // Tiled, for a sheet: each seamless cell repeated 3 × 3, the source's beside the variant's (the coin is no tile).
    await panel().getByRole('button', { name: 'Compare ground-restyled.png with ground.png', exact: true }).click();
    await panel().getByRole('button', { name: 'Tiled', exact: true }).click();
    const tiled = panel().getByRole('img', { name: /^Variant frame \d tiled 3 × 3: ground-restyled\.png$/ });
    await tiled.first().waitFor();
    assert.equal(await tiled.count(), 4, 'the 4 seamless frames, tiled');
    assert.equal(await panel().getByRole('img', { name: /^Source frame \d tiled 3 × 3: ground\.png$/ }).count(), 4);
    const block = (await tiled.first().boundingBox())!;
    const beside = (await panel().getByRole('img', { name: /^Source frame 1 tiled/ }).boundingBox())!;
    assert.ok(block.width === block.height && block.width % 96 === 0, `frame 1 tiled 3 × 3 at a whole zoom (${block.width} × ${block.height})`);
    assert.ok(Math.abs(beside.y - block.y) < 1 && beside.x + beside.width <= block.x, 'the source tiled beside the variant tiled, on one row');
    const boxes = await tiled.first().evaluate((el) => [...el.children].map((c) => { const r = c.getBoundingClientRect(); return [r.width, r.height]; }));
    assert.deepEqual(boxes, Array(9).fill([block.width / 3, block.height / 3]), 'nine boxes of one cell each');
    await tiled.first().scrollIntoViewIfNeeded();
    await inLightAndDark('e2e-sheet-tiled');
    await panel().getByRole('button', { name: 'Back to variants', exact: true }).click();
  });
}
