/** An animation as the codecs read and write it: every frame a whole canvas, with its delay, and the loop count. */
import type { Raster } from '../raster';

export type AnimationFormat = 'apng' | 'webp' | 'gif';

export interface AnimationFrame {
  /** The whole canvas (width × height) as a viewer shows it while this frame is up. */
  raster: Raster;
  /** How long the frame stays up, in milliseconds (GIF keeps hundredths of a second). */
  delayMs: number;
}

export interface Animation {
  format: AnimationFormat;
  width: number;
  height: number;
  /**
   * How many times the animation plays; 0 = forever. A GIF without a NETSCAPE2.0 extension plays
   * once; its count n means n repetitions after the first play (n + 1 plays), as browsers show it.
   */
  loopCount: number;
  frames: AnimationFrame[];
}
