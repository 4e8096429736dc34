/**
 * The project's benchmark: `npm run bench` (after `npm run compile-tests` and `npm run package`).
 * Measures, with the local Segmind-compatible server answering at once:
 * - Generate → saved file in the core (read, check, request, answer, exclusive save), small and large images;
 * - a batch of sprites through the rate-limited batcher;
 * - bundle and .vsix sizes;
 * and prints the figures the UI test measured in a real workbench (.test-results/figures.json), if present.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SegmindClient } from '../../src/api/segmindClient';
import { runBatch } from '../../src/core/batch';
import type { GenerationParams } from '../../src/core/params';
import { restyleFile } from '../../src/core/restyleFile';
import { SegmindServer } from '../server/segmindServer';
import { makePng } from '../unit/fixtures';

const root = path.resolve(__dirname, '..', '..', '..');
const params: GenerationParams = { prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function size(file: string): Promise<string> {
  try {
    return `${((await fs.stat(path.join(root, file))).size / 1024).toFixed(1)} KB`;
  } catch {
    return 'not built';
  }
}

async function timeRestyles(server: SegmindServer, dir: string, name: string, image: Buffer, runs: number): Promise<number> {
  const client = new SegmindClient({ endpoint: server.url, apiKey: 'test-key', timeoutMs: 60_000 });
  const source = path.join(dir, name);
  await fs.writeFile(source, image);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await restyleFile(source, params, '${name}-restyled', (img, p, s) => client.generate(img, p, s));
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const server = await SegmindServer.start({ credits: 1_000_000 });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-bench-'));
  const rows: [string, string][] = [];
  try {
    const sprite = makePng(128, 128);
    const large = makePng(1024, 1024);
    rows.push([`Generate → saved file, 128×128 sprite (${(sprite.length / 1024).toFixed(0)} KB), median of 20`, `${(await timeRestyles(server, dir, 'sprite.png', sprite, 20)).toFixed(1)} ms`]);
    rows.push([`Generate → saved file, 1024×1024 PNG (${(large.length / 1024).toFixed(0)} KB), median of 5`, `${(await timeRestyles(server, dir, 'large.png', large, 5)).toFixed(1)} ms`]);

    // A batch where the model takes 250 ms a call: what concurrency buys.
    const slow = await SegmindServer.start({ credits: 1_000_000, latencyMs: 250 });
    const client = new SegmindClient({ endpoint: slow.url, apiKey: 'test-key', timeoutMs: 60_000 });
    const files = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const file = path.join(dir, `batch-${i}.png`);
      await fs.writeFile(file, makePng(96, 96, i));
      return file;
    }));
    for (const concurrency of [1, 4]) {
      const started = performance.now();
      const outcomes = await runBatch(files, (file) => restyleFile(file, params, '${name}-restyled', (img, p, s) => client.generate(img, p, s)), { concurrency, perMinute: 1000 });
      const failed = outcomes.filter((o) => !o.ok).length;
      rows.push([`Batch of 20 sprites, model 250 ms a call, ${concurrency} at a time${failed ? ` (${failed} failed)` : ''}`, `${(performance.now() - started).toFixed(0)} ms`]);
    }
    await slow.close();
    rows.push(['Bundle dist/extension.js (production)', await size('dist/extension.js')]);
    rows.push(['Bundle dist/webview.js (production)', await size('dist/webview.js')]);
    rows.push(['Package restyle.vsix', await size('restyle.vsix')]);
    try {
      const figures = JSON.parse(await fs.readFile(path.join(root, '.test-results', 'figures.json'), 'utf8')) as Record<string, number>;
      for (const [name, ms] of Object.entries(figures)) rows.push([`${name} (UI test, real workbench)`, `${Math.round(ms)} ms`]);
    } catch {
      rows.push(['Real-workbench figures', 'run `npm run test:e2e` first']);
    }
  } finally {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`Restyle benchmark (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
