/** Composition root: wires the features together and does nothing slow. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { ApiKeyStore } from './apiKeyStore';
import { HistoryStore, storedPathOf, uriOfStored } from './history/historyStore';
import { registerHistoryView } from './history/historyView';
import { ImageWorker } from './image/imageWorker';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerCompareAndRerunCommands } from './commands/compareAndRerun';
import { registerRestyleCommand } from './commands/restyleImage';
import { registerShowParametersCommand } from './commands/showParameters';
import { PanelManager } from './panel/panelManager';
import type { RestylePanel } from './panel/restylePanel';
import { Pricing } from './restyle/pricing';
import { PromptLibrary } from './restyle/promptLibrary';
import { confirmModal } from './ui/confirmModal';
import { SegmindAccess } from './segmindAccess';
import { readSettings } from './settings';
import { CreditsStatusItem } from './ui/creditsStatusItem';

/** What the extension exports, only when it runs under its own integration tests (never the key store otherwise). */
export interface RestyleTestExports {
  /** The credits status bar item's current text. */
  creditsText(): string;
  readonly keys: ApiKeyStore;
  /** What the serializer does after a window reload, for the round-trip test. */
  restorePanel(panel: vscode.WebviewPanel, state: unknown): RestylePanel | undefined;
  /** Answers the confirmation before a costly run (a modal dialog cannot be clicked from the extension host). */
  answerConfirmations(answer: ((message: string) => boolean) | undefined): void;
}

export function activate(context: vscode.ExtensionContext): RestyleTestExports | undefined {
  const log = vscode.window.createOutputChannel('Restyle', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const credits = new CreditsStatusItem(() => readSettings().lowCreditsThreshold);
  const access = new SegmindAccess(keys, credits, log);
  // Started on first use, so activation stays instant.
  const images = new ImageWorker(path.join(context.extensionUri.fsPath, 'dist', 'imageWorker.js'));

  const pricing = new Pricing(credits);
  const prompts = new PromptLibrary(context.workspaceState, log);
  const history = new HistoryStore(context.workspaceState);
  let testConfirm: ((message: string) => boolean) | undefined;
  const panels = new PanelManager({
    extensionUri: context.extensionUri,
    workspaceState: context.workspaceState,
    keptFolder: vscode.Uri.joinPath(context.globalStorageUri, 'unsaved'),
    access,
    images,
    pricing,
    prompts,
    log,
    onSaved: (saved, params) =>
      void history.addGeneration({
        source: vscode.Uri.file(saved.sourcePath),
        variant: vscode.Uri.file(saved.savedPath),
        prompt: params.prompt,
        strength: params.strength,
        outputFormat: saved.variant.format,
        keepPalette: params.keepPalette,
        cost: saved.generation.cost,
        elapsedMs: saved.generation.elapsedMs,
        requestId: saved.generation.requestId,
      }),
    earlierVariants: (source) => {
      const stored = storedPathOf(source);
      return history.records().filter((r) => r.source === stored).map((r) => uriOfStored(r.variant)).filter((u): u is vscode.Uri => !!u);
    },
    confirm: (message, detail) => (testConfirm ? Promise.resolve(testConfirm(message)) : confirmModal(message, detail)),
  });

  const refresh = () =>
    access.refreshCredits().catch((error: unknown) => log.warn(`Could not read the credits: ${error instanceof Error ? error.message : String(error)}`));
  credits.refreshWith(() => access.refreshCredits());

  context.subscriptions.push(
    log,
    images,
    keys,
    credits,
    pricing,
    prompts,
    registerApiKeyCommands(access, log),
    panels,
    registerRestyleCommand(panels),
    registerCompareAndRerunCommands(panels),
    registerShowParametersCommand(log),
    history,
    registerHistoryView(history, { compare: (source, variant) => panels.compare(source, variant), rerun: (args) => panels.rerun(args) }),
    keys.onDidChange(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('restyle.lowCreditsThreshold')) credits.render();
      if (e.affectsConfiguration('restyle.endpoint')) void refresh();
    }),
  );
  void refresh();
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    creditsText: () => credits.text,
    keys,
    restorePanel: (panel, state) => panels.restore(panel, state),
    answerConfirmations: (answer) => (testConfirm = answer),
  };
}

export function deactivate(): void {}
