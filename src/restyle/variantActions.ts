/** What the panel does with a source's variants: show one made earlier, discard one (to the OS trash). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showError } from '../ui/showError';
import { existingResult, type SessionSource } from './sessionSource';
import { moveToTrash } from './trash';

/** Adds an earlier variant to the source's grid (at most 4 shown); its index there, or undefined when its file is gone. */
export async function addExistingVariant(source: SessionSource, variant: vscode.Uri): Promise<number | undefined> {
  const known = source.results.findIndex((r) => r.saved.toString() === variant.toString());
  if (known >= 0) return known;
  const result = await existingResult(variant, `${path.basename(variant.fsPath)}, made earlier`);
  if (!result) return undefined;
  source.results = [...source.results, result].slice(-4);
  if (source.state.kind === 'idle') source.state = { kind: 'done' };
  return source.results.length - 1;
}

/** Moves the variant's file to the OS trash (recoverable) and takes it out of the grid; false when it could not be moved. */
export async function discardVariant(source: SessionSource, index: number, log: vscode.LogOutputChannel, list: 'results' | 'earlier' = 'results'): Promise<boolean> {
  const result = list === 'earlier' ? source.earlier?.[index] : source.results[index];
  if (!result) return false;
  try {
    await moveToTrash(result.saved, log);
  } catch (error) {
    void showError(error, { log, subject: `Discard ${path.basename(result.saved.fsPath)}` });
    return false;
  }
  if (list === 'earlier') {
    source.earlier = source.earlier?.filter((r) => r !== result);
    return true;
  }
  source.results = source.results.filter((r) => r !== result);
  if (!source.results.length) source.state = { kind: 'idle' };
  return true;
}
