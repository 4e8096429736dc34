/**
 * Entry point the VS Code extension host loads for the integration tests (extensionTestsPath):
 * runs every out/test/integration/**\/*.test.js with Mocha (bdd) inside the real extension host.
 * Set RESTYLE_TEST_GREP to run only the tests whose full title matches.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import type MochaType = require('mocha');

// mocha 12 is an ES module package; its CommonJS build loads in every extension host (also Electron's Node).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => path.join(dir, name))
    .sort();
}

export async function run(): Promise<void> {
  // VS Code forwards the extension host's console to the test runner's output with the format
  // arguments joined by commas ("%s (%dms),title,12"): hand it finished lines instead.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.RESTYLE_TEST_GREP) mocha.grep(process.env.RESTYLE_TEST_GREP);
  const files = testFiles(__dirname);
  if (files.length === 0) throw new Error(`no integration tests (*.test.js) under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  // run() loads the files with require(), where the extension host's `vscode` module resolves.
  await new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
