/** Turns any failure into a short, actionable notification; the details go to the log. */
import * as vscode from 'vscode';
import { SegmindError } from '../api/errors';
import { SourceImageError } from '../core/sourceImage';

const SET_KEY = 'Set API Key';
const RETRY = 'Retry';
const SHOW_LOG = 'Show Log';
const OPEN_SETTINGS = 'Open Settings';

/** The user-facing sentence for an error (also shown inside the panel). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ShowErrorOptions {
  readonly log: vscode.LogOutputChannel;
  /** Offered as a Retry button where retrying makes sense. */
  readonly retry?: () => unknown;
  /** Prefix naming what failed, e.g. "knight.png". */
  readonly subject?: string;
}

export async function showError(error: unknown, options: ShowErrorOptions): Promise<void> {
  const message = (options.subject ? `${options.subject}: ` : '') + describeError(error);
  options.log.error(message, ...(error instanceof Error && error.cause ? [String(error.cause)] : []));
  if (error instanceof SegmindError && error.kind === 'cancelled') return;

  const buttons: string[] = [];
  if (error instanceof SegmindError) {
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
      await vscode.commands.executeCommand('restyle.setApiKey');
      break;
    case RETRY:
      await options.retry?.();
      break;
    case SHOW_LOG:
      options.log.show(true);
      break;
    case OPEN_SETTINGS:
      await vscode.commands.executeCommand('workbench.action.openSettings', 'restyle.endpoint');
      break;
  }
}
