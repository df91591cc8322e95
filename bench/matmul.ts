// Matrix-kernel throughput: GFLOP/s of the three product forms at the shapes an RNN step has, for the
// WebAssembly SIMD kernels and the reference TypeScript ones.   npm run build && node dist/bench/matmul.js
import { referenceMatmul } from '../src/kernels/ref/matmul.js';
import type { Matmul } from '../src/kernels/types.js';
import { wasmMatmul } from '../src/kernels/wasm/matmul.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { machine } from './util.js';

export interface MatmulRate { form: string; shape: string; gflops: number }

/** GFLOP/s of C (+)= A·B in each form, best of 5 timed batches of repeated calls. */
export function measureMatmul(mm: Matmul, M: number, K: number, N: number, alloc: (n: number) => Float32Array): MatmulRate[] {
  const A = alloc(M * K), B = alloc(K * N), C = alloc(M * N), At = alloc(K * M), Bn = alloc(N * K);
  for (const a of [A, B, At, Bn]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
  const flops = 2 * M * K * N;
  const reps = Math.max(3, Math.round(2e8 / flops));
  const forms: [string, () => void][] = [
    ['A·B', () => mm.nn(C, 0, N, A, 0, K, B, 0, N, M, K, N, true)],
    ['A·Bᵀ', () => mm.nt(C, 0, N, A, 0, K, Bn, 0, K, M, N, K, true)],
    ['Aᵀ·B', () => mm.tnAcc(C, 0, N, At, 0, M, B, 0, N, K, M, N)],
  ];
  return forms.map(([form, run]) => {
    let best = Infinity;
    for (let t = 0; t < 5; t++) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) run();
      best = Math.min(best, (performance.now() - t0) / 1000 / reps);
    }
    return { form, shape: `${M}×${K}·${K}×${N}`, gflops: flops / best / 1e9 };
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const rt = wasmRuntime();
  if (!rt) throw new Error('WebAssembly kernels unavailable');
  console.log(machine());
  for (const [M, K, N] of [[32, 50, 50], [64, 128, 512], [64, 512, 128], [3200, 8, 512]]) {
    for (const [name, mm, alloc] of [['wasm', wasmMatmul(rt), (n: number) => wasmFloats(rt, n)], ['reference', referenceMatmul, (n: number) => new Float32Array(n)]] as const) {
      const rates = measureMatmul(mm, M, K, N, alloc);
      console.log(`${name.padEnd(9)} ${rates[0].shape.padEnd(16)} ${rates.map((r) => `${r.form} ${r.gflops.toFixed(1).padStart(5)}`).join('   ')} GFLOP/s`);
    }
  }
}
