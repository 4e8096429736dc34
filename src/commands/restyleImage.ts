/** Restyle with SD3 Turbo…: from the Explorer (one or many files), the image preview, or the Command Palette. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inspectSourceFile } from '../core/sourceImage';
import type { PanelManager } from '../panel/panelManager';
import type { RestylePanel } from '../panel/restylePanel';

const IMAGE_EXTENSION = /^\.(png|jpe?g|webp|gif)$/i;

function isImageName(uri: vscode.Uri): boolean {
  return IMAGE_EXTENSION.test(path.extname(uri.path));
}

/** The image the active tab previews, if it is VS Code's built-in image preview. */
function activeImagePreview(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === 'imagePreview.previewEditor' ? input.uri : undefined;
}

async function askForImages(): Promise<vscode.Uri[]> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Restyle with SD3 Turbo',
    openLabel: 'Restyle',
    canSelectMany: true,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp', 'gif'] },
  });
  return picked ?? [];
}

/** Which files the command was invoked on, in the order VS Code gives them. */
async function targetsOf(clicked: unknown, selected: unknown): Promise<vscode.Uri[]> {
  if (Array.isArray(selected) && selected.length && selected.every((u) => u instanceof vscode.Uri)) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const preview = activeImagePreview();
  return preview ? [preview] : askForImages();
}

export function registerRestyleCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('restyle.restyleImage', async (clicked?: unknown, selected?: unknown): Promise<RestylePanel | undefined> => {
    const all = await targetsOf(clicked, selected);
    const local = all.filter((u) => u.scheme === 'file');
    const images = local.length > 1 ? local.filter(isImageName) : local;
    const skipped = all.filter((u) => !images.includes(u)).map((u) => path.basename(u.path));
    if (skipped.length) {
      void vscode.window.showWarningMessage(`Restyle skipped ${skipped.join(', ')}: only PNG, JPEG, WebP and GIF files on this machine can be restyled.`);
    }
    if (!images.length) return undefined;
    if (images.length === 1) {
      // A single unusable file: say why at once, instead of opening a panel that can do nothing.
      const check = await inspectSourceFile(images[0].fsPath).catch((error: Error) => ({ ok: false as const, problem: error.message }));
      if (!check.ok) {
        void vscode.window.showWarningMessage(check.problem);
        return undefined;
      }
    }
    return panels.show(images);
  });
}
