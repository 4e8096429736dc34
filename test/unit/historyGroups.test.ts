/** The History view's grouping by source and its texts, and the page's view state (untrusted, validated field by field). */
import * as assert from 'node:assert/strict';
import type { HistoryRecord } from '../../src/core/history';
import { groupBySource, groupDescription, groupLabel, isSourceGroup, variantDescription, variantLabel, type SourceGroup } from '../../src/history/historyGroups';
import { customBackground, parsePersistedView } from '../../src/shared/persistedPanel';

/** Local noon, so "today" and "yesterday" do not depend on the machine's time zone. */
const NOW = new Date(2025, 0, 15, 12, 0, 0);
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;

function record(id: string, source: string, variant: string, minutesAgo: number, extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id,
    createdAt: ago(minutesAgo * MIN),
    source,
    variant,
    prompt: 'oil painting, dark colours',
    strength: 0.6,
    outputFormat: 'png',
    keepPalette: false,
    cost: 0.08,
    elapsedMs: 2300,
    ...extra,
  };
}

const group = (source: string, count: number): SourceGroup => ({
  kind: 'source',
  id: `source:${source}`,
  source,
  records: Array.from({ length: count }, (_, i) => record(`r${i}`, source, `${source}-restyled-${i}.png`, i)),
});

describe('history groups', () => {
  describe('groupBySource', () => {
    it('puts the sources in the order of their newest record, and each source\'s records newest first', () => {
      // The history's order: newest first, the two sources interleaved.
      const list = [
        record('k3', 'sprites/knight.png', 'sprites/knight-restyled-3.png', 0),
        record('c2', 'sprites/castle.png', 'sprites/castle-restyled-2.png', 2),
        record('k2', 'sprites/knight.png', 'sprites/knight-restyled-2.png', 5),
        record('c1', 'sprites/castle.png', 'sprites/castle-restyled.png', 9),
        record('k1', 'sprites/knight.png', 'sprites/knight-restyled.png', 30),
        record('t1', 'tiles/grass.png', 'tiles/grass-restyled.png', 60),
      ];
      const groups = groupBySource(list);
      assert.deepEqual(
        groups.map((g) => [g.kind, g.id, g.source, g.records.map((r) => r.id)]),
        [
          ['source', 'source:sprites/knight.png', 'sprites/knight.png', ['k3', 'k2', 'k1']],
          ['source', 'source:sprites/castle.png', 'sprites/castle.png', ['c2', 'c1']],
          ['source', 'source:tiles/grass.png', 'tiles/grass.png', ['t1']],
        ],
      );
      assert.equal(groups[0].records[0], list[0], 'the records themselves, not copies');
      assert.equal(groups.flatMap((g) => g.records).length, list.length, 'every record once');
    });

    it('keeps the same file name in two folders apart, and gives stable ids', () => {
      const list = [record('a', 'a/knight.png', 'a/knight-restyled.png', 1), record('b', 'b/knight.png', 'b/knight-restyled.png', 2)];
      const groups = groupBySource(list);
      assert.deepEqual(groups.map((g) => g.id), ['source:a/knight.png', 'source:b/knight.png']);
      assert.deepEqual(groups.map(groupLabel), ['knight.png', 'knight.png']);
      assert.deepEqual(groups.map(groupDescription), ['1 variant · a/', '1 variant · b/']);
      assert.deepEqual(groupBySource(list), groups, 'the same groups on every refresh');
    });

    it('gives no groups for no records, and tells groups from records', () => {
      assert.deepEqual(groupBySource([]), []);
      const [g] = groupBySource([record('k', 'knight.png', 'knight-restyled.png', 0)]);
      assert.ok(isSourceGroup(g));
      assert.ok(!isSourceGroup(g.records[0]));
    });
  });

  describe('texts', () => {
    it('labels a source by its file name, and counts its variants with their folder', () => {
      assert.equal(groupLabel(group('sprites/knight.png', 1)), 'knight.png');
      assert.equal(groupLabel(group('C:\\art\\knight.png', 1)), 'knight.png');
      assert.equal(groupLabel(group('/home/me/art/knight.png', 1)), 'knight.png');
      assert.equal(groupDescription(group('knight.png', 1)), '1 variant');
      assert.equal(groupDescription(group('knight.png', 3)), '3 variants');
      assert.equal(groupDescription(group('sprites/heroes/knight.png', 2)), '2 variants · sprites/heroes/');
      assert.equal(groupDescription(group('C:\\art\\knight.png', 2)), '2 variants · C:\\art\\');
      assert.equal(groupDescription(group('/home/me/art/knight.png', 12)), '12 variants · /home/me/art/');
    });

    it('labels a variant by its own file name, so two variants of a source never look the same', () => {
      assert.equal(variantLabel(record('a', 'sprites/knight.png', 'sprites/knight-restyled-2.png', 0)), 'knight-restyled-2.png');
      assert.equal(variantLabel(record('b', 'knight.png', 'C:\\art\\knight-restyled.jpg', 0)), 'knight-restyled.jpg');
      const labels = group('knight.png', 3).records.map(variantLabel);
      assert.equal(new Set(labels).size, 3);
    });

    it('describes a variant by its prompt and age only (strength and cost are in the tooltip)', () => {
      const at = (minutesAgo: number) => variantDescription(record('x', 'knight.png', 'knight-restyled.png', minutesAgo), NOW);
      assert.equal(at(0), 'oil painting, dark colours · just now');
      assert.equal(at(0.5), 'oil painting, dark colours · just now');
      assert.equal(at(5), 'oil painting, dark colours · 5 min ago');
      assert.equal(at(59), 'oil painting, dark colours · 59 min ago');
      assert.equal(at(3 * 60), 'oil painting, dark colours · 3 h ago');
      assert.equal(at(24 * 60), 'oil painting, dark colours · yesterday');
      assert.equal(at(5 * 24 * 60), 'oil painting, dark colours · 2025-01-10');
      assert.doesNotMatch(at(5), /strength|credits|0\.6|0\.08/);
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 5), NOW.getTime()), 'oil painting, dark colours · 5 min ago', 'now as a number');
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 5), Number.NaN), 'oil painting, dark colours', 'no age when the clock is unusable');
    });

    it('cuts a long prompt to one short line, and says when there is none', () => {
      const long = variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: 'a very long prompt '.repeat(10) }), NOW);
      const [prompt, age, ...rest] = long.split(' · ');
      assert.equal(prompt, 'a very long prompt a very long prompt a very lo…');
      assert.ok(prompt.length <= 48, prompt);
      assert.equal(age, 'just now');
      assert.deepEqual(rest, []);
      const exactly48 = 'x'.repeat(48);
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: exactly48 }), NOW), `${exactly48} · just now`);
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: 'x'.repeat(49) }), NOW), `${'x'.repeat(47)}… · just now`);
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: '  line one\n\tline   two ' }), NOW), 'line one line two · just now');
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: '' }), NOW), '(no prompt) · just now');
      assert.equal(variantDescription(record('x', 'knight.png', 'knight-restyled.png', 0, { prompt: ' \n ' }), NOW), '(no prompt) · just now');
    });

    it('marks a gone variant', () => {
      const r = record('x', 'knight.png', 'knight-restyled.png', 2);
      assert.equal(variantDescription(r, NOW, true), '(deleted) oil painting, dark colours · 2 min ago');
      assert.equal(variantDescription(r, NOW, false), 'oil painting, dark colours · 2 min ago');
      assert.equal(variantDescription({ ...r, prompt: '' }, NOW, true), '(deleted) (no prompt) · 2 min ago');
    });
  });
});

