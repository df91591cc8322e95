// The ceilings the suite's speed goals meet on this machine (bench/suite.ts prints them after its table):
//   - the WebAssembly SIMD multiply-add peak: GFLOP/s of twelve independent f32x4 multiply-add chains (fused,
//     f32x4.relaxed_madd, where rnnkit's kernels run the relaxed build; else a multiply then an add), on one
//     thread and on two at once. No WebAssembly code on this engine and machine does arithmetic faster: SIMD
//     here is 128 bits wide, whatever the CPU's own vectors are (a native library such as PyTorch's OpenBLAS uses
//     256 or 512 bits).
//   - the matrix kernel's rate: the shipped `gemm` on one thread at a recurrent layer's step product
//     (64 rows · H × G·H), the rate the recurrent loops' products run at on each thread.
// The loop is AssemblyScript compiled here with the compiler the build uses (a dev dependency), so the figure
// needs no file beyond npm's.   npm run build && node dist/bench/simd_peak.js
import { Worker } from 'node:worker_threads';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { machine } from './util.js';

const CHAINS = 12;
/** n rounds of CHAINS independent chains x ← x·m + c; returns a lane so that nothing is optimised away. */
const SOURCE = (fused: boolean) => `
@inline function madd(a: v128, b: v128, c: v128): v128 { return ${fused ? 'f32x4.relaxed_madd(a, b, c)' : 'f32x4.add(f32x4.mul(a, b), c)'}; }
export function chains(n: i32): f32 {
  ${Array.from({ length: CHAINS }, (_, i) => `let x${i} = f32x4.splat(${1 + i / 16});`).join(' ')}
  const m = f32x4.splat(0.999999), c = f32x4.splat(0.000001);
  for (let i = 0; i < n; i++) { ${Array.from({ length: CHAINS }, (_, i) => `x${i} = madd(x${i}, m, c);`).join(' ')} }
  let s = x0; ${Array.from({ length: CHAINS - 1 }, (_, i) => `s = f32x4.add(s, x${i + 1});`).join(' ')}
  return f32x4.extract_lane(s, 0);
}`;

async function compile(fused: boolean): Promise<Uint8Array> {
  const asc = (await import('assemblyscript/asc')).default;
  const out = await asc.compileString(SOURCE(fused), { optimizeLevel: 3, runtime: 'stub', noAssert: true, enable: fused ? ['simd', 'relaxed-simd'] : ['simd'] });
  if (!out.binary) throw new Error(`simd_peak: the AssemblyScript compiler failed: ${out.stderr.toString()}`);
  return out.binary;
}

/** Runs the chains `n` rounds in a module instance; seconds. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
require('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd');
const run = new WebAssembly.Instance(new WebAssembly.Module(workerData.binary), { env: { abort() {} } }).exports.chains;
run(1e5);
parentPort.on('message', (n) => { const t0 = performance.now(); run(n); parentPort.postMessage((performance.now() - t0) / 1000); });`;

export interface SimdPeak {
  /** Whether the multiply-adds are fused (relaxed SIMD, as rnnkit's kernels where the engine has it). */
  fused: boolean;
  oneThread: number;
  twoThreads: number;
}

/** GFLOP/s (a multiply-add is 2 flops per lane) of the multiply-add chains on one thread and on two at once. */
export async function simdPeak(): Promise<SimdPeak> {
  const fused = wasmRuntime()?.relaxedSimd ?? false;
  const binary = await compile(fused);
  const workers = [0, 1].map(() => new Worker(WORKER, { eval: true, workerData: { binary } }));
  const round = (w: Worker, n: number) => new Promise<number>((done) => { w.once('message', done); w.postMessage(n); });
  const n = 2e7, flops = n * CHAINS * 4 * 2;
  let one = 0, two = 0;
  for (let r = 0; r < 5; r++) { // best of five: a spell of another process only slows a round
    one = Math.max(one, flops / (await round(workers[0], n)) / 1e9);
    const t0 = performance.now();
    await Promise.all(workers.map((w) => round(w, n)));
    two = Math.max(two, (2 * flops) / ((performance.now() - t0) / 1000) / 1e9);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  return { fused, oneThread: one, twoThreads: two };
}

/** GFLOP/s of the shipped `gemm` on one thread for C[M, N] = A[M, K]·B[K, N] (best of five timed batches). */
export function kernelRate(M: number, K: number, N: number): number {
  const rt = wasmRuntime();
  if (!rt) throw new Error('WebAssembly kernels unavailable');
  const [A, B, C] = [M * K, K * N, M * N].map((n) => wasmFloats(rt, n).fill(0.5));
  const reps = Math.max(3, Math.round(1e8 / (2 * M * K * N)));
  let best = Infinity;
  for (let t = 0; t < 6; t++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) rt.exports.gemm(C.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    if (t > 0) best = Math.min(best, (performance.now() - t0) / 1000 / reps);
  }
  return (2 * M * K * N) / best / 1e9;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  console.log(machine());
  const peak = await simdPeak();
  console.log(`WebAssembly SIMD multiply-add peak (${peak.fused ? 'fused, relaxed SIMD' : 'multiply then add'}): ${peak.oneThread.toFixed(1)} GFLOP/s on one thread, ${peak.twoThreads.toFixed(1)} on two`);
  for (const GH of [128, 384, 512]) {
    const rate = kernelRate(64, 128, GH);
    console.log(`gemm 64×128·128×${GH} on one thread: ${rate.toFixed(1)} GFLOP/s (${((rate / peak.oneThread) * 100).toFixed(0)} % of the peak)`);
  }
}
