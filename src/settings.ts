/** Typed access to the `restyle.*` settings. */
import * as vscode from 'vscode';
import { DEFAULT_ENDPOINT } from './core/endpoint';
import { DEFAULT_OUTPUT_NAME } from './core/outputName';
import type { OutputSize } from './image/finish';
import type { TogetherSetting } from './core/setPlan';
import type { SeamlessMode } from './image/tile/tileChoice';
import { isOutputFormat, normaliseStrength, normaliseVariants, type OutputFormatSetting } from './core/params';

export interface RestyleSettings {
  readonly endpoint: string;
  readonly defaultStrength: number;
  readonly outputFormat: OutputFormatSetting;
  readonly outputName: string;
  readonly lowCreditsThreshold: number;
  readonly requestTimeoutMs: number;
  readonly maxConcurrentRequests: number;
  readonly requestsPerMinute: number;
  readonly outputSize: OutputSize;
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
  readonly variants: number;
  /** `auto`: a PNG with a sheet JSON (or transparent gutters) is a sheet; `off`: every file is one picture. */
  readonly sheets: 'auto' | 'off';
  /** The least size a cell of a set gets in the answer, 64 to 1024 px. */
  readonly plateCellPixels: number;
  readonly together: TogetherSetting;
  /** `auto`: a source that repeats without a seam is sent as a seamless tile; `on`: every source; `off`: none. */
  readonly seamless: SeamlessMode;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readSettings(): RestyleSettings {
  const config = vscode.workspace.getConfiguration('restyle');
  const format = config.get<string>('outputFormat');
  return {
    endpoint: config.get<string>('endpoint')?.trim() || DEFAULT_ENDPOINT,
    defaultStrength: normaliseStrength(config.get('defaultStrength'), 0.6),
    outputFormat: isOutputFormat(format) ? format : 'auto',
    outputName: config.get<string>('outputName')?.trim() || DEFAULT_OUTPUT_NAME,
    lowCreditsThreshold: config.get<number>('lowCreditsThreshold') ?? 1,
    requestTimeoutMs: positive(config.get<number>('requestTimeoutSeconds'), 300) * 1000,
    maxConcurrentRequests: Math.round(positive(config.get<number>('maxConcurrentRequests'), 2)),
    requestsPerMinute: Math.round(positive(config.get<number>('requestsPerMinute'), 5)),
    outputSize: config.get<string>('outputSize') === 'generated' ? 'generated' : 'source',
    keepTransparency: config.get<boolean>('keepTransparency') !== false,
    keepPalette: config.get<boolean>('keepPalette') === true,
    variants: normaliseVariants(config.get('variants'), 1),
    sheets: config.get<string>('sheets') === 'off' ? 'off' : 'auto',
    plateCellPixels: Math.round(Math.min(1024, Math.max(64, positive(config.get<number>('plateCellPixels'), 256)))),
    seamless: ((s) => (s === 'on' || s === 'off' ? s : 'auto'))(config.get<string>('seamless')),
    together: ((t) => (t === 'always' || t === 'never' ? t : 'auto'))(config.get<string>('together')),
  };
}
