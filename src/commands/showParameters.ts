/** Restyle: Show Parameters: how a saved variant was made, read from the file itself and shown as a read-only plain-text document. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { readVariantMetadataFromFile } from '../core/readVariantMetadata';
import { describeRecord, replaceUnsafeCharacters } from '../core/variantMetadata';

export const PARAMETERS_SCHEME = 'restyle-parameters';
const IMAGE_EXTENSION = /^\.(png|jpe?g)$/i;

/** Serves the texts this command made, and nothing else: a `restyle-parameters:` link from elsewhere reads no file. */
class ParametersDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  constructor() {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.texts.delete(doc.uri.toString())));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // After a window reload the text is gone: the file is not read again from a URI that anything could have made.
    return this.texts.get(uri.toString()) ?? 'Run "Restyle: Show Parameters" on the image again to see its parameters.';
  }

  /** Shows `text` for `file`, refreshing the document if it is already open. */
  async show(file: vscode.Uri, text: string): Promise<void> {
    // The tab is named after the image; the query keeps two images of the same name apart.
    const uri = vscode.Uri.from({ scheme: PARAMETERS_SCHEME, path: `/${path.basename(file.fsPath)} (Restyle parameters).txt`, query: file.toString() });
    const key = uri.toString();
    this.texts.set(key, text);
    const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === key);
    if (open && open.getText() !== text) {
      // A document still open (or still in memory) asks for the new text: wait until it has it.
      const updated = new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); listener.dispose(); resolve(); };
        const listener = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.toString() === key) done(); });
        const timer = setTimeout(done, 2000);
      });
      this.changed.fire(uri);
      await updated;
    }
    // `.txt`: plain text, so nothing in it is highlighted as code, linked or run.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  protected override onDispose(): void {
    this.texts.clear();
  }
}

/** The image the active tab shows: VS Code's image preview, or a text editor on a PNG/JPEG. */
function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && uri.scheme === 'file' && IMAGE_EXTENSION.test(path.extname(uri.path)) ? uri : undefined;
}

async function askForImage(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Show Restyle Parameters',
    openLabel: 'Show Parameters',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: ['png', 'jpg', 'jpeg'] },
  });
  return picked?.[0];
}

/** The text shown for a record: a title line, then the fields; everything read from the file is already made safe by the core. */
function documentText(fileName: string, body: string): string {
  return `Restyle parameters of ${replaceUnsafeCharacters(fileName)}\n(read from the file; shown as plain text)\n\n${body}\n`;
}

export function registerShowParametersCommand(log: vscode.LogOutputChannel): vscode.Disposable {
  const documents = new ParametersDocuments();
  const command = vscode.commands.registerCommand('restyle.showParameters', async (clicked?: unknown): Promise<void> => {
    const file = clicked instanceof vscode.Uri ? clicked : activeImage() ?? (await askForImage());
    if (!file) return;
    const name = replaceUnsafeCharacters(path.basename(file.fsPath));
    if (file.scheme !== 'file') {
      void vscode.window.showWarningMessage(`${name} is not a file on this machine, so its Restyle parameters cannot be read.`);
      return;
    }
    let record;
    try {
      record = await readVariantMetadataFromFile(file.fsPath);
    } catch (error) {
      log.warn(`Could not read ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      void vscode.window.showWarningMessage(`${name} could not be read${code ? ` (${code})` : ''}.`);
      return;
    }
    if (!record) {
      void vscode.window.showInformationMessage(`${name} carries no Restyle parameters.`);
      return;
    }
    await documents.show(file, documentText(path.basename(file.fsPath), describeRecord(record)));
  });
  return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(PARAMETERS_SCHEME, documents), documents, command);
}
