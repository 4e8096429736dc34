/** The pictures of a card: one image in its frame with a caption, a neutral placeholder, a variant's tile. */
import { formatBytes } from '../shared/formatBytes';
import type { ImageView, ResultView } from '../shared/protocol';
import { actionButton, make, note } from './dom';
import type { Display } from './zoom';

function describe(image: ImageView): string {
  const size = image.width && image.height ? `${image.width} × ${image.height} px · ` : '';
  return `${size}${formatBytes(image.bytes)}`;
}

/** A frame with a short neutral text instead of a picture (nothing to show, or still to come). */
export function placeholderFrame(text: string, label?: string): HTMLElement {
  const frame = make('div', 'frame placeholder', text);
  if (label) {
    frame.setAttribute('role', 'img');
    frame.setAttribute('aria-label', label);
  }
  return frame;
}

/** An image at the card's zoom; if it cannot be shown, a neutral placeholder takes its place (no broken-image icon). */
export function picture(src: string, alt: string, display: Display | undefined): HTMLElement {
  const img = make('img');
  // VS Code shows the page only at its load event, which an eager image holds back until it arrives.
  if (document.readyState !== 'complete') img.loading = 'lazy';
  img.alt = alt;
  img.draggable = false;
  if (display) {
    img.className = display.crisp ? 'sprite' : 'photo';
    img.style.width = `${display.width}px`;
    img.style.height = `${display.height}px`;
  }
  img.addEventListener('error', () => {
    const frame = img.closest('.frame');
    const stand = make('span', 'no-preview', 'No preview');
    stand.setAttribute('role', 'img');
    stand.setAttribute('aria-label', `${alt} (no preview)`);
    img.replaceWith(stand);
    frame?.classList.add('placeholder');
  });
  img.src = src;
  return img;
}

export function figure(image: ImageView, label: string, display: Display | undefined, className = ''): HTMLElement {
  const fig = make('figure', `tile ${className}`.trim());
  const frame = make('div', 'frame');
  frame.append(picture(image.src, `${label}: ${image.name}`, display));
  fig.append(frame, caption(image));
  return fig;
}

function caption(image: ImageView): HTMLElement {
  const element = make('figcaption');
  const name = make('span', 'name', image.name);
  name.title = image.name;
  element.append(name, make('span', 'meta', describe(image)));
  return element;
}

/** A source that cannot be restyled: its name and a neutral frame, no picture. */
export function unusableFigure(image: ImageView): HTMLElement {
  const fig = make('figure', 'tile source-tile');
  fig.append(placeholderFrame('No preview', `Source: ${image.name} (no preview)`), caption(image));
  return fig;
}

/** A saved variant: its picture at the source's zoom, with Open, Compare and Discard. */
export function resultTile(id: number, sourceName: string, result: ResultView, display: Display | undefined, earlier = false): HTMLElement {
  const tile = make('div', 'tile');
  tile.dataset.index = String(result.index);
  const fig = make('figure');
  const frame = make('div', 'frame');
  frame.append(picture(result.image.src, `${earlier ? 'Earlier variant' : 'Restyled variant'}: ${result.image.name}`, display));
  fig.append(frame, caption(result.image));
  tile.append(fig);
  const actions = make('div', 'result-actions');
  const ids = { id, index: result.index };
  const prefix = earlier ? 'earlier-' : '';
  actions.append(
    actionButton('Open', `${prefix}open`, ids, 'secondary', `Open ${result.image.name}`),
    actionButton('Compare', `${prefix}compare`, ids, 'secondary', `Compare ${result.image.name} with ${sourceName}`),
    actionButton('Discard', `${prefix}discard`, ids, 'secondary', `Discard ${result.image.name} (moves it to the trash)`),
  );
  tile.append(actions);
  if (result.note) tile.append(note(result.note, 'warning'));
  return tile;
}
