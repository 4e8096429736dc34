/**
 * One source in the panel: its tools (zoom, background), the source and its variants side by side in
 * frames of one size (or the compare view, which shows the source once), its route, state and notes.
 */
import type { PreviewBackground } from '../shared/persistedPanel';
import type { PanelOptions, PanelParams, ResultView, SourceView } from '../shared/protocol';
import { plannedRoute } from '../shared/route';
import { sheetRow } from './sheetRow';
import { cardTools } from './cardTools';
import { compareView, type CompareImages, type CompareMode, type SwipePosition } from './compare';
import { actionButton, make, note } from './dom';
import { figure, placeholderFrame, resultTile, unusableFigure } from './figure';
import { frameSize, type Display } from './zoom';

export interface CompareState {
  readonly id: number;
  /** The variant's file name: how the compare view finds it again after a reload or a new list. */
  readonly name: string;
  readonly mode: CompareMode;
  readonly position: SwipePosition;
}

export interface CardContext {
  readonly options: PanelOptions;
  readonly params: PanelParams;
  readonly running: boolean;
  readonly compare?: CompareState;
  readonly display?: Display;
  /** The width inside the card, where its frames go. */
  readonly cardWidth: number;
  readonly background: PreviewBackground;
  setCompare(compare: CompareState | undefined): void;
  zoom(direction: 1 | -1): void;
  setBackground(background: PreviewBackground): void;
}

/** The variant the compare view shows: one of the latest run's, else an earlier one. */
export function comparedResult(source: SourceView, name: string): ResultView | undefined {
  return source.results.find((r) => r.image.name === name) ?? source.earlier?.find((r) => r.image.name === name);
}

function variantsStrip(source: SourceView, ctx: CardContext, strip: HTMLElement): void {
  const state = source.state;
  const grid = make('div', `grid count-${Math.max(1, source.results.length)}`);
  for (const result of source.results) grid.append(resultTile(source.id, source.image.name, result, ctx.display));
  if (state.kind === 'running' || state.kind === 'queued') {
    const waiting = state.kind === 'running' ? `Generating ${Math.min(state.finished + 1, state.total)} of ${state.total}…` : 'Waiting…';
    const slot = make('div', 'tile pending');
    const actions = make('div', 'result-actions');
    actions.append(actionButton('Cancel', 'cancel-one', { id: source.id }, 'secondary', `Cancel ${source.image.name}`));
    slot.append(placeholderFrame(waiting), actions);
    grid.append(slot);
  } else if (!source.results.length && state.kind !== 'failed' && !source.problem) {
    const slot = make('div', 'tile empty');
    slot.append(placeholderFrame(source.earlier?.length ? 'New variants appear here' : 'The variants appear here'));
    grid.append(slot);
  }
  strip.append(grid);
}

function stateNotes(source: SourceView, ctx: CardContext, card: HTMLElement): void {
  const state = source.state;
  if (source.problem) card.append(note(source.problem, 'problem'));
  if (state.kind === 'failed') {
    card.append(note(state.message, 'problem'));
    if (state.kept) {
      const actions = make('div', 'result-actions');
      actions.append(actionButton('Save As…', 'saveAs', { id: source.id }, 'primary'));
      card.append(actions);
    }
  }
  if (state.kind === 'done' && state.problem) card.append(note(state.problem, 'warning'));
  if (source.results.length && !ctx.running) {
    const again = make('div', 'result-actions');
    again.append(actionButton('Generate again', 'again', { id: source.id }));
    card.append(again);
  }
}

function earlierSection(source: SourceView, ctx: CardContext): HTMLElement | undefined {
  if (!source.earlier?.length) return undefined;
  const section = make('section', 'earlier');
  section.setAttribute('aria-label', `Earlier variants of ${source.image.name}`);
  section.append(make('h3', undefined, `Earlier variants (${source.earlier.length})`));
  const strip = make('div', 'strip');
  for (const result of source.earlier) strip.append(resultTile(source.id, source.image.name, result, ctx.display, true));
  section.append(strip);
  return section;
}

/** A sheet's cells sent as seamless tiles, for the Tiled compare (which then repeats each of them). */
function sheetTiles(source: SourceView, cardWidth: number): Pick<CompareImages, 'sheet'> {
  const tiles = source.set?.cells?.flatMap((c, index) => (c.seamless ? [{ index, x: c.x, y: c.y, w: c.w, h: c.h }] : [])) ?? [];
  const { width, height } = source.image;
  // Two 3 × 3 blocks side by side within the card, each at most 192 px.
  const block = Math.max(48, Math.min(192, Math.floor((cardWidth - 12) / 2) - 8));
  return tiles.length && width && height ? { sheet: { width, height, tiles, block } } : {};
}

