// The second kernel thread: setNumThreads / getNumThreads, bit-identical results on one and two threads, a worker
// that throws (a real WebAssembly trap in its half of a product) surfacing as an Error in the caller within a
// second while the worker keeps serving, and a worker that ended being replaced at the next job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { Dense, LSTM, Sequential, getNumThreads, kernels, setNumThreads, setRandomSeed, tensor } from '../src/index.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { spawnNodeWorker, startGemmThreads, type GemmSplitter } from '../src/kernels/wasm/threads.js';

const twoThreads = kernels().name === 'wasm' && process.env.RNNKIT_THREADS !== '1' && getNumThreads() === 2;

function trainedWeights(): Float32Array[] {
  setRandomSeed(7);
  const model = new Sequential({ layers: [new LSTM({ units: 96, inputShape: [12, 4] }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const x = tensor(Float32Array.from({ length: 128 * 12 * 4 }, (_, i) => Math.sin(i * 0.3)), [128, 12, 4]);
  const y = tensor(Float32Array.from({ length: 128 }, (_, i) => Math.cos(i)), [128, 1]);
  model.fit(x, y, { epochs: 2, batchSize: 64, verbose: 0, shuffle: false });
  return model.getWeights().map((w) => Float32Array.from(w.data));
}

test('setNumThreads rejects what is not a positive integer', () => {
  for (const bad of [0, -1, 1.5, NaN, '2' as unknown as number]) assert.throws(() => setNumThreads(bad), /setNumThreads: expected a positive integer/);
});

test('setNumThreads(1) and (2): getNumThreads follows, and training is bit-identical', { skip: !twoThreads && 'needs the WebAssembly kernels with two threads' }, () => {
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  const one = trainedWeights();
  setNumThreads(8); // more than two means two
  assert.equal(getNumThreads(), 2);
  const two = trainedWeights();
  one.forEach((w, i) => assert.deepEqual(two[i], w));
});

/** A splitter with its own worker (the shipped worker.js), so that these tests cannot disturb the default one. */
function ownSplitter(): { splitter: GemmSplitter; spawns: () => number; worker: () => Worker } {
  const rt = wasmRuntime()!;
  let count = 0, last!: Worker;
  const splitter = startGemmThreads(rt, (runtime, control) => {
    count++;
    last = spawnNodeWorker(runtime, control)!;
    return last !== null;
  })!;
  return { splitter, spawns: () => count, worker: () => last };
}

test('a worker that throws surfaces as an Error within a second, with its message; the worker keeps serving', { skip: !twoThreads && 'needs two threads' }, async () => {
  const rt = wasmRuntime()!;
  const { splitter } = ownSplitter();
  await new Promise((r) => setTimeout(r, 200)); // let the worker start, so that it takes its half
  // C[M, N] = A[M, K]·B[K, N] with N = 128, shared in chunks of 32 columns: this thread takes the first, the worker
  // (when awake) the second, then either takes the next. B's last row is placed at the very end of memory so that
  // only the last chunk's columns of it lie outside: the worker traps when it takes that chunk (about every second
  // try; a try where this thread takes it traps here instead and is repeated). A valid product first wakes the
  // worker, so that it is polling when the job is posted.
  const M = 2000, K = 256, N = 128, left = 96;
  const c = wasmFloats(rt, M * N), a = wasmFloats(rt, M * K).fill(0.5), warm = wasmFloats(rt, K * N);
  const end = rt.memory.buffer.byteLength;
  const b = end - (K - 1) * N * 4 - left * 4 - 16;
  let error: Error | null = null;
  for (let attempt = 0; attempt < 200 && !error; attempt++) {
    splitter.gemmForced(c.byteOffset, N, a.byteOffset, K, 1, warm.byteOffset, N, 64, N, K, 0);
    const t0 = performance.now();
    try {
      splitter.gemmForced(c.byteOffset, N, a.byteOffset, K, 1, b, N, M, N, K, 0);
    } catch (e) {
      error = e as Error;
      if (!/worker thread/.test(error.message)) error = null; // the worker had not taken its half: this thread trapped
      else assert.ok(performance.now() - t0 < 1000, 'the failure is reported within a second');
    }
  }
  assert.ok(error, 'the worker took the trapping chunk and failed at least once in 200 tries');
  assert.match(error!.message, /a kernel failed in the worker thread \(RuntimeError: memory access out of bounds\)/);
  // the worker still serves: a valid product split over both threads is right
  const bb = wasmFloats(rt, K * N).fill(2);
  splitter.gemmForced(c.byteOffset, N, a.byteOffset, K, 1, bb.byteOffset, N, M, N, K, 0);
  for (const j of [0, 63, 64, 127]) assert.equal(c[(M - 1) * N + j], 0.5 * 2 * K);
  assert.equal(splitter.threads, 2);
});

test('a worker that ended is replaced at the next job, and the job completes', { skip: !twoThreads && 'needs two threads' }, async () => {
  const rt = wasmRuntime()!;
  const { splitter, spawns, worker } = ownSplitter();
  await new Promise((r) => setTimeout(r, 200));
  await worker().terminate();
  await new Promise((r) => setTimeout(r, 50)); // the 'exit' event marks the control block
  const M = 64, K = 64, N = 128;
  const c = wasmFloats(rt, M * N), a = wasmFloats(rt, M * K).fill(1), b = wasmFloats(rt, K * N).fill(3);
  splitter.gemmForced(c.byteOffset, N, a.byteOffset, K, 1, b.byteOffset, N, M, N, K, 0);
  assert.equal(spawns(), 2, 'a second worker was started');
  for (const j of [0, 127]) assert.equal(c[j], 3 * K);
  assert.equal(splitter.threads, 2);
});
