/** The status bar item with the account's remaining credits. */
import * as vscode from 'vscode';
import { formatCredits } from '../core/credits';

export type CreditsState =
  | { readonly kind: 'noKey' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'known'; readonly credits: number; readonly source: 'generation' | 'account'; readonly at: Date }
  | { readonly kind: 'unknown'; readonly reason: string; readonly at: Date };

export class CreditsStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: CreditsState = { kind: 'loading' };
  /** Reads the balance from the (free) credits endpoint; given by the composition root. */
  private refresher: (() => Promise<void>) | undefined;
  /** Set by a 406: the balance is low whatever was last seen, and is read again on the next window focus. */
  private refusedForCredits = false;
  private focusWatch: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<CreditsState>();
  /** Fires when the balance (or what is known of it) changes. */
  readonly onDidChange = this.changed.event;

  constructor(private lowCreditsThreshold: () => number) {
    this.item = vscode.window.createStatusBarItem('credits', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Restyle Credits';
    this.render();
    this.item.show();
  }

  get current(): CreditsState {
    return this.state;
  }

  /** The text shown, for tests and the log. */
  get text(): string {
    return this.item.text;
  }

  set(state: CreditsState): void {
    this.state = state;
    if (state.kind === 'known' && state.source === 'account') this.refusedForCredits = false;
    this.render();
    this.changed.fire(state);
  }

  /** Called after every API call: a missing or garbage header keeps the last good value but says it is stale. */
  update(credits: number | undefined, source: 'generation' | 'account'): void {
    if (credits !== undefined) this.set({ kind: 'known', credits, source, at: new Date() });
    else if (this.state.kind !== 'known') this.set({ kind: 'unknown', reason: 'The last answer did not say how many credits are left.', at: new Date() });
  }

  /** How the balance is read again (the credits endpoint costs nothing). */
  refreshWith(refresh: () => Promise<void>): void {
    this.refresher = refresh;
  }

  /** Reads the balance again now, if a way to is known; false when it could not be read. */
  async refresh(): Promise<boolean> {
    if (!this.refresher) return false;
    try {
      await this.refresher();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Segmind refused a call for lack of credits (406): the item says the balance is low (with the
   * balance when the answer gave one) and reads it again the next time the window gets the focus,
   * so a top-up made in the browser shows without a click.
   */
  noteInsufficientCredits(balance?: number): void {
    this.refusedForCredits = true;
    if (balance !== undefined) this.set({ kind: 'known', credits: balance, source: 'generation', at: new Date() });
    else this.render();
    this.refreshOnNextFocus();
  }

  private refreshOnNextFocus(): void {
    this.focusWatch?.dispose();
    this.focusWatch = vscode.window.onDidChangeWindowState((window) => {
      if (!window.focused) return;
      this.focusWatch?.dispose();
      this.focusWatch = undefined;
      void this.refresh();
    });
  }

  /** True when the last call was refused for credits and no fresh balance has been read since. */
  get low(): boolean {
    return this.refusedForCredits || (this.state.kind === 'known' && this.state.credits < this.lowCreditsThreshold());
  }

  /** Re-renders, e.g. after the threshold setting changed. */
  render(): void {
    const item = this.item;
    const state = this.state;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'noKey':
        item.text = '$(key) Set API key';
        item.tooltip = 'Restyle: no Segmind API key is stored. Click to set one.';
        item.command = 'restyle.setApiKey';
        break;
      case 'loading':
        item.text = '$(sync~spin) credits';
        item.tooltip = 'Restyle: checking your Segmind credits…';
        item.command = 'restyle.refreshCredits';
        break;
      case 'known': {
        const low = this.low;
        item.text = this.refusedForCredits ? `$(warning) ${formatCredits(state.credits)} credits: low` : `$(sparkle) ${formatCredits(state.credits)} credits`;
        const from = state.source === 'generation' ? 'the last generation' : 'your Segmind account';
        const refused = this.refusedForCredits ? '\n\nSegmind refused the last call for lack of credits: the balance is read again when this window next gets the focus.' : '';
        const tooltip = new vscode.MarkdownString(
          `**Segmind credits: ${formatCredits(state.credits)}**${low ? ' $(warning) low' : ''}\n\nUpdated ${state.at.toLocaleTimeString()} from ${from}.${refused}\n\nClick to refresh.`,
          true,
        );
        item.tooltip = tooltip;
        item.command = 'restyle.refreshCredits';
        if (low) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'unknown':
        item.text = this.refusedForCredits ? '$(warning) credits low' : '$(sparkle) credits unknown';
        if (this.refusedForCredits) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.tooltip = `Restyle: ${state.reason} (${state.at.toLocaleTimeString()}). Click to refresh.`;
        item.command = 'restyle.refreshCredits';
        break;
      default: {
        const never: never = state;
        throw new Error(`unknown credits state ${JSON.stringify(never)}`);
      }
    }
  }

  dispose(): void {
    this.focusWatch?.dispose();
    this.item.dispose();
    this.changed.dispose();
  }
}
