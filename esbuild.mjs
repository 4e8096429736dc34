// Bundles the extension (Node, CommonJS) and the webview script (browser, IIFE).
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, no source maps (what the .vsix ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints start and end lines in the form VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Restyle calls undici's public API (request, Agent, ProxyAgent), but undici's index.js also loads
 * fetch, WebSocket, EventSource, the cache API, cookies and the mocks, which esbuild cannot drop
 * from CommonJS: about 220 KB that Restyle never runs. Those modules are replaced by empty ones in
 * the bundle (the integration tests run against it); anything reaching them fails loudly.
 */
const undiciUnused = /[\\/]undici[\\/]lib[\\/](web[\\/](fetch|websocket|eventsource|cache|cookies)|mock|cache[\\/]sqlite-cache-store)([\\/]|\.js$)/;
const dropUnusedUndici = {
  name: 'drop-unused-undici',
  setup(build) {
    build.onLoad({ filter: undiciUnused }, () => ({
      // undici's index.js constructs a few of these while it loads (e.g. `new CacheStorage()`): allowed; calling one throws.
      contents: 'module.exports = new Proxy({}, { get: (_, key) => (key === "__esModule" ? false : function unused() { if (new.target) return {}; throw new Error("Restyle does not bundle this part of undici"); }) });',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    plugins: [problemMatcher, dropUnusedUndici],
  }),
  esbuild.context({
    ...common,
    // The image pipeline runs in a worker thread, so decoding a 50 MP photo never blocks the extension host.
    entryPoints: ['src/image/worker.ts'],
    outfile: 'dist/imageWorker.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  }),
]);

// The codecs' WebAssembly is loaded by path from beside the bundle, never fetched (src/image/wasmCodecs.ts).
const require = createRequire(import.meta.url);
const wasmFiles = [
  ['@jsquash/webp', 'codec/dec/webp_dec.wasm'],
  ['@jsquash/jpeg', 'codec/dec/mozjpeg_dec.wasm'],
  ['@jsquash/jpeg', 'codec/enc/mozjpeg_enc.wasm'],
];
mkdirSync('dist', { recursive: true });
for (const [pkg, file] of wasmFiles) {
  copyFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file), path.join('dist', path.basename(file)));
}

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
