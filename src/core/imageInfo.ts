/** Recognises image files by their bytes (never by their name) and reads their size in pixels. */
import { readHeader, sniffFormat, type SourceFormat } from '../image/header';

export type ImageFormat = SourceFormat;

export interface ImageInfo {
  readonly format: ImageFormat;
  /** Width and height in pixels, or undefined when the header does not say (a damaged file). */
  readonly width?: number;
  readonly height?: number;
}

/** The format of `bytes`, or undefined when they are not a PNG, JPEG or WebP image. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  return sniffFormat(bytes);
}

/** Format and size of an image, or undefined when `bytes` are not an image this extension handles. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const format = sniffFormat(bytes);
  if (!format) return undefined;
  return readHeader(bytes) ?? { format };
}
