/**
 * Runs the integration tests (out/test/integration/**\/*.test.js) inside a real VS Code extension host.
 *
 * By default VS Code is code-server 4.139.1 (VS Code 1.139.1), prepared offline from the npm registry
 * and cached under .vscode-test/ by test/vscode/prepare.mjs, and driven through
 * test/vscode/code-standin.mjs, which stands in for the VS Code binary. With RESTYLE_VSCODE=download,
 * @vscode/test-electron downloads desktop VS Code as usual (machines with internet access).
 */
import { runTests } from '@vscode/test-electron';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const root = path.resolve(__dirname, '..', '..', '..');

function stamp(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
}

/** A fresh copy of test/fixtures/workspace, so tests may write into it. */
function freshWorkspace(): string {
  const target = path.join(root, '.vscode-test', 'workspaces', stamp());
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), target, { recursive: true });
  return target;
}

async function main(): Promise<void> {
  const download = process.env.RESTYLE_VSCODE === 'download';
  let vscodeExecutablePath: string | undefined;
  if (!download) {
    const started = Date.now();
    // A dynamic import() stays an import() in this CommonJS output, which is what loads an .mjs file.
    const prepare = (await import(pathToFileURL(path.join(root, 'test', 'vscode', 'prepare.mjs')).href)) as {
      prepareVSCode(): { nodeBin: string; codeServerBin: string };
    };
    prepare.prepareVSCode();
    console.log(`[runTests] code-server ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    vscodeExecutablePath = path.join(root, 'test', 'vscode', 'code-standin.mjs');
  }
  const workspace = freshWorkspace();
  console.log(`[runTests] workspace: ${workspace}`);
  await runTests({
    vscodeExecutablePath,
    version: download ? process.env.RESTYLE_VSCODE_VERSION || '1.139.0' : undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      RESTYLE_INTEGRATION: '1',
      RESTYLE_REPO_ROOT: root,
      RESTYLE_FIXTURE_WORKSPACE: workspace,
    },
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[runTests] integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
