// The benchmark suite: rnnkit against TensorFlow.js ('cpu' and 'wasm' backends) on identical models, data and
// batch sizes, in one process. Prints medians, ratios, achieved GFLOP/s and memory.
//   npm run bench                REPS (rnnkit, default 3) and TFJS_REPS (TF.js, default 1 for the large epochs)
//
//   1. the tutorial fit: SimpleRNN(50, relu) + Dense(1), 90 samples × 10 steps, 200 epochs, batch 32, Adam, MSE
//   2. one training epoch of LSTM(128), GRU(128), SimpleRNN(128, tanh) + Dense(1) on 2,048 random samples of
//      50 steps × 8 features, batch 64, Adam, MSE
//   3. predict on those 2,048 samples (batch 64)
//   4. GFLOP/s of the matrix kernel and of each recurrent layer's training epoch
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, kernels, setRandomSeed, slidingWindows, tensor, type Layer, type Tensor } from '../src/index.js';
import { wasmMemoryInUse, wasmRuntime, wasmFloats } from '../src/kernels/wasm/runtime.js';
import { measureMatmul } from './matmul.js';
import { machine, median, silenceTfjsBanner } from './util.js';

const REPS = Number(process.env.REPS ?? 3);
const TFJS_REPS = Number(process.env.TFJS_REPS ?? 1);
type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';

interface Row { name: string; seconds: number[]; memory?: number }
const rows: Row[] = [];

async function timeIt(name: string, reps: number, run: () => Promise<number | void> | number | void): Promise<Row> {
  const row: Row = { name, seconds: [] };
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const mem = await run();
    row.seconds.push((performance.now() - t0) / 1000);
    if (typeof mem === 'number') row.memory = Math.max(row.memory ?? 0, mem);
  }
  rows.push(row);
  return row;
}

