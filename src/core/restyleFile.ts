/** One restyle, start to finish: check the source, generate, save the variant beside it. No `vscode` here. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GenerationResult } from '../api/segmindClient';
import { variantPathCandidates } from './outputName';
import type { GenerationParams } from './params';
import { saveVariant } from './saveVariant';
import { checkSourceImage } from './sourceImage';

export type Generate = (image: Uint8Array, params: GenerationParams, signal?: AbortSignal) => Promise<GenerationResult>;

/** A file that cannot be restyled (empty, not an image, too large or small): no request was made. */
export class SourceImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceImageError';
  }
}

export interface RestyledFile {
  readonly sourcePath: string;
  readonly savedPath: string;
  readonly bytes: number;
  readonly generation: GenerationResult;
}

export async function restyleFile(
  sourcePath: string,
  params: GenerationParams,
  outputNamePattern: string,
  generate: Generate,
  signal?: AbortSignal,
): Promise<RestyledFile> {
  const image = await fs.readFile(sourcePath);
  const check = checkSourceImage(path.basename(sourcePath), image, image.length);
  if (!check.ok) throw new SourceImageError(check.problem);
  const generation = await generate(image, params, signal);
  // Name the file after what actually came back, so the extension never lies about the contents.
  const savedPath = await saveVariant(generation.image, variantPathCandidates(sourcePath, generation.format, outputNamePattern));
  return { sourcePath, savedPath, bytes: generation.image.length, generation };
}
