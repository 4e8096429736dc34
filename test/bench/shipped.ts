/** What the extension ships: the production bundles, every WebAssembly file beside them, and the .vsix. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { infoRow, kb, type Row } from './report';

const SECTION = 'Shipped sizes (production bundle; gzip via zlib.gzipSync)';
const VSIX_LIMIT_BYTES = 2_000_000;

async function read(file: string): Promise<Buffer | undefined> {
  return fs.readFile(file).catch(() => undefined);
}

async function bundleRow(root: string, file: string): Promise<Row> {
  const bytes = await read(path.join(root, file));
  if (!bytes) return infoRow(SECTION, file, 'not built');
  const gzip = zlib.gzipSync(bytes).length;
  // A development build (source maps, not minified) left in dist/ would make these sizes meaningless.
  const development = file.endsWith('.js') && bytes.includes('sourceMappingURL=');
  return infoRow(SECTION, `${file}${development ? ' (DEVELOPMENT build: run node esbuild.mjs --production)' : ''}`, `${kb(bytes.length)} (gzip ${kb(gzip)})`, bytes.length, 'bytes');
}

export async function shippedSizes(root: string): Promise<Row[]> {
  const wasm = (await fs.readdir(path.join(root, 'dist')).catch(() => [] as string[])).filter((f) => f.endsWith('.wasm')).sort();
  const files = ['dist/extension.js', 'dist/imageWorker.js', 'dist/webview.js', ...wasm.map((f) => `dist/${f}`)];
  const rows = await Promise.all(files.map((file) => bundleRow(root, file)));
  const vsix = await read(path.join(root, 'restyle.vsix'));
  rows.push({
    section: SECTION, name: 'Package restyle.vsix', value: vsix ? kb(vsix.length) : 'not built (npm run package)',
    amount: vsix?.length, unit: 'bytes', floor: '< 2 MB', pass: vsix !== undefined && vsix.length < VSIX_LIMIT_BYTES,
  });
  return rows;
}
