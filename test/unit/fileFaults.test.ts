/** Messages for file-system faults: no errno code, no temporary name, no absolute path outside the workspace. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { displayName, fileFaultReason, scrubPaths } from '../../src/core/fileFaults';
import { SaveFailedError } from '../../src/core/saveVariant';
import { checkFolderWritable, restyleFile } from '../../src/core/restyleSequence';
import { SourceImageError } from '../../src/core/sourceImage';
import { finishVariant } from '../../src/image/finish';
import { prepareSource } from '../../src/image/prepare';
import { lockableFolder } from '../readOnlyFolder';
import { pngOf, spriteRaster } from './imageFixtures';

function fault(code: string, syscall = 'open', file = '/home/someone/art/.knight-restyled.png.4e57a1b2c3d4.partial'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something failed, ${syscall} '${file}'`), { code, syscall, path: file, errno: -13 });
}

const CODES = ['EACCES', 'EPERM', 'ENOENT', 'ENOSPC', 'ENAMETOOLONG', 'EROFS'];

function assertClean(message: string): void {
  assert.doesNotMatch(message, /\bE[A-Z]{3,}\b/, `no errno code in "${message}"`);
  assert.doesNotMatch(message, /\.partial|[0-9a-f]{12}/, `no temporary name in "${message}"`);
  assert.doesNotMatch(message, /\/home\/someone|\/tmp\//, `no absolute path in "${message}"`);
}

describe('file fault messages', () => {
  it('give a reason in words for every common code', () => {
    const reasons = CODES.map((code) => fileFaultReason(fault(code)));
    for (const reason of reasons) assertClean(reason);
    assert.equal(new Set(reasons).size, 5, 'EACCES and EPERM share one reason; the others differ');
    assert.equal(fileFaultReason(fault('ENOSPC')), 'the disk is full');
    assert.equal(fileFaultReason(fault('EROFS')), 'it is on a read-only drive');
  });

  it('show paths relative to the workspace, and only names outside it', () => {
    assert.equal(displayName('/work/ws/sprites/knight.png', ['/work/ws']), 'sprites/knight.png');
    assert.equal(displayName('/home/someone/secret/knight.png', ['/work/ws']), 'knight.png');
    const scrubbed = scrubPaths("EACCES: permission denied, open '/home/someone/art/.knight-restyled.png.4e57a1b2c3d4.partial'", ['/work/ws']);
    assert.doesNotMatch(scrubbed, /\/home\/someone|4e57a1b2c3d4/);
  });

  it('the save failure after the answer names the file and folder, keeps the bytes, and hides the rest', async () => {
    for (const code of CODES) {
      const error = new SaveFailedError(`knight-restyled.png could not be saved in the folder art: ${fileFaultReason(fault(code))}. The image is kept: use Save As… to put it elsewhere.`, new Uint8Array([1, 2, 3]), 'knight-restyled.png');
      assertClean(error.message);
      assert.deepEqual([...error.bytes], [1, 2, 3]);
    }
  });
});

describe('checks before anything is sent', function () {
  this.timeout(20_000);

  it('refuses a folder that takes no new file, with a sentence naming it, and sends nothing', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restyle-ro-'));
    const folder = await lockableFolder(dir, 'locked');
    const source = path.join(folder.path, 'coin.png');
    await fs.writeFile(source, pngOf(spriteRaster(16, 16)));
    await folder.lock();
    try {
      await assert.rejects(checkFolderWritable(source), (e: Error) => e instanceof SourceImageError && /the folder locked: (permission was denied|it is on a read-only drive)\. Nothing was sent\./.test(e.message));
      let sent = 0;
      await assert.rejects(restyleFile(source, { prompt: 'x', strength: 0.5, format: 'png' }, { outputSize: 'source', keepTransparency: true, keepPalette: false, outputNamePattern: '${name}-restyled' }, {
        pipeline: { prepare: prepareSource, finish: finishVariant },
        generate: async () => { sent++; throw new Error('unreachable'); },
      }), SourceImageError);
      assert.equal(sent, 0);
    } finally {
      await folder.dispose();
    }
  });
});
