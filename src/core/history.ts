/** The workspace's list of generations, newest first, and its validation: stored state may be stale or corrupt. */
import * as path from 'node:path';
import { formatCredits } from './credits';
import { MAX_PROMPT_LENGTH, type OutputFormat } from './params';

export interface HistoryRecord {
  readonly id: string;
  /** When the variant was saved, as an ISO 8601 string. */
  readonly createdAt: string;
  /** Workspace-relative path with '/' separators, or an absolute file path outside the workspace. */
  readonly source: string;
  /** The saved variant, in the same form as `source`. */
  readonly variant: string;
  readonly prompt: string;
  readonly strength: number;
  readonly outputFormat: OutputFormat;
  readonly keepPalette: boolean;
  /** Credits the generation cost, when known. */
  readonly cost?: number;
  readonly elapsedMs: number;
  readonly requestId?: string;
}

/** A workspace folder, as the path helpers need it. */
export interface HistoryFolder {
  readonly name: string;
  readonly fsPath: string;
}

export const HISTORY_LIMIT = 500;
const MAX_ID = 200;
const MAX_PATH = 4096;
const MAX_REQUEST_ID = 200;
const MAX_DESCRIBED_PROMPT = 60;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsolutePath(value: string): boolean {
  return path.isAbsolute(value) || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

/** A stored path: not empty, no control characters, and a relative one never climbs out of its folder. */
function isStoredPath(value: unknown): value is string {
  if (typeof value !== 'string' || !value || value.length > MAX_PATH || /[\u0000-\u001f]/.test(value)) return false;
  if (isAbsolutePath(value)) return true;
  return value.split(/[\\/]/).every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function finiteAtLeastZero(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * A well-formed record, or undefined: required fields must have their type (the record is dropped
 * otherwise), a bad optional field is left out, and a huge prompt is cut to the panel's limit.
 */
export function parseHistoryRecord(value: unknown): HistoryRecord | undefined {
  if (!isObject(value)) return undefined;
  const { id, createdAt, source, variant, prompt, strength, outputFormat, keepPalette, cost, elapsedMs, requestId } = value;
  if (typeof id !== 'string' || !id || id.length > MAX_ID) return undefined;
  if (typeof createdAt !== 'string' || createdAt.length > 64 || !ISO_DATE.test(createdAt)) return undefined;
  const created = Date.parse(createdAt);
  if (!Number.isFinite(created)) return undefined;
  if (!isStoredPath(source) || !isStoredPath(variant)) return undefined;
  if (typeof prompt !== 'string') return undefined;
  if (typeof strength !== 'number' || !Number.isFinite(strength) || strength < 0 || strength > 1) return undefined;
  if (outputFormat !== 'png' && outputFormat !== 'jpeg') return undefined;
  if (typeof keepPalette !== 'boolean' || !finiteAtLeastZero(elapsedMs)) return undefined;
  return {
    id,
    createdAt: new Date(created).toISOString(),
    source,
    variant,
    prompt: prompt.slice(0, MAX_PROMPT_LENGTH),
    strength,
    outputFormat,
    keepPalette,
    ...(finiteAtLeastZero(cost) ? { cost } : {}),
    elapsedMs,
    ...(typeof requestId === 'string' && requestId && requestId.length <= MAX_REQUEST_ID ? { requestId } : {}),
  };
}

/** The generations, newest first: one record per variant file, at most HISTORY_LIMIT. */
export class HistoryIndex {
  private records: HistoryRecord[] = [];

  /** The valid records of stored state, in their order; anything else is dropped, nothing throws. */
  static fromJSON(value: unknown): HistoryIndex {
    const index = new HistoryIndex();
    if (!Array.isArray(value)) return index;
    const ids = new Set<string>();
    const variants = new Set<string>();
    for (const item of value) {
      if (index.records.length >= HISTORY_LIMIT) break;
      const record = parseHistoryRecord(item);
      if (!record || ids.has(record.id) || variants.has(record.variant)) continue;
      ids.add(record.id);
      variants.add(record.variant);
      index.records.push(Object.freeze(record));
    }
    return index;
  }

  get size(): number {
    return this.records.length;
  }

  /**
   * Puts a record first, replacing any record of the same variant (or id) and dropping the oldest
   * beyond the limit. Returns the record as stored, or undefined when it is not well formed.
   */
  add(record: HistoryRecord): HistoryRecord | undefined {
    const parsed = parseHistoryRecord(record);
    if (!parsed) return undefined;
    const stored = Object.freeze(parsed);
    this.records = [stored, ...this.records.filter((r) => r.variant !== stored.variant && r.id !== stored.id)].slice(0, HISTORY_LIMIT);
    return stored;
  }

  /** True when a record was removed. */
  remove(id: string): boolean {
    const before = this.records.length;
    this.records = this.records.filter((r) => r.id !== id);
    return this.records.length !== before;
  }

  clear(): void {
    this.records = [];
  }

  list(): readonly HistoryRecord[] {
    return [...this.records];
  }

  find(id: string): HistoryRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  toJSON(): HistoryRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
}

/** "just now", "5 min ago", "3 h ago" (today), "yesterday", or the local date "2025-03-04". */
export function relativeTime(createdAt: string, now: Date | number = Date.now()): string {
  const then = new Date(createdAt);
  const at = new Date(now);
  if (!Number.isFinite(then.getTime()) || !Number.isFinite(at.getTime())) return '';
  const ms = at.getTime() - then.getTime();
  if (ms < 60_000 && ms > -60_000) return 'just now';
  if (ms > 0 && ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  const today = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  const yesterday = new Date(at.getFullYear(), at.getMonth(), at.getDate() - 1);
  if (ms > 0 && then >= today) return `${Math.floor(ms / 3_600_000)} h ago`;
  if (ms > 0 && then >= yesterday) return 'yesterday';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())}`;
}

/** "0.08 credits", or "" when the cost is unknown. */
export function costText(cost?: number): string {
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? `${formatCredits(cost)} credits` : '';
}

/** The slider's value as shown: 0.6, 0.65. */
export function strengthText(strength: number): string {
  return String(Number(strength.toFixed(2)));
}

/** The file name of a stored path. */
export function storedFileName(stored: string): string {
  return stored.split(/[\\/]/).pop() || stored;
}

/** One line of a prompt: whitespace collapsed, cut to `max` characters with an ellipsis. */
export function shortPrompt(prompt: string, max = MAX_DESCRIBED_PROMPT): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** "knight.png → knight-restyled.png". */
export function historyLabel(record: HistoryRecord): string {
  return `${storedFileName(record.source)} → ${storedFileName(record.variant)}`;
}

/** "prompt · strength 0.6 · 5 min ago · 0.08 credits", prefixed "(deleted)" when the variant is gone. */
export function historyDescription(record: HistoryRecord, now: Date | number, gone = false): string {
  const parts = [shortPrompt(record.prompt) || '(no prompt)', `strength ${strengthText(record.strength)}`, relativeTime(record.createdAt, now), costText(record.cost)];
  return `${gone ? '(deleted) ' : ''}${parts.filter(Boolean).join(' · ')}`;
}

/**
 * How a file is stored: relative to the workspace folder that holds it, with '/' separators (prefixed
 * with the folder's name when the workspace has several), else its absolute path.
 */
export function toStoredPath(fsPath: string, folders: readonly HistoryFolder[]): string {
  for (const folder of folders) {
    const relative = path.relative(folder.fsPath, fsPath);
    if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) continue;
    const slashed = relative.split(path.sep).join('/');
    return folders.length > 1 ? `${folder.name}/${slashed}` : slashed;
  }
  return fsPath;
}

/** The absolute path of a stored path, or undefined when it is relative and there is no folder to resolve it in. */
export function resolveStoredPath(stored: string, folders: readonly HistoryFolder[]): string | undefined {
  if (isAbsolutePath(stored)) return stored;
  if (!isStoredPath(stored) || folders.length === 0) return undefined;
  const named = folders.length > 1 ? folders.find((f) => stored.startsWith(`${f.name}/`)) : undefined;
  const folder = named ?? folders[0];
  const rest = named ? stored.slice(named.name.length + 1) : stored;
  return path.join(folder.fsPath, ...rest.split('/'));
}
