/** Composition root: wires the features together and does nothing slow. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { ApiKeyStore } from './apiKeyStore';
import { ImageWorker } from './image/imageWorker';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerRestyleCommand } from './commands/restyleImage';
import { SegmindAccess } from './segmindAccess';
import { readSettings } from './settings';
import { CreditsStatusItem } from './ui/creditsStatusItem';

/** What the extension exports, only when it runs under its own integration tests (never the key store otherwise). */
export interface RestyleTestExports {
  /** The credits status bar item's current text. */
  creditsText(): string;
  readonly keys: ApiKeyStore;
}

export function activate(context: vscode.ExtensionContext): RestyleTestExports | undefined {
  const log = vscode.window.createOutputChannel('Restyle', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const credits = new CreditsStatusItem(() => readSettings().lowCreditsThreshold);
  const access = new SegmindAccess(keys, credits, log);
  // Started on first use, so activation stays instant.
  const images = new ImageWorker(path.join(context.extensionUri.fsPath, 'dist', 'imageWorker.js'));

  const refresh = () =>
    access.refreshCredits().catch((error: unknown) => log.warn(`Could not read the credits: ${error instanceof Error ? error.message : String(error)}`));

  context.subscriptions.push(
    log,
    images,
    keys,
    credits,
    registerApiKeyCommands(access, log),
    registerRestyleCommand({ extensionUri: context.extensionUri, workspaceState: context.workspaceState, access, images, log }),
    keys.onDidChange(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('restyle.lowCreditsThreshold')) credits.render();
      if (e.affectsConfiguration('restyle.endpoint')) void refresh();
    }),
  );
  void refresh();
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { creditsText: () => credits.text, keys };
}

export function deactivate(): void {}
