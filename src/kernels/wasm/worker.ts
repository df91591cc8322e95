// The second thread of the WebAssembly kernels in Node (worker_threads): the shared job loop (worker_loop.ts)
// over the module, memory and control block the main thread passed as workerData.
import { workerData } from 'node:worker_threads';
import { serveJobs, type WorkerData } from './worker_loop.js';

serveJobs(workerData as WorkerData);
