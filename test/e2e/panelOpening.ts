/**
 * Opening a webview panel from the Explorer's context menu in a real workbench, timed with the
 * browser's own clocks (no test-driver round trips in the figures). Used by the UI test and by the
 * benchmark, which opens Restyle's panel and an empty webview the same way.
 */
import type { FrameLocator, Page } from 'playwright-core';

// What the functions given to page.evaluate use in the browser (the tests compile without the DOM library).
declare const window: object;
declare const document: {
  readonly body: object;
  addEventListener(type: 'mouseup', listener: () => void, options: { capture: boolean; once: boolean }): void;
  querySelectorAll(selector: string): ArrayLike<{ readonly textContent: string | null }>;
};
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: object, options: { subtree: boolean; childList: boolean; characterData: boolean }): void;
  disconnect(): void;
}

/** Milliseconds from the click on the menu entry. */
export interface PanelOpening {
  /** The editor tab is there: VS Code ran the command, which made the panel. */
  readonly tabMs: number;
  /** VS Code starts loading the page's frame (its webview host, after the tab). */
  readonly frameMs: number;
  /** The page's form is filled and usable: its `restyle:form-ready` mark. */
  readonly formReadyMs: number;
  /** The page's first paint, once VS Code shows the frame (its load event). */
  readonly paintMs: number;
}

/** The page inside a webview panel: VS Code's host frame, then the content frame. */
export function webviewPage(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export function explorerRow(page: Page, name: string) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
}

export function contextMenuEntry(page: Page, label: string) {
  return page.locator('.monaco-menu .action-label', { hasText: label });
}

interface TimedWindow {
  restyleClickAt?: number;
  restyleTabAt?: number;
}

/**
 * Picks the context menu entry. The menu ignores a click that comes right after it opened, so the
 * click is repeated until the menu closes; the page notes when the last click's button came up.
 */
export async function pickMenuEntry(page: Page, label: string): Promise<void> {
  const entry = contextMenuEntry(page, label);
  await entry.waitFor();
  for (let attempt = 0; attempt < 10 && (await entry.isVisible()); attempt++) {
    await entry.hover();
    await page.waitForTimeout(100);
    await page.evaluate(() => {
      const w = window as unknown as TimedWindow;
      w.restyleClickAt = undefined;
      document.addEventListener('mouseup', () => (w.restyleClickAt = performance.timeOrigin + performance.now()), { capture: true, once: true });
    });
    await entry.click({ timeout: 2_000 }).catch(() => undefined);
    await page.waitForTimeout(50);
  }
  if (await entry.isVisible()) throw new Error(`the context menu did not close on a click on ${label}`);
}

/**
 * Right-click on `file` in the Explorer → `label`, until the panel titled `tabTitle` shows its form;
 * returns where the time went. The page must mark `restyle:form-ready` when its form is usable.
 */
export async function openPanelTimed(page: Page, file: string, label: string, tabTitle: string): Promise<PanelOpening> {
  await page.evaluate((title) => {
    const w = window as unknown as TimedWindow & { restyleTabWatch?: MutationObserver };
    w.restyleTabAt = undefined;
    w.restyleTabWatch?.disconnect();
    const watch = new MutationObserver(() => {
      const tabs = Array.from(document.querySelectorAll('.tab'));
      if (tabs.some((tab) => tab.textContent?.includes(title))) {
        w.restyleTabAt = performance.timeOrigin + performance.now();
        watch.disconnect();
      }
    });
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    w.restyleTabWatch = watch;
  }, tabTitle);
  await explorerRow(page, file).click({ button: 'right' });
  await pickMenuEntry(page, label);
  const body = webviewPage(page).locator('body');
  await webviewPage(page).locator('#prompt').waitFor();
  let inner: { origin: number; ready?: number; paint?: number } | undefined;
  for (let i = 0; i < 200 && (inner?.ready === undefined || inner.paint === undefined); i++) {
    if (inner) await page.waitForTimeout(10);
    inner = await body.evaluate(() => ({
      origin: performance.timeOrigin,
      ready: performance.getEntriesByName('restyle:form-ready')[0]?.startTime,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
  }
  const outer = await page.evaluate(() => {
    const w = window as unknown as TimedWindow;
    return { clickAt: w.restyleClickAt, tabAt: w.restyleTabAt };
  });
  if (!inner || inner.ready === undefined || inner.paint === undefined || outer.clickAt === undefined || outer.tabAt === undefined) {
    throw new Error(`the opening of ${tabTitle} was not seen whole: ${JSON.stringify({ inner, outer })}`);
  }
  const since = (at: number) => Math.round(at - outer.clickAt!);
  return { tabMs: since(outer.tabAt), frameMs: since(inner.origin), formReadyMs: since(inner.origin + inner.ready), paintMs: since(inner.origin + inner.paint) };
}