describe('persisted view state', () => {
  const compare = { id: 3, name: 'knight-restyled.png', mode: 'swipe', position: 42 };

  it('keeps a well-formed state', () => {
    const state = { compare, background: 'dark', zoom: { '0': 4, '12': 0.5, '199': 64 } };
    assert.deepEqual(parsePersistedView(state), state);
    for (const mode of ['side', 'swipe', 'tiled']) assert.equal(parsePersistedView({ compare: { ...compare, mode } }).compare?.mode, mode);
    for (const background of ['checkerboard', 'light', 'dark', 'custom']) assert.deepEqual(parsePersistedView({ background }), { background });
    assert.deepEqual(parsePersistedView({ compare: { ...compare, id: 0, name: 'x'.repeat(255) } }).compare, { ...compare, id: 0, name: 'x'.repeat(255) });
    assert.deepEqual(parsePersistedView({ compare: { ...compare, id: 199 } }).compare?.id, 199);
  });

  it('gives an empty state for anything that is not an object', () => {
    for (const bad of [undefined, null, 'x', 42, true, [], [compare]]) assert.deepEqual(parsePersistedView(bad), {}, String(bad));
    assert.deepEqual(parsePersistedView({}), {});
    assert.deepEqual(parsePersistedView({ other: 1, panel: { version: 1 } }), {}, 'unknown fields are left out');
  });

  it('drops an odd compare view, and keeps the others', () => {
    const bad = [
      { ...compare, id: -1 },
      { ...compare, id: 200 },
      { ...compare, id: 1.5 },
      { ...compare, id: '3' },
      { ...compare, id: Number.NaN },
      { ...compare, name: 42 },
      { ...compare, name: undefined },
      { ...compare, name: 'x'.repeat(256) },
      { ...compare, mode: 'overlay' },
      { ...compare, mode: undefined },
      'swipe',
      [compare],
      null,
    ];
    for (const c of bad) assert.deepEqual(parsePersistedView({ compare: c, background: 'light' }), { background: 'light' }, JSON.stringify(c)?.slice(0, 80));
  });

  it('puts the swipe divider between 0 and 100, whole, and at the middle when it is not a number', () => {
    const position = (p: unknown) => parsePersistedView({ compare: { ...compare, position: p } }).compare?.position;
    assert.equal(position(0), 0);
    assert.equal(position(100), 100);
    assert.equal(position(33.6), 34);
    assert.equal(position(-5), 0);
    assert.equal(position(150), 100);
    for (const odd of [undefined, '40', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, {}]) assert.equal(position(odd), 50, String(odd));
  });

  it('drops an unknown background', () => {
    for (const background of ['purple', 'Dark', '', 42, null, ['dark'], { dark: true }]) assert.deepEqual(parsePersistedView({ background }), {}, String(background));
  });

  it('keeps a zoom only above 0 and up to 64, by a source id of 1 to 3 digits', () => {
    const zoom = (z: unknown) => parsePersistedView({ zoom: z }).zoom;
    assert.deepEqual(zoom({ '1': 64, '2': 0.01, '3': 1 }), { '1': 64, '2': 0.01, '3': 1 });
    for (const z of [0, -1, 64.001, 65, Number.POSITIVE_INFINITY, Number.NaN, '2', null, true]) assert.equal(zoom({ '1': z }), undefined, String(z));
    for (const id of ['', 'a', '1a', '-1', '1.5', '1234', ' 1', 'constructor', 'toString']) assert.equal(zoom({ [id]: 2 }), undefined, JSON.stringify(id));
    assert.deepEqual(zoom({ '7': 2, '7000': 2, 'x': 2, '8': 0 }), { '7': 2 }, 'the good entries of a mixed map are kept');
    for (const z of [[2, 3], 'x', 4, null]) assert.equal(zoom(z), undefined, JSON.stringify(z));
    const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [String(i), 2]));
    assert.deepEqual(Object.keys(zoom(many) ?? {}), Array.from({ length: 200 }, (_, i) => String(i)), 'at most 200 entries are read');
  });

  it('is not fooled by __proto__ keys', () => {
    // JSON.parse (as the state comes back) makes "__proto__" an own key, not the prototype.
    const state = JSON.parse(
      '{"__proto__": {"compare": {"id": 1, "name": "a.png", "mode": "side"}, "background": "dark", "polluted": true},' +
        ' "zoom": {"__proto__": 4, "constructor": 2, "5": 3}, "background": "light"}',
    );
    const view = parsePersistedView(state);
    assert.deepEqual(view, { background: 'light', zoom: { '5': 3 } });
    assert.equal(Object.getPrototypeOf(view), Object.prototype);
    assert.equal(Object.getPrototypeOf(view.zoom), Object.prototype);
    assert.deepEqual(Object.keys(view.zoom ?? {}), ['5']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    assert.deepEqual(parsePersistedView(JSON.parse('{"zoom": {"__proto__": {"1": 2}}}')), {}, 'a zoom hidden under __proto__ is not read');
    assert.deepEqual(parsePersistedView(JSON.parse('{"compare": {"__proto__": {"id": 1, "name": "a.png", "mode": "side"}}}')), {}, 'nor a compare view');
  });
});

describe('custom preview background', () => {
  it('accepts #rgb and #rrggbb only, trimmed', () => {
    assert.equal(customBackground('#fff'), '#fff');
    assert.equal(customBackground('#A0b1C2'), '#A0b1C2');
    assert.equal(customBackground('  #123456\n'), '#123456');
  });

  it('refuses anything else', () => {
    for (const bad of ['', '#', '#ff', '#ffff', '#fffff', '#1234567', '#12345g', 'fff', 'red', 'rgb(0, 0, 0)', 'transparent', '#fff;background:url(x)', '#fff\nx', '#fff )', 'url(https://example.com/x.png)', undefined, null, 42, 0xffffff, ['#fff'], { colour: '#fff' }]) {
      assert.equal(customBackground(bad), undefined, JSON.stringify(bad));
    }
  });
});
