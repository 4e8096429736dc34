/**
 * The extension host's handle on the image worker: started on first use, reused, stopped when idle,
 * restarted if it dies. Jobs keep VS Code responsive while a 50 MP photo is fitted.
 */
import { Worker } from 'node:worker_threads';
import { ImageDecodeError } from './errors';
import type { FinishOptions, Finished } from './finish';
import type { FinishKeep } from './finishRaster';
import type { Prepared, PrepareOptions } from './prepare';
import { transferablesOf, type ImageJob, type ImageJobReply } from './workerProtocol';
import { Disposable } from '../disposable';
import type { PlateImage } from './set/setJobs';
import type { FinishSetOptions, SetMember, SetOutput, SetPlates, SetSummary } from './set/setTypes';

type Pending = { resolve: (value: never) => void; reject: (error: Error) => void };
type JobInput = ImageJob extends infer J ? (J extends ImageJob ? Omit<J, 'id'> : never) : never;

const IDLE_STOP_MS = 60_000;

export class ImageWorker extends Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;

  /** `scriptPath`: the bundled worker (dist/imageWorker.js), or out/src/image/worker.js in tests. */
  constructor(private readonly scriptPath: string) {
    super();
  }

  /** Decodes, checks and prepares a source. The bytes are moved to the worker when they can be: do not reuse them. */
  prepare(bytes: Uint8Array, fileName: string, options?: PrepareOptions): Promise<Prepared> {
    return this.run({ kind: 'prepare', bytes, fileName, ...(options ? { options } : {}) }, transferablesOf(bytes));
  }

  /** Copies, never moves, the answer: a paid answer must survive a failed finish. */
  finish(answer: Uint8Array, keep: FinishKeep, options: FinishOptions): Promise<Finished> {
    return this.run({ kind: 'finish', answer, keep, options }, []);
  }

  /** What a file is as a member of a set: a sheet, an animation or one picture, and its cells. The bytes are copied. */
  inspectMember(member: SetMember): Promise<SetSummary> {
    return this.run({ kind: 'inspectMember', member }, []);
  }

  /** The request image of one plate of a set. */
  composePlate(members: readonly SetMember[], plates: SetPlates, plate: number): Promise<PlateImage> {
    return this.run({ kind: 'composePlate', members, plates, plate }, []);
  }

  /** Every member's restyled file from the plates' answers (copied, never moved: paid answers survive a failure). */
  finishSet(members: readonly SetMember[], plates: SetPlates, answers: readonly Uint8Array[], options: FinishSetOptions): Promise<SetOutput[]> {
    return this.run({ kind: 'finishSet', members, plates, answers, options }, []);
  }

  private run<T>(input: JobInput, transfer: ArrayBuffer[]): Promise<T> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ ...input, id }, transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath, { name: 'restyle-image' });
    worker.unref();
    worker.on('message', (reply: ImageJobReply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.pending.size) this.failAll(new Error(`The image worker stopped (exit code ${code}).`));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: ImageJobReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    if (reply.ok) job.resolve(reply.value as never);
    else {
      // A decode error is the user's file; anything else is a bug whose stack belongs in the log.
      const { name, message, stack } = reply.error;
      const error: Error = name === 'ImageDecodeError' ? new ImageDecodeError(message) : Object.assign(new Error(message), { stack });
      job.reject(error);
    }
    if (!this.pending.size) this.idleTimer = setTimeout(() => this.stop(), IDLE_STOP_MS).unref();
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  protected override onDispose(): void {
    clearTimeout(this.idleTimer);
    this.failAll(new Error('The image worker was stopped.'));
    this.stop();
  }
}
