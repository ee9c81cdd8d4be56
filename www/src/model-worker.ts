// The page's handle on the worker that runs the model (ModelWorker, so it is not confused with the
// library's wasm Engine): promises in, typed errors out.
import type { BackendInfo, ModelInfo, Progress } from 'ace-translate';
import type { ErrorDetails, FullSizeStep, ModelChoice, Request, Response, StyleImage } from './protocol';

/** An error from the worker, keeping the library's error class name (`ImageTooLargeError`, ...), the
 * input it is about and the limit it broke. */
export class WorkerError extends Error {
  constructor(name: string, message: string, readonly details: ErrorDetails = {}) {
    super(message);
    this.name = name;
  }
}

/** A request before it gets its id (`Omit` of each member: `Omit` of a union keeps only shared keys). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A call in flight; `onUpdate` hears the messages before its answer (load progress, full-size steps). */
type Pending = { resolve: (r: Response) => void; reject: (e: Error) => void; onUpdate?: (r: Response) => void };

export class ModelWorker {
  readonly #worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor() {
    this.#worker.onmessage = ({ data }: MessageEvent<Response>) => {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      if (data.kind === 'progress' || data.kind === 'step') return pending.onUpdate?.(data);
      this.#pending.delete(data.id);
      if (data.kind === 'error') pending.reject(new WorkerError(data.name, data.message, data.details));
      else pending.resolve(data);
    };
    this.#worker.onerror = (event) => {
      for (const pending of this.#pending.values()) pending.reject(new WorkerError('EngineCrashedError', event.message || 'the worker failed'));
      this.#pending.clear();
    };
  }

  #call(request: WithoutId<Request>, onUpdate?: (r: Response) => void, id = this.#next++): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onUpdate });
      this.#worker.postMessage({ ...request, id });
    });
  }

  /** Loads the default model, or `model`; the running one keeps running if it fails. */
  async load(onProgress: (p: Progress) => void, model?: ModelChoice): Promise<{ backend: BackendInfo; model: ModelInfo }> {
    const response = await this.#call({ kind: 'load', model }, (r) => {
      if (r.kind === 'progress') onProgress(r.progress);
    });
    if (response.kind !== 'loaded') throw new Error(`unexpected ${response.kind}`);
    return { backend: response.backend, model: response.model };
  }

  async translate(request: { content: Blob | ImageBitmap; styles: StyleImage[]; weights: number[]; seeds: number[]; strength: number; maxSide: number }) {
    const response = await this.#call({ kind: 'translate', ...request });
    if (response.kind !== 'translated') throw new Error(`unexpected ${response.kind}`);
    return { images: response.images };
  }

  /** The translation at the photo's own size as a PNG; `onStep` hears each step. Aborting `signal`
   * rejects at once with a `CancelledError` and has the worker drop the work at its next step (a
   * translation under way in wasm cannot be interrupted: it finishes, and is thrown away). */
  async fullSize(request: Omit<Extract<Request, { kind: 'full-size' }>, 'id' | 'kind'>, onStep: (step: FullSizeStep) => void, signal: AbortSignal) {
    const id = this.#next++;
    const cancel = () => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      this.#worker.postMessage({ id: this.#next++, kind: 'cancel', target: id } satisfies Request);
      pending.reject(new WorkerError('CancelledError', 'the full-size download was cancelled'));
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const response = await this.#call({ kind: 'full-size', ...request }, (r) => {
        if (r.kind === 'step') onStep(r.step);
      }, id);
      if (response.kind !== 'full-size') throw new Error(`unexpected ${response.kind}`);
      return { png: response.png, width: response.width, height: response.height };
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }
}
