// Where two threads start to pay for a matrix product: time of gemm on one thread and split between two, for
// growing sizes (the crossover sets SPLIT_THRESHOLD in src/kernels/wasm/threads.ts).
//   npm run build && node dist/bench/threads.js
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { startGemmThreads } from '../src/kernels/wasm/threads.js';
import { machine } from './util.js';

const rt = wasmRuntime();
const two = rt ? startGemmThreads(rt) : null;
if (!rt || !two) throw new Error('needs the WebAssembly kernels and two cores');
console.log(machine());
const k = rt.exports;
for (const [M, K, N] of [[32, 32, 64], [32, 64, 64], [64, 64, 64], [64, 64, 128], [64, 128, 128], [64, 128, 512]]) {
  const A = wasmFloats(rt, M * K), B = wasmFloats(rt, K * N), C = wasmFloats(rt, M * N);
  const reps = Math.round(3e7 / (M * K * N));
  const time = (f: () => void): number => {
    let best = Infinity;
    for (let t = 0; t < 7; t++) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) f();
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    return best * 1e3;
  };
  const one = time(() => k.gemm(C.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 1));
  const split = time(() => two.gemmForced(C.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 1));
  console.log(`${M}×${K}×${N} (${M * K * N} multiply-adds): one thread ${one.toFixed(1)} µs, two threads ${split.toFixed(1)} µs`);
}
process.exit(0);
