/** Reading and showing credit balances, which arrive as headers or JSON and may be missing or garbage. */

/** A finite, non-negative number from a header or JSON value, or undefined. */
export function parseCredits(value: unknown): number | undefined {
  if (Array.isArray(value)) return parseCredits(value[0]);
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Two decimals, as money is usually shown: 12.3456 → "12.35". */
export function formatCredits(credits: number): string {
  return credits.toFixed(2);
}
