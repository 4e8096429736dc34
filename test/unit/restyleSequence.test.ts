/** One restyle end to end in plain Node: check → prepare → generate → finish → save, against the project's server. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SegmindError } from '../../src/api/errors';
import { SegmindClient } from '../../src/api/segmindClient';
import type { GenerationParams } from '../../src/core/params';
import { restyleFile, type ImagePipeline, type RestyleOptions } from '../../src/core/restyleSequence';
import { SourceImageError } from '../../src/core/sourceImage';
import { ImageDecodeError } from '../../src/image/decode';
import { finishVariant } from '../../src/image/finish';
import { ImageWorker } from '../../src/image/imageWorker';
import { prepareSource } from '../../src/image/prepare';
import { alphaChannel } from '../../src/image/alpha';
import { SegmindServer } from '../server/segmindServer';
import { makePng } from './fixtures';
import { pngOf, readBack, spriteRaster } from './imageFixtures';

const params: GenerationParams = { prompt: 'cyberpunk style, dark colours', strength: 0.6, format: 'png' };
const options: RestyleOptions = { outputSize: 'source', keepTransparency: true, keepPalette: false, outputNamePattern: '${name}-restyled' };
const inProcess: ImagePipeline = { prepare: prepareSource, finish: finishVariant };

describe('restyleFile (check, prepare, generate, finish, save)', function () {
  this.timeout(20_000);
  let server: SegmindServer;
  let dir: string;
  before(async () => {
    server = await SegmindServer.start();
  });
  after(() => server.close());
  beforeEach(async () => {
    server.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-file-'));
  });

  const deps = (pipeline: ImagePipeline = inProcess) => {
    const client = new SegmindClient({ endpoint: server.url, apiKey: 'test-key', timeoutMs: 5_000 });
    return { pipeline, generate: (image: { bytes: Uint8Array }, p: GenerationParams, signal?: AbortSignal) => client.generate(image.bytes, p, signal) };
  };

  it('restyles a 32 × 32 transparent sprite into a 32 × 32 PNG with the same alpha, beside the source', async () => {
    const source = path.join(dir, 'knight.png');
    const sprite = spriteRaster(32, 32);
    await fs.writeFile(source, pngOf(sprite));
    const result = await restyleFile(source, params, options, deps());
    assert.equal(result.savedPath, path.join(dir, 'knight-restyled.png'));
    const saved = readBack(await fs.readFile(result.savedPath));
    assert.deepEqual([saved.width, saved.height], [32, 32]);
    assert.deepEqual(alphaChannel(saved), alphaChannel(sprite));
    const sent = server.requests[0].body as { image: string; output_format: string };
    const sentImage = readBack(Buffer.from(sent.image, 'base64'));
    assert.deepEqual([sentImage.width, sentImage.height, sent.output_format], [1024, 1024, 'png']);
    assert.deepEqual([result.variant.width, result.variant.height, result.variant.transparencyKept], [32, 32, true]);
  });

  it('makes no request for an empty file, a text file named .png, a damaged PNG or a deleted source', async () => {
    const damaged = Buffer.concat([makePng(64, 64).subarray(0, 33), Buffer.from('garbage that is not image data at all')]);
    await fs.writeFile(path.join(dir, 'empty.png'), '');
    await fs.writeFile(path.join(dir, 'fake.png'), 'hello');
    await fs.writeFile(path.join(dir, 'damaged.png'), damaged);
    await assert.rejects(restyleFile(path.join(dir, 'empty.png'), params, options, deps()), SourceImageError);
    await assert.rejects(restyleFile(path.join(dir, 'fake.png'), params, options, deps()), /not a PNG, JPEG, WebP or GIF/);
    await assert.rejects(restyleFile(path.join(dir, 'damaged.png'), params, options, deps()), (e: Error) => e instanceof SourceImageError && /damaged\.png/.test(e.message));
    await assert.rejects(restyleFile(path.join(dir, 'gone.png'), params, options, deps()), /gone\.png is no longer there/);
    assert.equal(server.requests.length, 0);
    assert.deepEqual((await fs.readdir(dir)).sort(), ['damaged.png', 'empty.png', 'fake.png']);
  });

  it('leaves no file at all when the answer is cut', async () => {
    const source = path.join(dir, 'knight.png');
    await fs.writeFile(source, pngOf(spriteRaster(16, 16)));
    server.failNext({ kind: 'truncate' });
    await assert.rejects(restyleFile(source, params, options, deps()), SegmindError);
    assert.deepEqual(await fs.readdir(dir), ['knight.png']);
  });

  it('keeps a paid answer that cannot be finished: saved as generated, with a note', async () => {
    const source = path.join(dir, 'coin.png');
    await fs.writeFile(source, pngOf(spriteRaster(16, 16)));
    const failingFinish: ImagePipeline = { prepare: prepareSource, finish: () => Promise.reject(new Error('out of memory')) };
    const result = await restyleFile(source, params, options, deps(failingFinish));
    assert.match(result.finishProblem ?? '', /saved as generated/);
    const saved = readBack(await fs.readFile(result.savedPath));
    assert.deepEqual([saved.width, saved.height], [1024, 1024]);
  });

  describe('in the image worker', () => {
    let worker: ImageWorker;
    before(() => {
      worker = new ImageWorker(path.join(__dirname, '..', '..', 'src', 'image', 'worker.js'));
    });
    after(() => worker.dispose());

    it('gives the same variant as in-process and a decode error for a damaged file', async () => {
      const source = path.join(dir, 'coin.png');
      await fs.writeFile(source, pngOf(spriteRaster(16, 16)));
      const viaWorker = await restyleFile(source, params, options, deps(worker));
      const inline = await restyleFile(source, params, options, deps());
      // The same pixels and the same chunks; only the record inside differs (its time and request id).
      const [a, b] = [await fs.readFile(viaWorker.savedPath), await fs.readFile(inline.savedPath)];
      assert.deepEqual(readBack(a), readBack(b));
      assert.notEqual(viaWorker.record.requestId, inline.record.requestId);
      const damaged = Buffer.concat([makePng(64, 64).subarray(0, 40), Buffer.alloc(100, 7)]);
      await assert.rejects(worker.prepare(new Uint8Array(damaged), 'bad.png'), ImageDecodeError);
    });
  });
});
