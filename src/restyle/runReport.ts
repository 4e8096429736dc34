/** What a run's failures tell the user: one line for the panel, one notification with Retry (never automatic) and Save As…. */
import type { LogOutputChannel } from 'vscode';
import { describeError, errorLine, showError } from '../ui/showError';
import type { RunFailure } from './generationRun';

/** The notification's subject and the panel's status line for these failures. */
export function failureReport(failures: readonly RunFailure[]): { subject: string; line: string } {
  const first = failures[0];
  const subject = failures.length === 1 ? first.source.name : `${failures.length} images failed, e.g. ${first.source.name}`;
  return { subject, line: errorLine(first.error, subject) };
}

export interface FailureActions {
  /** Runs only these sources again. */
  readonly retry: (ids: number[]) => unknown;
  /** Save As… for the image kept for this source. */
  readonly saveAs: (id: number) => unknown;
}

/** One notification for the failures; the others go to the log. */
export function reportFailures(failures: readonly RunFailure[], log: LogOutputChannel, actions: FailureActions): void {
  if (!failures.length) return;
  const retryIds = [...new Set(failures.map((f) => f.source.id))];
  const first = failures[0];
  void showError(first.error, { log, retry: () => actions.retry(retryIds), subject: failureReport(failures).subject, saveAs: () => actions.saveAs(first.source.id) });
  failures.slice(1).forEach((f) => log.error(`${f.source.name}: ${describeError(f.error)}`));
}
