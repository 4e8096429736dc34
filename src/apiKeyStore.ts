/** The Segmind API key, kept only in VS Code's SecretStorage. */
import * as vscode from 'vscode';
import { Disposable } from './disposable';

const SECRET_KEY = 'restyle.segmindApiKey';

export class ApiKeyStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the key is stored or cleared, from this window or another. */
  readonly onDidChange = this.changed.event;

  /** The key as last read, so Generate does not wait for SecretStorage; dropped on every change. */
  private cached: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(secrets.onDidChange((e) => {
      if (e.key !== SECRET_KEY) return;
      this.cached = undefined;
      this.changed.fire();
    }));
  }

  get(): Promise<string | undefined> {
    this.cached ??= Promise.resolve(this.secrets.get(SECRET_KEY)).then(
      (key) => key || undefined,
      (error: unknown) => {
        this.cached = undefined; // a failed read is tried again next time
        throw error;
      },
    );
    return this.cached;
  }

  async store(apiKey: string): Promise<void> {
    this.cached = undefined;
    await this.secrets.store(SECRET_KEY, apiKey);
    this.cached = Promise.resolve(apiKey || undefined);
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    await this.secrets.delete(SECRET_KEY);
    this.cached = Promise.resolve(undefined);
  }
}
