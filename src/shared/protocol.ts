/** Messages between the extension host and the panel's webview. No `vscode` or DOM imports. */
import type { GenerationParams, OutputFormat } from '../core/params';
import type { OutputSize, SourceFacts } from './route';

/** What the panel's fields hold: the generation's parameters and the palette checkbox. */
export interface PanelParams extends GenerationParams {
  readonly keepPalette: boolean;
}

/** Settings the panel needs to describe the route (they are changed in Settings, not in the panel). */
export interface PanelOptions {
  readonly outputSize: OutputSize;
  readonly keepTransparency: boolean;
}

export interface ImageView {
  readonly name: string;
  /** A webview URI the page may load. */
  readonly src: string;
  readonly width?: number;
  readonly height?: number;
  readonly bytes: number;
}

export type SourceState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'queued' }
  | { readonly kind: 'running'; readonly startedAt: number }
  | { readonly kind: 'done'; readonly result: ImageView; readonly elapsedMs: number; readonly route: string; readonly note?: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface SourceView {
  readonly id: number;
  readonly image: ImageView;
  /** Why this file cannot be restyled, when a check of its bytes failed. */
  readonly problem?: string;
  /** Known once the source is decoded (in the background, right after the panel opens). */
  readonly facts?: SourceFacts;
  readonly state: SourceState;
}

export type ToWebview =
  | { readonly type: 'init'; readonly sources: readonly SourceView[]; readonly params: PanelParams; readonly options: PanelOptions; readonly running: boolean }
  | { readonly type: 'options'; readonly options: PanelOptions }
  | { readonly type: 'source'; readonly source: SourceView }
  | { readonly type: 'running'; readonly running: boolean; readonly summary?: string };

export type FromWebview =
  | { readonly type: 'ready' }
  | {
      readonly type: 'generate';
      readonly prompt: string;
      readonly strength: number;
      readonly format: OutputFormat;
      readonly keepPalette: boolean;
      readonly only?: number;
    }
  | { readonly type: 'cancel' }
  | { readonly type: 'open'; readonly id: number }
  | { readonly type: 'reveal'; readonly id: number };
