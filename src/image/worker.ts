/** The image worker's entry: runs prepare and finish jobs off the extension host's thread. */
import { parentPort } from 'node:worker_threads';
import { finishVariant } from './finish';
import { prepareSource } from './prepare';
import { composeSetPlate, finishSet, inspectMember } from './set/setJobs';
import { transferablesOf, type ImageJob, type ImageJobReply, type ImageJobValue } from './workerProtocol';

function valueOf(job: ImageJob): Promise<ImageJobValue> {
  switch (job.kind) {
    case 'prepare':
      return prepareSource(job.bytes, job.fileName, job.options);
    case 'finish':
      return finishVariant(job.answer, job.keep, job.options);
    case 'inspectMember':
      return inspectMember(job.member);
    case 'composePlate':
      return composeSetPlate(job.members, job.plates, job.plate);
    case 'finishSet':
      return finishSet(job.members, job.plates, job.answers, job.options);
  }
}

async function run(job: ImageJob): Promise<ImageJobReply> {
  try {
    return { id: job.id, ok: true, value: await valueOf(job) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: job.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
}

function buffersOf(reply: ImageJobReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const value = reply.value;
  // Everything the worker received was copied or moved to it, so it owns these buffers.
  if (Array.isArray(value)) return transferablesOf(...value.map((o) => o.bytes));
  if ('request' in value) return transferablesOf(value.request.bytes, value.request.base64, value.keep.alpha, value.keep.palette);
  if ('base64' in value) return transferablesOf(value.bytes, value.base64);
  if ('bytes' in value) return transferablesOf(value.bytes);
  return [];
}

parentPort?.on('message', (job: ImageJob) => {
  void run(job).then((reply) => parentPort?.postMessage(reply, buffersOf(reply)));
});
