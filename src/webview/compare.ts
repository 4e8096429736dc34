/**
 * Compare a variant with its source: Side by side, or Swipe (the variant over the source, a divider
 * dragged with the mouse or moved with the arrow keys). Both at the same size, pixel art crisp,
 * transparency on the checkerboard.
 */
import { make } from './dom';

export type CompareMode = 'side' | 'swipe';

export interface CompareImages {
  readonly source: { readonly src: string; readonly name: string };
  readonly variant: { readonly src: string; readonly name: string };
  /** The size both are shown at, in CSS pixels. */
  readonly display: { readonly width: number; readonly height: number };
  readonly crisp: boolean;
}

function picture(src: string, alt: string, images: CompareImages): HTMLImageElement {
  const img = make('img', images.crisp ? 'sprite' : 'photo');
  img.src = src;
  img.alt = alt;
  img.draggable = false;
  img.style.width = `${images.display.width}px`;
  img.style.height = `${images.display.height}px`;
  return img;
}

function sideBySide(images: CompareImages): HTMLElement {
  const wrap = make('div', 'compare-side');
  for (const [label, image] of [['Source', images.source], ['Variant', images.variant]] as const) {
    const fig = make('figure');
    const frame = make('div', 'frame');
    frame.append(picture(image.src, `${label}: ${image.name}`, images));
    fig.append(frame, make('figcaption', 'meta', label));
    wrap.append(fig);
  }
  return wrap;
}

function swipe(images: CompareImages, position: { value: number }): HTMLElement {
  const stage = make('div', 'compare-swipe frame');
  const box = make('div', 'swipe-box');
  box.style.width = `${images.display.width}px`;
  box.style.height = `${images.display.height}px`;
  const under = picture(images.source.src, `Source: ${images.source.name}`, images);
  const over = picture(images.variant.src, `Variant: ${images.variant.name}`, images);
  over.classList.add('swipe-over');
  const divider = make('div', 'swipe-divider');
  divider.tabIndex = 0;
  divider.setAttribute('role', 'slider');
  divider.setAttribute('aria-label', 'Swipe position: variant on the left, source on the right');
  divider.setAttribute('aria-valuemin', '0');
  divider.setAttribute('aria-valuemax', '100');
  const apply = (value: number) => {
    position.value = Math.min(100, Math.max(0, Math.round(value)));
    over.style.clipPath = `inset(0 ${100 - position.value}% 0 0)`;
    divider.style.left = `${position.value}%`;
    divider.setAttribute('aria-valuenow', String(position.value));
    divider.setAttribute('aria-valuetext', `${position.value}% variant`);
  };
  apply(position.value);
  divider.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 1 : 5;
    const moves: Record<string, number> = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -25, PageUp: 25 };
    if (event.key === 'Home') apply(0);
    else if (event.key === 'End') apply(100);
    else if (event.key in moves) apply(position.value + moves[event.key]);
    else return;
    event.preventDefault();
  });
  const fromPointer = (event: PointerEvent) => {
    const rect = box.getBoundingClientRect();
    apply(((event.clientX - rect.left) / rect.width) * 100);
  };
  box.addEventListener('pointerdown', (event) => {
    box.setPointerCapture(event.pointerId);
    fromPointer(event);
    divider.focus();
  });
  box.addEventListener('pointermove', (event) => {
    if (box.hasPointerCapture(event.pointerId)) fromPointer(event);
  });
  box.append(under, over, divider);
  stage.append(box);
  return stage;
}

/** The compare view with its mode switch; `onClose` returns to the grid. */
export function compareView(images: CompareImages, mode: CompareMode, onMode: (mode: CompareMode) => void, onClose: () => void, position = { value: 50 }): HTMLElement {
  const section = make('section', 'compare');
  section.setAttribute('aria-label', `Compare ${images.variant.name} with ${images.source.name}`);
  const bar = make('div', 'compare-bar');
  const group = make('div', 'segmented');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Compare mode');
  for (const [value, label] of [['side', 'Side by side'], ['swipe', 'Swipe']] as const) {
    const b = make('button', value === mode ? 'secondary selected' : 'secondary', label);
    b.type = 'button';
    b.setAttribute('aria-pressed', String(value === mode));
    b.addEventListener('click', () => onMode(value));
    group.append(b);
  }
  const close = make('button', 'secondary', 'Back to variants');
  close.type = 'button';
  close.addEventListener('click', onClose);
  bar.append(group, close);
  section.append(bar, mode === 'side' ? sideBySide(images) : swipe(images, position));
  return section;
}
