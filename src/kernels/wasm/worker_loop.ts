// The second thread's loop, shared by the Node worker (worker.ts) and the browser's Web Worker
// (src/browser/worker.ts): it instantiates the kernels' module over the shared memory and waits on the control
// block for jobs (jobs.ts). It claims a posted job (RUN → TAKEN) before running it, so the main thread can
// withdraw one it has not started; a job that throws is reported as FAILED instead of leaving the main thread
// waiting. Never returns.
import { DONE, FAILED, IDLE, RUN, STATE, TAKEN, jobArgBuffers, runPostedJob, writeMessage, type Kernels } from './jobs.js';

// Polls (some µs) before sleeping. Short: jobs come once per sequence or product, and a spinning worker takes the
// core from the main thread's own work and from other processes (under a competing process, 1,000,000 polls made
// two threads 1.25–1.35× slower than one; docs/PERFORMANCE.md).
const SPIN = 2_000;

/** What the main thread hands the worker: the compiled module, the shared memory and the control block. */
export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

/** Instantiates the kernels (synchronous: allowed in a worker) and serves jobs forever; `started` runs before the first wait. */
export function serveJobs({ module, memory, control }: WorkerData, started: () => void = () => {}): never {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const k = instance.exports as unknown as Kernels;
  const args = jobArgBuffers();
  const ctl = new Int32Array(control);
  started();
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, STATE) !== RUN) {
      if (++spins > SPIN) {
        Atomics.wait(ctl, STATE, IDLE);
        spins = 0;
      }
    }
    if (Atomics.compareExchange(ctl, STATE, RUN, TAKEN) !== RUN) continue; // the main thread took it back
    try {
      runPostedJob(k, ctl, args);
      Atomics.store(ctl, STATE, DONE);
    } catch (e) {
      writeMessage(control, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      Atomics.store(ctl, STATE, FAILED);
    }
    Atomics.notify(ctl, STATE);
  }
}
