/** The password box that asks for the Segmind API key, checks it, and stores it only when Segmind accepts it. */
import * as vscode from 'vscode';
import { SegmindError } from './api/errors';
import type { SegmindAccess } from './segmindAccess';

/**
 * Asks for a key in a password box, checks it against the credits endpoint, and stores it only
 * when Segmind accepts it. Resolves to the stored key, or undefined when the user gave up.
 */
export function promptForApiKey(access: SegmindAccess, reason?: string): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = 'Restyle: Set Segmind API Key';
  box.prompt = `${reason ? `${reason} ` : ''}Paste your Segmind API key (segmind.com → Console → API Keys). It is kept in VS Code's secret storage.`;
  box.placeholder = 'SG_…';
  box.password = true;
  box.ignoreFocusOut = true;

  return new Promise<string | undefined>((resolve) => {
    let settled = false;
    const finish = (key: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(key);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidHide(() => finish(undefined));
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (!key) {
        box.validationMessage = 'Enter a key, or press Escape to cancel.';
        return;
      }
      if (/\s/.test(key)) {
        box.validationMessage = 'A Segmind API key has no spaces.';
        return;
      }
      box.busy = true;
      box.enabled = false;
      try {
        const { credits } = await access.client(key).getCredits();
        await access.keys.store(key);
        access.credits.update(credits, 'account');
        finish(key);
        void vscode.window.showInformationMessage(`Segmind API key saved. ${credits.toFixed(2)} credits left.`);
      } catch (error) {
        box.validationMessage =
          error instanceof SegmindError && error.kind === 'auth'
            ? 'Segmind rejected this key. Check it and try again.'
            : `Could not check the key: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        box.busy = false;
        box.enabled = true;
      }
    });
    box.show();
  });
}
