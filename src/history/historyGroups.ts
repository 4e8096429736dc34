/**
 * The History view's tree: one node per source (newest generation first), its variants under it,
 * labelled by their own file names so two variants of one source never look the same. No `vscode`.
 */
import { relativeTime, shortPrompt, storedFileName, type HistoryRecord } from '../core/history';

export interface SourceGroup {
  readonly kind: 'source';
  /** `source:` and the stored path: stable across refreshes, so the tree keeps what is expanded. */
  readonly id: string;
  /** The source's stored path (workspace-relative, or absolute outside the workspace). */
  readonly source: string;
  /** Its generations, newest first. */
  readonly records: readonly HistoryRecord[];
}

export type HistoryNode = SourceGroup | HistoryRecord;

export function isSourceGroup(node: HistoryNode): node is SourceGroup {
  return (node as SourceGroup).kind === 'source';
}

/** The records grouped by source; groups in the order of their newest record (the list is newest first). */
export function groupBySource(records: readonly HistoryRecord[]): SourceGroup[] {
  const groups = new Map<string, HistoryRecord[]>();
  for (const record of records) {
    const list = groups.get(record.source);
    if (list) list.push(record);
    else groups.set(record.source, [record]);
  }
  return [...groups].map(([source, list]) => ({ kind: 'source', id: `source:${source}`, source, records: list }));
}

/** "knight-32.png": the source's name. */
export function groupLabel(group: SourceGroup): string {
  return storedFileName(group.source);
}

/** "3 variants · sprites/": how many, and the folder when it is not the workspace's top. */
export function groupDescription(group: SourceGroup): string {
  const count = `${group.records.length} variant${group.records.length === 1 ? '' : 's'}`;
  const cut = Math.max(group.source.lastIndexOf('/'), group.source.lastIndexOf('\\'));
  return cut > 0 ? `${count} · ${group.source.slice(0, cut + 1)}` : count;
}

/** "knight-32-restyled-2.png": the variant's own name. */
export function variantLabel(record: HistoryRecord): string {
  return storedFileName(record.variant);
}

/** "cyberpunk style, dark colours · 5 min ago", prefixed "(deleted)" when the variant is gone. */
export function variantDescription(record: HistoryRecord, now: Date | number, gone = false): string {
  const parts = [shortPrompt(record.prompt, 48) || '(no prompt)', relativeTime(record.createdAt, now)];
  return `${gone ? '(deleted) ' : ''}${parts.filter(Boolean).join(' · ')}`;
}
