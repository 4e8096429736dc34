/**
 * The UI test's layout steps: the newest variant in view after Generate (480 and 1200 px wide),
 * labels and controls whole at 320, 480 and 1200 px in dark and light, Compare kept across a tab
 * switch, and a source that cannot be restyled (no broken image, Generate off with its reason).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { panelLayoutProblems, setPanelWidth, wholeInView } from './layoutChecks';
import { pickMenuEntry, type PanelOpening } from './panelOpening';
import type { Ui } from './uiSteps';

export interface LayoutStepsContext {
  readonly ui: Ui;
  page(): Page;
  explorerRow(name: string): Locator;
  openPanel(name: string): Promise<PanelOpening>;
  variantsField(): Locator;
  runCommand(title: string): Promise<void>;
  workspace(): string;
  readonly figures: Record<string, number>;
}

export function registerLayoutSteps(ctx: LayoutStepsContext): void {
  const { ui } = ctx;
  const panel = () => ui.panel();
  const variantImages = () => panel().getByRole('img', { name: /^Restyled variant: / });
  const names = async () => (await variantImages().evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''))).map((alt) => alt.replace(/^Restyled variant: /, ''));
  const problems: string[] = [];

  async function generateAt(width: number): Promise<void> {
    const shown = await setPanelWidth(ctx.page(), width);
    assert.ok(Math.abs(shown - width) <= 2, `the panel is ${shown} px wide, not ${width}`);
    await panel().locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, 0)); // the user is at the form
    const before = await names();
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor();
    const made = (await names()).filter((n) => !before.includes(n));
    assert.equal(made.length, 1, `one new variant (${made.join(', ')})`);
    const newest = panel().getByRole('img', { name: `Restyled variant: ${made[0]}`, exact: true });
    const seen = await wholeInView(newest);
    assert.ok(seen.inView, `at ${width} px the newest variant is in view without scrolling (${seen.box})`);
    const source = await wholeInView(panel().getByRole('img', { name: 'Source: knight-32.png', exact: true }));
    assert.ok(source.inView, `at ${width} px its source is in view beside it (${source.box})`);
    await ui.screenshot(`e2e-generated-${width}`);
  }

  it('after Generate, the newest variant is in view beside its source, at 480 and at 1200 px wide', async () => {
    await ctx.runCommand('View: Close All Editors'); // one webview: the panel these steps look at
    await ctx.page().locator('iframe.webview').waitFor({ state: 'detached' });
    await ctx.openPanel('knight-32.png');
    await ctx.variantsField().fill('1');
    await panel().getByLabel('Zoom of knight-32.png').waitFor();
    await generateAt(480);
    assert.match(await panel().getByLabel('Zoom of knight-32.png').innerText(), /^×\d+$/, 'the zoom is said');
    await generateAt(1200);
  });

  it('keeps labels and controls whole at 320, 480 and 1200 px wide, in dark and light', async () => {
    for (const [theme, bodyClass] of [['Dark Modern', 'vs-dark'], ['Light Modern', 'vs']] as const) {
      if (!(await ctx.page().locator(`.monaco-workbench.${bodyClass}`).count())) await ui.setTheme(theme, bodyClass);
      for (const width of [320, 480, 1200]) {
        await setPanelWidth(ctx.page(), width);
        await panel().locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, 0));
        await ctx.page().mouse.move(0, 0);
        problems.push(...(await panelLayoutProblems(panel())).map((p) => `${width} px, ${theme}: ${p}`));
        problems.push(...(await ui.tileLayoutProblems()).map((p) => `${width} px, ${theme}: ${p}`));
        await ui.screenshot(`e2e-width-${width}-${bodyClass}`);
      }
    }
    assert.deepEqual(problems, [], `the panel as the user saw it:\n  ${problems.join('\n  ')}`);
  });

  it('changes the zoom with + and −, the same for the source and its variant', async () => {
    await setPanelWidth(ctx.page(), 1200);
    const zoom = panel().getByLabel('Zoom of knight-32.png');
    const before = Number((await zoom.innerText()).slice(1));
    await panel().getByRole('button', { name: 'Zoom out knight-32.png', exact: true }).click();
    await zoom.filter({ hasText: `×${before - 1}` }).waitFor();
    const source = (await panel().getByRole('img', { name: 'Source: knight-32.png', exact: true }).boundingBox())!;
    const variant = (await variantImages().first().boundingBox())!;
    assert.deepEqual([Math.round(source.width), Math.round(variant.width)], [32 * (before - 1), 32 * (before - 1)]);
    await panel().locator('article.card').first().press('+');
    await zoom.filter({ hasText: `×${before}` }).waitFor();
  });

  it('keeps Compare (Swipe and its position) across a switch to another tab and back', async () => {
    const [variant] = await names();
    const divider = await ui.openSwipe(variant, 'light');
    await divider.press('Home');
    for (let i = 0; i < 6; i++) await divider.press('ArrowRight');
    assert.equal(await divider.getAttribute('aria-valuenow'), '30');
    await ctx.explorerRow('notes.txt').click(); // another tab in the same group: the panel's page is put away
    await ctx.page().locator('.tab', { hasText: 'notes.txt' }).first().waitFor();
    await ctx.page().locator('iframe.webview.ready').waitFor({ state: 'detached' });
    await ctx.page().locator('.tab', { hasText: 'knight-32.png' }).first().click();
    await ui.compareSection().waitFor();
    assert.equal(await panel().getByRole('button', { name: 'Swipe', exact: true }).getAttribute('aria-pressed'), 'true', 'still Swipe');
    assert.equal(await panel().getByRole('slider', { name: /^Swipe position/ }).getAttribute('aria-valuenow'), '30', 'the divider where it was');
    assert.ok((await wholeInView(ui.compareSection())).inView, 'the compare view is in view');
    await ui.screenshot('e2e-compare-after-tab-switch');
  });

  it('shows a source that cannot be restyled without a broken image, and Generate off with the reason', async () => {
    // A PNG whose header reads but whose pixels are cut off: the panel opens, and the decode in the worker says why.
    // (A file that is no image at all, like fake.png, gets its warning at once and no panel.)
    const knight = await fs.readFile(path.join(ctx.workspace(), 'knight-32.png'));
    await fs.writeFile(path.join(ctx.workspace(), 'damaged.png'), knight.subarray(0, 120));
    await ctx.explorerRow('damaged.png').waitFor({ timeout: 30_000 });
    await ctx.explorerRow('damaged.png').click({ button: 'right' });
    await pickMenuEntry(ctx.page(), 'Restyle with SD3 Turbo…');
    await panel().getByRole('img', { name: 'Source: damaged.png (no preview)', exact: true }).waitFor();
    assert.equal(await panel().locator('img').count(), 0, 'no image element to break');
    const generate = panel().getByRole('button', { name: 'Generate', exact: true });
    assert.equal(await generate.isDisabled(), true, 'Generate is off');
    assert.match((await generate.getAttribute('title')) ?? '', /^Nothing to restyle: /);
    await ui.screenshot('e2e-unusable-source');
    await ctx.page().setViewportSize({ width: 1280, height: 760 });
  });
}
