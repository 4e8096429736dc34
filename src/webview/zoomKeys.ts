/** Ctrl/Cmd + mouse wheel over a source's card, or + and − (outside text fields), change that source's zoom. */

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function cardId(target: EventTarget | null): number | undefined {
  const card = target instanceof Element ? target.closest<HTMLElement>('.card[data-id]') : null;
  return card ? Number(card.dataset.id) : undefined;
}

export function attachZoomKeys(section: HTMLElement, onlySource: () => number | undefined, zoom: (id: number, direction: 1 | -1) => void): void {
  let hovered: number | undefined;
  section.addEventListener('pointerover', (event) => (hovered = cardId(event.target)));
  section.addEventListener('pointerleave', () => (hovered = undefined));
  section.addEventListener(
    'wheel',
    (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.deltaY === 0) return;
      const id = cardId(event.target);
      if (id === undefined) return;
      event.preventDefault();
      zoom(id, event.deltaY < 0 ? 1 : -1);
    },
    { passive: false },
  );
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
    const direction = event.key === '+' || event.key === '=' ? 1 : event.key === '-' || event.key === '−' ? -1 : 0;
    if (!direction) return;
    const id = cardId(document.activeElement) ?? hovered ?? onlySource();
    if (id === undefined) return;
    event.preventDefault();
    zoom(id, direction);
  });
}

/** Calls back when the section's width changed (after the resize settles): the default zoom fits the new width. */
export function onWidthChange(section: HTMLElement, changed: () => void): void {
  let width = section.clientWidth;
  let timer: number | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (section.clientWidth === width) return;
      width = section.clientWidth;
      changed();
    }, 100);
  });
}
