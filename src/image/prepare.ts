/**
 * Turns a source file's bytes into what is sent: decoded fully (a damaged file never costs a call),
 * flattened onto a neutral colour, scaled by the planned route and encoded within the request limit.
 * Also keeps what finishing needs: the source's size, alpha and palette.
 */
import { createHash } from 'node:crypto';
import { alphaChannel, flattenOnto } from './alpha';
import { base64Ascii } from './base64';
import { decodeImage, type SourceFormat } from './decode';
import { encodeJpeg, encodePng } from './encode';
import { collectPalette } from './palette';
import { MAX_IMAGE_BYTES, isPixelArt, planRoute, type Route } from './plan';
import { hasTransparency, type Raster } from './raster';
import { scaleByRoute } from './scale';
import { ImageDecodeError } from './errors';
import type { SourceFacts } from '../shared/route';
import { chooseTile, type SeamlessMode } from './tile/tileChoice';
import { padForSending, planTile } from './tile/tilePlan';
import type { FinishKeep } from './finishRaster';

/** What the panel and the route line say about a source. */
export interface PreparedFacts extends SourceFacts {
  readonly format: SourceFormat;
  /** SHA-256 of the file's bytes (hex), so a variant can name its source for a later Re-run. */
  readonly sha256: string;
}


export interface PrepareOptions {
  readonly seamless?: SeamlessMode;
}

/** The image that goes into the request. */
export interface RequestImage {
  readonly bytes: Uint8Array;
  readonly format: SourceFormat;
  readonly width: number;
  readonly height: number;
  /** True when these are the file's own bytes, untouched. */
  readonly original: boolean;
  /** The bytes' base64 as ASCII, encoded here off the host's thread, ready for the request body. */
  readonly base64: Uint8Array;
}

export interface Prepared {
  readonly source: PreparedFacts;
  readonly route: Route;
  readonly request: RequestImage;
  readonly keep: FinishKeep;
}

const JPEG_QUALITY_SENT = 92;

async function encodeForRequest(route: Route, raster: Raster, sourceFormat: SourceFormat): Promise<{ bytes: Uint8Array; format: SourceFormat }> {
  // Pixel art and tiny images stay lossless (crisp blocks compress well); photos go as JPEG when fitted.
  if (route.kind === 'fitDown' || (route.kind === 'asIs' && sourceFormat === 'jpeg')) {
    return { bytes: await encodeJpeg(raster, JPEG_QUALITY_SENT), format: 'jpeg' };
  }
  const png = encodePng(raster, { blocks: route.kind === 'pixelArt' });
  if (png.length <= MAX_IMAGE_BYTES) return { bytes: png, format: 'png' };
  return { bytes: await encodeJpeg(raster, JPEG_QUALITY_SENT), format: 'jpeg' };
}

/** Prepares a source; throws ImageDecodeError (message starts with the file name) when it cannot be sent. */
export async function prepareSource(bytes: Uint8Array, fileName: string, options: PrepareOptions = {}): Promise<Prepared> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = await decodeImage(bytes, fileName);
  const { raster } = decoded;
  const hasAlpha = hasTransparency(raster);
  const palette = collectPalette(raster);
  const size = { width: raster.width, height: raster.height };
  const pixelArt = isPixelArt(size, palette !== undefined);
  const { asTile, repeats } = chooseTile(raster, options.seamless);
  const tilePlan = asTile ? planTile(size, pixelArt) : undefined;
  if (tilePlan && !tilePlan.ok) throw new ImageDecodeError(`${fileName} ${tilePlan.problem}`);
  const plan = tilePlan ?? planRoute({ ...size, fewColours: palette !== undefined, bytes: bytes.length });
  if (!plan.ok) throw new ImageDecodeError(`${fileName} ${plan.problem}`);
  const { route } = plan;
  const tile = tilePlan?.ok ? tilePlan.info : undefined;
  const source: PreparedFacts = {
    format: decoded.format,
    ...size,
    hasAlpha,
    animated: decoded.animated,
    colours: palette?.length,
    pixelArt,
    sendWidth: route.send.width,
    sendHeight: route.send.height,
    sha256,
    ...(repeats !== undefined ? { repeats } : {}),
    ...(tile ? { seamless: true } : {}),
  };
  const keep: FinishKeep = {
    ...size,
    pixelArt: source.pixelArt,
    ...(hasAlpha ? { alpha: alphaChannel(raster) } : {}),
    ...(palette ? { palette } : {}),
    ...(tile ? { tile } : {}),
  };

  if (tile) {
    const encoded = await encodeForRequest(route, padForSending(raster, route), decoded.format);
    return { source, route, keep, request: { ...encoded, width: route.send.width, height: route.send.height, original: false, base64: base64Ascii(encoded.bytes) } };
  }
  const untouched = route.kind === 'asIs' && !hasAlpha && !decoded.animated && !decoded.reoriented;
  if (untouched) {
    return { source, route, keep, request: { bytes, format: decoded.format, ...size, original: true, base64: base64Ascii(bytes) } };
  }
  const sent = scaleByRoute(route, hasAlpha ? flattenOnto(raster) : raster);
  const encoded = await encodeForRequest(route, sent, decoded.format);
  return { source, route, keep, request: { ...encoded, width: sent.width, height: sent.height, original: false, base64: base64Ascii(encoded.bytes) } };
}
