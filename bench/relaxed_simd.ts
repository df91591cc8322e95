// Does relaxed SIMD (fused multiply-add, f32x4.relaxed_madd) pay for the matrix kernel? Instantiates both shipped
// builds of the kernels (dist/src/kernels/wasm/binary.js: the baseline and the relaxed-SIMD one, whose `gemm`
// uses fused multiply-adds) over one memory and times their `gemm` back to back (best of 7, alternated twice) on
// the suite's product shapes, on one thread; prints GFLOP/s, the ratio and the largest relative difference.
//   npm run build && node dist/bench/relaxed_simd.js
// On Node 20 relaxed SIMD is behind V8's --experimental-wasm-relaxed-simd; rnnkit sets that flag at load
// (src/kernels/wasm/runtime.ts) and so does this script. Where the engine still refuses the module it says so.
import v8 from 'node:v8';
import { wasmBase64, wasmRelaxedBase64 } from '../src/kernels/wasm/binary.js';
import { machine } from './util.js';

type Gemm = (c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, acc: number) => void;
const relaxedBytes = Uint8Array.from(Buffer.from(wasmRelaxedBase64, 'base64'));
if (!WebAssembly.validate(relaxedBytes as BufferSource)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
const build = (bytes: Uint8Array): Gemm => (new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), { env: { memory } }).exports as unknown as { gemm: Gemm }).gemm;
const plain = build(Uint8Array.from(Buffer.from(wasmBase64, 'base64')));
let fused: Gemm;
try {
  fused = build(relaxedBytes);
} catch (e) {
  console.log(`relaxed SIMD is not available in this engine (${process.version}): ${(e as Error).message.split('\n')[0]}`);
  process.exit(0);
}
console.log(machine());
memory.grow(200);
const f = new Float32Array(memory.buffer);
for (let i = 16384; i < f.length; i++) f[i] = Math.sin(i);
for (const [M, K, N] of [[64, 128, 512], [64, 136, 512], [64, 264, 512], [1, 320, 1024], [64, 512, 128]]) {
  const A = 65536 * 4, B = A + M * K * 4 + 64, C = B + K * N * 4 + 64, C2 = C + M * N * 4 + 64;
  const flops = 2 * M * K * N, reps = Math.max(3, Math.round(3e8 / flops));
  const rate = { plain: 0, fma: 0 };
  for (const [name, fn, c] of [['plain', plain, C], ['fma', fused, C2], ['plain', plain, C], ['fma', fused, C2]] as const) {
    let best = Infinity;
    for (let t = 0; t < 7; t++) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) fn(c, N, A, K, 1, B, N, M, N, K, 0);
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    rate[name] = Math.max(rate[name], flops / best / 1e6);
  }
  let diff = 0;
  for (let i = 0; i < M * N; i++) diff = Math.max(diff, Math.abs(f[C / 4 + i] - f[C2 / 4 + i]) / (Math.abs(f[C / 4 + i]) + 1));
  console.log(`${M}×${K}·${K}×${N}: mul+add ${rate.plain.toFixed(1)} GFLOP/s, relaxed_madd ${rate.fma.toFixed(1)} GFLOP/s, ratio ${(rate.fma / rate.plain).toFixed(2)}, max relative difference ${diff.toExponential(1)}`);
}
