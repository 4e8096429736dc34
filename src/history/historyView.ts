/** The Restyle History view in the Explorer: this workspace's generations, with Compare, Re-run, Copy Prompt and Reveal. */
import * as vscode from 'vscode';
import { costText, historyLabel, relativeTime, strengthText, type HistoryRecord } from '../core/history';
import { describeError } from '../ui/showError';
import { groupBySource, groupDescription, groupLabel, isSourceGroup, variantDescription, variantLabel, type HistoryNode, type SourceGroup } from './historyGroups';
import { type HistoryStore, uriOfStored } from './historyStore';

export const HISTORY_VIEW_ID = 'restyle.history';
export const PRESENT_CONTEXT = 'restyleHistory.present';
export const GONE_CONTEXT = 'restyleHistory.gone';
export const SOURCE_CONTEXT = 'restyleHistory.source';
/** Variants saved under the default name pattern; other changes are caught when the view is shown again. */
const VARIANT_GLOB = '**/*-restyled*.{png,jpg}';
const WATCH_DEBOUNCE_MS = 150;
const REDRAW_EVERY_MS = 60_000;

async function isFile(uri: vscode.Uri | undefined): Promise<boolean> {
  if (!uri) return false;
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** Escaped text only: the prompt and the paths are never read as Markdown. */
function tooltipOf(record: HistoryRecord, gone: boolean, now: number): vscode.MarkdownString {
  const tip = new vscode.MarkdownString(undefined, false);
  tip.isTrusted = false;
  tip.supportHtml = false;
  const saved = new Date(record.createdAt);
  const lines = [
    historyLabel(record) + (gone ? ' (the variant was deleted)' : ''),
    `Prompt: ${record.prompt || '(none)'}`,
    `Strength ${strengthText(record.strength)} · ${record.outputFormat.toUpperCase()}${record.keepPalette ? " · source's colours kept" : ''}`,
    [`Saved ${saved.toLocaleString()} (${relativeTime(record.createdAt, now)})`, `in ${(record.elapsedMs / 1000).toFixed(1)} s`, costText(record.cost)].filter(Boolean).join(' · '),
    `Source: ${record.source}`,
    `Variant: ${record.variant}`,
    ...(record.requestId ? [`Request: ${record.requestId}`] : []),
  ];
  tip.appendText(lines.join('\n'));
  return tip;
}

/** The sources as tree items, their generations under them; whether each variant still exists is checked once per refresh. */
export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Variant path → exists, for the current refresh (a new map each time, so late answers land in the old one). */
  private exists = new Map<string, Promise<boolean>>();
  private debounce: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly store: HistoryStore,
    private readonly now: () => number = Date.now,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(VARIANT_GLOB, false, true, false);
    const later = () => this.refreshSoon();
    this.disposables = [
      this.changed,
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidDelete(later),
      vscode.workspace.onDidDeleteFiles(later),
      vscode.workspace.onDidRenameFiles(later),
      store.onDidChange(() => this.refresh()),
    ];
  }

  /** Checks the files again and redraws. */
  refresh(): void {
    clearTimeout(this.debounce);
    this.debounce = undefined;
    this.exists = new Map();
    this.changed.fire();
  }

  /** Redraws without checking the files again (the "5 min ago" texts age). */
  redraw(): void {
    this.changed.fire();
  }

  private refreshSoon(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), WATCH_DEBOUNCE_MS);
  }

  /** True when the record's variant is no longer a file (deleted or moved outside VS Code). */
  isGone(record: HistoryRecord): Promise<boolean> {
    let check = this.exists.get(record.variant);
    if (!check) {
      check = isFile(uriOfStored(record.variant));
      this.exists.set(record.variant, check);
    }
    return check.then((exists) => !exists);
  }

  /** The sources (newest generation first), or one source's generations. */
  async getChildren(element?: HistoryNode): Promise<HistoryNode[]> {
    if (element && !isSourceGroup(element)) return [];
    const records = element ? [...element.records] : [...this.store.records()];
    await Promise.all(records.map((r) => this.isGone(r)));
    return element ? records : groupBySource(records);
  }

  getParent(element: HistoryNode): HistoryNode | undefined {
    return isSourceGroup(element) ? undefined : groupBySource(this.store.records()).find((g) => g.source === element.source);
  }

  async getTreeItem(node: HistoryNode): Promise<vscode.TreeItem> {
    return isSourceGroup(node) ? this.sourceItem(node) : this.variantItem(node);
  }

  private sourceItem(group: SourceGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(groupLabel(group), vscode.TreeItemCollapsibleState.Expanded);
    item.id = group.id;
    item.description = groupDescription(group);
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`Source: ${group.source}\n${groupDescription(group)}`);
    item.tooltip = tip;
    item.contextValue = SOURCE_CONTEXT;
    // The source image as the icon: VS Code draws it, so the icon is the thumbnail.
    item.iconPath = uriOfStored(group.source) ?? new vscode.ThemeIcon('file-media');
    return item;
  }

  private async variantItem(record: HistoryRecord): Promise<vscode.TreeItem> {
    const gone = await this.isGone(record);
    const variant = uriOfStored(record.variant);
    const now = this.now();
    const item = new vscode.TreeItem(variantLabel(record), vscode.TreeItemCollapsibleState.None);
    item.id = record.id;
    item.description = variantDescription(record, now, gone);
    item.tooltip = tooltipOf(record, gone, now);
    item.contextValue = gone ? GONE_CONTEXT : PRESENT_CONTEXT;
    // An image file as the icon: VS Code draws it, so the icon is the thumbnail.
    item.iconPath = gone || !variant ? new vscode.ThemeIcon('trash') : variant;
    if (!gone && variant) item.command = { command: 'vscode.open', title: 'Open Variant', arguments: [variant] };
    item.accessibilityInformation = { label: `${historyLabel(record).replace('→', 'to')}, ${item.description}` };
    return item;
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const d of this.disposables) d.dispose();
  }
}

