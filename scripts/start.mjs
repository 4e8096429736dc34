#!/usr/bin/env node
// `npm start`: try Restyle by hand in a real VS Code.
//   1. builds the extension (`npm run compile`) and the local server (`npm run compile-tests`);
//   2. starts the local stand-in for Segmind's API (test/server/segmindServer.ts) on 127.0.0.1:8787
//      (RESTYLE_DEV_SERVER_PORT to change; a free port if taken), or, with RESTYLE_ENDPOINT set,
//      uses that endpoint (such as the real https://api.segmind.com) and starts no server;
//   3. copies sample/ into try/ (git-ignored: the variants made there leave the checkout clean; files
//      already in try/ are kept, a missing sample is copied again) and opens try/ with the extension
//      loaded from this folder (extensionDevelopmentPath):
//      desktop VS Code when `code` is on PATH, with its own profile under .vscode-test/start/
//      (your usual profile is untouched); otherwise code-server's web workbench (VS Code's own
//      server, prepared under .vscode-test/ on first use) on port 8080 or a free one
//      (RESTYLE_CODE_SERVER_PORT to change), whose URL it prints.
// `restyle.endpoint` is written to that profile's user settings. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { prepareVSCode } from '../test/vscode/prepare.mjs';
import { freePort, repoRoot, startCodeServer, workbenchUrl, writeUserSettings } from '../test/vscode/codeServer.mjs';

const samples = join(repoRoot, 'sample');
/** Where `npm start` works: a copy of the samples that git ignores (.gitignore), so restyling them leaves `git status` clean. */
const sample = join(repoRoot, 'try');
const startDir = join(repoRoot, '.vscode-test', 'start');
const LOCAL_KEY = 'test-key';
const stamp = () => new Date().toISOString().slice(11, 23);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const fail = (message) => {
  console.error(`npm start: ${message}`);
  process.exit(1);
};

function portNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} must be a port number, got "${raw}"`);
  return port;
}

function npmRun(script) {
  return new Promise((resolveRun) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      if (code !== 0) fail(`npm run ${script} failed (exit ${code}):\n${output}`);
      resolveRun();
    });
  });
}

function portIsFree(port) {
  return new Promise((resolveFree) => {
    const probe = createServer().once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });
}

async function startLocalServer() {
  // Compiled by `npm run compile-tests` just above; CommonJS, so loaded with require.
  const { SegmindServer } = createRequire(import.meta.url)(join(repoRoot, 'out', 'test', 'server', 'segmindServer.js'));
  const options = { apiKeys: [LOCAL_KEY], credits: 25, log: (line) => console.log(`[server ${stamp()}] ${line}`) };
  const port = portNumber('RESTYLE_DEV_SERVER_PORT', 8787);
  try {
    return await SegmindServer.start({ ...options, port });
  } catch (error) {
    if (error.code !== 'EADDRINUSE' || port === 0) throw error;
    console.log(`Port ${port} is taken; the local server uses a free port instead.`);
    return SegmindServer.start({ ...options, port: 0 });
  }
}

function launchDesktop(endpoint) {
  const userDataDir = join(startDir, 'desktop-ud');
  const extensionsDir = join(startDir, 'desktop-ext');
  writeUserSettings(join(userDataDir, 'User', 'settings.json'), { 'restyle.endpoint': endpoint }, { keep: true });
  const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, `--extensionDevelopmentPath=${repoRoot}`, sample];
  const result = spawnSync('code', args, { stdio: 'inherit' });
  if (result.status !== 0) fail(`\`code ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`})`);
}

async function launchCodeServer(endpoint) {
  const started = Date.now();
  console.log('Preparing code-server (cached under .vscode-test/; the first time takes a few minutes)…');
  prepareVSCode();
  const wanted = portNumber('RESTYLE_CODE_SERVER_PORT', undefined);
  const port = wanted ?? ((await portIsFree(8080)) ? 8080 : await freePort());
  const codeServer = await startCodeServer({
    runDir: startDir, // reused between runs: settings and workbench state stay
    port,
    userSettings: { 'restyle.endpoint': endpoint },
    keepUserSettings: true,
  });
  console.log(`code-server is up in ${seconds(started)} (log: ${codeServer.logFile}).`);
  return { codeServer, url: workbenchUrl(codeServer.url, { folder: sample, extensionDevelopmentPath: repoRoot }) };
}

async function main() {
  const given = process.env.RESTYLE_ENDPOINT;
  if (given && !URL.canParse(given)) fail(`RESTYLE_ENDPOINT is not a URL: "${given}"`);

  const started = Date.now();
  console.log('Building the extension and the local server…');
  await Promise.all([npmRun('compile'), npmRun('compile-tests')]);
  console.log(`Built in ${seconds(started)}.`);
  cpSync(samples, sample, { recursive: true, force: false, errorOnExist: false });
  const server = given ? undefined : await startLocalServer();
  const endpoint = given || server.url;

  let codeServer;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return; // npm passes Ctrl+C on as well: the same signal can arrive twice
    stopping = true;
    const what = [codeServer && 'code-server', server && 'the local server'].filter(Boolean).join(' and ');
    console.log(`\n${signal}: stopping ${what || 'npm start'}…`);
    setTimeout(() => process.exit(1), 10_000).unref();
    await Promise.allSettled([codeServer?.stop(), server?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const desktop = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
  let url;
  if (desktop) {
    launchDesktop(endpoint);
  } else {
    ({ codeServer, url } = await launchCodeServer(endpoint));
    if (stopping) return codeServer.stop();
  }

  const keyHint = server ? `${LOCAL_KEY}   (the local server's key; 'forbidden-key' always gets 403)` : 'your Segmind API key';
  console.log(
    [
      '',
      '──────────────── Restyle is running ────────────────',
      desktop ? '  VS Code:   a desktop window opened on try/, a copy of sample/ (own profile in .vscode-test/start/)' : `  Open:      ${url}`,
      `  Endpoint:  ${endpoint}${server ? '   (local stand-in for Segmind)' : ''}`,
      `  API key:   ${keyHint}`,
      '',
      `  1. ${desktop ? 'Switch to the new VS Code window' : 'Open the URL above in a browser'}.`,
      '  2. F1 → "Restyle: Set Segmind API Key" and enter the key above.',
      '  3. Right-click a sprite in try/ (a git-ignored copy of sample/) → "Restyle with SD3 Turbo…".',
      '',
      desktop && !server ? '  Nothing else to run: this script ends here.' : null,
      desktop && server ? '  `code` has returned, but the local server keeps running until Ctrl+C.' : null,
      codeServer ? `  Ctrl+C stops code-server${server ? ' and the local server' : ''}.` : null,
      '────────────────────────────────────────────────────',
      '',
    ]
      .filter((line) => line !== null)
      .join('\n'),
  );
  if (desktop && !server) process.exit(0); // nothing of ours left to keep running
  if (codeServer) setInterval(() => {}, 1 << 30); // code-server is unref'd: stay until Ctrl+C
}

main().catch((error) => fail(error?.stack ?? String(error)));
