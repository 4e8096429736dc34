/**
 * The zoom one source and all its images (variants, compare) are shown at: a whole factor with hard
 * pixel edges for pixel art, a scale for photos. The default fits two frames side by side in the card.
 */

/** Images up to this size a side are pixel art here: whole factors, pixelated (sprites, icons, tiles). */
export const SMALL_IMAGE_PX = 256;
/** Space a frame adds around its image, each side. */
export const FRAME_PAD_PX = 8;
/** The default box an image is fitted in, at most (wider cards still leave room for the variants). */
const BOX_MAX = { width: 240, height: 240 };
const BOX_MIN = 64;
const PHOTO_STEP = 1.25;

export interface Display {
  readonly width: number;
  readonly height: number;
  readonly crisp: boolean;
  readonly zoom: number;
  /** `×8` for pixel art, `25%` for photos. */
  readonly label: string;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export function isPixelArt(size: ImageSize): boolean {
  return Math.max(size.width, size.height) <= SMALL_IMAGE_PX;
}

/** The box the default zoom fits: half the card (two frames side by side), within 64 to 240 px. */
export function defaultBox(cardInnerWidth: number, gap = 12): ImageSize {
  const half = Math.floor((cardInnerWidth - gap) / 2) - 2 * FRAME_PAD_PX;
  const width = Math.max(BOX_MIN, Math.min(BOX_MAX.width, half));
  return { width, height: Math.max(BOX_MIN, Math.min(BOX_MAX.height, width)) };
}

/** The largest zoom at which the image (in its frame) still fits the card's width. */
export function maxZoom(size: ImageSize, cardInnerWidth: number): number {
  const room = Math.max(1, cardInnerWidth - 2 * FRAME_PAD_PX) / size.width;
  return isPixelArt(size) ? Math.max(1, Math.min(64, Math.floor(room))) : Math.max(0.01, Math.min(4, room));
}

export function defaultZoom(size: ImageSize, box: ImageSize): number {
  const fit = Math.min(box.width / size.width, box.height / size.height);
  return isPixelArt(size) ? Math.max(1, Math.floor(fit)) : Math.min(1, fit);
}

/** The zoom one step in (+1) or out (-1): the next whole factor for pixel art, ×1.25 for photos. */
export function stepZoom(size: ImageSize, zoom: number, direction: 1 | -1, cardInnerWidth: number): number {
  const max = maxZoom(size, cardInnerWidth);
  if (isPixelArt(size)) return Math.max(1, Math.min(max, Math.round(zoom) + direction));
  const next = direction > 0 ? zoom * PHOTO_STEP : zoom / PHOTO_STEP;
  return Math.max(0.02, Math.min(max, Math.round(next * 1000) / 1000));
}

/** The size an image is shown at for a zoom (clamped to what fits), with its label. */
export function displayAt(size: ImageSize, zoom: number, cardInnerWidth: number): Display {
  const crisp = isPixelArt(size);
  const max = maxZoom(size, cardInnerWidth);
  const z = crisp ? Math.max(1, Math.min(max, Math.round(zoom))) : Math.max(0.01, Math.min(max, zoom));
  return {
    width: Math.max(1, Math.round(size.width * z)),
    height: Math.max(1, Math.round(size.height * z)),
    crisp,
    zoom: z,
    label: crisp ? `×${z}` : `${Math.round(z * 100)}%`,
  };
}

/** The frame every image of a source is shown in: the display size plus padding, at least 64 px. */
export function frameSize(display: Display): ImageSize {
  return { width: Math.max(BOX_MIN, display.width + 2 * FRAME_PAD_PX), height: Math.max(BOX_MIN, display.height + 2 * FRAME_PAD_PX) };
}
