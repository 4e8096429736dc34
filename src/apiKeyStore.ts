/** The Segmind API key, kept only in VS Code's SecretStorage. */
import * as vscode from 'vscode';

const SECRET_KEY = 'restyle.segmindApiKey';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires when the key is stored or cleared, from this window or another. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || undefined;
  }

  store(apiKey: string): Thenable<void> {
    return this.secrets.store(SECRET_KEY, apiKey);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
