#!/usr/bin/env node
// Stands in for the VS Code binary that @vscode/test-electron's runTests() launches, on machines
// that cannot download VS Code: accepts the same arguments, runs the tests in code-server's real
// extension host (VS Code 1.139) through headless Chromium, and exits with the tests' exit code.
//
// Arguments used: --extensionDevelopmentPath=P (repeatable), --extensionTestsPath=P, and the
// folder to open (a positional argument). Ignored: Electron/desktop-only flags (--no-sandbox,
// --disable-gpu-sandbox, --disable-updates, --skip-welcome, --skip-release-notes, --no-cached-data,
// --disable-workspace-trust), and --user-data-dir / --extensions-dir: every run gets fresh ones
// under .vscode-test/runs/<timestamp>, since a server's extension host outlives its browser.
// The environment (which carries runTests' extensionTestsEnv) is passed on to code-server and so
// reaches process.env in the extension host.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareVSCode } from './prepare.mjs';
import { isNoise, launchBrowser, newRunDir, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => process.stderr.write(`[code-standin] ${message}\n`);

function parseArgs(argv) {
  const result = { extensionDevelopmentPath: [], extensionTestsPath: undefined, folders: [], ignored: [] };
  const withValue = new Set(['--user-data-dir', '--extensions-dir', '--extensionDevelopmentPath', '--extensionTestsPath', '--locale', '--log']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      result.folders.push(resolve(arg));
      continue;
    }
    let [name, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (value === undefined && withValue.has(name) && i + 1 < argv.length) value = argv[++i];
    switch (name) {
      case '--extensionDevelopmentPath':
        result.extensionDevelopmentPath.push(resolve(value));
        break;
      case '--extensionTestsPath':
        result.extensionTestsPath = resolve(value);
        break;
      default:
        result.ignored.push(value === undefined ? name : `${name}=${value}`);
    }
  }
  return result;
}

const options = parseArgs(process.argv.slice(2));
if (!options.extensionTestsPath) {
  say('expected --extensionTestsPath=<path> (this script only runs extension tests)');
  process.exit(2);
}
if (options.folders.length > 1) say(`several folders given; opening only ${options.folders[0]}`);
const folder = options.folders[0];
const timeoutSeconds = Number(process.env.RESTYLE_TEST_TIMEOUT_SECONDS || 300);
const verbose = process.env.RESTYLE_TEST_VERBOSE === '1';

let server;
let browser;
let page;
let finishing = false;
let runDir;

async function screenshotOnFailure() {
  if (!page) return;
  try {
    const dir = join(repoRoot, '.test-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'integration-failure.png');
    await page.screenshot({ path: file, timeout: 10_000 });
    say(`screenshot of the workbench: ${file}`);
  } catch (error) {
    say(`could not take a screenshot: ${error.message}`);
  }
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  clearTimeout(timer);
  if (reason) say(reason);
  if (code !== 0) {
    await screenshotOnFailure();
    if (server) say(`code-server log: ${server.logFile}`);
  }
  if (hidden) say(`${hidden} workbench log messages hidden (RESTYLE_TEST_VERBOSE=1 shows them)`);
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  say(`finished with exit code ${code} after ${elapsed()}`);
  process.exit(code);
}

const timer = setTimeout(() => {
  void finish(1, `TIMEOUT: the tests did not finish within ${timeoutSeconds} s (RESTYLE_TEST_TIMEOUT_SECONDS); stopping VS Code`);
}, timeoutSeconds * 1000);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void finish(1, `interrupted by ${signal}`));
}

// The workbench's own start-up chatter, hidden unless RESTYLE_TEST_VERBOSE=1.
const workbenchChatter = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^\[driver\]/,
  /\/static\/out\/vs\//, // a stack trace inside the workbench itself (e.g. the offline extension gallery)
];
let hidden = 0;

// One message of the workbench's log. With a test run from the CLI, VS Code logs everything the
// extension host writes to its console here (without a prefix), so the tests' reporter output and
// the extension's own console lines arrive through this function, next to the workbench's messages.
function onLog(level, message) {
  const text = String(message ?? '');
  if (verbose) {
    for (const line of text.split('\n')) process.stdout.write(`[${level}] ${line}\n`);
    return;
  }
  if (isNoise(text) || level === 'trace' || level === 'debug' || workbenchChatter.some((pattern) => pattern.test(text))) {
    hidden++;
    return;
  }
  process.stdout.write(`${level === 'error' || level === 'warn' ? `[${level}] ` : ''}${text}\n`);
}

try {
  prepareVSCode();
  runDir = newRunDir('integration');
  for (const dir of options.extensionDevelopmentPath) {
    if (!existsSync(join(dir, 'package.json'))) say(`warning: no package.json in extensionDevelopmentPath ${dir}`);
  }
  server = await startCodeServer({ runDir, env: process.env });
  say(`code-server ${server.url} up after ${elapsed()} (run folder ${runDir})`);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  await page.exposeFunction('codeAutomationLog', onLog);
  await page.exposeFunction('codeAutomationExit', (code) => {
    setTimeout(() => void finish(typeof code === 'number' ? code : 1), 0);
  });
  page.on('pageerror', (error) => {
    if (verbose) say(`page error: ${error.message}`);
  });
  page.on('crash', () => void finish(1, 'the workbench page crashed'));
  const url = workbenchUrl(server.url, {
    folder,
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
  });
  if (verbose) say(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  say(`workbench loading after ${elapsed()}; waiting for the tests`);
} catch (error) {
  await finish(1, `could not start VS Code: ${error.stack ?? error}`);
}
