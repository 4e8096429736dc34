/** The UI test's steps on one sprite's variants: a server failure and Retry, three variants at once, Compare, Discard. */
import * as assert from 'node:assert/strict';
import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { IMAGE_PATH, type SegmindServer } from '../server/segmindServer';
import type { Ui } from './uiSteps';

export interface VariantStepsContext {
  readonly ui: Ui;
  page(): Page;
  explorerRow(name: string): Locator;
  variantsField(): Locator;
  variantImages(): Locator;
  variantNames(): Promise<string[]>;
  workspaceFiles(pattern: RegExp): Promise<string[]>;
  workspace(): string;
  segmind(): SegmindServer;
  setDiscarded(name: string): void;
  readonly layoutProblems: string[];
}

export function registerVariantSteps(c: VariantStepsContext): void {
  it('says what went wrong, with Retry and Show Log, when the server fails', async () => {
    c.segmind().failNext({ kind: 'status', status: 503, body: '{"error":"Model is overloaded"}', contentType: 'application/json' });
    const filesBefore = (await fs.readdir(c.workspace())).sort();
    await c.ui.panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await c.ui.panel().locator('[role="alert"]', { hasText: 'Segmind had a problem (503)' }).waitFor();
    // This headless workbench keeps notifications in the notification centre (no toasts): open it.
    await c.page().locator('[id="status.notifications"]').click();
    const notification = c.page().locator('.notification-list-item', { hasText: 'knight-32.png: Segmind had a problem (503)' });
    await notification.waitFor();
    const retry = notification.locator('.monaco-button', { hasText: 'Retry' });
    await retry.waitFor();
    await notification.locator('.monaco-button', { hasText: 'Show Log' }).waitFor();
    await c.ui.screenshot('e2e-error');
    assert.deepEqual((await fs.readdir(c.workspace())).sort(), filesBefore, 'nothing was written');

    await retry.click();
    await c.explorerRow('knight-32-restyled-3.png').waitFor();
    await c.ui.panel().getByRole('img', { name: 'Restyled variant: knight-32-restyled-3.png', exact: true }).waitFor();
    await c.ui.hideNotifications();
  });

  it('makes 3 variants in one Generate: the estimate first, a placeholder while running, then 3 tiles and 3 files', async () => {
    const before = await c.workspaceFiles(/^knight-32-restyled.*\.png$/);
    await c.variantsField().fill('3');
    const estimate = c.ui.panel().locator('#estimate');
    await estimate.filter({ hasText: /^1 image × 3 variants ≈ 0\.24 credits · balance \d+\.\d\d$/ }).waitFor();
    const estimateText = await estimate.innerText();
    assert.ok(estimateText.endsWith(`balance ${c.segmind().credits.toFixed(2)}`), `the balance is the account's (${estimateText})`);

    c.segmind().failNext({ kind: 'delay', ms: 1_500 }); // long enough to see the run's placeholder
    const calls = c.segmind().requests.filter((r) => r.path === IMAGE_PATH).length;
    await c.ui.panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await c.ui.panel().locator('.placeholder', { hasText: /^Generating [1-3] of 3…$/ }).waitFor();
    await c.ui.panel().getByRole('button', { name: 'Cancel knight-32.png', exact: true }).waitFor();
    await c.ui.panel().getByRole('button', { name: 'Generate again' }).waitFor();
    await c.ui.panel().locator('#status', { hasText: 'Saved 3 images.' }).waitFor();
    assert.equal(c.segmind().requests.filter((r) => r.path === IMAGE_PATH).length - calls, 3, 'three calls');

    assert.equal(await c.variantImages().count(), 3, 'three tiles');
    const shown = await c.variantNames();
    const made = (await c.workspaceFiles(/^knight-32-restyled.*\.png$/)).filter((name) => !before.includes(name));
    assert.deepEqual([...shown].sort(), made, 'the tiles are the three new files');
    assert.equal(made.length, 3);
    for (const name of made) await c.explorerRow(name).waitFor();
    assert.equal(await c.ui.panel().getByRole('button', { name: /^Discard knight-32-restyled.* \(moves it to the trash\)$/ }).count(), 3);
    c.layoutProblems.push(...(await c.ui.tileLayoutProblems()).map((p) => `3 variants, light theme: ${p}`));
    await c.ui.showCard();
    await c.ui.screenshot('e2e-variants-light');
  });

  it('compares a variant with its source: Swipe with the keyboard, then Side by side at the same size', async () => {
    const [variant] = await c.variantNames();
    const divider = await c.ui.openSwipe(variant, 'light');
    assert.equal(await divider.getAttribute('aria-valuenow'), '50');
    for (let i = 0; i < 4; i++) await divider.press('ArrowLeft');
    assert.equal(await divider.getAttribute('aria-valuenow'), '30');
    await divider.press('Shift+ArrowRight');
    assert.equal(await divider.getAttribute('aria-valuenow'), '31');
    await divider.press('End');
    assert.equal(await divider.getAttribute('aria-valuenow'), '100');
    await c.ui.showCard();
    await c.ui.screenshot('e2e-swipe-light');

    await c.ui.panel().getByRole('button', { name: 'Side by side', exact: true }).click();
    const compare = c.ui.compareSection();
    const source = compare.getByRole('img', { name: 'Source: knight-32.png', exact: true });
    const shown = compare.getByRole('img', { name: `Variant: ${variant}`, exact: true });
    await shown.waitFor();
    const [a, b] = [(await source.boundingBox())!, (await shown.boundingBox())!];
    assert.deepEqual([Math.round(a.width), Math.round(a.height)], [Math.round(b.width), Math.round(b.height)], 'both at the same size');
    assert.ok(a.width >= 32 * 4, `shown zoomed in (${a.width} px wide)`);
    assert.ok(Math.abs(a.y - b.y) < 1 && b.x > a.x + a.width - 1, 'side by side, not overlapping');

    await c.ui.panel().getByRole('button', { name: 'Back to variants', exact: true }).click();
    await compare.waitFor({ state: 'detached' });
    assert.equal(await c.variantImages().count(), 3, 'the three tiles again');
  });

  it('discards one variant: it leaves the grid and the Explorer', async () => {
    const names = await c.variantNames();
    const discarded = names[1];
    c.setDiscarded(discarded);
    await c.ui.panel().getByRole('button', { name: `Discard ${discarded} (moves it to the trash)`, exact: true }).click();
    await c.ui.panel().getByRole('img', { name: `Restyled variant: ${discarded}`, exact: true }).waitFor({ state: 'detached' });
    await c.explorerRow(discarded).waitFor({ state: 'detached' });
    assert.deepEqual(await c.variantNames(), names.filter((name) => name !== discarded), '2 tiles left');
    assert.equal(existsSync(path.join(c.workspace(), discarded)), false, 'the file is gone from the folder');
    for (const name of names.filter((n) => n !== discarded)) await c.explorerRow(name).waitFor();
  });
}
