/**
 * How the page shows its sources, apart from what they are: the compare view, the background and
 * each source's zoom. Kept with setState (beside the host's `panel`), so a tab switch or a window
 * reload brings it back as it was.
 */
import { parsePersistedView, type PersistedView, type PreviewBackground } from '../shared/persistedPanel';
import type { SourceView } from '../shared/protocol';
import { applyBackground, backgroundFromSetting } from './background';
import type { CompareState } from './sourceCard';
import { saveState, vscode } from './vscodeApi';
import { defaultBox, defaultZoom, displayAt, stepZoom, type Display } from './zoom';

/** Card padding and border, each side, as media/panel.css draws them. */
const CARD_CHROME_PX = 2 * 12 + 2;

export class PageView {
  compare: CompareState | undefined;
  private chosenBackground: PreviewBackground | undefined;
  private readonly zoom: Record<string, number>;
  /** `restyle.previewBackground`, from the host's options. */
  backgroundSetting: string | undefined;

  constructor(private readonly sourcesSection: HTMLElement) {
    const saved: PersistedView = parsePersistedView(vscode.getState()?.view);
    this.chosenBackground = saved.background;
    this.zoom = { ...saved.zoom };
    if (saved.compare) this.compare = this.compareState(saved.compare);
  }

  private compareState(c: NonNullable<PersistedView['compare']>): CompareState {
    return { id: c.id, name: c.name, mode: c.mode, position: { value: c.position, changed: () => this.save() } };
  }

  /** A compare view for this variant, in this mode (the swipe position is kept when only the mode changes). */
  openCompare(id: number, name: string, mode: CompareState['mode'] = 'side'): CompareState {
    const keep = this.compare?.id === id && this.compare.name === name ? this.compare.position.value : 50;
    this.compare = this.compareState({ id, name, mode, position: keep });
    this.save();
    return this.compare;
  }

  setCompare(next: CompareState | undefined): void {
    this.compare = next && this.compareState({ id: next.id, name: next.name, mode: next.mode, position: next.position.value });
    this.save();
  }

  get background(): PreviewBackground {
    return this.chosenBackground ?? backgroundFromSetting(this.backgroundSetting);
  }

  setBackground(background: PreviewBackground): void {
    this.chosenBackground = background;
    this.applyBackground();
    this.save();
  }

  applyBackground(): void {
    applyBackground(this.background, this.backgroundSetting);
  }

  /** The width inside a card, where its frames go. */
  cardInnerWidth(): number {
    const width = this.sourcesSection.clientWidth;
    return Math.max(120, (width || 466) - CARD_CHROME_PX);
  }

  /** The size every image of this source is shown at: the user's zoom, else one that fits two frames side by side. */
  displayFor(source: SourceView): Display | undefined {
    const { width, height } = source.facts ?? source.image;
    if (!width || !height) return undefined;
    const inner = this.cardInnerWidth();
    const size = { width, height };
    return displayAt(size, this.zoom[source.id] ?? defaultZoom(size, defaultBox(inner)), inner);
  }

  /** One zoom step in or out for this source; false when it was already at its limit. */
  stepZoom(source: SourceView, direction: 1 | -1): boolean {
    const display = this.displayFor(source);
    const { width, height } = source.facts ?? source.image;
    if (!display || !width || !height) return false;
    const next = stepZoom({ width, height }, display.zoom, direction, this.cardInnerWidth());
    if (next === display.zoom) return false;
    this.zoom[source.id] = next;
    this.save();
    return true;
  }

  save(): void {
    const c = this.compare;
    const view: PersistedView = {
      ...(c ? { compare: { id: c.id, name: c.name, mode: c.mode, position: c.position.value } } : {}),
      ...(this.chosenBackground ? { background: this.chosenBackground } : {}),
      ...(Object.keys(this.zoom).length ? { zoom: { ...this.zoom } } : {}),
    };
    saveState({ view });
  }
}
