/**
 * Re-run from a variant: the parameters saved inside it, on its original source, found beside it
 * by name and checked by SHA-256. A changed source is only used when the user says so.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VariantRecord } from '../core/variantMetadata';
import type { GenerationSummary } from './restyleSession';

export type SourceCheck = { kind: 'same'; source: vscode.Uri } | { kind: 'changed'; source: vscode.Uri } | { kind: 'missing'; name: string };

/** Finds the variant's source in the variant's own folder (the record's name is untrusted: a plain file name only). */
export async function findOriginalSource(variant: vscode.Uri, record: VariantRecord): Promise<SourceCheck> {
  const name = record.source.name;
  if (path.basename(name) !== name || name === '.' || name === '..') return { kind: 'missing', name };
  const file = path.join(path.dirname(variant.fsPath), name);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    return { kind: 'missing', name };
  }
  const source = vscode.Uri.file(file);
  return createHash('sha256').update(bytes).digest('hex') === record.source.sha256 ? { kind: 'same', source } : { kind: 'changed', source };
}

/** Runs the variant's parameters on its source, after asking when the source changed; undefined when nothing was sent. */
export async function rerunFromVariant(
  variant: vscode.Uri,
  record: VariantRecord,
  run: (args: { source: vscode.Uri; prompt: string; strength: number; format: 'png' | 'jpeg'; keepPalette: boolean; variants: number }) => Promise<GenerationSummary | undefined>,
  confirmChanged: (message: string) => Thenable<boolean> = async (message) =>
    (await vscode.window.showWarningMessage(message, { modal: true }, 'Run Anyway')) === 'Run Anyway',
): Promise<GenerationSummary | undefined> {
  const found = await findOriginalSource(variant, record);
  if (found.kind === 'missing') {
    void vscode.window.showWarningMessage(`${found.name}, the source of ${path.basename(variant.fsPath)}, is not in its folder any more: nothing was sent.`);
    return undefined;
  }
  if (found.kind === 'changed' && !(await confirmChanged(`${record.source.name} has changed since ${path.basename(variant.fsPath)} was made from it. Run the same parameters on it anyway?`))) {
    return undefined;
  }
  return run({
    source: found.source,
    prompt: record.prompt,
    strength: record.strength,
    format: record.outputFormat,
    keepPalette: record.keepPalette,
    variants: 1,
  });
}
