/**
 * The WebAssembly codecs (libwebp's decoder, mozjpeg's decoder and encoder from @jsquash), loaded
 * by path, never fetched: from beside the bundle (esbuild.mjs copies the .wasm files into dist/)
 * or, in tests, from node_modules. Each is compiled once per thread, on first use.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import decodeJpegFile, { init as initJpegDecoderUntyped } from '@jsquash/jpeg/decode.js';
import encodeJpegFile, { init as initJpegEncoderUntyped } from '@jsquash/jpeg/encode.js';
import decodeWebpFile, { init as initWebpDecoderUntyped } from '@jsquash/webp/decode.js';

/** Node has WebAssembly; this project's `lib` does not declare it. */
declare const WebAssembly: { Module: new (bytes: Uint8Array) => object };
type Init = (module: object) => Promise<void>;

/** The .wasm files the bundle ships, with where each sits inside its npm package. */
export const WASM_FILES = {
  webpDecoder: { file: 'webp_dec.wasm', pkg: '@jsquash/webp', dir: 'codec/dec' },
  jpegDecoder: { file: 'mozjpeg_dec.wasm', pkg: '@jsquash/jpeg', dir: 'codec/dec' },
  jpegEncoder: { file: 'mozjpeg_enc.wasm', pkg: '@jsquash/jpeg', dir: 'codec/enc' },
} as const;
type CodecName = keyof typeof WASM_FILES;

/** Where a codec's wasm is: beside this script when bundled, else inside node_modules. */
export function wasmPath(name: CodecName): string {
  const { file, pkg, dir } = WASM_FILES[name];
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  const manifest = `${pkg}/package.json`; // built at run time, so a bundler does not try to resolve it
  return path.join(path.dirname(require.resolve(manifest)), dir, file);
}

// @jsquash's .d.ts files list only the options, but init() takes a compiled module (so nothing is fetched).
const inits: Record<CodecName, Init> = {
  webpDecoder: initWebpDecoderUntyped as unknown as Init,
  jpegDecoder: initJpegDecoderUntyped as unknown as Init,
  jpegEncoder: initJpegEncoderUntyped as unknown as Init,
};
const loading = new Map<CodecName, Promise<void>>();

/** Compiles and starts a codec from `file` (default: wasmPath(name)); later calls reuse the first successful load. */
export function loadCodec(name: CodecName, file = wasmPath(name)): Promise<void> {
  let ready = loading.get(name);
  if (!ready) {
    ready = (async () => inits[name](new WebAssembly.Module(await fs.promises.readFile(file))))();
    ready.catch(() => loading.delete(name)); // a failed load may be retried
    loading.set(name, ready);
  }
  return ready;
}

export function isCodecLoaded(name: CodecName): boolean {
  return loading.has(name);
}

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

function pixels(image: { width: number; height: number; data: Uint8ClampedArray }): Pixels {
  return { width: image.width, height: image.height, data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
}

export async function wasmDecodeWebp(bytes: Uint8Array): Promise<Pixels> {
  await loadCodec('webpDecoder');
  return pixels(await decodeWebpFile(ownBuffer(bytes))); // throws "Decoding error" on damaged data
}

/** mozjpeg's decoder (libjpeg-turbo): several times faster than pure JS; stored orientation, RGBA out. */
export async function wasmDecodeJpeg(bytes: Uint8Array): Promise<Pixels> {
  await loadCodec('jpegDecoder');
  return pixels(await decodeJpegFile(ownBuffer(bytes), { preserveOrientation: false }));
}

/**
 * mozjpeg's encoder, baseline: @jsquash's default (progressive) took 2.8 times as long for ~10 %
 * smaller files, too slow for a request image that only lives until the answer comes back.
 */
export async function wasmEncodeJpeg(image: Pixels, quality: number): Promise<Uint8Array> {
  await loadCodec('jpegEncoder');
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const encoded = await encodeJpegFile({ width: image.width, height: image.height, data, colorSpace: 'srgb' } as unknown as Parameters<typeof encodeJpegFile>[0], { quality, progressive: false });
  return new Uint8Array(encoded);
}
