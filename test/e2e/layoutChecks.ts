/**
 * Checks of the panel as the user sees it, run on its live layout: controls and labels that overlap,
 * run together or are cut; an element out of view; the contrast of two computed colours (WCAG).
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** What the page's layout does wrong, from the bounding boxes of its labels, texts and controls. */
export async function panelLayoutProblems(panel: FrameLocator): Promise<string[]> {
  // In the page (this test's tsconfig has no DOM types: its elements are typed loosely here).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return panel.locator('body').evaluate((body: any) => {
    const doc = body.ownerDocument;
    const win = doc.defaultView!;
    const problems: string[] = [];
    const selector = 'label, button, select, textarea, input, output, .hint > span, .estimate, .shortcut, .name, .meta, .route, .frame, h3, .problem, .warning, #status';
    const shown = Array.from(doc.querySelectorAll(selector) as ArrayLike<any>).filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && win.getComputedStyle(e).visibility !== 'hidden' && (e.textContent?.trim() || e.matches('input, select, textarea, .frame'));
    });
    const what = (e: any) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ')[0]}` : ''} "${(e.textContent ?? '').trim().slice(0, 30) || e.getAttribute('aria-label') || ''}"`;
    const width = doc.documentElement.clientWidth;
    if (doc.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways (${doc.documentElement.scrollWidth} px in ${width} px)`);
    for (const e of shown) {
      const box = e.getBoundingClientRect();
      if (box.right > width + 1 || box.left < -1) problems.push(`${what(e)} runs past the panel's edge (${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
      if (!e.matches('textarea, select, input') && e.scrollWidth > e.clientWidth + 1 && win.getComputedStyle(e).overflow !== 'visible') problems.push(`${what(e)} is cut (${e.scrollWidth} px of text in ${e.clientWidth} px)`);
    }
    for (const [i, a] of shown.entries()) {
      for (const b of shown.slice(i + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        const p = a.getBoundingClientRect();
        const q = b.getBoundingClientRect();
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1) problems.push(`${what(a)} and ${what(b)} overlap by ${Math.round(w)} × ${Math.round(h)} px`);
      }
    }
    // The slider's two ends: on one line they keep a visible gap (no "keep the sourcetransform it").
    const [left, right] = Array.from(doc.querySelectorAll('.hint > span') as ArrayLike<any>).map((e) => e.getBoundingClientRect());
    if (left && right && Math.abs(left.top - right.top) < 2 && right.left - left.right < 8) problems.push(`the strength hints run together (${Math.round(right.left - left.right)} px apart)`);
    return problems;
  });
}

/** Sets the workbench's size so the panel's page is `width` CSS pixels wide (the side bar keeps its width). */
export async function setPanelWidth(page: Page, width: number, height = 760): Promise<number> {
  const frameWidth = async () => (await page.locator('iframe.webview.ready').first().boundingBox())?.width ?? 0;
  for (let i = 0; i < 4; i++) {
    const viewport = page.viewportSize()!;
    const now = await frameWidth();
    if (Math.abs(now - width) <= 1) break;
    await page.setViewportSize({ width: Math.round(viewport.width + width - now), height });
    await page.waitForTimeout(400); // the workbench lays out the editor group, the page its frames
  }
  return frameWidth();
}

/** True when the element is wholly inside the panel's visible area (no scrolling needed to see it). */
export async function wholeInView(element: Locator): Promise<{ inView: boolean; box: string }> {
  return element.evaluate((e: any) => {
    const box = e.getBoundingClientRect();
    const view = e.ownerDocument.defaultView!;
    const inView = box.top >= -1 && box.left >= -1 && box.bottom <= view.innerHeight + 1 && box.right <= view.innerWidth + 1;
    return { inView, box: `${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)} × ${Math.round(box.height)} in ${view.innerWidth} × ${view.innerHeight}` };
  });
}

function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** `rgb(…)`/`rgba(…)` as numbers; a translucent colour is laid over `under`. */
function parseColour(text: string, under = [255, 255, 255]): number[] {
  const [r, g, b, a = 1] = (text.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
  return [r, g, b].map((v, i) => v * a + under[i] * (1 - a));
}

/** The WCAG contrast ratio of an element's text colour on its computed background (laid over the page's). */
export async function contrastOf(element: Locator): Promise<{ ratio: number; colours: string }> {
  const { color, background, page } = await element.evaluate((e: any) => {
    const style = e.ownerDocument.defaultView!.getComputedStyle(e);
    const body = e.ownerDocument.defaultView!.getComputedStyle(e.ownerDocument.body);
    return { color: style.color, background: style.backgroundColor, page: body.backgroundColor };
  });
  const base = parseColour(page);
  const bg = parseColour(background, base);
  const fg = parseColour(color, bg);
  const [l1, l2] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return { ratio: (l1 + 0.05) / (l2 + 0.05), colours: `${color} on ${background}` };
}
