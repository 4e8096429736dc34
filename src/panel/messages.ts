/** Validates messages from the webview: untrusted input until proven otherwise. */
import { isOutputFormat } from '../core/params';
import type { FromWebview } from '../shared/protocol';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 10_000;
}

/** The message, if it is one of the protocol's and its fields have the right types; otherwise undefined. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
    case 'cancel':
      return { type: value.type };
    case 'open':
    case 'reveal':
      return isId(value.id) ? { type: value.type, id: value.id } : undefined;
    case 'generate': {
      const { prompt, strength, format, keepPalette, only } = value;
      if (typeof prompt !== 'string' || typeof strength !== 'number' || !isOutputFormat(format) || typeof keepPalette !== 'boolean') return undefined;
      if (only !== undefined && !isId(only)) return undefined;
      return { type: 'generate', prompt, strength, format, keepPalette, ...(only === undefined ? {} : { only }) };
    }
    default:
      return undefined;
  }
}
