/** The question before a costly run: a modal warning where only an explicit Generate goes on. */
import * as vscode from 'vscode';

export async function confirmModal(message: string, detail: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Generate')) === 'Generate';
}
