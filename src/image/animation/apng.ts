/**
 * APNG: reads acTL/fcTL/IDAT/fdAT (sequence numbers checked), decodes each frame with the project's
 * PNG decoder (every colour type, bit depth and interlace) and composites it with its dispose_op and
 * blend_op as a viewer does; writes one back with 8-bit RGB(A) frames.
 */
import * as zlib from 'node:zlib';
import { crc32, pngChunk } from '../crc32';
import { decodePngPixels } from '../pngDecode';
import { createRaster, hasTransparency, type Raster } from '../raster';
import type { Animation, AnimationFrame } from './animationTypes';
import { ascii, changedRect, clearRect, cloneRaster, concatBytes, cropRect, drawFrame, u32be } from './canvas';
import { checkBudget, checkInside, damaged } from './limits';

const KIND = 'animated PNG';
const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DISPOSE_NONE = 0, DISPOSE_BACKGROUND = 1, DISPOSE_PREVIOUS = 2;
const BLEND_OVER = 1;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** True for a PNG with an acTL chunk before its first IDAT (what makes it an APNG); reads chunk headers only. */
export function isAnimatedPng(bytes: Uint8Array): boolean {
  if (!isPng(bytes)) return false;
  for (let at = 8; at + 8 <= bytes.length;) {
    const type = ascii(bytes, at + 4, 4);
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    at += 12 + u32be(bytes, at);
  }
  return false;
}

interface FrameControl { x: number; y: number; w: number; h: number; delayMs: number; dispose: number; blend: number }
interface Frame { control: FrameControl; data: Uint8Array[]; fromIdat: boolean }

