// The second thread of the WebAssembly kernels (Node worker_threads). It instantiates the same module over the
// same shared memory and waits on a control block for jobs: a column range of a matrix product, or the other half
// of a batch's rows through a SimpleRNN time loop. A job is
// posted by writing its arguments and setting state to RUN; the worker sets DONE when finished.
// Control block (Int32Array over a SharedArrayBuffer): see the constants in threads.ts.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, control } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer };
const instance = new WebAssembly.Instance(module, { env: { memory } });
const k = instance.exports as unknown as Record<'gemm' | 'simpleRnnForwardRows' | 'simpleRnnBackwardRows', (...args: number[]) => void>;
const ctl = new Int32Array(control);
const STATE = 0, JOB = 2, IDLE = 0, RUN = 1, DONE = 2, ARGS = 4;
const SPIN = 1_000_000; // polls (a few ms) before sleeping: jobs come every timestep, and waking costs tens of µs

for (;;) {
  let spins = 0;
  while (Atomics.load(ctl, STATE) !== RUN) {
    if (++spins > SPIN) {
      Atomics.wait(ctl, STATE, IDLE);
      spins = 0;
    }
  }
  const a = ARGS, job = ctl[JOB];
  if (job === 0) k.gemm(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9], ctl[a + 10]);
  else if (job === 1) k.simpleRnnForwardRows(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9]);
  else k.simpleRnnBackwardRows(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9], ctl[a + 10], ctl[a + 11], ctl[a + 12]);
  Atomics.store(ctl, STATE, DONE);
}
void parentPort;
