/** The workspace's Restyle history, kept in workspaceState under `restyle.history` so it survives a window reload. */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { HistoryIndex, resolveStoredPath, toStoredPath, type HistoryFolder, type HistoryRecord } from '../core/history';

export const HISTORY_KEY = 'restyle.history';

/** A saved generation, as the code that saved it knows it: the record's fields, with the files as URIs. */
export type Generation = Omit<HistoryRecord, 'id' | 'createdAt' | 'source' | 'variant'> & {
  readonly source: vscode.Uri;
  readonly variant: vscode.Uri;
};

function workspaceFolders(): HistoryFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
}

/** How a file is stored in a record: workspace-relative with '/' separators, or absolute outside the workspace. */
export function storedPathOf(uri: vscode.Uri): string {
  return toStoredPath(uri.fsPath, workspaceFolders());
}

/** The file a stored path names, or undefined when it cannot be resolved (a relative path with no folder open). */
export function uriOfStored(stored: string): vscode.Uri | undefined {
  const resolved = resolveStoredPath(stored, workspaceFolders());
  return resolved === undefined ? undefined : vscode.Uri.file(resolved);
}

/** A new record for a generation, with a fresh id and the current time. */
export function historyRecordOf(generation: Generation, now = new Date()): HistoryRecord {
  const { source, variant, cost, requestId, ...rest } = generation;
  return {
    id: randomUUID(),
    createdAt: now.toISOString(),
    source: storedPathOf(source),
    variant: storedPathOf(variant),
    ...rest,
    ...(cost !== undefined ? { cost } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

export class HistoryStore implements vscode.Disposable {
  private readonly index: HistoryIndex;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every change to the list. */
  readonly onDidChange = this.changed.event;

  /** Reads the stored list once; stale or corrupt entries are dropped, never thrown. */
  constructor(private readonly state: vscode.Memento) {
    this.index = HistoryIndex.fromJSON(state.get<unknown>(HISTORY_KEY));
  }

  /** Newest first. */
  records(): readonly HistoryRecord[] {
    return this.index.list();
  }

  find(id: string): HistoryRecord | undefined {
    return this.index.find(id);
  }

  /** Adds a record (replacing one of the same variant); resolves to it as stored, or undefined when it is not well formed. */
  async add(record: HistoryRecord): Promise<HistoryRecord | undefined> {
    const stored = this.index.add(record);
    if (stored) await this.save();
    return stored;
  }

  /** Adds a generation that was just saved. */
  addGeneration(generation: Generation): Promise<HistoryRecord | undefined> {
    return this.add(historyRecordOf(generation));
  }

  /** Resolves to true when a record was removed. */
  async remove(id: string): Promise<boolean> {
    const removed = this.index.remove(id);
    if (removed) await this.save();
    return removed;
  }

  async clear(): Promise<void> {
    this.index.clear();
    await this.save();
  }

  private save(): Thenable<void> {
    this.changed.fire();
    return this.state.update(HISTORY_KEY, this.index.toJSON());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
