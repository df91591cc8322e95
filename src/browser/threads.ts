// The second kernel thread in a browser: a Web Worker over the page's shared WebAssembly memory. Only a
// cross-origin-isolated page (COOP same-origin + COEP require-corp, `crossOriginIsolated === true`) may share
// memory with a worker; elsewhere the kernels run on one thread, and `startBrowserThreads` says why.
import type { WasmRuntime } from '../kernels/wasm/runtime.js';
import { startGemmThreads, type GemmSplitter } from '../kernels/wasm/threads.js';

/** The worker's bundled source (set by scripts/build-browser.mjs); absent when this file is used unbundled. */
declare const __RNNKIT_WORKER_SOURCE__: string | undefined;

/** How long ready() waits for the worker to start before running on one thread. */
const START_TIMEOUT_MS = 10_000;

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  Worker?: typeof Worker;
  navigator?: { hardwareConcurrency?: number };
}

function newWorker(): Worker {
  if (typeof __RNNKIT_WORKER_SOURCE__ === 'string') {
    const url = URL.createObjectURL(new Blob([__RNNKIT_WORKER_SOURCE__], { type: 'text/javascript' }));
    try {
      return new Worker(url);
    } finally {
      // the worker has fetched its script once it runs; revoking later would leak one URL per page
      setTimeout(() => URL.revokeObjectURL(url), START_TIMEOUT_MS);
    }
  }
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/** Why two threads cannot run on this page, or null when they may. */
export function threadsUnavailable(): string | null {
  const g = globalThis as BrowserGlobals;
  if (g.crossOriginIsolated !== true) return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  if (typeof g.Worker !== 'function') return 'Web Workers are unavailable here';
  if ((g.navigator?.hardwareConcurrency ?? 1) < 2) return 'the machine reports one core';
  return null;
}

/**
 * Starts the worker and resolves once it runs the kernels: the two-thread splitter, or `{ splitter: null, reason }`.
 * The main thread never waits on a worker that has not taken a job (jobs.ts), so a slow start costs nothing.
 */
export async function startBrowserThreads(rt: WasmRuntime): Promise<{ splitter: GemmSplitter | null; reason: string | null }> {
  const why = threadsUnavailable();
  if (why) return { splitter: null, reason: why };
  let worker: Worker | null = null;
  let started!: Promise<void>;
  const splitter = startGemmThreads(rt, (runtime, control) => {
    worker = newWorker();
    const w = worker;
    started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      w.onmessage = (e: MessageEvent) => {
        clearTimeout(timer);
        if (e.data?.started) resolve();
        else reject(new Error(`the worker failed: ${String(e.data?.error)}`));
      };
      w.onerror = (e: ErrorEvent) => {
        clearTimeout(timer);
        reject(new Error(`the worker failed to load: ${e.message || 'unknown error'}`));
      };
    });
    w.postMessage({ module: runtime.module, memory: runtime.memory, control });
    return true;
  });
  try {
    await started;
    return { splitter, reason: null };
  } catch (e) {
    (worker as Worker | null)?.terminate();
    return { splitter: null, reason: (e as Error).message };
  }
}