/** What the view's buttons lead to elsewhere: Compare and Re-run in a panel (given by the composition root), Reveal in the Explorer. */
export interface HistoryLinks {
  compare(source: vscode.Uri, variant: vscode.Uri): Thenable<unknown>;
  rerun(args: { source: vscode.Uri; prompt: string; strength: number; format: 'png' | 'jpeg'; keepPalette: boolean }): Thenable<unknown>;
  reveal(file: vscode.Uri): Thenable<unknown>;
}

/** What the view's buttons do; the links are injected (no command runs back up the layers), so tests can watch them. */
export class HistoryActions {
  private readonly links: HistoryLinks;

  constructor(private readonly store: HistoryStore, links: Partial<HistoryLinks> = {}) {
    const missing = () => Promise.reject(new Error('Restyle panels are not available here.'));
    this.links = { compare: missing, rerun: missing, reveal: (file) => vscode.commands.executeCommand('revealInExplorer', file), ...links };
  }

  /** The current record for a command argument (a tree element, or anything else: looked up by id, never trusted). */
  recordOf(arg: unknown): HistoryRecord | undefined {
    const id = typeof arg === 'object' && arg !== null ? (arg as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? this.store.find(id) : undefined;
  }

  private files(record: HistoryRecord): { source: vscode.Uri; variant: vscode.Uri } {
    const source = uriOfStored(record.source);
    const variant = uriOfStored(record.variant);
    if (!source || !variant) throw new Error('Open the workspace folder this generation was made in.');
    return { source, variant };
  }

  async compare(record: HistoryRecord): Promise<void> {
    const { source, variant } = this.files(record);
    await this.links.compare(source, variant);
  }

  async rerun(record: HistoryRecord): Promise<void> {
    const { source } = this.files(record);
    await this.links.rerun({ source, prompt: record.prompt, strength: record.strength, format: record.outputFormat, keepPalette: record.keepPalette });
  }

  async copyPrompt(record: HistoryRecord): Promise<void> {
    await vscode.env.clipboard.writeText(record.prompt);
    vscode.window.setStatusBarMessage('$(check) Restyle: prompt copied', 3000);
  }

  async reveal(record: HistoryRecord): Promise<void> {
    await this.links.reveal(this.files(record).variant);
  }

  async remove(record: HistoryRecord): Promise<void> {
    await this.store.remove(record.id);
  }

  /** Asks first: the images stay, only the list goes. */
  async clear(): Promise<void> {
    const count = this.store.records().length;
    if (!count) return;
    const clear = 'Clear History';
    const answer = await vscode.window.showWarningMessage(
      `Clear the Restyle history of this workspace (${count} generation${count === 1 ? '' : 's'})?`,
      { modal: true, detail: 'The images stay where they are; only the list is emptied.' },
      clear,
    );
    if (answer === clear) await this.store.clear();
  }
}

/**
 * Creates the Restyle History view and its commands. The view (`restyle.history`), its welcome text
 * and its menus are declared in package.json.
 */
export function registerHistoryView(store: HistoryStore, links: Pick<HistoryLinks, 'compare' | 'rerun'>): vscode.Disposable {
  const provider = new HistoryTreeProvider(store);
  const view = vscode.window.createTreeView<HistoryNode>(HISTORY_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  const actions = new HistoryActions(store, links);

  const onRecord = (id: string, what: string, action: (record: HistoryRecord) => Promise<void>) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      // The selection only when no item was given (a keybinding): a source node's menu must not act on a selected variant.
      const record = actions.recordOf(arg === undefined ? view.selection[0] : arg);
      if (!record) return;
      try {
        await action.call(actions, record);
      } catch (error) {
        void vscode.window.showErrorMessage(`Restyle could not ${what}: ${describeError(error)}`);
      }
    });

  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    clearInterval(timer);
    timer = view.visible ? setInterval(() => provider.redraw(), REDRAW_EVERY_MS) : undefined;
  };
  tick();

  return vscode.Disposable.from(
    provider,
    view,
    view.onDidChangeVisibility(({ visible }) => {
      if (visible) provider.refresh();
      tick();
    }),
    { dispose: () => clearInterval(timer) },
    onRecord('restyle.history.compare', 'compare', actions.compare),
    onRecord('restyle.history.rerun', 're-run', actions.rerun),
    onRecord('restyle.history.copyPrompt', 'copy the prompt', actions.copyPrompt),
    onRecord('restyle.history.reveal', 'reveal the variant', actions.reveal),
    onRecord('restyle.history.remove', 'remove the entry', actions.remove),
    vscode.commands.registerCommand('restyle.history.clear', () => actions.clear()),
  );
}
