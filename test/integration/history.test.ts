/** The Restyle History view's provider in a real extension host, over real files and a Map-backed workspaceState. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { HistoryRecord } from '../../src/core/history';
import { HISTORY_KEY, HistoryStore, historyRecordOf, storedPathOf, uriOfStored, type Generation } from '../../src/history/historyStore';
import { isSourceGroup, type SourceGroup } from '../../src/history/historyGroups';
import { GONE_CONTEXT, HISTORY_VIEW_ID, HistoryActions, HistoryTreeProvider, PRESENT_CONTEXT, SOURCE_CONTEXT } from '../../src/history/historyView';
import { EXTENSION_ID, until as untilWithin, workspaceFile } from './helpers';

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

/** A tooltip's text as the hover shows it: appendText's backslash escapes and non-breaking spaces undone. */
function shownText(tooltip: vscode.MarkdownString): string {
  return tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

/** The view's item context menu and inline commands for a context value, from the extension's package.json. */
function menuCommands(contextValue: string): string[] {
  const menus = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.contributes?.menus?.['view/item/context'] as { command: string; when: string }[] | undefined;
  assert.ok(menus, 'the extension contributes item menus');
  const holds = (clause: string): boolean => {
    const equal = /^(view|viewItem) == (\S+)$/.exec(clause);
    if (equal) return (equal[1] === 'view' ? HISTORY_VIEW_ID : contextValue) === equal[2];
    const matches = /^viewItem =~ \/(.+)\/$/.exec(clause);
    if (matches) return new RegExp(matches[1]).test(contextValue);
    return assert.fail(`a when clause this test does not read: ${clause}`);
  };
  return [...new Set(menus.filter((m) => m.when.split('&&').every((c) => holds(c.trim()))).map((m) => m.command))].sort();
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

  /** The top level of the view: one node per source. */
  async function groups(tree = provider): Promise<{ group: SourceGroup; item: vscode.TreeItem }[]> {
    const nodes = await tree.getChildren();
    return Promise.all(
      nodes.map(async (node) => {
        assert.ok(isSourceGroup(node), 'the top level holds the sources');
        return { group: node, item: await tree.getTreeItem(node) };
      }),
    );
  }

  /** One source's generations. */
  async function variantsOf(group: SourceGroup, tree = provider): Promise<{ record: HistoryRecord; item: vscode.TreeItem }[]> {
    const nodes = await tree.getChildren(group);
    return Promise.all(
      nodes.map(async (node) => {
        assert.ok(!isSourceGroup(node), 'a source holds its generations');
        return { record: node, item: await tree.getTreeItem(node) };
      }),
    );
  }

  /** The generations under every source, in the view's order. */
  async function items(tree = provider): Promise<{ record: HistoryRecord; item: vscode.TreeItem }[]> {
    const shown: { record: HistoryRecord; item: vscode.TreeItem }[] = [];
    for (const { group } of await groups(tree)) shown.push(...(await variantsOf(group, tree)));
    return shown;
  }

  beforeEach(async () => {
    await fs.rm(folder().fsPath, { recursive: true, force: true });
    await fs.mkdir(folder().fsPath, { recursive: true });
    const knight = await fs.readFile(workspaceFile('knight-32.png').fsPath);
    for (const name of ['knight.png', 'castle.png', 'knight-restyled.png', 'knight-restyled-2.png', 'knight-restyled-3.jpg', 'castle-restyled.png']) await fs.writeFile(workspaceFile('history-test', name).fsPath, knight);
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

  it('groups the generations by source, each source and its variants newest first, with labels, descriptions, thumbnails and escaped tooltips', async () => {
    await addMinutesAgo(30, 'knight-restyled.png', { cost: 0.08 });
    await addMinutesAgo(10, 'castle-restyled.png', { source: workspaceFile('history-test', 'castle.png'), prompt: 'watercolour' });
    await addMinutesAgo(5, 'knight-restyled-2.png', { prompt: '**bold** [run](command:workbench.action.quit) <img src=x>', strength: 0.35 });
    await addMinutesAgo(0, 'knight-restyled-3.jpg', { prompt: 'a very long prompt '.repeat(10), outputFormat: 'jpeg', cost: 0.08 });

    // The sources: ordered by their newest generation, so the knight (just now) comes before the castle (10 min ago).
    const sources = await groups();
    assert.deepEqual(sources.map(({ item }) => item.label), ['knight.png', 'castle.png']);
    assert.deepEqual(sources.map(({ item }) => item.description), ['3 variants · history-test/', '1 variant · history-test/']);
    for (const { group, item } of sources) {
      assert.equal(item.contextValue, SOURCE_CONTEXT);
      assert.equal(item.id, `source:${group.source}`);
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      assert.ok(item.iconPath instanceof vscode.Uri, 'the source itself is the icon');
      assert.equal(item.iconPath.toString(), workspaceFile(...group.source.split('/')).toString());
      assert.equal(item.command, undefined);
      assert.ok(item.tooltip instanceof vscode.MarkdownString);
      assert.ok(!item.tooltip.isTrusted && !item.tooltip.supportHtml);
      assert.ok(shownText(item.tooltip).includes(`Source: ${group.source}`), item.tooltip.value);
    }
    assert.equal(await provider.getParent(sources[0].group), undefined, 'the sources are the top level');

    const castle = await variantsOf(sources[1].group);
    assert.deepEqual(castle.map(({ item }) => item.label), ['castle-restyled.png']);
    assert.equal(castle[0].item.description, 'watercolour · 10 min ago');

    const shown = await variantsOf(sources[0].group);
    assert.deepEqual(shown.map(({ item }) => item.label), ['knight-restyled-3.jpg', 'knight-restyled-2.png', 'knight-restyled.png']);
    assert.equal(shown[2].item.description, 'oil painting, dark colours · 30 min ago');
    assert.equal(shown[1].item.description, '**bold** [run](command:workbench.action.quit) <… · 5 min ago');
    const long = String(shown[0].item.description);
    assert.match(long, /^a very long prompt .{20,}… · just now$/);
    assert.ok(long.split(' · ')[0].length <= 48);

    // Strength, format and cost moved from the description to the tooltip.
    const tips = shown.map(({ item }) => {
      assert.ok(item.tooltip instanceof vscode.MarkdownString);
      return shownText(item.tooltip);
    });
    assert.ok(tips[2].includes('knight.png → knight-restyled.png'), tips[2]);
    assert.ok(tips[2].includes('Prompt: oil painting, dark colours'), tips[2]);
    assert.ok(tips[2].includes('Strength 0.6 · PNG'), tips[2]);
    assert.match(tips[2], /\(30 min ago\) · in 2\.3 s · 0\.08 credits/);
    assert.ok(tips[1].includes('Strength 0.35 · PNG'), tips[1]);
    assert.match(tips[1], /\(5 min ago\) · in 2\.3 s\n/);
    assert.ok(!tips[1].includes('credits'), 'no cost when it is not known');
    assert.ok(tips[0].includes(`Prompt: ${'a very long prompt '.repeat(10)}`), 'the tooltip has the whole prompt');
    assert.ok(tips[0].includes('Strength 0.6 · JPEG'), tips[0]);
    assert.match(tips[0], /\(just now\) · in 2\.3 s · 0\.08 credits/);

    for (const { record, item } of [...shown, ...castle]) {
      assert.equal(item.contextValue, PRESENT_CONTEXT);
      assert.equal(item.id, record.id);
      const variant = workspaceFile(...record.variant.split('/'));
      assert.ok(item.iconPath instanceof vscode.Uri, 'the variant itself is the icon');
      assert.equal(item.iconPath.toString(), variant.toString());
      assert.equal(item.command?.command, 'vscode.open');
      assert.equal(String(item.command?.arguments?.[0]), variant.toString());
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
      const parent = provider.getParent(record);
      assert.ok(parent && isSourceGroup(parent), 'a variant\'s parent is its source');
      assert.equal(parent.id, `source:${record.source}`);
    }

    const tooltip = shown[1].item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(!tooltip.isTrusted, 'the tooltip runs no commands');
    assert.ok(!tooltip.supportHtml);
    assert.ok(!tooltip.value.includes('**bold**'), tooltip.value);
    assert.ok(!tooltip.value.includes('](command:'), tooltip.value);
    assert.ok(tooltip.value.includes('\\*\\*bold\\*\\*'), `Markdown is escaped: ${tooltip.value}`);
    assert.ok(tips[1].includes('Prompt: **bold** [run](command:workbench.action.quit) <img src=x>'), `the whole prompt, as text: ${tips[1]}`);
    assert.match(tooltip.value, /knight\\?-restyled\\?-2/);
    assert.match(tips[1], /Saved .+ \(5 min ago\)/);
    assert.deepEqual(await provider.getChildren(shown[0].record), [], 'the variants have no children');
  });

  it('shows a variant deleted outside VS Code as gone, with only Remove left; removing it takes it off the list', async () => {
    const first = await addMinutesAgo(2, 'knight-restyled.png');
    const second = await addMinutesAgo(1, 'knight-restyled-2.png');
    assert.deepEqual((await items()).map(({ item }) => item.contextValue), [PRESENT_CONTEXT, PRESENT_CONTEXT]);
    assert.deepEqual(menuCommands(PRESENT_CONTEXT), ['restyle.history.compare', 'restyle.history.copyPrompt', 'restyle.history.remove', 'restyle.history.rerun', 'restyle.history.reveal']);
    assert.deepEqual(menuCommands(GONE_CONTEXT), ['restyle.history.remove'], 'a gone variant offers Remove only');
    assert.deepEqual(menuCommands(SOURCE_CONTEXT), [], 'a source row offers none of a variant\'s commands');

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
      assert.match(String(gone.item.description), /^\(deleted\) oil painting, dark colours · 2 min ago$/);
      assert.equal(gone.item.label, 'knight-restyled.png');
      assert.ok(gone.item.tooltip instanceof vscode.MarkdownString);
      const tip = shownText(gone.item.tooltip);
      assert.ok(tip.startsWith('knight.png → knight-restyled.png (the variant was deleted)'), tip);
      assert.ok(tip.includes('Strength 0.6 · PNG'), tip);
      assert.match(tip, /\(2 min ago\)/);
      assert.equal((await groups())[0].item.description, '2 variants · history-test/', 'a gone variant stays under its source until removed');
      assert.ok(gone.item.iconPath instanceof vscode.ThemeIcon);
      assert.equal(gone.item.iconPath.id, 'trash');
      assert.equal(gone.item.command, undefined, 'a gone variant does not open');

      changes = 0;
      await new HistoryActions(store).remove(gone.record);
      assert.ok(changes > 0);
      assert.deepEqual((await items()).map(({ record }) => record.id), [second.id]);
      assert.deepEqual((await groups()).map(({ item }) => item.description), ['1 variant · history-test/']);

      await new HistoryActions(store).remove(second);
      assert.deepEqual(await provider.getChildren(), [], 'a source with no generations left is not shown');
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
    assert.equal(shown[0].item.description, 'again · just now');
    assert.deepEqual((await groups()).map(({ item }) => item.description), ['1 variant · history-test/']);
  });

  it('survives a reload: a new store on the same workspaceState sees the records; corrupt state gives the valid part', async () => {
    const a = await addMinutesAgo(2, 'knight-restyled.png', { cost: 0.08, requestId: 'req-1', keepPalette: true });
    const b = await addMinutesAgo(1, 'knight-restyled-2.png');
    const reloaded = new HistoryStore(memento);
    try {
      assert.deepEqual(reloaded.records(), [b, a]);
      const after = new HistoryTreeProvider(reloaded);
      try {
        const sources = await groups(after);
        assert.deepEqual(sources.map(({ item }) => [item.id, item.label, item.description]), [['source:history-test/knight.png', 'knight.png', '2 variants · history-test/']]);
        const shown = await items(after);
        assert.deepEqual(shown.map(({ item }) => [item.id, item.label]), [[b.id, 'knight-restyled-2.png'], [a.id, 'knight-restyled.png']]);
        assert.ok(shown[1].item.tooltip instanceof vscode.MarkdownString);
        const tip = shownText(shown[1].item.tooltip);
        assert.ok(tip.includes("Strength 0.6 · PNG · source's colours kept"), tip);
        assert.match(tip, / · 0\.08 credits\n/);
        assert.ok(tip.includes('Request: req-1'), tip);
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
    const actions = new HistoryActions(store, {
      compare: async (...args) => void calls.push(['compare', ...args]),
      rerun: async (...args) => void calls.push(['rerun', ...args]),
      reveal: async (...args) => void calls.push(['reveal', ...args]),
    });
    await actions.compare(record);
    await actions.rerun(record);
    await actions.reveal(record);
    const variant = workspaceFile('history-test', 'knight-restyled.png');
    assert.deepEqual(JSON.parse(JSON.stringify(calls)), JSON.parse(JSON.stringify([
      ['compare', source(), variant],
      ['rerun', { source: source(), prompt: 'ink sketch', strength: 0.45, format: 'jpeg', keepPalette: true }],
      ['reveal', variant],
    ])));
    const uris = [calls[0][1], calls[0][2], (calls[1][1] as { source: unknown }).source, calls[2][1]];
    assert.ok(uris.every((u) => u instanceof vscode.Uri), 'files are passed as Uris');

    assert.equal(actions.recordOf({ id: record.id, prompt: 'forged' })?.prompt, 'ink sketch', 'a command argument is looked up, not trusted');
    assert.equal(actions.recordOf('nope'), undefined);
    assert.equal(actions.recordOf((await groups())[0].group), undefined, 'a source node is not a generation');

    await new HistoryActions(store).reveal(record);
    await new HistoryActions(store).copyPrompt(record);
    assert.equal(await vscode.env.clipboard.readText(), 'ink sketch');
  });
});
