/**
 * restyle.compare (a variant against its source, in the Restyle panel) and restyle.rerun (the same
 * parameters again on a source): used by the Restyle History view and by the panel of a variant.
 */
import * as vscode from 'vscode';
import { checkGenerationParams, normaliseVariants } from '../core/params';
import { RestylePanel, type PanelDeps } from '../panel/restylePanel';
import type { GenerationSummary } from '../restyle/restyleSession';
import { readSettings } from '../settings';

function fileUri(value: unknown): vscode.Uri | undefined {
  const uri = value instanceof vscode.Uri ? value : typeof value === 'string' ? vscode.Uri.parse(value) : undefined;
  return uri?.scheme === 'file' ? uri : undefined;
}

export interface RerunArgs {
  readonly source: vscode.Uri | string;
  readonly prompt: string;
  readonly strength: number;
  readonly format: 'png' | 'jpeg';
  readonly keepPalette?: boolean;
  readonly variants?: number;
}

export function registerCompareAndRerunCommands(deps: PanelDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('restyle.compare', async (sourceArg: unknown, variantArg: unknown): Promise<RestylePanel | undefined> => {
      const source = fileUri(sourceArg);
      const variant = fileUri(variantArg);
      if (!source || !variant) return undefined;
      const panel = RestylePanel.show(deps, [source]);
      await panel.session.loaded;
      const index = await panel.session.addExisting(0, variant);
      if (index === undefined) {
        void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(variant)} is no longer there.`);
        return panel;
      }
      panel.show({ compare: { id: 0, index } });
      return panel;
    }),
    vscode.commands.registerCommand('restyle.rerun', async (args: unknown): Promise<GenerationSummary | undefined> => {
      const record = (typeof args === 'object' && args !== null ? args : {}) as Partial<Record<keyof RerunArgs, unknown>>;
      const source = fileUri(record.source);
      const check = checkGenerationParams({ prompt: record.prompt, strength: record.strength, format: record.format });
      if (!source || !check.ok) {
        void vscode.window.showWarningMessage(`Restyle cannot re-run this: ${!source ? 'its source is not a file on this machine' : check.ok ? '' : check.problem}`);
        return undefined;
      }
      const params = { ...check.params, keepPalette: record.keepPalette === true, variants: normaliseVariants(record.variants, readSettings().variants) };
      const panel = RestylePanel.show(deps, [source]);
      panel.show({ params });
      return panel.generate(params);
    }),
  );
}
