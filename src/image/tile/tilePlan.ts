/**
 * How a seamless tile travels: with its own wrap-around around it (a quarter of the tile on each
 * side), scaled like any source of that padded size. Pure: plans and pixels, no encoding.
 */
import { flattenOnto } from '../alpha';
import { MAX_SENT_PIXELS, MAX_SOURCE_PIXELS, MIN_SIDE_PX, TARGET_LONG_SIDE_PX, TARGET_PIXELS, planRoute, type Route, type Size } from '../plan';
import { hasTransparency, type Raster } from '../raster';
import { scaleByRoute } from '../scale';
import { padFor, wrapPad, type Pad } from './wrapPad';

/** What finishing a tile needs to find it again in the answer. */
export interface TileInfo {
  /** The tile's own size (the variant's). */
  readonly tile: Size;
  /** Wrap-around added on each side, in tile pixels. */
  readonly pad: Pad;
  /** The tile with its wrap-around, in tile pixels (before any scaling for sending). */
  readonly padded: Size;
}

export type TilePlan =
  | { readonly ok: true; readonly info: TileInfo; readonly route: Route }
  | { readonly ok: false; readonly problem: string };

/** The answers' sides are multiples of this; pixel art is sent on the same grid when a factor allows. */
const ANSWER_GRID_PX = 64;

/**
 * The whole factor for pixel art of the padded size: the largest one keeping the long side within
 * TARGET_LONG_SIDE_PX (and both sides at least MIN_SIDE_PX), or a slightly smaller one (down to three
 * quarters of it) that puts both sent sides on the answers' 64 px grid. A 32 × 32 tile (48 × 48 with
 * its wrap-around) goes as 960 × 960, by 20.
 */
export function tileFactor(padded: Size): number {
  const shortSide = Math.min(padded.width, padded.height);
  const longSide = Math.max(padded.width, padded.height);
  const least = Math.ceil(MIN_SIDE_PX / shortSide);
  const most = Math.max(least, Math.floor(TARGET_LONG_SIDE_PX / longSide), 1);
  for (let f = most; f >= Math.max(least, Math.ceil((most * 3) / 4)); f--) {
    if ((f * padded.width) % ANSWER_GRID_PX === 0 && (f * padded.height) % ANSWER_GRID_PX === 0) return f;
  }
  return most;
}

/** The route of a tile of `tile`'s size sent with its wrap-around; `problem` follows the file name in a sentence. */
/** Where a tile of this size sits in its wrap-around: the pad on each side and the padded size. */
export function tileInfo(tile: Size): TileInfo {
  const pad = padFor(tile);
  return { tile: { width: tile.width, height: tile.height }, pad, padded: { width: tile.width + 2 * pad.x, height: tile.height + 2 * pad.y } };
}

export function planTile(tile: Size, pixelArt: boolean): TilePlan {
  const info = tileInfo(tile);
  const { padded } = info;
  if (pixelArt) {
    const factor = tileFactor(padded);
    const send = { width: padded.width * factor, height: padded.height * factor };
    if (send.width * send.height > MAX_SENT_PIXELS) {
      return { ok: false, problem: `is ${tile.width} × ${tile.height} px: with its wrap-around it is too long and narrow for the service. Crop it, or turn Seamless tile off.` };
    }
    return { ok: true, info, route: { kind: 'pixelArt', factor, send } };
  }
  if (tile.width * tile.height <= MAX_SOURCE_PIXELS && padded.width * padded.height > MAX_SOURCE_PIXELS) {
    // A source Restyle takes, grown past the cap by its wrap-around: fitted like any oversize source.
    const scale = Math.sqrt(TARGET_PIXELS / (padded.width * padded.height));
    const send = { width: Math.max(1, Math.round(padded.width * scale)), height: Math.max(1, Math.round(padded.height * scale)) };
    if (Math.min(send.width, send.height) >= MIN_SIDE_PX) return { ok: true, info, route: { kind: 'fitDown', send } };
  }
  // Bytes are unknown before encoding: the caller re-encodes (and falls back to JPEG) within the limit.
  const plan = planRoute({ ...padded, fewColours: false, bytes: 0 });
  return plan.ok ? { ok: true, info, route: plan.route } : { ok: false, problem: plan.problem };
}

/** The pixels to send: the tile flattened (when it has transparency), wrapped around itself, scaled by the route. */
export function padForSending(tile: Raster, route: Route): Raster {
  const { raster } = wrapPad(hasTransparency(tile) ? flattenOnto(tile) : tile);
  return scaleByRoute(route, raster);
}
