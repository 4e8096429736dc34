/** The history index: order, dedupe, cap, removal, and stored state that is stale or corrupt. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  HISTORY_LIMIT,
  HistoryIndex,
  costText,
  historyDescription,
  historyLabel,
  parseHistoryRecord,
  relativeTime,
  resolveStoredPath,
  shortPrompt,
  toStoredPath,
  type HistoryRecord,
} from '../../src/core/history';

function record(n: number, extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id: `id-${n}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, n % 60)).toISOString(),
    source: `sprites/knight-${n}.png`,
    variant: `sprites/knight-${n}-restyled.png`,
    prompt: `prompt ${n}`,
    strength: 0.6,
    outputFormat: 'png',
    keepPalette: false,
    elapsedMs: 1200,
    ...extra,
  };
}

const ids = (index: HistoryIndex) => index.list().map((r) => r.id);

describe('history index', () => {
  it('lists the newest first, and finds and removes by id', () => {
    const index = new HistoryIndex();
    for (const n of [1, 2, 3]) assert.ok(index.add(record(n)));
    assert.deepEqual(ids(index), ['id-3', 'id-2', 'id-1']);
    assert.equal(index.find('id-2')?.prompt, 'prompt 2');
    assert.equal(index.find('nope'), undefined);
    assert.equal(index.remove('id-2'), true);
    assert.equal(index.remove('id-2'), false);
    assert.deepEqual(ids(index), ['id-3', 'id-1']);
    index.clear();
    assert.deepEqual(index.list(), []);
  });

  it('keeps one record per variant: the newest', () => {
    const index = new HistoryIndex();
    index.add(record(1));
    index.add(record(2));
    index.add(record(3, { variant: 'sprites/knight-1-restyled.png', prompt: 'again' }));
    assert.deepEqual(ids(index), ['id-3', 'id-2']);
    assert.equal(index.find('id-3')?.prompt, 'again');
  });

  it(`keeps at most ${HISTORY_LIMIT} records, dropping the oldest`, () => {
    const index = new HistoryIndex();
    for (let n = 1; n <= HISTORY_LIMIT + 20; n++) index.add(record(n));
    assert.equal(index.size, HISTORY_LIMIT);
    assert.equal(index.list()[0].id, `id-${HISTORY_LIMIT + 20}`);
    assert.equal(index.list().at(-1)!.id, 'id-21');
  });

  it('refuses a malformed record instead of storing what would vanish on reload', () => {
    const index = new HistoryIndex();
    assert.equal(index.add({ ...record(1), strength: Number.NaN }), undefined);
    assert.equal(index.size, 0);
  });

  it('hands out copies: the list cannot be changed from outside', () => {
    const index = new HistoryIndex();
    index.add(record(1));
    (index.list() as HistoryRecord[]).pop();
    assert.equal(index.size, 1);
    assert.throws(() => ((index.list()[0] as { prompt: string }).prompt = 'x'));
  });

  it('round-trips through JSON', () => {
    const index = new HistoryIndex();
    index.add(record(1, { cost: 0.08, requestId: 'req-1', keepPalette: true, outputFormat: 'jpeg' }));
    index.add(record(2));
    const again = HistoryIndex.fromJSON(JSON.parse(JSON.stringify(index)));
    assert.deepEqual(again.list(), index.list());
  });
});

describe('history from stored state', () => {
  it('is empty for anything that is not an array, and never throws', () => {
    for (const bad of [undefined, null, 42, 'x', {}, { records: [record(1)] }, true]) {
      assert.deepEqual(HistoryIndex.fromJSON(bad).list(), [], String(bad));
    }
  });

  it('keeps the valid subset: wrong types and missing fields drop their record', () => {
    const good = record(1);
    const stored: unknown[] = [
      null,
      'record',
      [good],
      { ...good, id: 'a', strength: '0.6' },
      { ...good, id: 'b', strength: 1.5 },
      { ...good, id: 'c', outputFormat: 'webp' },
      { ...good, id: 'd', keepPalette: 'yes' },
      { ...good, id: 'e', createdAt: 'yesterday' },
      { ...good, id: 'f', createdAt: '2025-13-45T99:99:99Z' },
      { ...good, id: 'g', elapsedMs: -1 },
      { ...good, id: 'h', source: 42 },
      { ...good, id: 'i', variant: '' },
      { ...good, id: 'j', variant: '../../etc/passwd.png' },
      { ...good, id: 'k', variant: 'a\u0000b.png' },
      { ...good, id: 42 },
      { ...good, id: '' },
      (({ prompt: _prompt, ...rest }) => ({ ...rest, id: 'l' }))(good),
      (({ variant: _variant, ...rest }) => ({ ...rest, id: 'm' }))(good),
      good,
      record(2, { variant: good.variant }),
      record(3, { id: good.id }),
      record(4),
    ];
    const index = HistoryIndex.fromJSON(stored);
    assert.deepEqual(ids(index), ['id-1', 'id-4']);
  });

  it('leaves out a bad optional field but keeps the record', () => {
    const [kept] = HistoryIndex.fromJSON([{ ...record(1), cost: 'lots', requestId: 'x'.repeat(5000) }]).list();
    assert.equal(kept.id, 'id-1');
    assert.ok(!('cost' in kept) && !('requestId' in kept));
    const [negative] = HistoryIndex.fromJSON([{ ...record(1), cost: -3, requestId: 7 }]).list();
    assert.ok(!('cost' in negative) && !('requestId' in negative));
  });

  it('caps huge strings: a prompt is cut, a huge id or path drops its record, unknown fields are dropped', () => {
    const index = HistoryIndex.fromJSON([
      { ...record(1), prompt: 'p'.repeat(1_000_000), extra: 'x'.repeat(1000) },
      { ...record(2), id: 'i'.repeat(100_000) },
      { ...record(3), variant: `${'d/'.repeat(50_000)}x.png` },
    ]);
    const [kept] = index.list();
    assert.equal(index.size, 1);
    assert.equal(kept.prompt.length, 2000);
    assert.ok(!('extra' in kept));
  });

  it(`reads at most ${HISTORY_LIMIT} records`, () => {
    const stored = Array.from({ length: 2000 }, (_, n) => record(n));
    assert.equal(HistoryIndex.fromJSON(stored).size, HISTORY_LIMIT);
  });

  it('normalises the date to ISO', () => {
    assert.equal(parseHistoryRecord({ ...record(1), createdAt: '2025-03-04T10:20:30+02:00' })?.createdAt, '2025-03-04T08:20:30.000Z');
  });
});

describe('history texts', () => {
  // Local times, so the calendar-day answers hold in every time zone.
  const now = new Date(2025, 2, 5, 15, 30, 0);
  const at = (d: Date) => d.toISOString();

  it('says how long ago: just now, minutes, hours today, yesterday, then a date', () => {
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 15, 29, 40)), now), 'just now');
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 15, 30, 20)), now), 'just now');
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 15, 25, 0)), now), '5 min ago');
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 14, 31, 0)), now), '59 min ago');
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 12, 0, 0)), now), '3 h ago');
    assert.equal(relativeTime(at(new Date(2025, 2, 5, 0, 0, 0)), now), '15 h ago');
    assert.equal(relativeTime(at(new Date(2025, 2, 4, 23, 59, 0)), now), 'yesterday');
    assert.equal(relativeTime(at(new Date(2025, 2, 4, 0, 0, 0)), now), 'yesterday');
    assert.equal(relativeTime(at(new Date(2025, 2, 3, 23, 59, 0)), now), '2025-03-03');
    assert.equal(relativeTime(at(new Date(2024, 11, 24, 9, 0, 0)), now.getTime()), '2024-12-24');
    assert.equal(relativeTime(at(new Date(2025, 2, 6, 9, 0, 0)), now), '2025-03-06', 'a date in the future is shown as a date');
    assert.equal(relativeTime('garbage', now), '');
  });

  it('shows the cost in credits, or nothing', () => {
    assert.equal(costText(0.08), '0.08 credits');
    assert.equal(costText(1), '1.00 credits');
    assert.equal(costText(undefined), '');
    assert.equal(costText(Number.NaN), '');
  });

  it('labels and describes a record', () => {
    const r = record(1, { source: 'art/knight.png', variant: 'art/knight-restyled.png', prompt: 'oil painting,\n  dark   colours', strength: 0.65, createdAt: at(new Date(2025, 2, 5, 15, 25)), cost: 0.08 });
    assert.equal(historyLabel(r), 'knight.png → knight-restyled.png');
    assert.equal(historyDescription(r, now), 'oil painting, dark colours · strength 0.65 · 5 min ago · 0.08 credits');
    assert.equal(historyDescription({ ...r, cost: undefined }, now, true), '(deleted) oil painting, dark colours · strength 0.65 · 5 min ago');
  });

  it('cuts a long prompt to 60 characters', () => {
    const short = shortPrompt('word '.repeat(40));
    assert.equal(short.length <= 60, true);
    assert.ok(short.endsWith('…'));
    assert.equal(shortPrompt('a'.repeat(60)), 'a'.repeat(60));
  });
});

describe('history paths', () => {
  const root = path.resolve('/work/ws');
  const one = [{ name: 'ws', fsPath: root }];
  const two = [...one, { name: 'art', fsPath: path.resolve('/work/art') }];

  it('stores files in the workspace relative, with / separators, and others absolute', () => {
    assert.equal(toStoredPath(path.join(root, 'sprites', 'knight.png'), one), 'sprites/knight.png');
    assert.equal(toStoredPath(path.resolve('/elsewhere/knight.png'), one), path.resolve('/elsewhere/knight.png'));
    assert.equal(toStoredPath(path.resolve('/work/ws2/knight.png'), one), path.resolve('/work/ws2/knight.png'));
    assert.equal(toStoredPath(path.resolve('/work/art/knight.png'), two), 'art/knight.png');
  });

  it('resolves stored paths back to files', () => {
    assert.equal(resolveStoredPath('sprites/knight.png', one), path.join(root, 'sprites', 'knight.png'));
    assert.equal(resolveStoredPath('art/knight.png', two), path.resolve('/work/art/knight.png'));
    assert.equal(resolveStoredPath('ws/a.png', two), path.join(root, 'a.png'));
    assert.equal(resolveStoredPath(path.resolve('/elsewhere/k.png'), one), path.resolve('/elsewhere/k.png'));
    assert.equal(resolveStoredPath('sprites/knight.png', []), undefined);
    assert.equal(resolveStoredPath('../outside.png', one), undefined);
  });
});