function ourModel(kind: Kind, units: number, activation: string | undefined, inputShape: number[]): Sequential {
  const args = { units, inputShape, ...(activation ? { activation } : {}) };
  const rnn: Layer = kind === 'LSTM' ? new LSTM(args) : kind === 'GRU' ? new GRU({ ...args, resetAfter: false }) : new SimpleRNN(args);
  const model = new Sequential({ layers: [rnn, new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  return model;
}

/** The same model in TF.js, with rnnkit's (Keras) initial weights. GRU uses resetAfter: false, TF.js's only form. */
function tfModel(kind: Kind, units: number, activation: string | undefined, inputShape: number[], init: Tensor[]): tf.LayersModel {
  const args = { units, inputShape, recurrentActivation: 'sigmoid', ...(activation ? { activation } : {}) } as never;
  const m = tf.sequential();
  m.add(kind === 'LSTM' ? tf.layers.lstm(args) : kind === 'GRU' ? tf.layers.gru(args) : tf.layers.simpleRNN(args));
  m.add(tf.layers.dense({ units: 1 }));
  m.setWeights(init.map((w) => tf.tensor(Array.from(w.data), w.shape)));
  m.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  return m;
}

/** Peak bytes TF.js holds in tensors while `run` executes (sampled after every batch). */
async function tfPeak(run: (cb: tf.CustomCallbackArgs) => Promise<unknown>): Promise<number> {
  let peak = tf.memory().numBytes;
  await run({ onBatchEnd: async () => { peak = Math.max(peak, tf.memory().numBytes); } });
  return peak;
}

/** Bytes of rnnkit model memory (WebAssembly memory in live buffers) after `run`. */
async function ourMemory(run: () => Promise<unknown> | unknown): Promise<number> {
  await run();
  return kernels().name === 'wasm' ? wasmMemoryInUse() : NaN;
}

async function main(): Promise<void> {
  silenceTfjsBanner();
  console.log('rnnkit benchmark suite —', machine());
  console.log(`kernels: ${kernels().name}; TF.js ${tf.version.tfjs}; rnnkit reps ${REPS}, TF.js reps ${TFJS_REPS} (3 for the tutorial)\n`);
  setRandomSeed(1);

  // 1. tutorial
  const tut = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
  const tutY = tut.y.reshape([90, 1]);
  await timeIt('tutorial fit · rnnkit', REPS, () => ourMemory(() => ourModel('SimpleRNN', 50, 'relu', [10, 1]).fit(tut.x, tutY, { epochs: 200, batchSize: 32, verbose: 0 })));
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const xt = tf.tensor(Array.from(tut.x.data), tut.x.shape), yt = tf.tensor(Array.from(tutY.data), [90, 1]);
    await timeIt(`tutorial fit · tfjs-${backend}`, 3, () => {
      const m = tfModel('SimpleRNN', 50, 'relu', [10, 1], ourModel('SimpleRNN', 50, 'relu', [10, 1]).getWeights());
      return tfPeak((cb) => m.fit(xt, yt, { epochs: 200, batchSize: 32, shuffle: true, verbose: 0, callbacks: cb }));
    });
    tf.dispose([xt, yt]);
  }

  // 2 and 3. one epoch and predict on 2,048 × 50 × 8
  const N = 2048, T = 50, F = 8;
  const xData = Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9);
  const yData = Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11));
  const x = tensor(xData, [N, T, F]), y = tensor(yData, [N, 1]);
  for (const kind of ['LSTM', 'GRU', 'SimpleRNN'] as Kind[]) {
    const model = ourModel(kind, 128, undefined, [T, F]);
    await timeIt(`${kind}(128) epoch · rnnkit`, REPS, () => ourMemory(() => model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 })));
    await timeIt(`${kind}(128) predict · rnnkit`, REPS, () => { model.predict(x, { batchSize: 64 }); });
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const xt = tf.tensor(xData, [N, T, F]), yt = tf.tensor(yData, [N, 1]);
      const m = tfModel(kind, 128, undefined, [T, F], model.getWeights());
      await timeIt(`${kind}(128) epoch · tfjs-${backend}`, TFJS_REPS, () => tfPeak((cb) => m.fit(xt, yt, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0, callbacks: cb })));
      await timeIt(`${kind}(128) predict · tfjs-${backend}`, TFJS_REPS, () => { tf.tidy(() => { (m.predict(xt, { batchSize: 64 }) as tf.Tensor).dataSync(); }); });
      m.dispose();
      tf.dispose([xt, yt]);
    }
  }

  // report
  console.log('benchmark                        median s   runs                     memory       rnnkit is');
  for (const r of rows) {
    const ours = rows.find((o) => o.name === r.name.replace(/ · .*$/, ' · rnnkit'))!;
    const ratio = median(r.seconds) / median(ours.seconds);
    const mem = r.memory === undefined || Number.isNaN(r.memory) ? '' : `${(r.memory / 2 ** 20).toFixed(1)} MiB`;
    console.log(`${r.name.padEnd(32)} ${median(r.seconds).toFixed(3).padStart(8)}   ${r.seconds.map((s) => s.toFixed(2)).join(' ').padEnd(24)} ${mem.padStart(10)}   ${r === ours ? '' : `${ratio.toFixed(1)}x faster`}`);
  }

  // 4. GFLOP/s
  const rt = wasmRuntime();
  if (rt && kernels().name === 'wasm') {
    const peak = measureMatmul(kernels().matmul, 64, 128, 512, (n) => wasmFloats(rt, n));
    const best = Math.max(...peak.map((p) => p.gflops));
    console.log(`\nmatrix kernel at 64×128·128×512: ${peak.map((p) => `${p.form} ${p.gflops.toFixed(1)}`).join(', ')} GFLOP/s (peak ${best.toFixed(1)})`);
    for (const kind of ['LSTM', 'GRU', 'SimpleRNN'] as Kind[]) {
      const G = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1, H = 128;
      // matrix work of one epoch: forward x·W and h·U, backward dU, dh and dW (no dx for the first layer)
      const flops = (N * T) * 2 * G * H * (F + H) + (N * T) * 2 * G * H * (2 * H + F);
      const s = median(rows.find((r) => r.name === `${kind}(128) epoch · rnnkit`)!.seconds);
      console.log(`${kind}(128) epoch: ${(flops / 1e9).toFixed(1)} GFLOP of products in ${s.toFixed(2)} s = ${(flops / s / 1e9).toFixed(1)} GFLOP/s (${((flops / s / 1e9 / best) * 100).toFixed(0)} % of the matrix kernel's peak)`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
