/** Turns any failure into a short, actionable notification; the details go to the log. */
import * as vscode from 'vscode';
import { SegmindError } from '../api/errors';
import { fileFaultReason, isFileFault, scrubPaths } from '../core/fileFaults';
import { SourceImageError } from '../core/sourceImage';

const SET_KEY = 'Set API Key';
const RETRY = 'Retry';
const SHOW_LOG = 'Show Log';
const OPEN_SETTINGS = 'Open Settings';
export const SAVE_AS = 'Save As…';

function workspacePaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/**
 * The user-facing sentence for an error (also shown inside the panel): never an errno code, a
 * temporary file name or an absolute path outside the workspace. The raw error goes to the log.
 */
export function describeError(error: unknown): string {
  if (isFileFault(error)) return `Restyle could not use a file: ${fileFaultReason(error)}.`;
  return scrubPaths(error instanceof Error ? error.message : String(error), workspacePaths());
}

export interface ShowErrorOptions {
  readonly log: vscode.LogOutputChannel;
  /** Offered as a Retry button where retrying makes sense. */
  readonly retry?: () => unknown;
  /** Prefix naming what failed, e.g. "knight.png". */
  readonly subject?: string;
  /** Offered as Save As… when a paid image could not be saved where it belonged. */
  readonly saveAs?: () => unknown;
}

/** The one line the notification and the panel both show for a failure. */
export function errorLine(error: unknown, subject?: string): string {
  return (subject ? `${subject}: ` : '') + describeError(error);
}

/** What the error buttons run that lives in higher layers, given by the composition root (no command runs back up). */
const errorActions: { setApiKey?: () => unknown } = {};

export function provideErrorActions(actions: { setApiKey: () => unknown }): void {
  errorActions.setApiKey = actions.setApiKey;
}

export async function showError(error: unknown, options: ShowErrorOptions): Promise<void> {
  const message = errorLine(error, options.subject);
  options.log.error(message, ...(error instanceof Error && error.cause ? [String(error.cause)] : []), ...(isFileFault(error) ? [String(error)] : []));
  if (error instanceof SegmindError && error.kind === 'cancelled') return;

  const buttons: string[] = [];
  if (error instanceof Error && error.name === 'SaveFailedError' && options.saveAs) buttons.push(SAVE_AS, SHOW_LOG);
  else if (error instanceof SegmindError) {
    if (error.kind === 'auth') buttons.push(SET_KEY);
    if (error.kind === 'endpoint') buttons.push(OPEN_SETTINGS);
    if (error.retryable && options.retry) buttons.push(RETRY);
    if (error.kind !== 'auth') buttons.push(SHOW_LOG);
  } else if (!(error instanceof SourceImageError)) {
    buttons.push(SHOW_LOG);
  }
  const show = error instanceof SourceImageError ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(message, ...buttons);
  switch (choice) {
    case SET_KEY:
      await errorActions.setApiKey?.();
      break;
    case RETRY:
      await options.retry?.();
      break;
    case SHOW_LOG:
      options.log.show(true);
      break;
    case SAVE_AS:
      await options.saveAs?.();
      break;
    case OPEN_SETTINGS:
      await vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.endpoint');
      break;
  }
}
