/** Messages between the extension host and the image worker. Pixels travel as transferred buffers. */
import type { FinishOptions, Finished } from './finish';
import type { FinishKeep, Prepared } from './prepare';

export type ImageJob =
  | { readonly id: number; readonly kind: 'prepare'; readonly bytes: Uint8Array; readonly fileName: string }
  | { readonly id: number; readonly kind: 'finish'; readonly answer: Uint8Array; readonly keep: FinishKeep; readonly options: FinishOptions };

export type ImageJobReply =
  | { readonly id: number; readonly ok: true; readonly value: Prepared | Finished }
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
