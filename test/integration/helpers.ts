/** What the integration tests share: the extension under test, the fixture workspace's files, waiting for a condition. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RestyleTestExports } from '../../src/extension';

export const EXTENSION_ID = 'restyle.restyle';

/** Activates Restyle and returns what it exposes to tests (test mode only). */
export async function activateRestyle(): Promise<RestyleTestExports> {
  const extension = vscode.extensions.getExtension<RestyleTestExports>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const testExports = await extension.activate();
  assert.ok(testExports, 'the extension exposes its test exports in test mode');
  return testExports;
}

/** A file (or folder) of the fixture workspace. */
export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Waits until `check` holds, failing with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
