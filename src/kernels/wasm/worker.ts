// The second thread of the WebAssembly kernels in Node (worker_threads): the shared job loop (worker_loop.ts)
// over the module, memory and control block the main thread passed as workerData.
// When the thread ends (process.exit in it, an error outside a job, terminate) it marks the control block EXITED,
// so a main thread waiting on its half stops waiting and rebuilds the worker.
import { workerData } from 'node:worker_threads';
import { EXITED, STATE, writeMessage } from './jobs.js';
import { serveJobs, type WorkerData } from './worker_loop.js';

const data = workerData as WorkerData;
process.on('exit', (code) => {
  const ctl = new Int32Array(data.control);
  writeMessage(data.control, `the worker thread exited (code ${code})`);
  Atomics.store(ctl, STATE, EXITED);
  Atomics.notify(ctl, STATE);
});
serveJobs(data);
