/** Smoke test of the integration harness: the extension under test is loaded in a real VS Code. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

describe('integration harness', () => {
  it('loads and activates the restyle.restyle extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('restyle.restyleImage'), 'restyle.restyleImage is not registered');
  });

  it('opens a fresh copy of the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, `expected one workspace folder, got ${folders.map((f) => f.uri.toString()).join(', ')}`);
    const folder = folders[0].uri;
    assert.strictEqual(folder.scheme, 'file');
    const expected = process.env.RESTYLE_FIXTURE_WORKSPACE;
    assert.ok(expected, 'RESTYLE_FIXTURE_WORKSPACE (from extensionTestsEnv) did not reach the extension host');
    assert.strictEqual(path.resolve(folder.fsPath), path.resolve(expected));
    assert.notStrictEqual(path.resolve(folder.fsPath), path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace'));
    for (const name of ['sprite.png', 'Photo.JPG', 'notes.txt', 'fake.png']) {
      assert.ok(fs.existsSync(path.join(folder.fsPath, name)), `${name} is missing from the workspace copy`);
    }
  });
});
