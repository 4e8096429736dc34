/**
 * The warm panel open in a real workbench: code-server with the packaged extension (restyle.vsix),
 * headless Chromium, the local Segmind server. The panel is opened as a user does (right-click in the
 * Explorer → Restyle with SD3 Turbo…) and timed by the browser's own clocks from the click to the
 * filled form. Beside it, the same opening of an empty webview (test/bench/emptyWebview, loaded as a
 * development extension): what VS Code's webview host costs any extension, so the difference is
 * Restyle's own share. Each is opened once first (cold, not counted), then alternately `RUNS` times.
 */
import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SegmindServer } from '../server/segmindServer';
import { openPanelTimed, type PanelOpening } from '../e2e/panelOpening';
import { loadHarness, runCommand, type CodeServer } from '../e2e/workbench';
import { floorRow, infoRow, median, ms, type Row } from './report';

const RUNS = 5;
const SECTION = 'Panel open in a real workbench (code-server + Chromium), warm';
const RESTYLE = { label: 'Restyle with SD3 Turbo…', title: (file: string) => file };
const EMPTY = { label: 'Open an Empty Webview', title: (file: string) => `Empty: ${file}` };

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').waitFor({ state: 'detached' });
  await page.waitForTimeout(500); // the workbench settles, as a user's next click would find it
}

async function open(page: Page, file: string, panel: typeof RESTYLE): Promise<PanelOpening> {
  const opening = await openPanelTimed(page, file, panel.label, panel.title(file));
  await closeAllEditors(page);
  return opening;
}

export async function panelOpenTimes(root: string): Promise<Row[]> {
  const vsix = path.join(root, 'restyle.vsix');
  if (!existsSync(vsix)) return [infoRow(SECTION, 'Panel open', 'restyle.vsix missing: `npm run package` builds it')];
  const harness = await loadHarness(root);
  harness.prepareVSCode();
  const segmind = await SegmindServer.start({ credits: 100 });
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const runDir = harness.newRunDir('bench-panel');
    const workspace = path.join(runDir, 'workspace');
    cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    const extensionsDir = path.join(runDir, 'ext');
    await harness.installVsix(vsix, extensionsDir);
    codeServer = await harness.startCodeServer({ runDir, extensionsDir, userSettings: { ...harness.quietSettings, 'restyle.endpoint': segmind.url, 'window.commandCenter': false } });
    browser = await harness.launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
    const emptyWebview = path.join(root, 'test', 'bench', 'emptyWebview');
    await page.goto(harness.workbenchUrl(codeServer.url, { folder: workspace, extensionDevelopmentPath: emptyWebview }));
    await page.locator('[id="restyle.restyle.credits"]').waitFor({ timeout: 60_000 }); // Restyle is active
    await page.waitForTimeout(2_000); // the workbench finishes starting up

    const cold = await open(page, 'sprite.png', RESTYLE);
    await open(page, 'sprite.png', EMPTY);
    const restyle: PanelOpening[] = [];
    const empty: PanelOpening[] = [];
    const files = ['sprite.png', 'Photo.JPG', 'knight-32.png'];
    for (let i = 0; i < RUNS; i++) {
      const file = files[i % files.length];
      restyle.push(await open(page, file, RESTYLE));
      empty.push(await open(page, file, EMPTY));
    }
    const mid = (list: readonly PanelOpening[], key: keyof PanelOpening) => median(list.map((o) => o[key]));
    const share = (key: keyof PanelOpening) => median(restyle.map((o, i) => o[key] - empty[i][key]));
    const own = Math.max(share('paintMs'), share('formReadyMs'));
    return [
      infoRow(SECTION, `Restyle: click on the menu entry → form filled, first open (cold)`, ms(cold.formReadyMs), cold.formReadyMs),
      infoRow(SECTION, `Restyle: click → form filled, median of ${RUNS}`, `${ms(mid(restyle, 'formReadyMs'))} (tab ${ms(mid(restyle, 'tabMs'))}, page frame ${ms(mid(restyle, 'frameMs'))}, painted ${ms(mid(restyle, 'paintMs'))})`, mid(restyle, 'formReadyMs')),
      infoRow(SECTION, `Empty webview, opened the same way: click → its field, median of ${RUNS}`, `${ms(mid(empty, 'formReadyMs'))} (tab ${ms(mid(empty, 'tabMs'))}, page frame ${ms(mid(empty, 'frameMs'))}, painted ${ms(mid(empty, 'paintMs'))})`, mid(empty, 'formReadyMs')),
      floorRow(SECTION, `Restyle's own share of the warm open: Restyle − empty webview, pairwise median, to the painted / the filled form`, own, 200, `${ms(share('paintMs'))} / ${ms(share('formReadyMs'))}`),
    ];
  } finally {
    await browser?.close();
    await codeServer?.stop();
    await segmind.close();
  }
}
