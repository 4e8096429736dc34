/** Bringing what the user is waiting for into view: the newest variant, the one being made, the compare view. */
import type { SourceView } from '../shared/protocol';

/** The element to bring into view after a source changed: its newest variant when one arrived, its pending slot when a run started. */
export function newestShown(section: HTMLElement, before: SourceView | undefined, after: SourceView): HTMLElement | undefined {
  const card = section.querySelector<HTMLElement>(`[data-id="${after.id}"]`);
  if (!card || !before) return undefined;
  const newest = after.results.at(-1);
  const arrived = newest && !before.results.some((r) => r.image.name === newest.image.name);
  if (arrived) return card.querySelector<HTMLElement>(`.grid .tile[data-index="${newest.index}"]`) ?? undefined;
  const started = (after.state.kind === 'running' || after.state.kind === 'queued') && before.state.kind !== 'running' && before.state.kind !== 'queued';
  return started ? (card.querySelector<HTMLElement>('.grid .tile.pending') ?? undefined) : undefined;
}

/**
 * Scrolls the least that shows the element whole (nothing moves when it is already in view). When
 * the element is taller than the view, its top goes to the top.
 */
export function bringIntoView(element: Element | null | undefined): void {
  if (!element) return;
  const box = element.getBoundingClientRect();
  const height = window.innerHeight;
  if (box.top >= 0 && box.bottom <= height) return;
  const delta = box.height > height || box.top < 0 ? box.top - 8 : box.bottom - height + 8;
  window.scrollBy({ top: delta, behavior: 'instant' as ScrollBehavior });
}
