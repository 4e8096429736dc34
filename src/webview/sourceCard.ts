/** One source in the panel: the source, the grid of its variants (or the compare view), its route and state. */
import { formatBytes } from '../shared/formatBytes';
import type { ImageView, PanelOptions, PanelParams, ResultView, SourceView } from '../shared/protocol';
import { plannedRoute } from '../shared/route';
import { compareView, type CompareMode } from './compare';
import { actionButton, make, note } from './dom';

/** Images up to this size are shown scaled up by a whole factor with hard pixel edges (sprites, icons, tiles). */
const SMALL_IMAGE_PX = 256;
/** The box the source is shown in; its variants get the same size. */
const BOX_PX = { width: 320, height: 240 };

export interface CompareState {
  readonly id: number;
  readonly index: number;
  readonly mode: CompareMode;
  readonly position: { value: number };
}

export interface CardContext {
  readonly options: PanelOptions;
  readonly params: PanelParams;
  readonly running: boolean;
  readonly compare?: CompareState;
  setCompare(compare: CompareState | undefined): void;
}

/** The size a source (and every variant of it) is shown at: a whole zoom for sprites, fitted for photos. */
export function displaySize(source: SourceView): { width: number; height: number; crisp: boolean } | undefined {
  const { width, height } = source.facts ?? source.image;
  if (!width || !height) return undefined;
  if (Math.max(width, height) <= SMALL_IMAGE_PX) {
    const zoom = Math.max(1, Math.floor(Math.min(BOX_PX.width / width, BOX_PX.height / height)));
    return { width: width * zoom, height: height * zoom, crisp: true };
  }
  const scale = Math.min(1, BOX_PX.width / width, BOX_PX.height / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale), crisp: false };
}

function describe(image: ImageView): string {
  const size = image.width && image.height ? `${image.width} × ${image.height} px · ` : '';
  return `${size}${formatBytes(image.bytes)}`;
}

function figure(image: ImageView, label: string, display?: { width: number; height: number; crisp: boolean }): HTMLElement {
  const fig = make('figure');
  const frame = make('div', 'frame');
  const img = make('img');
  // VS Code shows the page only at its load event, which an eager image holds back until it arrives.
  if (document.readyState !== 'complete') img.loading = 'lazy';
  img.src = image.src;
  img.alt = `${label}: ${image.name}`;
  if (display) {
    // Source and variants at one size, pixel art crisp (CSSOM styles are allowed by the page's CSP).
    img.className = display.crisp ? 'sprite' : 'photo';
    img.style.width = `${display.width}px`;
    img.style.height = `${display.height}px`;
  }
  frame.append(img);
  const caption = make('figcaption');
  const name = make('span', 'name', image.name);
  name.title = image.name;
  caption.append(name, make('span', 'meta', describe(image)));
  fig.append(frame, caption);
  return fig;
}

function resultTile(source: SourceView, result: ResultView): HTMLElement {
  const tile = make('div', 'tile');
  tile.dataset.index = String(result.index);
  tile.append(figure(result.image, 'Restyled variant', displaySize(source)));
  const actions = make('div', 'result-actions');
  const ids = { id: source.id, index: result.index };
  actions.append(
    actionButton('Open', 'open', ids, 'secondary', `Open ${result.image.name}`),
    actionButton('Compare', 'compare', ids, 'secondary', `Compare ${result.image.name} with ${source.image.name}`),
    actionButton('Discard', 'discard', ids, 'secondary', `Discard ${result.image.name} (moves it to the trash)`),
  );
  tile.append(actions);
  if (result.note) tile.append(note(result.note, 'warning'));
  return tile;
}

function placeholder(text: string): HTMLElement {
  return make('div', 'frame placeholder', text);
}

export function renderSourceCard(source: SourceView, ctx: CardContext): HTMLElement {
  const card = make('article', `card ${source.state.kind}`);
  card.dataset.id = String(source.id);
  const display = displaySize(source);
  card.append(figure(source.image, 'Source', display));

  const results = make('div', 'results');
  const state = source.state;
  const compare = ctx.compare?.id === source.id ? ctx.compare : undefined;
  const compared = compare && source.results.find((r) => r.index === compare.index);
  if (source.problem) {
    results.append(note(source.problem, 'problem'));
  } else if (compare && compared && display) {
    results.append(
      compareView(
        { source: source.image, variant: compared.image, display, crisp: display.crisp },
        compare.mode,
        (mode) => ctx.setCompare({ ...compare, mode }),
        () => ctx.setCompare(undefined),
        compare.position,
      ),
    );
  } else {
    const grid = make('div', `grid count-${Math.max(1, source.results.length)}`);
    if (display) grid.style.setProperty('--tile', `${display.width + 16}px`);
    for (const result of source.results) grid.append(resultTile(source, result));
    if (state.kind === 'running' || state.kind === 'queued') {
      const waiting = state.kind === 'running' ? `Generating ${Math.min(state.finished + 1, state.total)} of ${state.total}…` : 'Waiting…';
      const slot = make('div', 'tile');
      slot.append(placeholder(waiting), make('div', 'result-actions'));
      slot.lastElementChild!.append(actionButton('Cancel', 'cancel-one', { id: source.id }, 'secondary', `Cancel ${source.image.name}`));
      grid.append(slot);
    } else if (!source.results.length && state.kind !== 'failed') {
      grid.append(placeholder('The variants appear here'));
    }
    results.append(grid);
    if (state.kind === 'failed') {
      results.append(note(state.message, 'problem'));
      if (state.kept) {
        const actions = make('div', 'result-actions');
        actions.append(actionButton('Save As…', 'saveAs', { id: source.id }, 'primary'));
        results.append(actions);
      }
    }
    if (state.kind === 'done' && state.problem) results.append(note(state.problem, 'warning'));
    if (source.results.length && !ctx.running) {
      const again = make('div', 'result-actions');
      again.append(actionButton('Generate again', 'again', { id: source.id }));
      results.append(again);
    }
  }
  card.append(results);

  const route = make('p', 'route');
  route.setAttribute('aria-label', 'Route');
  const latest = source.results.at(-1);
  route.textContent = latest && state.kind === 'done' ? latest.route : source.facts ? plannedRoute(source.facts, { ...ctx.options, ...ctx.params }) : source.problem ? '' : 'Reading the image…';
  card.append(route);
  if (source.facts?.animated) card.append(note('Animated: restyled from its first frame.', 'meta animated'));
  if (source.madeFrom) {
    const made = make('div', 'made-from');
    const text = `Made by Restyle from ${source.madeFrom.source}: “${source.madeFrom.prompt.length > 80 ? `${source.madeFrom.prompt.slice(0, 80)}…` : source.madeFrom.prompt}” at strength ${source.madeFrom.strength.toFixed(2)}.`;
    made.append(make('span', 'meta', text), actionButton('Re-run', 'rerun', { id: source.id }, 'secondary', `Re-run these parameters on ${source.madeFrom.source}`));
    card.append(made);
  }
  return card;
}
