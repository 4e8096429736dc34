/**
 * The route line each source shows: `32 × 32 → sent as 1024 × 1024 → saved 32 × 32 PNG, transparency kept`.
 * Shared by the host and the webview: no `vscode` or DOM imports.
 */

export type OutputSize = 'source' | 'generated';
export type VariantFormat = 'png' | 'jpeg';

export interface VariantOptions {
  readonly outputSize: OutputSize;
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
  /** The format the user picked. */
  readonly format: VariantFormat;
}

/** What the panel knows about a source once it is decoded. */
export interface SourceFacts {
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  readonly animated: boolean;
  /** Distinct colours when at most 256, else undefined. */
  readonly colours?: number;
  readonly pixelArt: boolean;
  /** The size it is sent at. */
  readonly sendWidth: number;
  readonly sendHeight: number;
  /** Sent as a seamless tile, with its own wrap-around around it. */
  readonly seamless?: boolean;
  /** The seam measure, when taken: true when the source itself repeats without a seam. */
  readonly repeats?: boolean;
}

/** What was saved. */
export interface VariantFacts {
  readonly width: number;
  readonly height: number;
  readonly format: VariantFormat;
  readonly transparencyKept: boolean;
  readonly paletteKept: boolean;
  readonly asGenerated: boolean;
}

/** The saved format: PNG replaces JPEG when the source's transparency is kept. */
export function savedFormat(hasAlpha: boolean, options: Omit<VariantOptions, 'keepPalette'>): VariantFormat {
  if (options.outputSize === 'source' && options.keepTransparency && hasAlpha) return 'png';
  return options.format;
}

/** What to ask the service for: the saved format, except lossless PNG for pixel art that is re-sized anyway. */
export function requestedFormat(source: { hasAlpha: boolean; pixelArt: boolean }, options: Omit<VariantOptions, 'keepPalette'>): VariantFormat {
  if (options.outputSize === 'source' && source.pixelArt) return 'png';
  return savedFormat(source.hasAlpha, options);
}

/** True when JPEG was picked but PNG will be used to keep transparency (the panel says so beside the picker). */
export function jpegReplacedByPng(hasAlpha: boolean, options: Omit<VariantOptions, 'keepPalette'>): boolean {
  return options.format === 'jpeg' && savedFormat(hasAlpha, options) === 'png';
}

export function sizeText(width: number, height: number): string {
  return `${width} × ${height}`;
}

function notes(parts: (string | false)[]): string {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? `, ${kept.join(', ')}` : '';
}

/** The planned route, before anything is sent. */
export function plannedRoute(facts: SourceFacts, options: VariantOptions): string {
  const format = savedFormat(facts.hasAlpha, options).toUpperCase();
  const sent = `sent as ${sizeText(facts.sendWidth, facts.sendHeight)}${facts.seamless ? ' with its wrap-around' : ''}`;
  const from = fromText(facts);
  if (options.outputSize === 'generated') return `${from} → ${sent} → saved as generated (about 1 MP) ${format}`;
  const transparency = facts.hasAlpha && (options.keepTransparency ? 'transparency kept' : 'transparency dropped');
  const palette = options.keepPalette && facts.colours !== undefined && `${facts.colours} source colours`;
  return `${from} → ${sent} → saved ${sizeText(facts.width, facts.height)} ${format}${notes([facts.seamless === true && 'seamless', transparency, palette])}`;
}

function fromText(facts: SourceFacts): string {
  const size = sizeText(facts.width, facts.height);
  return facts.animated ? `${size} (first frame)` : facts.seamless ? `${size} seamless` : size;
}

/** The route a finished variant took, with the size the service really answered. */
export function finishedRoute(facts: SourceFacts, answer: { width: number; height: number } | undefined, variant: VariantFacts): string {
  const from = fromText(facts);
  const answered = answer ? ` → answered ${sizeText(answer.width, answer.height)}` : '';
  const saved = variant.asGenerated ? `saved as generated ${variant.format.toUpperCase()}` : `saved ${sizeText(variant.width, variant.height)} ${variant.format.toUpperCase()}`;
  const transparency = facts.hasAlpha && !variant.asGenerated && (variant.transparencyKept ? 'transparency kept' : 'transparency dropped');
  const wrap = facts.seamless ? ' with its wrap-around' : '';
  return `${from} → sent as ${sizeText(facts.sendWidth, facts.sendHeight)}${wrap}${answered} → ${saved}${notes([facts.seamless === true && !variant.asGenerated && 'seamless', transparency, variant.paletteKept && 'source colours'])}`;
}
