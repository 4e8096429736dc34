/**
 * Compare a variant with its source: Side by side, or Swipe (the variant over the source, a divider
 * dragged with the mouse or moved with the arrow keys). Both at the same size, pixel art crisp,
 * transparency on the checkerboard.
 */
import { make } from './dom';
import { picture as framedPicture } from './figure';
import type { Display } from './zoom';

export type CompareMode = 'side' | 'swipe' | 'tiled';

/** Where the swipe divider is (0 to 100); `changed` is told after the user moves it. */
export interface SwipePosition {
  value: number;
  changed?: () => void;
}

/** A sheet's cell sent as a seamless tile, in the sheet's pixels; `index` is its place among the frames. */
export interface TileCell {
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface CompareImages {
  readonly source: { readonly src: string; readonly name: string };
  readonly variant: { readonly src: string; readonly name: string };
  /** The size both are shown at (the source's zoom), in CSS pixels. */
  readonly display: Display;
  /** A sheet with seamless cells: Tiled repeats each of those cells (in blocks of at most `block` px a side), not the whole sheet. */
  readonly sheet?: { readonly width: number; readonly height: number; readonly tiles: readonly TileCell[]; readonly block: number };
}

/** Tiled cells: how many pairs are shown. */
const MAX_TILED_CELLS = 12;

function picture(src: string, alt: string, images: CompareImages): HTMLImageElement {
  const img = make('img', images.display.crisp ? 'sprite' : 'photo');
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
    const fig = make('figure', 'tile');
    const frame = make('div', 'frame');
    frame.append(framedPicture(image.src, `${label}: ${image.name}`, images.display));
    const caption = make('figcaption');
    caption.append(make('span', 'name', label), make('span', 'meta', image.name));
    fig.append(frame, caption);
    wrap.append(fig);
  }
  return wrap;
}

function cssUrl(src: string): string {
  return `url("${src.replace(/["\\\n]/g, encodeURIComponent)}")`; // the webview URI is already encoded
}

/** One cell of a sheet repeated 3 × 3: nine boxes, each showing only that cell of the sheet (its position in the background). */
function repeatedCell(src: string, sheet: NonNullable<CompareImages['sheet']>, cell: TileCell, zoom: number, crisp: boolean, label: string): HTMLElement {
  const grid = make('div', `frame repeat-cell ${crisp ? 'sprite' : 'photo'}`);
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', label);
  grid.style.width = `${3 * cell.w * zoom}px`;
  grid.style.height = `${3 * cell.h * zoom}px`;
  grid.style.gridTemplateColumns = `repeat(3, ${cell.w * zoom}px)`;
  grid.style.gridTemplateRows = `repeat(3, ${cell.h * zoom}px)`;
  for (let k = 0; k < 9; k++) {
    const box = make('div');
    box.style.backgroundImage = cssUrl(src);
    box.style.backgroundSize = `${sheet.width * zoom}px ${sheet.height * zoom}px`;
    box.style.backgroundPosition = `${-cell.x * zoom}px ${-cell.y * zoom}px`;
    grid.append(box);
  }
  return grid;
}

/** Tiled for a sheet: each of its seamless cells repeated 3 × 3, the source's beside the variant's, at one zoom. */
function tiledCells(images: CompareImages, sheet: NonNullable<CompareImages['sheet']>): HTMLElement {
  const wrap = make('div', 'compare-cells');
  const crisp = images.display.crisp;
  const longest = Math.max(...sheet.tiles.map((c) => Math.max(c.w, c.h)));
  const zoom = crisp ? Math.max(1, Math.floor(sheet.block / (3 * longest))) : sheet.block / (3 * longest);
  for (const cell of sheet.tiles.slice(0, MAX_TILED_CELLS)) {
    const pair = make('div', 'compare-side compare-tiled');
    for (const [label, image] of [['Source', images.source], ['Variant', images.variant]] as const) {
      const fig = make('figure', 'tile');
      const caption = make('figcaption');
      caption.append(make('span', 'name', `${label}, frame ${cell.index + 1} tiled`), make('span', 'meta', image.name));
      fig.append(repeatedCell(image.src, sheet, cell, zoom, crisp, `${label} frame ${cell.index + 1} tiled 3 × 3: ${image.name}`), caption);
      pair.append(fig);
    }
    wrap.append(pair);
  }
  if (sheet.tiles.length > MAX_TILED_CELLS) wrap.append(make('p', 'hint-line', `The first ${MAX_TILED_CELLS} of ${sheet.tiles.length} seamless frames.`));
  return wrap;
}

/**
 * Tiled: source and variant each repeated 3 × 3 at one zoom, so a seam (or its absence) shows before
 * the file is kept; for a sheet, each of its seamless cells.
 */
function tiled(images: CompareImages): HTMLElement {
  if (images.sheet?.tiles.length) return tiledCells(images, images.sheet);
  const wrap = make('div', 'compare-side compare-tiled');
  for (const [label, image] of [['Source', images.source], ['Variant', images.variant]] as const) {
    const fig = make('figure', 'tile');
    const repeat = make('div', `frame repeat ${images.display.crisp ? 'sprite' : 'photo'}`);
    repeat.setAttribute('role', 'img');
    repeat.setAttribute('aria-label', `${label} tiled 3 × 3: ${image.name}`);
    // 3 × 3 in the frame the side-by-side view uses: both at one zoom (a third of the card's), and it fits the panel.
    repeat.style.width = `${images.display.width}px`;
    repeat.style.height = `${images.display.height}px`;
    repeat.style.backgroundImage = cssUrl(image.src);
    repeat.style.backgroundSize = `${images.display.width / 3}px ${images.display.height / 3}px`;
    const caption = make('figcaption');
    caption.append(make('span', 'name', `${label}, tiled`), make('span', 'meta', image.name));
    fig.append(repeat, caption);
    wrap.append(fig);
  }
  return wrap;
}

function swipe(images: CompareImages, position: SwipePosition): HTMLElement {
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
  const move = (value: number) => {
    apply(value);
    position.changed?.();
  };
  apply(position.value);
  divider.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 1 : 5;
    const moves: Record<string, number> = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -25, PageUp: 25 };
    if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(100);
    else if (event.key in moves) move(position.value + moves[event.key]);
    else return;
    event.preventDefault();
  });
  const fromPointer = (event: PointerEvent) => {
    const rect = box.getBoundingClientRect();
    move(((event.clientX - rect.left) / rect.width) * 100);
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
export function compareView(images: CompareImages, mode: CompareMode, onMode: (mode: CompareMode) => void, onClose: () => void, position: SwipePosition = { value: 50 }): HTMLElement {
  const section = make('section', 'compare');
  section.setAttribute('aria-label', `Compare ${images.variant.name} with ${images.source.name}`);
  const bar = make('div', 'compare-bar');
  const group = make('div', 'segmented');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Compare mode');
  for (const [value, label] of [['side', 'Side by side'], ['swipe', 'Swipe'], ['tiled', 'Tiled']] as const) {
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
  section.append(bar, mode === 'side' ? sideBySide(images) : mode === 'tiled' ? tiled(images) : swipe(images, position));
  return section;
}
