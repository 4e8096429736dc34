/** One base for everything that owns resources: `register()` what you own, `dispose()` releases it in reverse order, once. */
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `value` (disposed at once if this is already disposed) and returns it. */
  protected register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
    while (this.owned.length) this.owned.pop()?.dispose();
  }

  /** Work of the subclass's own before what it registered is released (e.g. aborting a run). */
  protected onDispose(): void {}
}
