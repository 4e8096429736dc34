/** The Restyle History view's provider in a real extension host, over real files and a Map-backed workspaceState. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { HistoryRecord } from '../../src/core/history';
import { HISTORY_KEY, HistoryStore, historyRecordOf, storedPathOf, uriOfStored, type Generation } from '../../src/history/historyStore';
import { GONE_CONTEXT, HistoryActions, HistoryTreeProvider, PRESENT_CONTEXT } from '../../src/history/historyView';
import { until as untilWithin, workspaceFile } from './helpers';

/** The History view refreshes on file events: a little more time, polled less often. */
const until = (what: string, check: () => boolean | Promise<boolean>) => untilWithin(what, check, 15_000, 100);

/** workspaceState as VS Code keeps it: JSON values by key. */
class MapMemento implements vscode.Memento {
  private readonly values = new Map<string, string>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    const json = this.values.get(key);
    return json === undefined ? defaultValue : (JSON.parse(json) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}



describe('Restyle History view in a real VS Code', function () {
  this.timeout(60_000);
  const folder = () => workspaceFile('history-test');
  const source = () => workspaceFile('history-test', 'knight.png');
  let memento: MapMemento;
  let store: HistoryStore;
  let provider: HistoryTreeProvider;

  const generation = (variant: string, extra: Partial<Generation> = {}): Generation => ({
    source: source(),
    variant: workspaceFile('history-test', variant),
    prompt: 'oil painting, dark colours',
    strength: 0.6,
    outputFormat: 'png',
    keepPalette: false,
    elapsedMs: 2300,
    ...extra,
  });

  /** Adds a record made `minutesAgo` minutes ago. */
  async function addMinutesAgo(minutesAgo: number, variant: string, extra: Partial<Generation> = {}): Promise<HistoryRecord> {
    const stored = await store.add(historyRecordOf(generation(variant, extra), new Date(Date.now() - minutesAgo * 60_000)));
    assert.ok(stored);
    return stored;
  }

  async function items(): Promise<{ record: HistoryRecord; item: vscode.TreeItem }[]> {
    const records = await provider.getChildren();
    return Promise.all(records.map(async (record) => ({ record, item: await provider.getTreeItem(record) })));
  }

  beforeEach(async () => {
    await fs.rm(folder().fsPath, { recursive: true, force: true });
    await fs.mkdir(folder().fsPath, { recursive: true });
    const knight = await fs.readFile(workspaceFile('knight-32.png').fsPath);
    await fs.writeFile(source().fsPath, knight);
    for (const name of ['knight-restyled.png', 'knight-restyled-2.png', 'knight-restyled-3.jpg']) await fs.writeFile(workspaceFile('history-test', name).fsPath, knight);
    memento = new MapMemento();
    store = new HistoryStore(memento);
    provider = new HistoryTreeProvider(store);
  });

  afterEach(async () => {
    provider.dispose();
    store.dispose();
    await fs.rm(folder().fsPath, { recursive: true, force: true });
  });

  it('stores workspace files relative, with / separators', () => {
    assert.equal(storedPathOf(source()), 'history-test/knight.png');
    assert.equal(uriOfStored('history-test/knight.png')?.fsPath, source().fsPath);
  });

  it('lists the generations newest first, with labels, descriptions, thumbnails and escaped tooltips', async () => {
    await addMinutesAgo(30, 'knight-restyled.png', { cost: 0.08 });
    await addMinutesAgo(5, 'knight-restyled-2.png', { prompt: '**bold** [run](command:workbench.action.quit) <img src=x>', strength: 0.35 });
    await addMinutesAgo(0, 'knight-restyled-3.jpg', { prompt: 'a very long prompt '.repeat(10), outputFormat: 'jpeg', cost: 0.08 });

    const shown = await items();
    assert.deepEqual(
      shown.map(({ item }) => item.label),
      ['knight.png → knight-restyled-3.jpg', 'knight.png → knight-restyled-2.png', 'knight.png → knight-restyled.png'],
    );
    assert.equal(shown[2].item.description, 'oil painting, dark colours · strength 0.6 · 30 min ago · 0.08 credits');
    assert.equal(shown[1].item.description, '**bold** [run](command:workbench.action.quit) <img src=x> · strength 0.35 · 5 min ago');
    const long = String(shown[0].item.description);
    assert.match(long, /^a very long prompt .{30,}… · strength 0\.6 · just now · 0\.08 credits$/);
    assert.ok(long.split(' · ')[0].length <= 60);

    for (const { record, item } of shown) {
      assert.equal(item.contextValue, PRESENT_CONTEXT);
      assert.equal(item.id, record.id);
      const variant = workspaceFile(...record.variant.split('/'));
      assert.ok(item.iconPath instanceof vscode.Uri, 'the variant itself is the icon');
      assert.equal(item.iconPath.toString(), variant.toString());
      assert.equal(item.command?.command, 'vscode.open');
      assert.equal(String(item.command?.arguments?.[0]), variant.toString());
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    }

    const tooltip = shown[1].item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(!tooltip.isTrusted, 'the tooltip runs no commands');
    assert.ok(!tooltip.supportHtml);
    assert.ok(!tooltip.value.includes('**bold**'), tooltip.value);
    assert.ok(!tooltip.value.includes('](command:'), tooltip.value);
    assert.ok(tooltip.value.includes('\\*\\*bold\\*\\*'), `Markdown is escaped: ${tooltip.value}`);
    assert.match(tooltip.value, /knight\\?-restyled\\?-2/);
    assert.deepEqual(await provider.getChildren(shown[0].record), [], 'the items have no children');
  });

  it('shows a variant deleted outside VS Code as gone, with only Remove left; removing it takes it off the list', async () => {
    const first = await addMinutesAgo(2, 'knight-restyled.png');
    const second = await addMinutesAgo(1, 'knight-restyled-2.png');
    assert.deepEqual((await items()).map(({ item }) => item.contextValue), [PRESENT_CONTEXT, PRESENT_CONTEXT]);

    let changes = 0;
    const listening = provider.onDidChangeTreeData(() => changes++);
    try {
      await fs.rm(workspaceFile('history-test', 'knight-restyled.png').fsPath);
      // Found by the file watcher alone: nothing here asks the provider to refresh.
      await until('the deleted variant to show as gone', async () => (await items()).some(({ item }) => item.contextValue === GONE_CONTEXT));
      assert.ok(changes > 0, 'the view was told to redraw');

      const [kept, gone] = await items();
      assert.equal(kept.record.id, second.id);
      assert.equal(kept.item.contextValue, PRESENT_CONTEXT);
      assert.equal(gone.record.id, first.id);
      assert.equal(gone.item.contextValue, GONE_CONTEXT);
      assert.match(String(gone.item.description), /^\(deleted\) oil painting, dark colours · strength 0\.6 · 2 min ago$/);
      assert.ok(gone.item.iconPath instanceof vscode.ThemeIcon);
      assert.equal(gone.item.iconPath.id, 'trash');
      assert.equal(gone.item.command, undefined, 'a gone variant does not open');

      changes = 0;
      await new HistoryActions(store).remove(gone.record);
      assert.ok(changes > 0);
      assert.deepEqual((await items()).map(({ record }) => record.id), [second.id]);
    } finally {
      listening.dispose();
    }
  });

  it('sees a variant that comes back, and one made again under the same name replaces the old entry', async () => {
    await fs.rm(workspaceFile('history-test', 'knight-restyled.png').fsPath);
    const old = await addMinutesAgo(3, 'knight-restyled.png');
    assert.equal((await items())[0].item.contextValue, GONE_CONTEXT);
    await fs.writeFile(workspaceFile('history-test', 'knight-restyled.png').fsPath, 'bytes');
    await until('the recreated variant to show as present', async () => (await items())[0].item.contextValue === PRESENT_CONTEXT);

    const again = await addMinutesAgo(0, 'knight-restyled.png', { prompt: 'again' });
    const shown = await items();
    assert.deepEqual(shown.map(({ record }) => record.id), [again.id]);
    assert.notEqual(again.id, old.id);
    assert.match(String(shown[0].item.description), /^again · /);
  });

  it('survives a reload: a new store on the same workspaceState sees the records; corrupt state gives the valid part', async () => {
    const a = await addMinutesAgo(2, 'knight-restyled.png', { cost: 0.08, requestId: 'req-1', keepPalette: true });
    const b = await addMinutesAgo(1, 'knight-restyled-2.png');
    const reloaded = new HistoryStore(memento);
    try {
      assert.deepEqual(reloaded.records(), [b, a]);
      const after = new HistoryTreeProvider(reloaded);
      try {
        const labels = await Promise.all((await after.getChildren()).map(async (r) => (await after.getTreeItem(r)).label));
        assert.deepEqual(labels, ['knight.png → knight-restyled-2.png', 'knight.png → knight-restyled.png']);
      } finally {
        after.dispose();
      }
    } finally {
      reloaded.dispose();
    }

    const stored = memento.get<unknown[]>(HISTORY_KEY)!;
    await memento.update(HISTORY_KEY, [{ id: 7 }, 'junk', ...stored, { ...(stored[0] as object), id: 'dup' }]);
    const corrupt = new HistoryStore(memento);
    try {
      assert.deepEqual(corrupt.records().map((r) => r.id), [b.id, a.id]);
    } finally {
      corrupt.dispose();
    }
    await memento.update(HISTORY_KEY, { not: 'a list' });
    const wrong = new HistoryStore(memento);
    assert.deepEqual(wrong.records(), []);
    wrong.dispose();
  });

  it('runs Compare, Re-run and Reveal with the files and parameters of the record, and copies the prompt', async () => {
    const record = await addMinutesAgo(1, 'knight-restyled.png', { prompt: 'ink sketch', strength: 0.45, outputFormat: 'jpeg', keepPalette: true });
    const calls: unknown[][] = [];
    const actions = new HistoryActions(store, async (...call) => void calls.push(call));
    await actions.compare(record);
    await actions.rerun(record);
    await actions.reveal(record);
    const variant = workspaceFile('history-test', 'knight-restyled.png');
    assert.deepEqual(JSON.parse(JSON.stringify(calls)), JSON.parse(JSON.stringify([
      ['restyle.compare', source(), variant],
      ['restyle.rerun', { source: source(), prompt: 'ink sketch', strength: 0.45, format: 'jpeg', keepPalette: true }],
      ['revealInExplorer', variant],
    ])));
    const uris = [calls[0][1], calls[0][2], (calls[1][1] as { source: unknown }).source, calls[2][1]];
    assert.ok(uris.every((u) => u instanceof vscode.Uri), 'files are passed as Uris');

    assert.equal(actions.recordOf({ id: record.id, prompt: 'forged' })?.prompt, 'ink sketch', 'a command argument is looked up, not trusted');
    assert.equal(actions.recordOf('nope'), undefined);

    await new HistoryActions(store).reveal(record);
    await new HistoryActions(store).copyPrompt(record);
    assert.equal(await vscode.env.clipboard.readText(), 'ink sketch');
  });
});
