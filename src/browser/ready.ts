// Starting the kernels in a browser: `ready()` compiles the WebAssembly kernels asynchronously (browsers limit
// synchronous compilation on a page's main thread: Chrome to 4 KB for years, 8 MB in Chromium 150) and, on a
// cross-origin-isolated page, starts the second thread; `backendInfo()` says which path runs. In Node the kernels start synchronously on first
// use, and `ready()` only confirms it.
import { installWasmKernels, kernels, relaxedSimdInUse, wasmKernels, wasmThreads } from '../kernels/kernels.js';
import { wasmFailure, wasmRuntimeAsync } from '../kernels/wasm/runtime.js';
import { startBrowserThreads } from './threads.js';

/** Which kernels run: `kernels` the set in use, `simd` whether WebAssembly SIMD kernels run, `threads` 1 or 2. */
export interface BackendInfo {
  kernels: 'wasm' | 'reference';
  simd: boolean;
  /** Whether the relaxed-SIMD build runs (fused multiply-adds in the matrix products; Chrome ≥ 114). */
  relaxedSimd: boolean;
  threads: number;
}

let starting: Promise<BackendInfo> | null = null;
let said = false;

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

async function start(): Promise<BackendInfo> {
  if (isNode()) {
    wasmKernels();
    return backendInfo();
  }
  const rt = await wasmRuntimeAsync();
  if (!rt) {
    console.warn(`rnnkit: WebAssembly SIMD kernels unavailable (${wasmFailure()}); using the reference kernels`);
    return backendInfo();
  }
  const { splitter, reason } = await startBrowserThreads(rt);
  if (reason && !said) {
    said = true;
    console.info(`rnnkit: kernels run on one thread: ${reason}`);
  }
  installWasmKernels(rt, splitter);
  return backendInfo();
}

/**
 * Starts the fast kernels; await it once before building models. Resolves to `backendInfo()`. Never rejects:
 * where WebAssembly SIMD or shared memory is unavailable the reference kernels run (said once on the console),
 * and where threads cannot run (a page that is not cross-origin isolated) one thread runs (said once).
 */
export function ready(): Promise<BackendInfo> {
  return (starting ??= start());
}

/** The kernels in use now: `{ kernels: 'wasm' | 'reference', simd, relaxedSimd, threads }`. */
export function backendInfo(): BackendInfo {
  const set = kernels();
  const wasm = set.name === 'wasm';
  return { kernels: set.name, simd: wasm, relaxedSimd: wasm && relaxedSimdInUse(), threads: wasm ? wasmThreads() : 1 };
}
