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

/**
 * Plates that answered for a set that could not be finished (another plate failed, or cutting failed):
 * each paid answer is kept as it came, so nothing paid for is lost; the log says where.
 */
export async function keepPlateAnswers(answers: ReadonlyMap<number, readonly ({ image: Uint8Array } | undefined)[]>, names: (set: number) => string, keptFolder: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  for (const [set, plates] of answers) {
    for (const [plate, answer] of plates.entries()) {
      if (!answer) continue;
      const kept = vscode.Uri.joinPath(keptFolder, `${Date.now()}-${names(set)}-plate-${plate + 1}.${answer.image[0] === 0xff ? 'jpg' : 'png'}`);
      try {
        await vscode.workspace.fs.createDirectory(keptFolder);
        await vscode.workspace.fs.writeFile(kept, answer.image);
        log.warn(`The set of ${names(set)} was not finished; the paid answer of its plate ${plate + 1} is kept in ${kept.fsPath}`);
      } catch (error) {
        log.error(`Could not keep the answer of plate ${plate + 1} of ${names(set)}: ${String(error)}`);
      }
    }
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