/** Decodes every frame of an APNG, or undefined for a PNG without acTL before IDAT; throws AnimationFault for damage or size. */
export function decodeApng(bytes: Uint8Array): Animation | undefined {
  let ihdr: Uint8Array | undefined, plte: Uint8Array | undefined, trns: Uint8Array | undefined;
  let width = 0, height = 0, declared = -1, loopCount = 0, nextSequence = 0, seenIdat = false;
  const frames: Frame[] = [];
  const sequence = (type: string, data: Uint8Array): void => {
    const n = u32be(data, 0);
    if (n !== nextSequence) throw damaged(KIND, `its frame chunks are out of sequence (${type} number ${n} where ${nextSequence} was due)`);
    nextSequence++;
  };
  for (let at = 8; ;) {
    if (at + 12 > bytes.length) throw damaged(KIND, `it is cut off at byte ${bytes.length}, before its IEND chunk`);
    const length = u32be(bytes, at), type = ascii(bytes, at + 4, 4), end = at + 12 + length;
    if (end > bytes.length) throw damaged(KIND, `its ${type} chunk at byte ${at} is cut off`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const critical = (bytes[at + 4] & 0x20) === 0;
    const checked = critical || type === 'acTL' || type === 'fcTL' || type === 'fdAT' || type === 'tRNS';
    if (checked && crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32be(bytes, at + 8 + length)) {
      throw damaged(KIND, `its ${type} chunk at byte ${at} has a wrong CRC`);
    }
    at = end;
    if (type === 'IEND') break;
    if (!ihdr && type !== 'IHDR') throw damaged(KIND, `its first chunk is ${type}, not IHDR`);
    switch (type) {
      case 'IHDR':
        if (length !== 13) throw damaged(KIND, 'its IHDR chunk is not 13 bytes');
        ihdr = data; width = u32be(data, 0); height = u32be(data, 4);
        break;
      case 'PLTE': plte ??= data; break;
      case 'tRNS': trns ??= data; break;
      case 'acTL':
        if (seenIdat || declared >= 0) break; // an acTL after IDAT does not make an animation
        if (length !== 8) throw damaged(KIND, 'its acTL chunk is not 8 bytes');
        declared = u32be(data, 0); loopCount = u32be(data, 4);
        checkBudget(KIND, width, height, declared);
        break;
      case 'fcTL': {
        if (declared < 0) break;
        if (length !== 26) throw damaged(KIND, `frame ${frames.length + 1}'s fcTL chunk is not 26 bytes`);
        sequence(type, data);
        if (frames.length === declared) throw damaged(KIND, `it has more frames than the ${declared} its acTL chunk declares`);
        frames.push({ control: readControl(data, frames.length, width, height), data: [], fromIdat: false });
        break;
      }
      case 'IDAT':
        if (!seenIdat && frames.length > 1) throw damaged(KIND, 'more than one frame comes before its IDAT image');
        if (!seenIdat && frames.length === 1) frames[0].fromIdat = true;
        seenIdat = true;
        if (frames.length === 1 && frames[0].fromIdat) frames[0].data.push(data);
        break;
      case 'fdAT': {
        if (declared < 0) break;
        if (length < 4) throw damaged(KIND, 'an fdAT chunk is too short for its sequence number');
        sequence(type, data);
        const frame = frames[frames.length - 1];
        if (!frame || frame.fromIdat) throw damaged(KIND, 'an fdAT chunk comes before the fcTL chunk of its frame');
        frame.data.push(data.subarray(4));
        break;
      }
      default:
        if (critical) throw damaged(KIND, `it has an unknown critical chunk ${type}`);
    }
  }
  if (!ihdr) throw damaged(KIND, 'it has no IHDR chunk');
  if (declared < 0) return undefined;
  if (!seenIdat) throw damaged(KIND, 'it has no IDAT image');
  if (frames.length !== declared) throw damaged(KIND, `its acTL chunk declares ${declared} frames but it holds ${frames.length}`);
  const first = frames[0].control;
  if (frames[0].fromIdat && (first.x !== 0 || first.y !== 0 || first.w !== width || first.h !== height)) {
    throw damaged(KIND, 'its first frame is the IDAT image but does not cover the whole canvas');
  }
  const canvas = createRaster(width, height);
  const out: AnimationFrame[] = [];
  frames.forEach((frame, i) => {
    const { x, y, w, h, blend } = frame.control;
    if (frame.data.length === 0) throw damaged(KIND, `frame ${i + 1} has no image data`);
    const pixels = decodeFrame(frame, i, ihdr!, plte, trns);
    const dispose = i === 0 && frame.control.dispose === DISPOSE_PREVIOUS ? DISPOSE_BACKGROUND : frame.control.dispose;
    const saved = dispose === DISPOSE_PREVIOUS ? cropRect(canvas, x, y, w, h) : undefined;
    drawFrame(canvas, pixels, x, y, blend === BLEND_OVER);
    out.push({ raster: cloneRaster(canvas), delayMs: frame.control.delayMs });
    if (dispose === DISPOSE_BACKGROUND) clearRect(canvas, x, y, w, h);
    else if (saved) drawFrame(canvas, saved, x, y, false);
  });
  return { format: 'apng', width, height, loopCount, frames: out };
}

function readControl(data: Uint8Array, index: number, width: number, height: number): FrameControl {
  const w = u32be(data, 4), h = u32be(data, 8), x = u32be(data, 12), y = u32be(data, 16);
  const num = (data[20] << 8) | data[21], den = (data[22] << 8) | data[23] || 100; // a zero denominator means 1/100 s
  const dispose = data[24], blend = data[25];
  if (dispose > DISPOSE_PREVIOUS || blend > BLEND_OVER) throw damaged(KIND, `frame ${index + 1} has an unknown dispose or blend operation`);
  checkInside(KIND, index, x, y, w, h, width, height);
  return { x, y, w, h, delayMs: Math.round((num * 1000) / den), dispose, blend };
}

/** A frame's data as a PNG of its own (the file's IHDR with the frame's size, PLTE, tRNS), decoded by the project's PNG decoder. */
function decodeFrame(frame: Frame, index: number, ihdr: Uint8Array, plte?: Uint8Array, trns?: Uint8Array): Raster {
  const header = new Uint8Array(ihdr); // a copy (Buffer.slice would not be one)
  const view = new DataView(header.buffer);
  view.setUint32(0, frame.control.w);
  view.setUint32(4, frame.control.h);
  const png = concatBytes([
    SIGNATURE, pngChunk('IHDR', header), ...(plte ? [pngChunk('PLTE', plte)] : []), ...(trns ? [pngChunk('tRNS', trns)] : []),
    pngChunk('IDAT', concatBytes(frame.data)), pngChunk('IEND', new Uint8Array(0)),
  ]);
  try {
    return decodePngPixels(png).raster;
  } catch (error) {
    throw damaged(KIND, `frame ${index + 1}'s image data could not be read`, error);
  }
}

/**
 * An APNG of the frames: 8-bit RGBA (RGB when every frame is opaque), each delay as
 * delay_num/1000 s (coarser only past 65.5 s), the loop count as num_plays. The first frame is the
 * IDAT image (what a still viewer shows); each later one stores only the rectangle that changed,
 * replacing the canvas there (blend source, dispose none), so every frame is shown exactly.
 */
export function encodeApng(anim: Animation): Uint8Array {
  const { width, height, frames } = anim;
  const channels = frames.some((f) => hasTransparency(f.raster)) ? 4 : 3;
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const actl = new Uint8Array(8);
  new DataView(actl.buffer).setUint32(0, frames.length);
  new DataView(actl.buffer).setUint32(4, Math.min(0xffffffff, Math.max(0, Math.round(anim.loopCount))));
  const parts = [SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('acTL', actl)];
  let sequence = 0;
  frames.forEach((frame, i) => {
    const rect = i === 0 ? { x: 0, y: 0, w: width, h: height } : changedRect(frames[i - 1].raster, frame.raster);
    const pixels = i === 0 ? frame.raster : cropRect(frame.raster, rect.x, rect.y, rect.w, rect.h);
    const fctl = new Uint8Array(26);
    const f = new DataView(fctl.buffer);
    f.setUint32(0, sequence++);
    f.setUint32(4, rect.w); f.setUint32(8, rect.h); f.setUint32(12, rect.x); f.setUint32(16, rect.y);
    const [num, den] = delayFraction(frame.delayMs);
    f.setUint16(20, num); f.setUint16(22, den);
    fctl[24] = DISPOSE_NONE; fctl[25] = 0; // blend source
    parts.push(pngChunk('fcTL', fctl));
    const data = zlib.deflateSync(filterRows(pixels, channels));
    if (i === 0) {
      parts.push(pngChunk('IDAT', data));
    } else {
      const fdat = new Uint8Array(4 + data.length);
      new DataView(fdat.buffer).setUint32(0, sequence++);
      fdat.set(data, 4);
      parts.push(pngChunk('fdAT', fdat));
    }
  });
  parts.push(pngChunk('IEND', new Uint8Array(0)));
  return concatBytes(parts);
}

/** A delay as delay_num/delay_den: milliseconds up to 65.535 s, then hundredths, then whole seconds. */
function delayFraction(ms: number): [number, number] {
  const d = Math.max(0, Math.round(ms));
  if (d <= 0xffff) return [d, 1000];
  if (Math.round(d / 10) <= 0xffff) return [Math.round(d / 10), 100];
  return [Math.min(0xffff, Math.round(d / 1000)), 1];
}

/** The filtered scanlines of an RGB(A) image: per row, whichever of Sub, Up and Paeth has the smallest residuals (Sub for the first). */
function filterRows(raster: Raster, channels: number): Uint8Array {
  const { width, height, data } = raster;
  const stride = width * channels;
  const out = new Uint8Array(height * (stride + 1));
  let prev = new Uint8Array(stride), cur = new Uint8Array(stride);
  const trial = [new Uint8Array(stride), new Uint8Array(stride), new Uint8Array(stride)];
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width * 4, o = 0; x < width; x++, i += 4) {
      cur[o++] = data[i]; cur[o++] = data[i + 1]; cur[o++] = data[i + 2];
      if (channels === 4) cur[o++] = data[i + 3];
    }
    const costs = [0, 0, 0];
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - c - c);
      const v = cur[i];
      const sub = (v - a) & 255, up = (v - b) & 255, paeth = (v - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      trial[0][i] = sub; trial[1][i] = up; trial[2][i] = paeth;
      costs[0] += sub < 128 ? sub : 256 - sub; costs[1] += up < 128 ? up : 256 - up; costs[2] += paeth < 128 ? paeth : 256 - paeth;
    }
    const best = y === 0 ? 0 : costs[0] <= costs[1] && costs[0] <= costs[2] ? 0 : costs[1] <= costs[2] ? 1 : 2;
    out[y * (stride + 1)] = [1, 2, 4][best];
    out.set(trial[best], y * (stride + 1) + 1);
    [prev, cur] = [cur, prev];
  }
  return out;
}
