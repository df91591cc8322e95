// Element-wise kernel throughput (issue 14): the WebAssembly activations the recurrent loops apply (sigmoid, tanh
// over a 64×384 block, one step of a GRU(128) batch), the Adam update over 340,000 weights (the char model's
// size) and Embedding's gather plus scatter-add (6,400 ids × 64), each against the reference TypeScript kernel in
// the same run. Best of 7 timed batches.   npm run bench:elementwise (or npm run build && node dist/bench/elementwise.js)
import { referenceKernels, wasmKernels } from '../src/index.js';
import { referenceActivations } from '../src/kernels/ref/activations.js';
import { Act, type ActivationKernels } from '../src/kernels/types.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { machine } from './util.js';

const rt = wasmRuntime();
const fast = wasmKernels();
if (!rt || !fast) throw new Error('WebAssembly kernels unavailable');
const alloc = (n: number, f: (i: number) => number = () => 0) => { const a = wasmFloats(rt, n); for (let i = 0; i < n; i++) a[i] = f(i); return a; };

/** Nanoseconds per item of `run` (which handles `items` items), best of 7 batches of `reps` calls after a warm-up. */
function nsPerItem(run: () => void, items: number, reps: number): number {
  for (let i = 0; i < reps; i++) run();
  let best = Infinity;
  for (let t = 0; t < 7; t++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return (best * 1e6) / items;
}

console.log(machine());
const row = (what: string, ref: number, wasm: number) =>
  console.log(`${what.padEnd(36)} reference ${ref.toFixed(3).padStart(7)} ns   wasm ${wasm.toFixed(3).padStart(7)} ns   ${(ref / wasm).toFixed(1)}×`);

const R = 64, C = 384, n = R * C;
const z = alloc(n, (i) => Math.sin(i) * 4), y = alloc(n);
for (const [name, act] of [['sigmoid', Act.sigmoid], ['tanh', Act.tanh]] as const) {
  const time = (af: ActivationKernels) => nsPerItem(() => af.forward(y, 0, C, z, 0, C, R, C, act), n, 200);
  row(`${name}, per value`, time(referenceActivations), time(fast.activations));
}

const W = 340_000;
const [w, g, m, v] = [1, 2, 3, 4].map((s) => alloc(W, (i) => Math.sin(i * s) * 0.01));
let step = 1;
const adam = (k: typeof fast) => nsPerItem(() => k.adamUpdate(w, g, m, v, null, W, 0.001, 0.9, 0.999, 1e-7, step++), W, 20);
row('Adam update, per weight', adam(referenceKernels), adam(fast));

const ids = 6400, D = 64, V = 5000;
const table = alloc(V * D, (i) => Math.cos(i)), idf = alloc(ids, (i) => (i * 7919) % V), out = alloc(ids * D);
const embed = (k: typeof fast) => nsPerItem(() => { k.embeddingGather(out, table, idf, ids, D); k.embeddingScatterAdd(table, out, idf, ids, D); }, ids * D, 50);
row('Embedding gather + scatter, per value', embed(referenceKernels), embed(fast));
process.exit(0);
