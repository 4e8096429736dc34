// Image helpers for the fake Segmind server: sniffing, header dimensions, decoding,
// a deterministic "stylisation" and encoding. Only pngjs and jpeg-js are used.
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major. */
  data: Buffer;
}

export interface Dimensions {
  width: number;
  height: number;
}

/** Longest side of a generated image. */
export const MAX_OUTPUT_SIDE = 1024;
/** Sources with more pixels than this are not decoded (a gradient stands in). */
const MAX_DECODE_PIXELS = 25_000_000;

export function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

/** Reads the pixel size from the image's header without decoding it. */
export function readDimensions(bytes: Buffer, format: ImageFormat): Dimensions | undefined {
  switch (format) {
    case 'png':
      return pngDimensions(bytes);
    case 'jpeg':
      return jpegDimensions(bytes);
    case 'webp':
      return webpDimensions(bytes);
  }
}

function pngDimensions(b: Buffer): Dimensions | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpegDimensions(b: Buffer): Dimensions | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    let marker = b[i + 1];
    // Fill bytes.
    while (marker === 0xff && i + 2 < b.length) {
      i++;
      marker = b[i + 1];
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI/SOS before any SOF
    if (i + 4 > b.length) return undefined;
    const len = b.readUInt16BE(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 9 > b.length) return undefined;
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (len < 2) return undefined;
    i += 2 + len;
  }
  return undefined;
}

function webpDimensions(b: Buffer): Dimensions | undefined {
  if (b.length < 30) return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // 3-byte frame tag, then start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

/**
 * Decodes PNG or JPEG to RGBA. WebP (and anything too big to decode cheaply) becomes a gradient
 * seeded from a hash of its bytes, so the output still depends on the input deterministically.
 * Throws when PNG/JPEG data cannot be decoded.
 */
export function decodeSource(bytes: Buffer, format: ImageFormat, dims: Dimensions): Raster {
  if (format !== 'webp' && dims.width * dims.height <= MAX_DECODE_PIXELS) {
    if (format === 'png') {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: true,
      maxResolutionInMP: 100,
      maxMemoryUsageInMB: 1024,
    });
    return { width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
  }
  return seededGradient(bytes, outputSize(dims));
}

function seededGradient(bytes: Buffer, dims: Dimensions): Raster {
  const h = createHash('sha256').update(bytes).digest();
  const c1 = [h[0], h[1], h[2]];
  const c2 = [h[3], h[4], h[5]];
  const cx = (h[6] / 255) * dims.width;
  const cy = (h[7] / 255) * dims.height;
  const radius = Math.max(8, Math.min(dims.width, dims.height) * (0.15 + (h[8] / 255) * 0.25));
  const data = Buffer.alloc(dims.width * dims.height * 4);
  for (let y = 0; y < dims.height; y++) {
    for (let x = 0; x < dims.width; x++) {
      const t = (x / Math.max(1, dims.width - 1) + y / Math.max(1, dims.height - 1)) / 2;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius * radius;
      const o = (y * dims.width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = c1[c] * (1 - t) + c2[c] * t;
        data[o + c] = inside ? 255 - v : v;
      }
      data[o + 3] = 255;
    }
  }
  return { width: dims.width, height: dims.height, data };
}

/** The source's size with the longer side capped at MAX_OUTPUT_SIDE, ratio kept. */
export function outputSize(dims: Dimensions): Dimensions {
  const longer = Math.max(dims.width, dims.height);
  if (longer <= MAX_OUTPUT_SIDE) return { width: dims.width, height: dims.height };
  const scale = MAX_OUTPUT_SIDE / longer;
  return {
    width: Math.max(1, Math.round(dims.width * scale)),
    height: Math.max(1, Math.round(dims.height * scale)),
  };
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Highlight and shadow colours derived from the prompt. */
export function promptPalette(prompt: string): { highlight: [number, number, number]; shadow: [number, number, number] } {
  const h = createHash('sha256').update(prompt, 'utf8').digest();
  const hue = h.readUInt16BE(0) / 65536;
  const shift = 0.25 + (h[2] / 255) * 0.5; // shadow hue: 90..270 degrees away
  return {
    highlight: hslToRgb(hue, 0.75, 0.72),
    shadow: hslToRgb((hue + shift) % 1, 0.6, 0.16),
  };
}

/**
 * The fake model: nearest-neighbour resize to the output size, composite over white (the
 * output is opaque, like a generated image), then blend toward a prompt-coloured duotone of
 * the source with weight = strength, posterise and darken every fourth row, both scaled by
 * strength. strength 0 returns the (resized) source. Deterministic.
 */
export function stylize(src: Raster, prompt: string, strength: number): Raster {
  const out = outputSize(src);
  const { highlight, shadow } = promptPalette(prompt);
  const s = Math.min(1, Math.max(0, strength));
  const levels = Math.round(6 + (1 - s) * 250);
  const data = Buffer.alloc(out.width * out.height * 4);
  const mixed = [0, 0, 0];
  for (let y = 0; y < out.height; y++) {
    const sy = Math.min(src.height - 1, Math.floor((y * src.height) / out.height));
    const scan = y % 4 === 3 ? 1 - 0.3 * s : 1;
    for (let x = 0; x < out.width; x++) {
      const sx = Math.min(src.width - 1, Math.floor((x * src.width) / out.width));
      const i = (sy * src.width + sx) * 4;
      const alpha = src.data[i + 3] / 255;
      const r = src.data[i] * alpha + 255 * (1 - alpha);
      const g = src.data[i + 1] * alpha + 255 * (1 - alpha);
      const b = src.data[i + 2] * alpha + 255 * (1 - alpha);
      const lum = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      const rgb = [r, g, b];
      for (let c = 0; c < 3; c++) {
        const duo = shadow[c] + (highlight[c] - shadow[c]) * lum;
        let v = rgb[c] * (1 - s) + duo * s;
        v = (Math.round((v / 255) * (levels - 1)) * 255) / (levels - 1);
        mixed[c] = Math.max(0, Math.min(255, Math.round(v * scan)));
      }
      const o = (y * out.width + x) * 4;
      data[o] = mixed[0];
      data[o + 1] = mixed[1];
      data[o + 2] = mixed[2];
      data[o + 3] = 255;
    }
  }
  return { width: out.width, height: out.height, data };
}

export function encodePng(img: Raster): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  img.data.copy(png.data);
  return PNG.sync.write(png);
}

export function encodeJpeg(img: Raster, quality = 85): Buffer {
  return jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality).data;
}

/** A small deterministic seed for the x-seed-value header. */
export function seedFor(...parts: (string | Buffer)[]): number {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest().readUInt32BE(0) % 2_147_483_647;
}
