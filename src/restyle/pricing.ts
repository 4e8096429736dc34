/** What a call costs and what the account holds, for the estimate shown before Generate. */
import * as vscode from 'vscode';
import { DEFAULT_PRICE_PER_IMAGE, learnPrice } from '../core/estimate';
import type { CreditsStatusItem } from '../ui/creditsStatusItem';

export interface PriceView {
  /** Credits per call: learned from the service, else `restyle.pricePerImage`. */
  readonly pricePerCall: number;
  readonly learned: boolean;
  readonly balance?: number;
  readonly confirmAbove: number;
}

export class Pricing implements vscode.Disposable {
  private learned: number | undefined;
  private readonly changed = new vscode.EventEmitter<PriceView>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly credits: CreditsStatusItem) {
    this.subscriptions = [
      credits.onDidChange(() => this.changed.fire(this.current)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('restyle.pricePerImage') || e.affectsConfiguration('restyle.confirmAbove')) this.changed.fire(this.current);
      }),
    ];
  }

  get balance(): number | undefined {
    const state = this.credits.current;
    return state.kind === 'known' ? state.credits : undefined;
  }

  get current(): PriceView {
    const config = vscode.workspace.getConfiguration('restyle');
    const setting = config.get<number>('pricePerImage');
    const fallback = typeof setting === 'number' && Number.isFinite(setting) && setting >= 0 ? setting : DEFAULT_PRICE_PER_IMAGE;
    const confirmAbove = config.get<number>('confirmAbove');
    return {
      pricePerCall: this.learned ?? fallback,
      learned: this.learned !== undefined,
      balance: this.balance,
      confirmAbove: typeof confirmAbove === 'number' && Number.isFinite(confirmAbove) && confirmAbove >= 0 ? confirmAbove : 1,
    };
  }

  /**
   * The estimate of a run against a balance that is checked, not trusted: when it passes the balance
   * last seen (which may be a 0.00 left by a 406, from before a top-up), the balance is read again
   * from the credits endpoint (free) and the estimate made again; only the fresh balance can make it
   * ask. A read that fails or takes longer than `timeoutMs` leaves the balance last seen.
   */
  async checkedEstimate<E extends { readonly exceedsBalance: boolean }>(estimate: (price: PriceView) => E, timeoutMs = 5_000): Promise<{ price: PriceView; estimate: E }> {
    const first = this.current;
    const firstEstimate = estimate(first);
    if (!firstEstimate.exceedsBalance) return { price: first, estimate: firstEstimate };
    let timer: NodeJS.Timeout | undefined;
    const read = await Promise.race([this.credits.refresh(), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    clearTimeout(timer);
    if (!read) return { price: first, estimate: firstEstimate };
    const fresh = this.current;
    return { price: fresh, estimate: estimate(fresh) };
  }

  /** After a call: the `x-cost` header, or the balance before and after it. */
  observe(observed: { cost?: number; balanceBefore?: number; balanceAfter?: number }): void {
    const price = learnPrice(this.learned, observed);
    if (price !== this.learned) {
      this.learned = price;
      this.changed.fire(this.current);
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
