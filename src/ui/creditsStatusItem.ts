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
    this.render();
    this.changed.fire(state);
  }

  /** Called after every API call: a missing or garbage header keeps the last good value but says it is stale. */
  update(credits: number | undefined, source: 'generation' | 'account'): void {
    if (credits !== undefined) this.set({ kind: 'known', credits, source, at: new Date() });
    else if (this.state.kind !== 'known') this.set({ kind: 'unknown', reason: 'The last answer did not say how many credits are left.', at: new Date() });
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
        const low = state.credits < this.lowCreditsThreshold();
        item.text = `$(sparkle) ${formatCredits(state.credits)} credits`;
        const from = state.source === 'generation' ? 'the last generation' : 'your Segmind account';
        const tooltip = new vscode.MarkdownString(
          `**Segmind credits: ${formatCredits(state.credits)}**${low ? ' $(warning) low' : ''}\n\nUpdated ${state.at.toLocaleTimeString()} from ${from}.\n\nClick to refresh.`,
          true,
        );
        item.tooltip = tooltip;
        item.command = 'restyle.refreshCredits';
        if (low) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'unknown':
        item.text = '$(sparkle) credits unknown';
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
    this.item.dispose();
    this.changed.dispose();
  }
}
