// The second thread of the WebAssembly kernels (Node worker_threads). It instantiates the same module over the
// same shared memory and waits on a control block for jobs: a column range of a matrix product, or the other half
// of a batch's rows through a SimpleRNN time loop. A job is
// posted by writing its arguments and setting state to RUN; the worker sets DONE when finished.
// Control block (Int32Array over a SharedArrayBuffer): see the constants in threads.ts.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, control } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer };
const instance = new WebAssembly.Instance(module, { env: { memory } });
type Job = 'gemm' | 'simpleRnnForwardRows' | 'simpleRnnBackwardRows' | 'gruForwardRows' | 'gruBackwardRows' | 'lstmForwardRows' | 'lstmBackwardRows';
const k = instance.exports as unknown as Record<Job, (...args: number[]) => void>;
const jobs: [Job, number][] = [['gemm', 11], ['simpleRnnForwardRows', 10], ['simpleRnnBackwardRows', 13], ['gruForwardRows', 13], ['gruBackwardRows', 17], ['lstmForwardRows', 15], ['lstmBackwardRows', 19]];
const args = jobs.map(([, n]) => new Array<number>(n).fill(0));
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
  const job = ctl[JOB];
  const list = args[job];
  for (let i = 0; i < list.length; i++) list[i] = ctl[ARGS + i];
  k[jobs[job][0]](...list);
  Atomics.store(ctl, STATE, DONE);
}
void parentPort;