/** The sheet's cells drawn over the source, so the user sees what Restyle found: dashed, solid for a cell sent as a seamless tile. */
function drawCells(fig: HTMLElement, cells: NonNullable<NonNullable<SourceView['set']>['cells']>, scale: number): void {
  const frame = fig.querySelector<HTMLElement>('.frame');
  const img = frame?.querySelector('img');
  if (!frame || !img) return;
  const overlay = make('div', 'cells');
  overlay.setAttribute('aria-hidden', 'true');
  overlay.style.width = img.style.width;
  overlay.style.height = img.style.height;
  for (const c of cells.slice(0, 1024)) {
    const box = make('div', c.seamless ? 'cell tile' : 'cell');
    box.style.left = `${c.x * scale}px`;
    box.style.top = `${c.y * scale}px`;
    box.style.width = `${c.w * scale}px`;
    box.style.height = `${c.h * scale}px`;
    overlay.append(box);
  }
  frame.append(overlay);
}

export function renderSourceCard(source: SourceView, ctx: CardContext): HTMLElement {
  const card = make('article', `card ${source.state.kind}`);
  card.dataset.id = String(source.id);
  const display = ctx.display;
  if (display) {
    const frame = frameSize(display);
    card.style.setProperty('--frame-w', `${frame.width}px`);
    card.style.setProperty('--frame-h', `${frame.height}px`);
  }
  if (!source.problem) {
    card.append(cardTools({ display, sourceName: source.image.name, background: ctx.background, backgroundSetting: ctx.options.previewBackground, zoom: ctx.zoom, setBackground: ctx.setBackground }));
  }

  const strip = make('div', 'strip');
  const compare = ctx.compare?.id === source.id ? ctx.compare : undefined;
  const compared = compare && comparedResult(source, compare.name);
  if (source.problem) {
    strip.append(unusableFigure(source.image));
  } else if (compare && compared && display) {
    // The compare view shows the source itself, beside or under the variant: not a second time above.
    strip.append(
      compareView(
        { source: source.image, variant: compared.image, display, ...sheetTiles(source, ctx.cardWidth) },
        compare.mode,
        (mode) => ctx.setCompare({ ...compare, mode }),
        () => ctx.setCompare(undefined),
        compare.position,
      ),
    );
  } else {
    const sourceFigure = figure(source.image, 'Source', display, 'source-tile');
    if (source.set?.cells && display && source.image.width) drawCells(sourceFigure, source.set.cells, display.width / source.image.width);
    strip.append(sourceFigure);
    variantsStrip(source, ctx, strip);
  }
  card.append(strip);
  stateNotes(source, ctx, card);

  const route = make('p', 'route');
  route.setAttribute('aria-label', 'Route');
  const latest = source.results.at(-1);
  const state = source.state;
  const planned = source.set?.route ?? (source.facts ? plannedRoute(source.facts, { ...ctx.options, ...ctx.params }) : undefined);
  route.textContent = latest && state.kind === 'done' ? latest.route : planned ?? (source.problem ? '' : 'Reading the image…');
  if (route.textContent) card.append(route);
  if (source.facts?.animated && !source.set?.route) card.append(note('Animated: restyled from its first frame.', 'meta animated'));
  if (source.set?.description) card.append(note(source.set.description, 'meta set'));
  if (source.set?.problem) card.append(note(source.set.problem, 'warning'));
  const sheet = sheetRow(source);
  if (sheet) card.append(sheet);
  if (source.madeFrom) {
    const made = make('div', 'made-from');
    const text = `Made by Restyle from ${source.madeFrom.source}: “${source.madeFrom.prompt.length > 80 ? `${source.madeFrom.prompt.slice(0, 80)}…` : source.madeFrom.prompt}” at strength ${source.madeFrom.strength.toFixed(2)}.`;
    made.append(make('span', 'meta', text), actionButton('Re-run', 'rerun', { id: source.id }, 'secondary', `Re-run these parameters on ${source.madeFrom.source}`));
    card.append(made);
  }
  const earlier = earlierSection(source, ctx);
  if (earlier) card.append(earlier);
  return card;
}
