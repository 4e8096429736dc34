/** What the UI test does again and again in the workbench: screenshots, themes, the compare view, the tiles' layout. */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { contrastOf } from './layoutChecks';
import { webviewPage } from './panelOpening';
import { runCommand } from './workbench';

export class Ui {
  /** Contrast of the selected compare toggle under the pointer, per theme (WCAG AA asks 4.5:1). */
  readonly hoveredToggleContrast: Record<string, number> = {};

  constructor(
    private readonly page: () => Page,
    private readonly results: string,
  ) {}

  panel(): FrameLocator {
    return webviewPage(this.page());
  }

  compareSection() {
    return this.panel().getByRole('region', { name: /^Compare .* with / });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(this.results, { recursive: true });
    const file = path.join(this.results, `${name}.png`);
    await this.page().screenshot({ path: file });
    return file;
  }

  async setTheme(theme: string, bodyClass: string): Promise<void> {
    const page = this.page();
    await runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(theme);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: theme }).first().waitFor();
    await input.press('Enter');
    await page.locator(`.monaco-workbench.${bodyClass}`).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500); // the webview picks up the new theme colours a moment later
  }

  /**
   * Compare on the given variant's tile, then the Swipe mode; returns the divider, focused. On the
   * way, the selected toggle is hovered and its computed colours must keep 4.5:1.
   */
  async openSwipe(variant: string, theme: string, source = 'knight-32.png') {
    const panel = this.panel();
    await panel.getByRole('button', { name: `Compare ${variant} with ${source}`, exact: true }).click();
    await this.compareSection().waitFor();
    const side = panel.getByRole('button', { name: 'Side by side', exact: true });
    const swipe = panel.getByRole('button', { name: 'Swipe', exact: true });
    assert.equal(await side.getAttribute('aria-pressed'), 'true', 'Compare opens side by side');
    assert.equal(await panel.getByRole('img', { name: `Source: ${source}`, exact: true }).count(), 1, 'the compare view shows the source once');
    await swipe.click();
    await panel.locator('button[aria-pressed="true"]', { hasText: 'Swipe' }).waitFor();
    assert.equal(await side.getAttribute('aria-pressed'), 'false');
    await swipe.hover();
    await this.page().waitForTimeout(150);
    const { ratio, colours } = await contrastOf(swipe);
    this.hoveredToggleContrast[theme] = Math.round(ratio * 100) / 100;
    assert.ok(ratio >= 4.5, `the selected Swipe toggle, hovered, in ${theme}: ${colours} is ${ratio.toFixed(2)}:1`);
    const divider = panel.getByRole('slider', { name: 'Swipe position: variant on the left, source on the right', exact: true });
    await divider.waitFor();
    await divider.focus();
    return divider;
  }

  /** Scrolls the panel so the (first) card starts at the top, for screenshots of the grid and the compare view. */
  async showCard(): Promise<void> {
    await this.panel().locator('article.card').first().evaluate((card) => (card as unknown as { scrollIntoView(options: unknown): void }).scrollIntoView({ block: 'start' }));
    await this.page().mouse.move(0, 0);
  }

  /** Closes the notification centre if it is open, so it covers nothing in the screenshots. */
  async hideNotifications(): Promise<void> {
    const page = this.page();
    const centre = page.locator('.notifications-center.visible');
    if (await centre.isVisible()) {
      await page.locator('[id="status.notifications"]').click();
      await centre.waitFor({ state: 'hidden' });
    }
  }

  /**
   * What is wrong with the variant tiles as the user sees them: tiles overlapping each other, running
   * past their card, or shown at another size than the source (the panel promises one zoom for both).
   */
  async tileLayoutProblems(): Promise<string[]> {
    type Box = { x: number; y: number; width: number; height: number };
    const problems: string[] = [];
    const px = (n: number) => Math.round(n);
    /** The size an image is drawn at inside its element (object-fit: contain). */
    const drawn = async (image: ReturnType<FrameLocator['locator']>) => {
      const box = (await image.boundingBox())!;
      const [w, h] = await image.evaluate((img) => [(img as unknown as { naturalWidth: number }).naturalWidth, (img as unknown as { naturalHeight: number }).naturalHeight]);
      const scale = Math.min(box.width / w, box.height / h);
      return { width: px(w * scale), height: px(h * scale) };
    };
    const card = (await this.panel().locator('article.card').first().boundingBox())!;
    const source = await drawn(this.panel().getByRole('img', { name: /^Source: / }).first());
    const tiles: { name: string; extent: Box }[] = [];
    for (const tile of await this.panel().locator('.grid .tile', { has: this.panel().getByRole('img') }).all()) {
      const image = tile.getByRole('img');
      const name = ((await image.getAttribute('alt')) ?? '').replace(/^Restyled variant: /, '');
      // What the tile draws: its frame, caption and buttons (they can overflow the tile's grid cell).
      const parts: Box[] = [];
      for (const part of await tile.locator('.frame, figcaption > *, button').all()) parts.push((await part.boundingBox())!);
      const left = Math.min(...parts.map((b) => b.x));
      const top = Math.min(...parts.map((b) => b.y));
      const extent = { x: left, y: top, width: Math.max(...parts.map((b) => b.x + b.width)) - left, height: Math.max(...parts.map((b) => b.y + b.height)) - top };
      tiles.push({ name, extent });
      const past = extent.x + extent.width - (card.x + card.width);
      if (past > 1) problems.push(`the tile of ${name} runs ${px(past)} px past the right edge of its card (cut off)`);
      const size = await drawn(image);
      if (size.width !== source.width || size.height !== source.height) {
        problems.push(`${name} is drawn at ${size.width} × ${size.height} px, its source at ${source.width} × ${source.height} px`);
      }
    }
    const frames = await this.panel().locator('article.card').first().locator('.strip .frame').evaluateAll((all) => all.map((f) => `${Math.round(f.getBoundingClientRect().width)} × ${Math.round(f.getBoundingClientRect().height)}`));
    if (new Set(frames).size > 1) problems.push(`the frames of one source are not one size: ${frames.join(', ')}`);
    for (const [i, a] of tiles.entries()) {
      for (const b of tiles.slice(i + 1)) {
        const w = Math.min(a.extent.x + a.extent.width, b.extent.x + b.extent.width) - Math.max(a.extent.x, b.extent.x);
        const h = Math.min(a.extent.y + a.extent.height, b.extent.y + b.extent.height) - Math.max(a.extent.y, b.extent.y);
        if (w > 1 && h > 1) problems.push(`the tiles of ${a.name} and ${b.name} overlap by ${px(w)} × ${px(h)} px`);
      }
    }
    return problems;
  }
}
