// Starts and stops a fresh code-server (VS Code 1.139's server, extension host and web workbench)
// and a headless Chromium to drive it, following /work/shared/reference/real-vscode-offline.md.
// Plain ESM so scripts can run it without compiling; compiled CommonJS tests load it with import().
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, nodeBin } from './prepare.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Settings that keep the workbench quiet: no welcome page, no trust prompt, no network chatter. */
export const quietSettings = Object.freeze({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.openRepositoryInParentFolders': 'never',
});

/** Chromium flags from the reference: headless, no sandbox (root in containers), no network extras. */
export const chromiumArgs = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Workbench log lines that are expected on an offline machine and say nothing about the extension. */
export const noisePatterns = Object.freeze([
  /ENOTFOUND open-vsx\.org/,
  /open-vsx\.org/,
  /vsda/,
  /unexpected operator/,
]);

export function isNoise(line) {
  return noisePatterns.some((pattern) => pattern.test(line));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Environment for code-server: Node 24 first on PATH, XDG folders inside the run folder. */
function serverEnv(runDir, env) {
  const merged = { ...process.env, ...(env ?? {}) };
  // Inside a VS Code terminal these make code-server hand its arguments to that VS Code instead.
  for (const key of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_IPC_HOOK', 'ELECTRON_RUN_AS_NODE', 'VSCODE_PROXY_URI']) {
    delete merged[key];
  }
  merged.PATH = `${dirname(nodeBin)}:${merged.PATH ?? ''}`;
  merged.XDG_CONFIG_HOME = join(runDir, 'xdg', 'config');
  merged.XDG_DATA_HOME = join(runDir, 'xdg', 'data');
  merged.XDG_CACHE_HOME = join(runDir, 'xdg', 'cache');
  merged.XDG_STATE_HOME = join(runDir, 'xdg', 'state');
  return merged;
}

function sleep(ms) {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

async function waitForHealthz(url, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`code-server exited early (code ${exited.code ?? exited.signal}); see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s; see ${logFile}`);
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `settings` into a VS Code settings.json. With `keep`, settings already in the file stay,
 * except the ones given in `settings`; a file that is not plain JSON (comments) is moved to .bak first.
 */
export function writeUserSettings(file, settings, { keep = false } = {}) {
  let existing = {};
  if (keep && existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      renameSync(file, `${file}.bak`);
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...quietSettings, ...existing, ...settings }, null, 2));
}

/**
 * Starts a fresh code-server.
 * @param {{ runDir: string, extensionsDir?: string, userSettings?: Record<string, unknown>,
 *           keepUserSettings?: boolean, env?: Record<string, string | undefined>, port?: number,
 *           extraArgs?: string[] }} options  keepUserSettings: merge into the run folder's
 *           settings.json instead of replacing it (for a run folder reused on purpose).
 * @returns {Promise<{ url: string, port: number, pid: number, logFile: string, runDir: string,
 *           userDataDir: string, extensionsDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ runDir, extensionsDir, userSettings, keepUserSettings, env, port, extraArgs } = {}) {
  if (!runDir) throw new Error('startCodeServer: runDir is required');
  runDir = resolve(runDir);
  const userDataDir = join(runDir, 'ud');
  extensionsDir = resolve(extensionsDir ?? join(runDir, 'ext'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(join(userDataDir, 'User', 'settings.json'), userSettings ?? {}, { keep: keepUserSettings });
  port = port ?? (await freePort());
  const logFile = join(runDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
    ...(extraArgs ?? []),
  ];
  const child = spawn(codeServerBin, args, {
    cwd: runDir,
    env: serverEnv(runDir, env),
    detached: true, // own process group, so stop() can take the file watcher and extension hosts too
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${codeServerBin}`);
  // If this process dies without calling stop(), do not leave the server behind.
  const onExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', onExit);
  child.unref();
  const url = `http://127.0.0.1:${port}/`;
  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', onExit);
      if (!killGroup(pid, 'SIGTERM')) return;
      for (let i = 0; i < 30 && groupAlive(pid); i++) await sleep(100);
      if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(50);
    })();
    return stopped;
  };
  try {
    await waitForHealthz(url, child, 60_000, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, pid, logFile, runDir, userDataDir, extensionsDir, stop };
}

/** Installs a packaged extension into extensionsDir with code-server's CLI (offline, under a second). */
export function installVsix(vsixPath, extensionsDir) {
  vsixPath = resolve(vsixPath);
  extensionsDir = resolve(extensionsDir);
  mkdirSync(extensionsDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'restyle-vsix-'));
  return new Promise((resolveInstall, reject) => {
    execFile(
      codeServerBin,
      ['--install-extension', vsixPath, '--extensions-dir', extensionsDir, '--user-data-dir', join(scratch, 'ud'), '--force'],
      { env: serverEnv(scratch, {}), timeout: 120_000 },
      (error, stdout, stderr) => {
        rmSync(scratch, { recursive: true, force: true });
        if (error) {
          reject(new Error(`installing ${vsixPath} failed: ${error.message}\n${stdout}\n${stderr}`));
        } else {
          resolveInstall({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * Launches Debian's Chromium (or CHROMIUM_PATH) headless through playwright-core.
 * Each launch gets a fresh temporary profile (Playwright creates and removes it), so nothing,
 * SecretStorage included, carries over between runs. Use browser.newContext() / newPage().
 */
export async function launchBrowser({ args } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, ...(args ?? [])],
    timeout: 60_000,
  });
}

/** `vscode-remote://127.0.0.1:PORT/abs/path`, how the workbench names a path on the server. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${resolve(absPath)}`;
}

/** The workbench URL for a folder, optionally with the test payload (extension development / tests). */
export function workbenchUrl(url, { folder, extensionDevelopmentPath, extensionTestsPath, port } = {}) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', resolve(folder));
  const payload = [];
  const p = port ?? Number(new URL(url).port);
  for (const path of [extensionDevelopmentPath ?? []].flat()) {
    payload.push(['extensionDevelopmentPath', remoteUri(p, path)]);
  }
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(p, extensionTestsPath)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  const query = params.toString();
  return query ? `${url}?${query}` : url;
}

/** A fresh run folder: .vscode-test/runs/<timestamp>-<name>. */
export function newRunDir(name = 'run') {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(repoRoot, '.vscode-test', 'runs', `${stamp}-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
