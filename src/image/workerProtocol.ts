/** Messages between the extension host and the image worker. Pixels travel as transferred buffers. */
import type { FinishOptions, Finished } from './finish';
import type { FinishKeep } from './finishRaster';
import type { Prepared, PrepareOptions } from './prepare';
import type { PlateImage } from './set/setJobs';
import type { FinishSetOptions, SetMember, SetOutput, SetPlates, SetSummary } from './set/setTypes';

export type ImageJob =
  | { readonly id: number; readonly kind: 'prepare'; readonly bytes: Uint8Array; readonly fileName: string; readonly options?: PrepareOptions }
  | { readonly id: number; readonly kind: 'finish'; readonly answer: Uint8Array; readonly keep: FinishKeep; readonly options: FinishOptions }
  | { readonly id: number; readonly kind: 'inspectMember'; readonly member: SetMember }
  | { readonly id: number; readonly kind: 'composePlate'; readonly members: readonly SetMember[]; readonly plates: SetPlates; readonly plate: number }
  | { readonly id: number; readonly kind: 'finishSet'; readonly members: readonly SetMember[]; readonly plates: SetPlates; readonly answers: readonly Uint8Array[]; readonly options: FinishSetOptions };

export type ImageJobValue = Prepared | Finished | SetSummary | PlateImage | SetOutput[];

export type ImageJobReply =
  | { readonly id: number; readonly ok: true; readonly value: ImageJobValue }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** The buffers of a value that can be moved to the other thread instead of copied. */
export function transferablesOf(...views: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) {
    // Only a view that owns its whole buffer may be moved: a Node Buffer from the pool shares it.
    if (view && view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) buffers.add(view.buffer);
  }
  return [...buffers];
}
