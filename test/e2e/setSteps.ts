/**
 * The UI test's set steps: a sheet with its Aseprite JSON (its cells drawn over it, the set's route and
 * estimate), an APNG restyled into an APNG the panel plays beside its source, and a seamless tile
 * (Seamless tile ticked, and why), in light and dark. The files are written into the workspace here.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';
import { encodeAnimation } from '../../src/image/animation/animation';
import type { PanelOpening } from './panelOpening';
import type { Ui } from './uiSteps';

export interface SetStepsContext {
  readonly ui: Ui;
  workspace(): string;
  explorerRow(name: string): Locator;
  openPanel(name: string): Promise<PanelOpening>;
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

export function registerSetSteps(ctx: SetStepsContext): void {
  const panel = () => ctx.ui.panel();
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
}
