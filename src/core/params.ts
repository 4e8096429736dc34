/** What the user asks for, checked: the panel's fields are untrusted until they pass here. */
import type { GenerationParams, OutputFormat } from '../shared/params';
import type { ImageFormat } from './imageInfo';

export type { GenerationParams, OutputFormat };
export type OutputFormatSetting = OutputFormat | 'auto';

export const STRENGTH_STEP = 0.05;
export const MAX_PROMPT_LENGTH = 2000;


export function isOutputFormat(value: unknown): value is OutputFormat {
  return value === 'jpeg' || value === 'png';
}

/** PNG keeps sprites' hard edges (and is what a PNG or WebP source most likely wants); JPEG stays JPEG. */
export function resolveOutputFormat(setting: OutputFormatSetting, source: ImageFormat): OutputFormat {
  if (setting !== 'auto') return setting;
  return source === 'jpeg' ? 'jpeg' : 'png';
}

/** Rounds to the slider's step and clamps to 0..1; NaN and non-numbers give `fallback`. */
export function normaliseStrength(value: unknown, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const clamped = Math.min(1, Math.max(0, n));
  return Number((Math.round(clamped / STRENGTH_STEP) * STRENGTH_STEP).toFixed(2));
}

export const MAX_VARIANTS = 4;

/** 1 to MAX_VARIANTS whole variants per source; anything else gives `fallback`. */
export function normaliseVariants(value: unknown, fallback: number): number {
  const n = typeof value === 'number' && Number.isInteger(value) ? value : fallback;
  return Math.min(MAX_VARIANTS, Math.max(1, Math.round(n)));
}

export type ParamsCheck = { ok: true; params: GenerationParams } | { ok: false; problem: string };

/** Checks parameters coming from the webview (or anywhere untrusted). */
export function checkGenerationParams(input: { prompt?: unknown; strength?: unknown; format?: unknown }): ParamsCheck {
  const { prompt, strength, format } = input;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return { ok: false, problem: 'Describe the style you want in the prompt.' };
  }
  if (prompt.length > MAX_PROMPT_LENGTH) {
    return { ok: false, problem: `The prompt is too long (${prompt.length} characters; at most ${MAX_PROMPT_LENGTH}).` };
  }
  if (typeof strength !== 'number' || !Number.isFinite(strength) || strength < 0 || strength > 1) {
    return { ok: false, problem: 'Strength must be a number from 0 to 1.' };
  }
  if (!isOutputFormat(format)) {
    return { ok: false, problem: 'Output format must be jpeg or png.' };
  }
  return { ok: true, params: { prompt: prompt.trim(), strength: normaliseStrength(strength, strength), format } };
}
