/** A panel's sources: what the session knows of each file, read from its header, its decoded pixels and earlier runs. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageFormat } from '../core/imageInfo';
import type { PreparedSource } from '../core/restyleSequence';
import { inspectSourceFile } from '../core/sourceImage';
import type { VariantRecord } from '../core/variantMetadata';
import type { SetMember, SetSummary } from '../image/set/setTypes';
import type { SourceState } from '../shared/protocol';
import type { SourceFacts, VariantFacts, VariantFormat } from '../shared/route';

/** One saved variant of a source. */
export interface VariantResult {
  readonly saved: vscode.Uri;
  readonly variant: VariantFacts & { readonly bytes: number };
  readonly elapsedMs: number;
  readonly route: string;
  readonly note?: string;
}

/** What the page shows of a source, except that a kept paid image is its file here (the page only learns that there is one). */
export type SessionState = Exclude<SourceState, { kind: 'failed' }> | { readonly kind: 'failed'; readonly message: string; readonly kept?: vscode.Uri };

export interface SessionSource {
  readonly id: number;
  readonly uri: vscode.Uri;
  readonly name: string;
  fileBytes: number;
  /** From the header at first, from the decoded pixels once prepared. */
  width?: number;
  height?: number;
  format?: ImageFormat;
  problem?: string;
  facts?: SourceFacts;
  prepared?: PreparedSource;
  state: SessionState;
  /** The variants of the latest run, in the order they were saved. */
  results: VariantResult[];
  /** Variants made of it before this panel (from the History, files still there), newest first. */
  earlier?: VariantResult[];
  /** When the source is itself a Restyle variant: how it was made (read from the file, validated). */
  madeFrom?: VariantRecord;
  /** What the worker read of it as a member of a set (a sheet, an animation or one picture). */
  set?: SetSummary;
  /** The panel's Sheet row: cells set by hand, or Not a sheet. */
  sheetChoice?: { readonly whole: true } | { readonly grid: NonNullable<SetMember['grid']> };
  /** Cancels this file's part of the run under way. */
  cancel?: AbortController;
}

export interface RestoredSource {
  readonly results: readonly { readonly saved: vscode.Uri; readonly route?: string }[];
  readonly interrupted?: boolean;
}

/** Reads every source's header (quick); a file that cannot be used gets its `problem` sentence. */
export function loadSources(uris: readonly vscode.Uri[]): Promise<SessionSource[]> {
  return Promise.all(
    uris.map(async (uri, id): Promise<SessionSource> => {
      const name = path.basename(uri.fsPath);
      const base = { id, uri, name, state: { kind: 'idle' } as SessionState, results: [] };
      try {
        const check = await inspectSourceFile(uri.fsPath);
        const info = check.ok ? check.info : undefined;
        return { ...base, fileBytes: check.fileSize, width: info?.width, height: info?.height, format: info?.format, problem: check.ok ? undefined : check.problem };
      } catch (error) {
        return { ...base, fileBytes: 0, problem: `${name} cannot be read${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': it is no longer there' : ''}.` };
      }
    }),
  );
}

/** What the panel shows of a variant saved earlier: its format and size from its header. */
export async function existingVariant(file: vscode.Uri, bytes: number): Promise<VariantResult['variant']> {
  const check = await inspectSourceFile(file.fsPath).catch(() => undefined);
  const info = check?.ok ? check.info : undefined;
  const format: VariantFormat = info?.format === 'jpeg' ? 'jpeg' : 'png';
  return { width: info?.width ?? 0, height: info?.height ?? 0, format, transparencyKept: false, paletteKept: false, asGenerated: false, bytes };
}

/** An earlier variant as a result, if its file is still there. */
export async function existingResult(file: vscode.Uri, route: string): Promise<VariantResult | undefined> {
  const stat = await Promise.resolve(vscode.workspace.fs.stat(file)).catch(() => undefined);
  if (!stat) return undefined;
  return { saved: file, variant: await existingVariant(file, stat.size), elapsedMs: 0, route };
}

/** The source's earlier variants whose files are still there, newest first, at most `max`, without those already shown. */
export async function findEarlier(source: SessionSource, candidates: readonly vscode.Uri[], max: number): Promise<VariantResult[]> {
  const shown = new Set(source.results.map((r) => r.saved.toString()));
  const found = await Promise.all(candidates.filter((u) => !shown.has(u.toString())).slice(0, max * 2).map((u) => existingResult(u, `${path.basename(u.fsPath)}, made earlier`)));
  return found.filter((r): r is VariantResult => !!r).slice(0, max);
}

/** Results from before a window reload; a generation the reload cut is shown as interrupted, never sent again. */
export async function restoreSources(sources: readonly SessionSource[], restored: readonly RestoredSource[]): Promise<void> {
  for (const [id, item] of restored.entries()) {
    const source = sources[id];
    if (!source) continue;
    if (item.interrupted) {
      source.state = { kind: 'failed', message: `The window was reloaded while ${source.name} was being generated: it was not sent again. Generate to try again (if that call was billed, the credits show it).` };
    }
    for (const saved of item.results) {
      const result = await existingResult(saved.saved, saved.route ?? 'Restored after a window reload');
      if (!result) continue; // the variant was deleted meanwhile
      source.results.push(result);
      if (source.state.kind === 'idle') source.state = { kind: 'done' };
    }
  }
}
