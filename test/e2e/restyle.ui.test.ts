/**
 * UI test: the packaged extension (restyle.vsix, installed with code-server's CLI) in a real VS Code
 * workbench in headless Chromium, driven like a user with playwright-core, against the project's
 * Segmind-compatible server on 127.0.0.1. Screenshots and measured figures go to .test-results/.
 */
import * as assert from 'node:assert/strict';
import { promises as fs, existsSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { IMAGE_PATH, SegmindServer } from '../server/segmindServer';

const root = path.resolve(__dirname, '..', '..', '..');
const results = path.join(root, '.test-results');
const API_KEY = 'e2e-secret-key';

interface CodeServer {
  url: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

interface Harness {
  prepareVSCode(): unknown;
  newRunDir(name: string): string;
  installVsix(vsix: string, extensionsDir: string): Promise<unknown>;
  startCodeServer(options: { runDir: string; extensionsDir: string; userSettings: Record<string, unknown> }): Promise<CodeServer>;
  launchBrowser(): Promise<Browser>;
  workbenchUrl(url: string, options: { folder: string }): string;
  quietSettings: Record<string, unknown>;
}

async function loadHarness(): Promise<Harness> {
  const load = (name: string) => import(pathToFileURL(path.join(root, 'test', 'vscode', name)).href);
  return { ...(await load('prepare.mjs')), ...(await load('codeServer.mjs')) } as Harness;
}

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

  const explorerRow = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  const creditsItem = () => page.locator('[id="restyle.restyle.credits"]');
  const menuEntry = () => page.locator('.monaco-menu .action-label', { hasText: 'Restyle with SD3 Turbo…' });
  const panel = (): FrameLocator =>
    page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  /**
   * Picks the context menu entry and returns when the successful click happened. The menu ignores
   * a click that comes right after it opened, so the click is repeated until the menu closes.
   */
  async function pickMenuEntry(): Promise<number> {
    await menuEntry().waitFor();
    let clickedAt = Date.now();
    for (let attempt = 0; attempt < 10 && (await menuEntry().isVisible()); attempt++) {
      await menuEntry().hover();
      await page.waitForTimeout(100);
      clickedAt = Date.now();
      await menuEntry().click({ timeout: 2_000 }).catch(() => undefined);
      await page.waitForTimeout(50);
    }
    assert.equal(await menuEntry().isVisible(), false, 'the context menu closed on the click');
    return clickedAt;
  }

  /** Right-click → Restyle with SD3 Turbo…; returns the milliseconds until the prompt is ready. */
  async function openPanelFromExplorer(name: string): Promise<number> {
    await explorerRow(name).click({ button: 'right' });
    const opening = await pickMenuEntry();
    await panel().getByLabel('Prompt').waitFor();
    const elapsed = Date.now() - opening;
    await page.locator('.tab', { hasText: `Restyle: ${name}` }).first().waitFor();
    await panel().locator('figcaption', { hasText: name }).waitFor();
    return elapsed;
  }

  async function screenshot(name: string): Promise<void> {
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: path.join(results, `${name}.png`) });
  }

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await page.locator('.quick-input-widget .monaco-list-row .label-name').filter({ hasText: exact }).first().click();
  }

  async function setTheme(theme: string, bodyClass: string): Promise<void> {
    await runCommand('Preferences: Color Theme');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(theme);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: theme }).first().waitFor();
    await input.press('Enter');
    await page.locator(`.monaco-workbench.${bodyClass}`).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500); // the webview picks up the new theme colours a moment later
  }

  before(async function () {
    harness = await loadHarness();
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

  it('restyles a sprite: right-click, prompt, strength, Generate, the variant appears in the Explorer', async () => {
    figures.panelOpenMs = await openPanelFromExplorer('sprite.png');
    const prompt = panel().getByLabel('Prompt');
    assert.match(await panel().locator('figcaption .meta').first().innerText(), /\d+ × \d+ px · \d+ B/);

    await prompt.fill('cyberpunk style, dark colours');
    const slider = panel().getByLabel(/Strength/);
    await slider.focus();
    for (let i = 0; i < 3; i++) await slider.press('ArrowRight'); // 0.60 → 0.75
    assert.equal(await panel().locator('#strength-value').innerText(), '0.75');
    await panel().getByLabel('Output format').selectOption('png');
    const before = segmind.credits;

    const generating = Date.now();
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().getByRole('button', { name: 'Reveal in Explorer' }).waitFor();
    figures.generateToResultShownMs = Date.now() - generating;
    await explorerRow('sprite-restyled.png').waitFor();
    figures.generateToExplorerMs = Date.now() - generating;

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

  it('looks native in a dark theme, checkerboard included', async () => {
    const checkerColour = () => panel().locator('.frame').first().evaluate((frame) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(frame).backgroundColor);
    const light = await checkerColour();
    await setTheme('Dark Modern', 'vs-dark');
    await screenshot('e2e-dark');
    assert.notEqual(await checkerColour(), light, 'the checkerboard follows the theme');
    const background = await panel()
      .locator('body')
      .evaluate((body) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    assert.ok(r + g + b < 200, `the panel follows the dark theme (background ${background})`);
  });

  it('never overwrites: Generate again saves knight-32-restyled-2.png', async () => {
    const first = await fs.readFile(path.join(workspace, 'knight-32-restyled.png'));
    await panel().getByRole('button', { name: 'Generate again' }).click();
    await explorerRow('knight-32-restyled-2.png').waitFor();
    assert.deepEqual(await fs.readFile(path.join(workspace, 'knight-32-restyled.png')), first);
  });

  it('says what went wrong, with Retry and Show Log, when the server fails', async () => {
    segmind.failNext({ kind: 'status', status: 503, body: '{"error":"Model is overloaded"}', contentType: 'application/json' });
    const filesBefore = (await fs.readdir(workspace)).sort();
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    await panel().locator('[role="alert"]', { hasText: 'Segmind had a problem (503)' }).waitFor();
    // This headless workbench keeps notifications in the notification centre (no toasts): open it.
    await page.locator('[id="status.notifications"]').click();
    const notification = page.locator('.notification-list-item', { hasText: 'knight-32.png: Segmind had a problem (503)' });
    await notification.waitFor();
    const retry = notification.locator('.monaco-button', { hasText: 'Retry' });
    await retry.waitFor();
    await notification.locator('.monaco-button', { hasText: 'Show Log' }).waitFor();
    await screenshot('e2e-error');
    assert.deepEqual((await fs.readdir(workspace)).sort(), filesBefore, 'nothing was written');

    await retry.click();
    await explorerRow('knight-32-restyled-3.png').waitFor();
  });

  it('opens the next panel at once, with the last prompt, strength and format of this workspace', async () => {
    await runCommand('View: Close All Editors');
    await page.locator('iframe.webview').waitFor({ state: 'detached' });
    figures.panelOpenWarmMs = await openPanelFromExplorer('Photo.JPG');
    const prompt = panel().getByLabel('Prompt');
    assert.equal(await prompt.inputValue(), 'cyberpunk style, dark colours');
    assert.equal(await panel().locator('#strength-value').innerText(), '0.75');
    assert.equal(await panel().getByLabel('Output format').inputValue(), 'jpeg');
    assert.ok(figures.panelOpenWarmMs < 2_000, `the panel opened in ${figures.panelOpenWarmMs} ms`);
  });

  it('asks for the key when there is none, then goes on with the generation', async () => {
    await runCommand('Restyle: Clear Segmind API Key');
    await creditsItem().filter({ hasText: 'Set API key' }).waitFor();
    await panel().getByRole('button', { name: 'Generate', exact: true }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await input.waitFor();
    await input.fill(API_KEY);
    await input.press('Enter');
    await explorerRow('Photo-restyled.jpg').waitFor();
    await creditsItem().filter({ hasText: `${segmind.credits.toFixed(2)} credits` }).waitFor();
  });
});
