/** What travels between the host and the worker about a set: its members, their cells and the plates. Plain data. */
import type { PlateLayout } from '../plate/plateLayout';
import type { SeamlessMode } from '../tile/tileChoice';

/** One file of a set, as the worker reads it again for every job (stateless: small sets decode in milliseconds). */
export interface SetMember {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** The sheet JSON beside a PNG, when one pairs with it. */
  readonly sidecar?: { readonly name: string; readonly text: string };
  /** Restyle it as one picture even if it looks like a sheet or an animation (the panel's Not a sheet, or `restyle.sheets: off`). */
  readonly whole?: boolean;
  /** Cells, margin and spacing set by hand in the panel's Sheet row (instead of a sidecar or found gutters). */
  readonly grid?: { readonly cellWidth: number; readonly cellHeight: number; readonly margin: number; readonly spacing: number };
  /** Which cells go as seamless tiles (`restyle.seamless` or the panel's checkbox); none when absent. */
  readonly seamless?: SeamlessMode;
}

export type SetKind = 'sheet' | 'animation' | 'image';

/** A cell as the plate layout needs it. */
export interface CellShape {
  readonly width: number;
  readonly height: number;
  readonly pixelArt: boolean;
  readonly group?: string;
  /** Sent as a seamless tile: with its own wrap-around, which the plate gives room for; it comes back repeating. */
  readonly seamless?: boolean;
  /** Whether the cell itself repeats without a seam (measured unless Seamless is off): why `auto` chose it. */
  readonly repeats?: boolean;
}

/** What the worker tells the host about a member. */
export interface SetSummary {
  readonly kind: SetKind;
  readonly width: number;
  readonly height: number;
  readonly cells: readonly CellShape[];
  /** e.g. `Sheet: 8 frames of 32 × 32 (Aseprite JSON; tags walk, idle)` or `Animation: 8 frames, APNG, loops forever`. */
  readonly description?: string;
  /** Why a sidecar or animation could not be used (the member is then restyled as one picture). */
  readonly problem?: string;
  /** The format the variant is written in. */
  readonly format: 'png' | 'webp' | 'gif' | 'jpeg';
  readonly hasAlpha: boolean;
  readonly colours?: number;
  /** A sheet's frames as they lie in it, for the panel's cell overlay. */
  readonly frames?: readonly { readonly x: number; readonly y: number; readonly w: number; readonly h: number }[];
}

/** Where a global cell index comes from: its member and its cell there. */
export interface CellRef {
  readonly member: number;
  readonly cell: number;
}

export interface SetPlates {
  readonly layouts: readonly PlateLayout[];
  /** refs[i] is the member and cell of global cell i (the index the layouts' placements use). */
  readonly refs: readonly CellRef[];
}

export interface FinishSetOptions {
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
}

/** A member's restyled file, ready to save (the host adds the parameters). */
export interface SetOutput {
  readonly member: number;
  readonly bytes: Uint8Array;
  readonly format: 'png' | 'webp' | 'gif' | 'jpeg';
  readonly width: number;
  readonly height: number;
  /** The sheet's JSON for the new PNG, `meta.image` still to be set by the host once the name is known. */
  readonly sheetJson?: string;
  readonly transparencyKept: boolean;
  readonly paletteKept: boolean;
}
