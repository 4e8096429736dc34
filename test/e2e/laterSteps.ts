/**
 * The UI test's later steps, in the order a user's session takes them: a preset from the settings,
 * the dark theme, a window reload (the History, the panel back), the next panel, a missing key.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { PanelOpening } from './panelOpening';
import type { Ui } from './uiSteps';

export interface LaterStepsContext {
  readonly ui: Ui;
  page(): Page;
  explorerRow(name: string): Locator;
  openPanel(name: string): Promise<PanelOpening>;
  promptField(): Locator;
  variantsField(): Locator;
  variantImages(): Locator;
  variantNames(): Promise<string[]>;
  historyPane(): Locator;
  creditsItem(): Locator;
  runCommand(title: string): Promise<void>;
  userDataDir(): string;
  credits(): number;
  /** The variant the discard step sent to the trash. */
  discarded(): string;
  readonly apiKey: string;
  readonly figures: Record<string, number>;
  readonly layoutProblems: string[];
}

export function registerLaterSteps(c: LaterStepsContext): void {
  it('fills the prompt and the strength from a preset of the user settings', async () => {
    const preset = c.ui.panel().getByLabel('Preset', { exact: true });
    assert.equal(await preset.isDisabled(), true, 'no presets yet');
    // Edited as a user does, in the settings.json editor: this code-server does not notice a write
    // to the file from outside the workbench (checked: not within 30 s).
    const settingsFile = path.join(c.userDataDir(), 'User', 'settings.json');
    const settings = JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Record<string, unknown>;
    settings['restyle.presets'] = [{ name: 'Ink', prompt: 'ink drawing, cross hatching', strength: 0.35 }];
    await c.runCommand('Preferences: Open User Settings (JSON)');
    const tab = c.page().locator('.tab', { hasText: 'settings.json' });
    await tab.waitFor();
    const editor = c.page().locator('.editor-instance .monaco-editor', { has: c.page().locator('.view-lines') }).first();
    await editor.locator('.view-lines', { hasText: '"restyle.endpoint"' }).waitFor();
    await editor.locator('.view-lines').click();
    await c.page().keyboard.press('Control+A');
    await c.page().keyboard.insertText(JSON.stringify(settings)); // one line: no auto-indent on the way
    await c.page().keyboard.press('Control+S'); // (this workbench may have auto-saved it already)
    await c.page().locator('.tab.dirty', { hasText: 'settings.json' }).waitFor({ state: 'detached' });
    // The workbench may be writing the file as it is read (empty or cut short for a moment): that reads as not saved yet.
    const savedPresets = async () => {
      try {
        return (JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Record<string, unknown>)['restyle.presets'];
      } catch {
        return undefined;
      }
    };
    for (let i = 0; i < 50 && !(await savedPresets()); i++) await c.page().waitForTimeout(100);
    assert.deepEqual(await savedPresets(), settings['restyle.presets'], 'settings.json saved with the preset');
    await c.runCommand('View: Close Editor');
    await tab.waitFor({ state: 'detached' });

    await preset.locator('option', { hasText: 'Ink (0.35)' }).waitFor({ state: 'attached' });
    assert.equal(await preset.isEnabled(), true);
    assert.notEqual(await c.promptField().inputValue(), 'ink drawing, cross hatching');
    await preset.selectOption({ label: 'Ink (0.35)' });
    assert.equal(await c.promptField().inputValue(), 'ink drawing, cross hatching');
    assert.equal(await c.ui.panel().locator('#strength-value').innerText(), '0.35');
    assert.equal(await c.ui.panel().getByLabel(/Strength/).inputValue(), '0.35');
    assert.equal(await c.variantImages().count(), 2, 'the variants are still shown');
  });

  it('looks native in a dark theme: checkerboard, variants grid and swipe compare', async () => {
    const checkerColour = () => c.ui.panel().locator('.frame').first().evaluate((frame) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(frame).backgroundColor);
    const light = await checkerColour();
    await c.ui.setTheme('Dark Modern', 'vs-dark');
    await c.page().mouse.move(0, 0);
    await c.ui.screenshot('e2e-dark');
    assert.notEqual(await checkerColour(), light, 'the checkerboard follows the theme');
    const background = await c.ui.panel()
      .locator('body')
      .evaluate((body) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    assert.ok(r + g + b < 200, `the panel follows the dark theme (background ${background})`);

    await c.ui.showCard();
    await c.ui.screenshot('e2e-variants-dark');
    const [variant] = await c.variantNames();
    const divider = await c.ui.openSwipe(variant, 'dark');
    // A click on the picture moves the divider there (pointer drag).
    const stage = (await c.ui.panel().locator('.swipe-box').boundingBox())!;
    await c.page().mouse.click(stage.x + stage.width * 0.25, stage.y + stage.height / 2);
    const value = Number(await divider.getAttribute('aria-valuenow'));
    assert.ok(Math.abs(value - 25) <= 1, `the divider follows the pointer (${value})`);
    await c.ui.showCard();
    await c.ui.screenshot('e2e-swipe-dark');
    await c.ui.panel().getByRole('button', { name: 'Back to variants', exact: true }).click();
    await c.ui.compareSection().waitFor({ state: 'detached' });
  });

  it('after a window reload: the Restyle History lists the generations and the open panel comes back with its variants', async () => {
    const shownBefore = await c.variantNames();
    const loaded = c.page().waitForEvent('load', { timeout: 60_000 });
    const reloading = Date.now();
    await c.runCommand('Developer: Reload Window');
    await loaded;
    await c.explorerRow('sprite.png').waitFor({ timeout: 60_000 });
    await c.page().locator('.tab', { hasText: 'knight-32.png' }).first().waitFor({ timeout: 30_000 });
    await c.ui.panel().getByRole('img', { name: `Restyled variant: ${shownBefore[0]}`, exact: true }).waitFor({ timeout: 30_000 });
    c.figures.reloadToPanelRestoredMs = Date.now() - reloading;
    assert.deepEqual(await c.variantNames(), shownBefore, 'the same variant tiles as before the reload');
    for (const image of await c.variantImages().all()) {
      assert.ok(await image.isVisible(), 'a restored tile is visible');
      // A tile below the fold loads lazily: bring it into view and give it a moment to arrive, as a user would see it.
      await image.scrollIntoViewIfNeeded();
      const shows = await image.evaluate((node) => {
        const img = node as unknown as { complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
        if (img.complete && img.naturalWidth > 0) return true;
        return new Promise<boolean>((resolve) => {
          img.addEventListener('load', () => resolve(img.naturalWidth > 0));
          img.addEventListener('error', () => resolve(false));
          setTimeout(() => resolve(img.naturalWidth > 0), 10_000);
        });
      });
      assert.ok(shows, 'a restored tile shows its image');
    }

    c.layoutProblems.push(...(await c.ui.tileLayoutProblems()).map((p) => `2 variants after the reload: ${p}`));

    // The folder's list takes the Explorer's height: fold it, so the history has room (unfolded again below).
    const folderHeader = c.page().locator('.pane-header[aria-label="Explorer Section: workspace"]');
    await folderHeader.click();
    const header = c.historyPane().locator('.pane-header');
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const rows = c.historyPane().locator('.monaco-list-row');
    // One row per source (its name and how many variants), its variants under it by their own names.
    const knightGroup = rows.filter({ hasText: /^knight-32\.png/ });
    await knightGroup.first().waitFor({ timeout: 20_000 });
    assert.match(await rows.first().innerText(), /knight-32\.png\s*6 variants/, 'newest source first, with its count');
    await rows.filter({ hasText: /sprite\.png\s*1 variant/ }).first().waitFor();
    await rows.filter({ hasText: /^sprite-restyled\.png/ }).first().waitFor();
    const knightRows = rows.filter({ hasText: /^knight-32-restyled/ });
    const texts = await knightRows.allInnerTexts();
    for (const name of shownBefore) assert.ok(texts.some((t) => t.startsWith(name)), `${name} is in the history (${texts.join(' | ')})`);
    assert.equal(texts.length, 6, `every knight generation is listed (${texts.join(' | ')})`);
    assert.match(await rows.nth(1).innerText(), /knight-32-restyled-\d\.png/, 'newest first');
    const shownRow = knightRows.filter({ hasText: new RegExp(`^${shownBefore[0].replace('.', '\\.')}`) });
    assert.match(await shownRow.innerText(), /cyberpunk style, dark colours · just now/);
    assert.match(await knightRows.filter({ hasText: new RegExp(`^${c.discarded().replace('.', '\\.')}`) }).innerText(), /\(deleted\) cyberpunk style/);
    // Nothing that tells two variants apart is cut at the default side bar width: their names are whole.
    const cutNames = await knightRows.evaluateAll((all) =>
      all.flatMap((row) => {
        const name = row.querySelector('.label-name');
        const box = row.querySelector('.monaco-icon-label-container');
        if (!name || !box) return [];
        return name.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 ? [name.textContent ?? ''] : [];
      }),
    );
    assert.deepEqual(cutNames, [], 'variant names cut in the History');
    await shownRow.hover();
    for (const action of ['Compare', 'Re-run', 'Copy Prompt', 'Reveal in Explorer']) {
      await shownRow.locator(`.actions .action-label[aria-label="${action}"]`).waitFor();
    }
    await c.page().mouse.move(0, 0);
    await c.page().keyboard.press('Escape'); // no hover tooltip in the screenshot
    await c.page().waitForTimeout(300);
    await c.ui.screenshot('e2e-history-after-reload');
    await folderHeader.click();
    await c.explorerRow('sprite.png').waitFor();
    await header.click(); // folds the history again: the folder's list gets its height back
    await c.explorerRow('Photo.JPG').waitFor();
  });

  it('opens the next panel at once, with the last prompt, strength, format and variants of this workspace', async () => {
    await c.runCommand('View: Close All Editors');
    await c.page().locator('iframe.webview').waitFor({ state: 'detached' });
    const opening = await c.openPanel('Photo.JPG');
    c.figures.panelOpenWarmMs = opening.formReadyMs;
    c.figures.panelOpenWarmTabMs = opening.tabMs;
    c.figures.panelOpenWarmFrameMs = opening.frameMs;
    c.figures.panelOpenWarmPaintMs = opening.paintMs;
    assert.equal(await c.promptField().inputValue(), 'cyberpunk style, dark colours');
    assert.equal(await c.ui.panel().locator('#strength-value').innerText(), '0.75');
    assert.equal(await c.ui.panel().getByLabel('Output format').inputValue(), 'jpeg');
    assert.equal(await c.variantsField().inputValue(), '3');
    assert.ok(c.figures.panelOpenWarmMs < 2_000, `the panel opened in ${c.figures.panelOpenWarmMs} ms`);
  });

  it('asks for the key when there is none, then goes on with the generation', async () => {
    await c.runCommand('Restyle: Clear Segmind API Key');
    await c.creditsItem().filter({ hasText: 'Set API key' }).waitFor();
    await c.variantsField().fill('1');
    await c.ui.panel().getByRole('button', { name: 'Generate', exact: true }).click();
    const input = c.page().locator('.quick-input-widget .quick-input-box input[type="password"]');
    await input.waitFor();
    await input.fill(c.apiKey);
    await input.press('Enter');
    await c.ui.panel().getByRole('img', { name: 'Restyled variant: Photo-restyled.jpg', exact: true }).waitFor();
    await c.explorerRow('Photo-restyled.jpg').waitFor();
    await c.creditsItem().filter({ hasText: `${c.credits().toFixed(2)} credits` }).waitFor();
  });
}
