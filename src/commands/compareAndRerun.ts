/**
 * restyle.compare (a variant against its source, in the Restyle panel) and restyle.rerun (the same
 * parameters again on a source): used by the Restyle History view. The panels' manager does the work.
 */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/panelManager';

export function registerCompareAndRerunCommands(panels: PanelManager): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('restyle.compare', (source: unknown, variant: unknown) => panels.compare(source, variant)),
    vscode.commands.registerCommand('restyle.rerun', (args: unknown) => panels.rerun(args)),
  );
}
