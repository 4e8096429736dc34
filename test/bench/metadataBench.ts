/**
 * Parameters inside the files: writing the record into a 1 MP PNG (floor < 5 ms, median of 20) and
 * reading 1000 variants' records from disk, as the History view and Show Parameters do (floor < 1 s).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withPngMetadata } from '../../src/core/pngMetadata';
import { readVariantMetadataFromFile } from '../../src/core/readVariantMetadata';
import type { VariantRecord } from '../../src/core/variantMetadata';
import { encodePng } from '../../src/image/encode';
import { createRaster } from '../../src/image/raster';
import { sampleVariantRecord } from '../unit/fixtures';
import { spriteRaster } from '../unit/imageFixtures';
import { floorRow, median, ms, timeRuns, type Row } from './report';

const record = (seed: number): VariantRecord => sampleVariantRecord({ seed, requestId: `req-${seed}`, createdAt: new Date().toISOString() });

export async function metadataTimings(): Promise<Row[]> {
  const section = 'Parameters inside the files';
  const noise = createRaster(1024, 1024);
  noise.data.set(randomBytes(noise.data.length)); // a 1 MP PNG that does not compress: about 4 MB
  const big = encodePng(noise);
  const writes = await timeRuns(() => withPngMetadata(big, record(1)), 20, 3);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-meta-'));
  try {
    const small = encodePng(spriteRaster(64, 64));
    const files = await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const file = path.join(dir, `v${i}.png`);
      await fs.writeFile(file, withPngMetadata(small, record(i)));
      return file;
    }));
    const started = performance.now();
    let found = 0;
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < files.length) if (await readVariantMetadataFromFile(files[next++])) found++;
    }));
    const read = performance.now() - started;
    return [
      floorRow(section, `Write the record into a 1 MP PNG (${(big.length / 1024 / 1024).toFixed(1)} MB), median of 20`, median(writes), 5),
      floorRow(section, `Read the records of 1000 variants from disk (${found} found, 8 at a time)`, found === 1000 ? read : Number.POSITIVE_INFINITY, 1000, ms(read)),
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
