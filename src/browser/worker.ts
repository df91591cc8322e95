// The second thread of the WebAssembly kernels in a browser (a dedicated Web Worker): it receives the compiled
// module, the shared memory and the control block from the page (threads.ts), says it started, then serves jobs
// forever (the loop shared with Node, src/kernels/wasm/worker_loop.ts). The browser build bundles this file into
// a string that the page starts from a Blob URL, so the single-file build needs no second file.
import { serveJobs, type WorkerData } from '../kernels/wasm/worker_loop.js';

const scope = globalThis as unknown as { onmessage: ((e: { data: WorkerData }) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e) => {
  scope.onmessage = null;
  try {
    serveJobs(e.data, () => scope.postMessage({ started: true }));
  } catch (err) {
    scope.postMessage({ error: (err as Error)?.message ?? String(err) });
  }
};
