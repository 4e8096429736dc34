/** Presets (user settings) and this workspace's recent prompts, for the panel's Preset picker and prompt history. */
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { addRecentPrompt, parsePresets, parseRecentPrompts, withPreset, type Preset } from '../core/presets';

const RECENT_KEY = 'restyle.recentPrompts';

export class PromptLibrary extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly workspaceState: vscode.Memento, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('restyle.presets')) this.changed.fire();
    }));
  }

  presets(): Preset[] {
    const { presets, skipped } = parsePresets(vscode.workspace.getConfiguration('restyle').get('presets'));
    if (skipped) this.log.warn(`restyle.presets: ${skipped} entr${skipped === 1 ? 'y was' : 'ies were'} skipped (each needs a name and a prompt; strength from 0 to 1).`);
    return presets;
  }

  recentPrompts(): string[] {
    return parseRecentPrompts(this.workspaceState.get(RECENT_KEY));
  }

  async remember(prompt: string): Promise<void> {
    await this.workspaceState.update(RECENT_KEY, addRecentPrompt(this.workspaceState.get(RECENT_KEY), prompt));
    this.changed.fire();
  }

  /** Save as Preset: asks for a name, then adds the preset to the user settings. */
  async savePreset(prompt: string, strength: number, name?: string): Promise<Preset | undefined> {
    const chosen = name ?? (await vscode.window.showInputBox({
      title: 'Restyle: Save as Preset',
      prompt: `A name for "${prompt.length > 60 ? `${prompt.slice(0, 60)}…` : prompt}" at strength ${strength.toFixed(2)}`,
      placeHolder: 'e.g. Cyberpunk',
      validateInput: (v) => (!v.trim() ? 'Give the preset a name.' : v.length > 80 ? 'At most 80 characters.' : undefined),
    }));
    if (!chosen?.trim()) return undefined;
    const preset = { name: chosen.trim(), prompt: prompt.trim(), strength };
    const config = vscode.workspace.getConfiguration('restyle');
    await config.update('presets', withPreset(config.inspect('presets')?.globalValue, preset), vscode.ConfigurationTarget.Global);
    void vscode.window.setStatusBarMessage(`Restyle: saved the preset "${preset.name}"`, 4000);
    return preset;
  }

}
