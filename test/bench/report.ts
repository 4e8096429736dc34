/** The benchmark's rows, timing helpers, the printed table and .test-results/bench.json. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One measured figure. `floor` and `pass` only for figures with a limit to keep. */
export interface Row {
  readonly section: string;
  readonly name: string;
  /** What the table shows, e.g. `18.2 ms (prepare 9.1 + finish 9.1)`. */
  readonly value: string;
  /** The figure as a number (`unit` says which), for tools reading bench.json. */
  readonly amount?: number;
  readonly unit?: 'ms' | 'bytes' | 'boolean';
  /** The limit in words, e.g. `< 60 ms`. */
  readonly floor?: string;
  readonly pass?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `job` `warmups` times untimed, then `runs` times; returns each run's milliseconds. */
export async function timeRuns(job: () => unknown, runs: number, warmups = 0): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await job();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await job();
    times.push(performance.now() - started);
  }
  return times;
}

export async function timeOnce<T>(job: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await job();
  return { ms: performance.now() - started, value };
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** A row timed against an upper limit: passes when `amount < limit` (or `<=` when `inclusive`). */
export function floorRow(section: string, name: string, amount: number, limit: number, value = ms(amount), inclusive = false): Row {
  return {
    section, name, value, amount, unit: 'ms',
    floor: `${inclusive ? '≤' : '<'} ${ms(limit)}`,
    pass: inclusive ? amount <= limit : amount < limit,
  };
}

export function infoRow(section: string, name: string, value: string, amount?: number, unit: Row['unit'] = 'ms'): Row {
  return amount === undefined ? { section, name, value } : { section, name, value, amount, unit };
}

/** What a section that threw leaves in the table: a failed row naming the error. */
export function errorRow(section: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { section, name: `${section}: could not be measured`, value: message.split('\n')[0].slice(0, 120), floor: 'runs', pass: false };
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, Node ${process.version}`;
}

export function printTable(rows: readonly Row[]): void {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  const floorWidth = Math.max(5, ...rows.map((r) => r.floor?.length ?? 0));
  console.log(`Restyle benchmark (${machine()})`);
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      console.log(`\n${section}`);
    }
    const verdict = row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL';
    console.log(`  ${row.name.padEnd(nameWidth)}  ${row.value.padStart(valueWidth)}  ${(row.floor ?? '').padEnd(floorWidth)}  ${verdict}`.trimEnd());
  }
  const failed = rows.filter((r) => r.pass === false);
  const floors = rows.filter((r) => r.pass !== undefined).length;
  console.log(`\n${floors - failed.length} of ${floors} floors kept${failed.length ? `; FAILED: ${failed.map((r) => r.name).join('; ')}` : '.'}`);
}

export async function writeJson(file: string, rows: readonly Row[], seconds: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const failed = rows.filter((r) => r.pass === false).map((r) => r.name);
  const rounded = rows.map((r) => (r.amount === undefined || !Number.isFinite(r.amount) ? r : { ...r, amount: Math.round(r.amount * 10) / 10 }));
  const report = { date: new Date().toISOString(), machine: machine(), seconds: Math.round(seconds), failed, rows: rounded };
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
