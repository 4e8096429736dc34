/**
 * What the UI test and the benchmark share to drive a real workbench: the harness of test/vscode/
 * (code-server, the packaged extension, Chromium), and running a command from the Command Palette.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export interface CodeServer {
  url: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** test/vscode/prepare.mjs and codeServer.mjs, as these tests use them. */
export interface Harness {
  prepareVSCode(): unknown;
  newRunDir(name: string): string;
  installVsix(vsix: string, extensionsDir: string): Promise<unknown>;
  startCodeServer(options: { runDir: string; extensionsDir: string; userSettings: Record<string, unknown> }): Promise<CodeServer>;
  launchBrowser(): Promise<Browser>;
  workbenchUrl(url: string, options: { folder: string; extensionDevelopmentPath?: string }): string;
  quietSettings: Record<string, unknown>;
}

export async function loadHarness(root: string): Promise<Harness> {
  const load = (name: string) => import(pathToFileURL(path.join(root, 'test', 'vscode', name)).href);
  return { ...(await load('prepare.mjs')), ...(await load('codeServer.mjs')) } as Harness;
}

/** Runs the command with this exact title from the Command Palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.quick-input-widget .monaco-list-row .label-name').filter({ hasText: exact }).first().click();
}
