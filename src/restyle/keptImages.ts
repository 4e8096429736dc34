/** Paid images that could not be saved beside their source: kept in the extension's storage until Save As… puts them elsewhere. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SaveFailedError } from '../core/saveVariant';
import { showError } from '../ui/showError';

/** Keeps the image carried by a failed save; undefined when even that fails (the log says why). */
export async function keepUnsaved(error: SaveFailedError, keptFolder: vscode.Uri, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  try {
    await vscode.workspace.fs.createDirectory(keptFolder);
    const kept = vscode.Uri.joinPath(keptFolder, `${Date.now()}-${error.fileName}`);
    await vscode.workspace.fs.writeFile(kept, error.bytes);
    log.info(`Kept the unsaved ${error.fileName} in ${kept.fsPath}`);
    return kept;
  } catch (keepError) {
    log.error(`Could not keep the unsaved ${error.fileName}: ${String(keepError)}`);
    return undefined;
  }
}

/** Save As… for a kept image: the user picks a place (beside `source` to start with); the kept copy is removed once saved. */
export async function saveKeptAs(kept: vscode.Uri, source: vscode.Uri, log: vscode.LogOutputChannel, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const name = kept.path.split('/').pop()!.replace(/^\d+-/, '');
  const chosen = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(source, '..', name), saveLabel: 'Save Variant', title: `Save ${name}` }));
  if (!chosen) return undefined;
  try {
    await vscode.workspace.fs.copy(kept, chosen, { overwrite: true }); // the save dialog already asked about replacing
    await vscode.workspace.fs.delete(kept);
  } catch (error) {
    void showError(error, { log, subject: path.basename(chosen.fsPath) });
    return undefined;
  }
  return chosen;
}
