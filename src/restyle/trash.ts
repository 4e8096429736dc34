/** Discard: moves a variant to the OS trash (recoverable), through VS Code, or the freedesktop trash where VS Code has none. */
import * as vscode from 'vscode';
import { moveToFreedesktopTrash } from '../core/freedesktopTrash';

export async function moveToTrash(uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: true, recursive: false });
    return;
  } catch (error) {
    // A remote or web workbench may have no trash; on Linux the freedesktop trash is the OS trash.
    if (process.platform !== 'linux' || uri.scheme !== 'file') throw error;
    log.info(`VS Code could not use the trash (${String(error)}); using the freedesktop trash.`);
  }
  const where = await moveToFreedesktopTrash(uri.fsPath);
  log.info(`Moved ${uri.fsPath} to the trash: ${where}`);
}
