/** Presets from `restyle.presets` (checked: settings are user input) and the workspace's recent prompts. */
import { MAX_PROMPT_LENGTH, normaliseStrength } from './params';

export interface Preset {
  readonly name: string;
  readonly prompt: string;
  readonly strength?: number;
}

export const MAX_RECENT_PROMPTS = 20;
const MAX_PRESETS = 100;
const MAX_NAME_LENGTH = 80;

/** The valid presets of a setting's value; invalid entries are skipped, never fatal. */
export function parsePresets(value: unknown): { presets: Preset[]; skipped: number } {
  const presets: Preset[] = [];
  let skipped = 0;
  for (const item of Array.isArray(value) ? value.slice(0, MAX_PRESETS) : []) {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const { name, prompt, strength } = record;
    const valid =
      typeof name === 'string' && name.trim() && name.length <= MAX_NAME_LENGTH &&
      typeof prompt === 'string' && prompt.trim() && prompt.length <= MAX_PROMPT_LENGTH &&
      (strength === undefined || (typeof strength === 'number' && strength >= 0 && strength <= 1));
    if (!valid) {
      skipped++;
      continue;
    }
    presets.push({ name: name.trim(), prompt: prompt.trim(), ...(typeof strength === 'number' ? { strength: normaliseStrength(strength, strength) } : {}) });
  }
  return { presets, skipped };
}

/** The setting's new value with `preset` added, replacing one of the same name. */
export function withPreset(current: unknown, preset: Preset): Preset[] {
  const { presets } = parsePresets(current);
  return [...presets.filter((p) => p.name !== preset.name), preset];
}

/** The stored recent prompts, checked (workspace state may be stale or tampered with). */
export function parseRecentPrompts(value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && !!p.trim() && p.length <= MAX_PROMPT_LENGTH) : [];
  return [...new Set(list)].slice(0, MAX_RECENT_PROMPTS);
}

/** Recent prompts with `prompt` first: newest first, without duplicates, at most MAX_RECENT_PROMPTS. */
export function addRecentPrompt(recent: unknown, prompt: string): string[] {
  const trimmed = prompt.trim();
  return parseRecentPrompts([trimmed, ...parseRecentPrompts(recent).filter((p) => p !== trimmed)]);
}
