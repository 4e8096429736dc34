/** The one pixel format the image pipeline works in: 8-bit RGBA, row-major, no padding. */

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes: R, G, B, A. */
  readonly data: Uint8Array;
}

export function createRaster(width: number, height: number): Raster {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

/** True when any pixel is less than fully opaque. */
export function hasTransparency(raster: Raster): boolean {
  const { data } = raster;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
  return false;
}
