/** Validates messages from the webview: untrusted input until proven otherwise. */
import { MAX_PROMPT_LENGTH, MAX_VARIANTS, isOutputFormat } from '../core/params';
import { MAX_EARLIER, type FromWebview } from '../shared/protocol';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 10_000;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_VARIANTS;
}

/** The message, if it is one of the protocol's and its fields have the right types; otherwise undefined. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      return { type: value.type };
    case 'cancel':
      if (value.id === undefined) return { type: 'cancel' };
      return isId(value.id) ? { type: 'cancel', id: value.id } : undefined;
    case 'saveAs':
    case 'rerun':
      return isId(value.id) ? { type: value.type, id: value.id } : undefined;
    case 'open':
    case 'reveal':
    case 'discard':
      return isId(value.id) && isIndex(value.index) ? { type: value.type, id: value.id, index: value.index } : undefined;
    case 'savePreset': {
      const { prompt, strength } = value;
      if (typeof prompt !== 'string' || !prompt.trim() || prompt.length > MAX_PROMPT_LENGTH || typeof strength !== 'number' || !(strength >= 0 && strength <= 1)) return undefined;
      return { type: 'savePreset', prompt, strength };
    }
    case 'generate': {
      const { prompt, strength, format, keepPalette, variants, only } = value;
      if (typeof prompt !== 'string' || typeof strength !== 'number' || !isOutputFormat(format) || typeof keepPalette !== 'boolean') return undefined;
      if (!(typeof variants === 'number' && Number.isInteger(variants) && variants >= 1 && variants <= MAX_VARIANTS)) return undefined;
      if (only !== undefined && !isId(only)) return undefined;
      return { type: 'generate', prompt, strength, format, keepPalette, variants, ...(only === undefined ? {} : { only }) };
    }
    case 'sheet': {
      if (!isId(value.id)) return undefined;
      if (value.grid === undefined) return { type: 'sheet', id: value.id };
      const g = value.grid;
      const size = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= 8192;
      if (!isRecord(g) || !size(g.cellWidth, 1) || !size(g.cellHeight, 1) || !size(g.margin, 0) || !size(g.spacing, 0)) return undefined;
      return { type: 'sheet', id: value.id, grid: { cellWidth: g.cellWidth, cellHeight: g.cellHeight, margin: g.margin, spacing: g.spacing } };
    }
    case 'earlier':
      if (!isId(value.id) || !(typeof value.index === 'number' && Number.isInteger(value.index) && value.index >= 0 && value.index < MAX_EARLIER)) return undefined;
      return value.action === 'open' || value.action === 'reveal' || value.action === 'discard' ? { type: 'earlier', action: value.action, id: value.id, index: value.index } : undefined;
    case 'together':
    case 'seamless':
      return typeof value.checked === 'boolean' ? { type: value.type, checked: value.checked } : undefined;
    default:
      return undefined;
  }
}
