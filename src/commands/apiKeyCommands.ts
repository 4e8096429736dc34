/** Restyle: Set Segmind API Key / Clear Segmind API Key / Refresh Credits. */
import * as vscode from 'vscode';
import type { SegmindAccess } from '../segmindAccess';
import { promptForApiKey } from '../apiKeyPrompt';
import { provideErrorActions, showError } from '../ui/showError';

export function registerApiKeyCommands(access: SegmindAccess, log: vscode.LogOutputChannel): vscode.Disposable {
  provideErrorActions({ setApiKey: () => promptForApiKey(access) });
  const refreshCredits = async (): Promise<void> => {
    if (!(await access.keys.get())) {
      await promptForApiKey(access);
      return;
    }
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Checking Segmind credits' }, () => access.refreshCredits());
    } catch (error) {
      await showError(error, { log, retry: refreshCredits });
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('restyle.setApiKey', () => promptForApiKey(access)),
    vscode.commands.registerCommand('restyle.clearApiKey', async () => {
      await access.keys.clear();
      access.credits.set({ kind: 'noKey' });
      void vscode.window.showInformationMessage('Segmind API key removed from this machine.');
    }),
    vscode.commands.registerCommand('restyle.refreshCredits', refreshCredits),
    vscode.commands.registerCommand('restyle.showLog', () => log.show()),
  );
}
