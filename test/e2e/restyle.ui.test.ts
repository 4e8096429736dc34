/**
 * UI test: the packaged extension (restyle.vsix, installed with code-server's CLI) in a real VS Code
 * workbench in headless Chromium, driven like a user with playwright-core, against the project's
 * Segmind-compatible server on 127.0.0.1. Screenshots and measured figures go to .test-results/.
 */
import * as assert from 'node:assert/strict';
import { promises as fs, existsSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';
import { contextMenuEntry, explorerRow as explorerRowIn, openPanelTimed, type PanelOpening } from './panelOpening';
import { registerLaterSteps } from './laterSteps';
import { registerLayoutSteps } from './layoutSteps';
import { registerSetSteps } from './setSteps';
import { registerVariantSteps } from './variantSteps';
import { Ui } from './uiSteps';
import { loadHarness, runCommand as runCommandIn, type CodeServer, type Harness } from './workbench';

const root = path.resolve(__dirname, '..', '..', '..');
const results = path.join(root, '.test-results');
const API_KEY = 'e2e-secret-key';
const MENU_LABEL = 'Restyle with SD3 Turbo…';

describe('Restyle in the VS Code workbench (packaged .vsix)', function () {
  this.timeout(180_000);
  this.bail(true); // the steps build on each other, as a user's session does
  let harness: Harness;
  let segmind: SegmindServer;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workspace: string;
  const figures: Record<string, number> = {};
  /** Layout problems of the variants grid, noted where they show and asserted by the last step, so they hide no other step. */
  const layoutProblems: string[] = [];
  let discardedVariant = '';

  const explorerRow = (name: string) => explorerRowIn(page, name);
  const creditsItem = () => page.locator('[id="restyle.restyle.credits"]');
  const menuEntry = () => contextMenuEntry(page, MENU_LABEL);
  const ui = new Ui(() => page, results);
  const panel = (): FrameLocator => ui.panel();
  const screenshot = (name: string) => ui.screenshot(name);
  const promptField = () => panel().getByLabel('Prompt', { exact: true });
  const variantsField = () => panel().getByLabel('Variants', { exact: true });
  /** The variant tiles' images of the panel's cards, in grid order. */
  const variantImages = () => panel().getByRole('img', { name: /^Restyled variant: / });
  const variantNames = async () => (await variantImages().evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''))).map((alt) => alt.replace(/^Restyled variant: /, ''));
  const workspaceFiles = async (pattern: RegExp) => (await fs.readdir(workspace)).filter((name) => pattern.test(name)).sort();
  const historyPane = () => page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Restyle History' }) });

  /** Right-click → Restyle with SD3 Turbo… until the form is filled; where the time went, by the browser's clocks. */
  async function openPanelFromExplorer(name: string): Promise<PanelOpening> {
    const opening = await openPanelTimed(page, name, MENU_LABEL, name);
    await panel().locator('figcaption', { hasText: name }).first().waitFor();
    return opening;
  }

  const runCommand = (title: string) => runCommandIn(page, title);

  before(async function () {
    harness = await loadHarness(root);
    harness.prepareVSCode();
    const vsix = path.join(root, 'restyle.vsix');
    assert.ok(existsSync(vsix), 'restyle.vsix is missing: `npm run package` builds it (npm test runs it first)');
    segmind = await SegmindServer.start({ apiKeys: [API_KEY], credits: 20 });

    const runDir = harness.newRunDir('e2e');
    workspace = path.join(runDir, 'workspace');
    cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    const extensionsDir = path.join(runDir, 'ext');
    await harness.installVsix(vsix, extensionsDir);
    assert.ok((await fs.readdir(extensionsDir)).some((name) => name.startsWith('restyle.restyle-')), 'the .vsix was installed');

    const settings = {
      ...harness.quietSettings,
      'restyle.endpoint': segmind.url,
      'workbench.colorTheme': 'Default Light Modern',
      'window.commandCenter': false,
      // settings.json is edited by typing in one step: no brackets, quotes or suggestions added on the way
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      'editor.autoClosingOvertype': 'never',
      'editor.autoSurround': 'never',
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      'editor.formatOnType': false,
    };
    codeServer = await harness.startCodeServer({ runDir, extensionsDir, userSettings: settings });
    browser = await harness.launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    page = await context.newPage();
    await page.goto(harness.workbenchUrl(codeServer.url, { folder: workspace }));
    await explorerRow('sprite.png').waitFor({ timeout: 60_000 });
  });

  after(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot('e2e-failure').catch(() => undefined);
    await browser?.close();
    await codeServer?.stop();
    await segmind?.close();
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'figures.json'), JSON.stringify(figures, null, 2));
    if (Object.keys(figures).length) console.log(`      figures: ${JSON.stringify(figures)}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(`e2e-failure-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
    }
  });

  it('asks for a key in the status bar until one is set, then shows the credits', async () => {
    await creditsItem().filter({ hasText: 'Set API key' }).waitFor({ timeout: 30_000 });
    await runCommand('Restyle: Set Segmind API Key');
    await page.locator('.quick-input-widget', { hasText: 'Segmind API key' }).waitFor();
    // The key is typed into a password box (the command palette's input turns into one).
    const input = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await input.waitFor();

    await input.fill('not-the-key');
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Segmind rejected this key' }).waitFor();

    await input.fill(API_KEY);
    await input.press('Enter');
    await creditsItem().filter({ hasText: '20.00 credits' }).waitFor();
    assert.ok(segmind.requests.some((r) => r.path === '/v1/get-user-credits' && r.headers['x-api-key'] === API_KEY));
  });

  it('offers "Restyle with SD3 Turbo…" on images only', async () => {
    await explorerRow('notes.txt').click({ button: 'right' });
    await page.locator('.monaco-menu').first().waitFor();
    assert.equal(await menuEntry().count(), 0, 'no entry on a text file');
    await page.keyboard.press('Escape');

    await explorerRow('Photo.JPG').click({ button: 'right' });
    await menuEntry().waitFor();
    await page.keyboard.press('Escape');
  });

  it('restyles a sprite: right-click, prompt, strength, Generate, the variant appears in the panel and the Explorer', async () => {
    figures.panelOpenMs = (await openPanelFromExplorer('sprite.png')).formReadyMs;
    const prompt = promptField();
    assert.match(await panel().locator('figcaption .meta').first().innerText(), /\d+ × \d+ px · \d+ B/);

    await prompt.fill('cyberpunk style, dark colours');
    const slider = panel().getByLabel(/Strength/);
    await slider.focus();
    for (let i = 0; i < 3; i++) await slider.press('ArrowRight'); // 0.60 → 0.75
    assert.equal(await panel().locator('#strength-value').innerText(), '0.75');
    await panel().getByLabel('Output format').selectOption('png');
    assert.equal(await variantsField().inputValue(), '1', 'one variant unless asked for more');
    const before = segmind.credits;

    const generating = Date.now();
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().getByRole('img', { name: 'Restyled variant: sprite-restyled.png', exact: true }).waitFor();
    figures.generateToResultShownMs = Date.now() - generating;
    await explorerRow('sprite-restyled.png').waitFor();
    figures.generateToExplorerMs = Date.now() - generating;
    for (const action of ['Open sprite-restyled.png', 'Compare sprite-restyled.png with sprite.png', 'Discard sprite-restyled.png (moves it to the trash)']) {
      await panel().getByRole('button', { name: action, exact: true }).waitFor();
    }
    await panel().getByRole('button', { name: 'Generate again' }).waitFor();
    await panel().locator('#status', { hasText: 'Saved.' }).waitFor();

    const call = segmind.requests.find((r) => r.path === IMAGE_PATH);
    assert.ok(call, 'the server got the generation');
    const body = call.body as Record<string, unknown>;
    assert.equal(body.prompt, 'cyberpunk style, dark colours');
    assert.equal(body.strength, 0.75);
    assert.equal(body.output_format, 'png');
    assert.equal(body.mode, 'image-to-image');
    assert.equal(call.headers['x-api-key'], API_KEY);

    const saved = await fs.readFile(path.join(workspace, 'sprite-restyled.png'));
    assert.deepEqual([...saved.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(segmind.credits < before, 'the generation was charged');
    await creditsItem().filter({ hasText: `${segmind.credits.toFixed(2)} credits` }).waitFor();
    await page.mouse.move(0, 0);
    await screenshot('e2e-light');
  });

  it('restyles a 32 × 32 transparent sprite into a 32 × 32 transparent PNG, saying the route and showing a checkerboard', async () => {
    await openPanelFromExplorer('knight-32.png');
    const route = panel().getByLabel('Route');
    await route.filter({ hasText: '32 × 32 → sent as 1024 × 1024 → saved 32 × 32 PNG, transparency kept' }).waitFor();
    await panel().getByLabel('Output format').selectOption('jpeg');
    await panel().locator('#format-note', { hasText: 'PNG is used to keep transparency' }).waitFor();
    const paletteBox = panel().getByLabel("Keep the source's colours");
    assert.equal(await paletteBox.isEnabled(), true, 'offered: the knight has fewer than 256 colours');
    const checker = await panel().locator('.frame').first().evaluate((frame) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundImage: string } }).getComputedStyle(frame).backgroundImage);
    assert.match(checker, /linear-gradient/, 'a checkerboard behind the sprite');
    // Source and variant are shown at the same whole-number zoom with crisp pixels.
    const sourceImage = panel().getByRole('img', { name: 'Source: knight-32.png' });
    assert.equal(await sourceImage.evaluate((img) => (globalThis as unknown as { getComputedStyle(e: unknown): { imageRendering: string } }).getComputedStyle(img).imageRendering), 'pixelated');

    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    const variantImage = panel().getByRole('img', { name: 'Restyled variant: knight-32-restyled.png' });
    await variantImage.waitFor();
    await route.filter({ hasText: /32 × 32 → sent as 1024 × 1024 → answered \d+ × \d+ → saved 32 × 32 PNG, transparency kept/ }).waitFor();
    const box = async (l: typeof sourceImage) => (await l.boundingBox())!;
    const [a, b] = [await box(sourceImage), await box(variantImage)];
    assert.deepEqual([Math.round(a.width), Math.round(a.height)], [Math.round(b.width), Math.round(b.height)], 'the same zoom');
    await explorerRow('knight-32-restyled.png').waitFor();
    const { PNG } = await import('pngjs');
    const source = PNG.sync.read(await fs.readFile(path.join(workspace, 'knight-32.png')));
    const saved = PNG.sync.read(await fs.readFile(path.join(workspace, 'knight-32-restyled.png')));
    assert.deepEqual([saved.width, saved.height], [32, 32]);
    const alpha = (png: { data: Buffer }) => png.data.filter((_, i) => i % 4 === 3);
    assert.deepEqual(alpha(saved), alpha(source), 'transparency kept exactly');
    await page.mouse.move(0, 0);
    await screenshot('e2e-sprite-light');
  });

  it("never overwrites: the card's Generate again saves knight-32-restyled-2.png", async () => {
    const first = await fs.readFile(path.join(workspace, 'knight-32-restyled.png'));
    const card = panel().locator('article.card', { has: panel().getByRole('img', { name: 'Source: knight-32.png' }) });
    await card.getByRole('button', { name: 'Generate again' }).click();
    await card.getByRole('img', { name: 'Restyled variant: knight-32-restyled-2.png', exact: true }).waitFor();
    await explorerRow('knight-32-restyled-2.png').waitFor();
    assert.deepEqual(await fs.readFile(path.join(workspace, 'knight-32-restyled.png')), first);
  });

  registerVariantSteps({
    ui,
    page: () => page,
    explorerRow,
    variantsField,
    variantImages,
    variantNames,
    workspaceFiles,
    workspace: () => workspace,
    segmind: () => segmind,
    setDiscarded: (name) => (discardedVariant = name),
    layoutProblems,
  });
  registerLaterSteps({
    ui,
    page: () => page,
    explorerRow,
    openPanel: openPanelFromExplorer,
    promptField,
    variantsField,
    variantImages,
    variantNames,
    historyPane,
    creditsItem,
    runCommand,
    userDataDir: () => codeServer!.userDataDir,
    credits: () => segmind.credits,
    discarded: () => discardedVariant,
    apiKey: API_KEY,
    figures,
    layoutProblems,
  });
  registerLayoutSteps({ ui, page: () => page, explorerRow, openPanel: openPanelFromExplorer, variantsField, runCommand, workspace: () => workspace, figures });
  registerSetSteps({ ui, page: () => page, workspace: () => workspace, explorerRow, openPanel: openPanelFromExplorer, runCommand });

  it("lays the variant tiles out side by side without overlapping, at the source's size", () => {
    assert.deepEqual(layoutProblems, [], `the variants grid as the user saw it:\n  ${layoutProblems.join('\n  ')}`);
  });
});
