// The second thread of the WebAssembly kernels (Node worker_threads). It instantiates the same module over the
// same shared memory and waits on a control block for jobs (jobs.ts): a column range of a matrix product, or the
// other half of a batch's rows through a recurrent time loop. It claims a posted job (RUN → TAKEN) before running
// it, so the main thread can withdraw one it has not started; a job that throws is reported as FAILED instead of
// leaving the main thread waiting.
import { workerData } from 'node:worker_threads';
import { DONE, FAILED, IDLE, RUN, STATE, TAKEN, jobArgBuffers, runPostedJob, type Kernels } from './jobs.js';

const { module, memory, control } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer };
const instance = new WebAssembly.Instance(module, { env: { memory } });
const k = instance.exports as unknown as Kernels;
const args = jobArgBuffers();
const ctl = new Int32Array(control);
const SPIN = 1_000_000; // polls (a few ms) before sleeping: jobs come every timestep, and waking costs tens of µs

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
  } catch {
    Atomics.store(ctl, STATE, FAILED);
  }
  Atomics.notify(ctl, STATE);
}
