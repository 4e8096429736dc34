/**
 * Generate → saved file against curl posting the same body to the same server, side by side in one
 * run: the server runs in its own process (test/server/main.ts), both clients save the answer to a
 * file, and runs alternate so both see the same machine. Restyle's side is the sequence the panel runs
 * at Generate (the source was prepared when the panel opened); with `outputSize: generated` it saves the
 * answer as curl does. Floor: Restyle ≤ 1.0 × curl for 256 KB, 1 MB and 7 MB payloads (the median of
 * the ratios of runs taken in pairs, one right after the other).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SegmindClient, buildRequestBody } from '../../src/api/segmindClient';
import { IMAGE_TO_IMAGE_PATH } from '../../src/core/endpoint';
import type { GenerationParams } from '../../src/core/params';
import { prepareSourceFile, restyleFile, type ImagePipeline, type RestyleOptions } from '../../src/core/restyleSequence';
import { encodePng } from '../../src/image/encode';
import { createRaster } from '../../src/image/raster';
import { floorRow, infoRow, median, ms, type Row } from './report';

const RUNS = 15;
const params: GenerationParams = { prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' };

/** An opaque noise PNG of about `bytes`: incompressible, so the file is as large as asked. */
function noisePng(bytes: number): Uint8Array {
  const side = Math.round(Math.sqrt(bytes / 3));
  const raster = createRaster(side, side);
  raster.data.set(randomBytes(raster.data.length));
  for (let i = 3; i < raster.data.length; i += 4) raster.data[i] = 255;
  return encodePng(raster);
}

async function startServerProcess(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'out', 'test', 'server', 'main.js')], {
    env: { ...process.env, RESTYLE_DEV_SERVER_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /URL:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`the server process ended: ${seen.slice(-300)}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

function curl(url: string, bodyFile: string, out: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('curl', ['-sS', '--fail', '-o', out, '-H', 'x-api-key: test-key', '-H', 'content-type: application/json', '-H', 'Expect:', '--data-binary', `@${bodyFile}`, url], (error) => (error ? reject(error) : resolve())),
  );
}

export async function againstCurl(root: string, pipeline: ImagePipeline): Promise<Row[]> {
  const section = 'Generate → saved file against curl (same body, same server process)';
  const { url, child } = await startServerProcess(root);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-curl-'));
  const rows: Row[] = [];
  try {
    const client = new SegmindClient({ endpoint: url, apiKey: 'test-key', timeoutMs: 120_000 });
    for (const [label, size] of [['256 KB', 256 * 1024], ['1 MB', 1024 * 1024], ['7 MB', 7 * 1024 * 1024]] as const) {
      const source = path.join(dir, `noise-${size}.png`);
      await fs.writeFile(source, noisePng(size));
      const cached = await prepareSourceFile(source, pipeline);
      const bodyFile = path.join(dir, 'body.json');
      await fs.writeFile(bodyFile, buildRequestBody(cached.prepared.request.bytes, params, false));
      const deps = { pipeline, cached, generate: (image: { bytes: Uint8Array; base64: Uint8Array }, p: GenerationParams, s?: AbortSignal) => client.generate(image.bytes, p, s, image.base64) };
      const run = (options: RestyleOptions) => restyleFile(source, params, options, deps);
      const generated: RestyleOptions = { outputSize: 'generated', keepTransparency: true, keepPalette: false, outputNamePattern: '${name}-restyled' };
      const ours: number[] = [];
      const theirs: number[] = [];
      const sourceSized: number[] = [];
      await run(generated); // warm: connection, worker
      await curl(url + IMAGE_TO_IMAGE_PATH, bodyFile, path.join(dir, 'curl.png'));
      for (let i = 0; i < RUNS; i++) {
        let started = performance.now();
        await run(generated);
        ours.push(performance.now() - started);
        started = performance.now();
        await curl(url + IMAGE_TO_IMAGE_PATH, bodyFile, path.join(dir, 'curl.png'));
        theirs.push(performance.now() - started);
      }
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await run({ ...generated, outputSize: 'source' });
        sourceSized.push(performance.now() - started);
      }
      const [o, c] = [median(ours), median(theirs)];
      // Each Restyle run is paired with the curl run right after it, so a slow moment of the machine counts against both.
      const ratio = median(ours.map((t, i) => t / theirs[i]));
      const file = (await fs.stat(source)).size;
      rows.push(floorRow(section, `${label} source (${(file / 1024).toFixed(0)} KB file): Restyle / curl, median of ${RUNS} side-by-side pairs`, ratio, 1.0, `${ratio.toFixed(2)} × (Restyle ${ms(o)}, curl ${ms(c)})`, true));
      rows[rows.length - 1] = { ...rows[rows.length - 1], unit: undefined, floor: '≤ 1.00 ×' };
      rows.push(infoRow(section, `${label} source, saved at the source's size (decode, scale, encode the answer)`, ms(median(sourceSized)), median(sourceSized)));
      for (const name of await fs.readdir(dir)) if (name.includes('-restyled')) await fs.rm(path.join(dir, name));
    }
  } finally {
    child.kill();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return rows;
}
