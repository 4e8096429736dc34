/** The image worker's entry: runs prepare and finish jobs off the extension host's thread. */
import { parentPort } from 'node:worker_threads';
import { finishVariant } from './finish';
import { prepareSource } from './prepare';
import { transferablesOf, type ImageJob, type ImageJobReply } from './workerProtocol';

async function run(job: ImageJob): Promise<ImageJobReply> {
  try {
    if (job.kind === 'prepare') {
      const value = await prepareSource(job.bytes, job.fileName);
      return { id: job.id, ok: true, value };
    }
    const value = await finishVariant(job.answer, job.keep, job.options);
    return { id: job.id, ok: true, value };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: job.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
}

function buffersOf(reply: ImageJobReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const value = reply.value;
  // Everything the worker received was copied or moved to it, so it owns these buffers.
  if ('request' in value) return transferablesOf(value.request.bytes, value.request.base64, value.keep.alpha, value.keep.palette);
  return transferablesOf(value.bytes);
}

parentPort?.on('message', (job: ImageJob) => {
  void run(job).then((reply) => parentPort?.postMessage(reply, buffersOf(reply)));
});
