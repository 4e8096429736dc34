/** Messages between the extension host and the panel's webview. No `vscode` or DOM imports. */
import type { GenerationParams, OutputFormat } from './params';
import type { PersistedPanel } from './persistedPanel';
import type { OutputSize, SourceFacts } from './route';

/** What the panel's fields hold: the generation's parameters and the palette checkbox. */
export interface PanelParams extends GenerationParams {
  readonly keepPalette: boolean;
  /** Generations per source, 1 to 4. */
  readonly variants: number;
}

/** Settings the panel needs to describe the route (they are changed in Settings, not in the panel). */
export interface PanelOptions {
  readonly outputSize: OutputSize;
  readonly keepTransparency: boolean;
  /** `restyle.previewBackground`: where the preview's Background picker starts ('checkerboard', 'light', 'dark' or a `#rrggbb` colour). */
  readonly previewBackground?: string;
}

export interface ImageView {
  readonly name: string;
  /** A webview URI the page may load. */
  readonly src: string;
  readonly width?: number;
  readonly height?: number;
  readonly bytes: number;
}

/** One saved variant in a source's grid. */
export interface ResultView {
  readonly index: number;
  readonly image: ImageView;
  readonly route: string;
  readonly elapsedMs: number;
  readonly note?: string;
}

export type SourceState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'queued' }
  | { readonly kind: 'running'; readonly startedAt: number; readonly finished: number; readonly total: number }
  /** At least one variant saved; `problem` says what happened to the others. */
  | { readonly kind: 'done'; readonly problem?: string }
  | { readonly kind: 'failed'; readonly message: string; /** A paid image kept because it could not be saved: offer Save As…. */ readonly kept?: boolean };

/** A preset from `restyle.presets`, checked. */
export interface Preset {
  readonly name: string;
  readonly prompt: string;
  readonly strength?: number;
}

/** The estimate's inputs: the price per call and the balance, when known. */
export interface PricingView {
  readonly pricePerCall: number;
  readonly balance?: number;
  readonly confirmAbove: number;
}

export interface SourceView {
  readonly id: number;
  readonly image: ImageView;
  /** Why this file cannot be restyled, when a check of its bytes failed. */
  readonly problem?: string;
  /** Known once the source is decoded (in the background, right after the panel opens). */
  readonly facts?: SourceFacts;
  readonly state: SourceState;
  /** The saved variants of the latest run. */
  readonly results: readonly ResultView[];
  /** When the source is a set (a sheet or an animation): what Restyle found, or why its JSON or frames could not be used. */
  readonly set?: {
    readonly description?: string;
    readonly problem?: string;
    /** The planned route of the set this source is in, e.g. `8 frames → 1 call (2 × 4 cells of 256 px) → saved 256 × 32 PNG`. */
    readonly route?: string;
    /** A sheet's frames as they lie in it, in source pixels, for the cell overlay; `seamless` for those sent as tiles (outlined solid). */
    readonly cells?: readonly { readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly seamless?: true }[];
  };
  /** When this source is a Restyle variant: what it was made from, for Re-run (escaped by the page: text only). */
  readonly madeFrom?: { readonly source: string; readonly prompt: string; readonly strength: number };
  /** Variants Restyle made of this source before this panel (from the History, files still there), newest first; `index` is the position here. */
  readonly earlier?: readonly ResultView[];
}

export type ToWebview =
  | {
      readonly type: 'init';
      readonly sources: readonly SourceView[];
      readonly params: PanelParams;
      readonly options: PanelOptions;
      readonly running: boolean;
      readonly pricing: PricingView;
      readonly presets: readonly Preset[];
      /** This workspace's last prompts, newest first. */
      readonly recentPrompts: readonly string[];
    }
  | { readonly type: 'pricing'; readonly pricing: PricingView }
  /** Fill the form (Re-run) and/or open a variant in the compare view. */
  | { readonly type: 'show'; readonly params?: PanelParams; readonly compare?: { readonly id: number; readonly index: number } }
  | { readonly type: 'presets'; readonly presets: readonly Preset[]; readonly recentPrompts: readonly string[] }
  | { readonly type: 'options'; readonly options: PanelOptions }
  | { readonly type: 'source'; readonly source: SourceView }
  | { readonly type: 'running'; readonly running: boolean; readonly summary?: string }
  /** How the run would travel, per variant: its calls, and the calls one at a time (for the estimate). */
  | { readonly type: 'plan'; readonly plan: PlanShape }
  /** What to keep across a window reload (the webview stores it with setState). */
  | { readonly type: 'persist'; readonly panel: PersistedPanel };

export type FromWebview =
  | { readonly type: 'ready' }
  | {
      readonly type: 'generate';
      readonly prompt: string;
      readonly strength: number;
      readonly format: OutputFormat;
      readonly keepPalette: boolean;
      readonly variants: number;
      readonly only?: number;
    }
  /** The whole run, or one file's part of it. */
  | { readonly type: 'cancel'; readonly id?: number }
  | { readonly type: 'open'; readonly id: number; readonly index: number }
  | { readonly type: 'reveal'; readonly id: number; readonly index: number }
  | { readonly type: 'discard'; readonly id: number; readonly index: number }
  | { readonly type: 'saveAs'; readonly id: number }
  | { readonly type: 'rerun'; readonly id: number }
  | { readonly type: 'savePreset'; readonly prompt: string; readonly strength: number }
  /** The Together checkbox: several files on shared plates (one style, fewer calls). */
  | { readonly type: 'together'; readonly checked: boolean }
  /** The Seamless tile checkbox: the sources are sent with their wrap-around and come back repeating. */
  | { readonly type: 'seamless'; readonly checked: boolean }
  /** The Sheet row: cells set by hand (W × H, margin, spacing), or Not a sheet. */
  | { readonly type: 'sheet'; readonly id: number; readonly grid?: { readonly cellWidth: number; readonly cellHeight: number; readonly margin: number; readonly spacing: number } }
  | EarlierVariantMessage;

/** Earlier variants a panel lists per source. */
export const MAX_EARLIER = 12;

/** Open, Reveal or Discard one of a source's earlier variants (`SourceView.earlier[index]`). */
export interface EarlierVariantMessage {
  readonly type: 'earlier';
  readonly action: 'open' | 'reveal' | 'discard';
  readonly id: number;
  readonly index: number;
}

/** A run's plan as the estimate needs it, for one variant (variants multiply every count). */
export interface PlanShape {
  readonly calls: number;
  readonly aloneCalls: number;
  readonly cells: number;
  readonly unit: string;
  /** True when several files can go together (the Together checkbox is shown), and whether they do. */
  readonly togetherOffered: boolean;
  readonly together: boolean;
  /** Whether the sources go as seamless tiles, and why (e.g. the source repeats without a seam). */
  readonly seamless: boolean;
  readonly seamlessNote?: string;
}
