/** Presets and recent prompts for the prompt field: pickers, and Alt+↑ / Alt+↓ to walk recent prompts from the keyboard. */
import type { Preset } from '../shared/protocol';
import { make } from './dom';

export interface PromptTools {
  update(presets: readonly Preset[], recent: readonly string[]): void;
}

export function attachPromptTools(
  prompt: HTMLTextAreaElement,
  presetPicker: HTMLSelectElement,
  recentPicker: HTMLSelectElement,
  apply: (values: { prompt: string; strength?: number }) => void,
): PromptTools {
  let presets: readonly Preset[] = [];
  let recent: readonly string[] = [];
  /** -1: the user's own text; 0..n-1: a recent prompt. */
  let walk = -1;
  let own = '';

  const fill = (select: HTMLSelectElement, first: string, items: { value: string; label: string }[]) => {
    const options = [make('option', undefined, first), ...items.map((item) => Object.assign(make('option', undefined, item.label), { value: item.value }))];
    options[0].value = '';
    select.replaceChildren(...options);
    select.disabled = items.length === 0;
  };

  presetPicker.addEventListener('change', () => {
    const preset = presets[Number(presetPicker.value)];
    presetPicker.value = '';
    if (preset) apply({ prompt: preset.prompt, strength: preset.strength });
  });
  recentPicker.addEventListener('change', () => {
    const chosen = recent[Number(recentPicker.value)];
    recentPicker.value = '';
    if (chosen !== undefined) apply({ prompt: chosen });
  });
  prompt.addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || !recent.length) return;
    event.preventDefault();
    if (walk === -1) own = prompt.value;
    walk = Math.max(-1, Math.min(recent.length - 1, walk + (event.key === 'ArrowUp' ? 1 : -1)));
    apply({ prompt: walk === -1 ? own : recent[walk] });
  });
  prompt.addEventListener('input', () => (walk = -1));

  return {
    update(nextPresets, nextRecent) {
      presets = nextPresets;
      recent = nextRecent;
      fill(presetPicker, presets.length ? 'Preset…' : 'No presets', presets.map((p, i) => ({ value: String(i), label: p.strength === undefined ? p.name : `${p.name} (${p.strength.toFixed(2)})` })));
      fill(recentPicker, recent.length ? 'Recent prompts…' : 'No recent prompts', recent.map((p, i) => ({ value: String(i), label: p.length > 70 ? `${p.slice(0, 70)}…` : p })));
    },
  };
}
