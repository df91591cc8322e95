// The benchmark suite: rnnkit against TensorFlow.js ('cpu' and 'wasm' backends) on identical models, data and
// batch sizes, one command. Each case runs in a child process of its own so that its peak memory (max RSS) is
// measured alone. Prints medians, ratios, peak RSS and achieved GFLOP/s.
//   npm run bench                REPS (rnnkit, default 3) and TFJS_REPS (TF.js, default 1 for the large epochs)
//
//   1. the tutorial fit: SimpleRNN(50, relu) + Dense(1), 90 samples × 10 steps, 200 epochs, batch 32, Adam, MSE
//   2. one training epoch of LSTM(128), GRU(128), SimpleRNN(128, tanh) + Dense(1) on 2,048 random samples of
//      50 steps × 8 features, batch 64, Adam, MSE
//   3. predict on those 2,048 samples (batch 64)
//   4. GFLOP/s of the matrix kernel and of each recurrent layer's training epoch
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, kernels, setRandomSeed, slidingWindows, tensor, type Layer, type Tensor } from '../src/index.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { measureMatmul } from './matmul.js';
import { machine, median, silenceTfjsBanner } from './util.js';

const REPS = Number(process.env.REPS ?? 3);
const TFJS_REPS = Number(process.env.TFJS_REPS ?? 1);
type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';
type Impl = 'rnnkit' | 'tfjs-cpu' | 'tfjs-wasm';
interface CaseResult { name: string; seconds: number[]; maxRssMiB: number }

function ourModel(kind: Kind, units: number, activation: string | undefined, inputShape: number[]): Sequential {
  const args = { units, inputShape, ...(activation ? { activation } : {}) };
  const rnn: Layer = kind === 'LSTM' ? new LSTM(args) : kind === 'GRU' ? new GRU({ ...args, resetAfter: false }) : new SimpleRNN(args);
  const model = new Sequential({ layers: [rnn, new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  return model;
}

/** The same model in TF.js, with rnnkit's (Keras) initial weights. GRU uses resetAfter: false, TF.js's only form. */
function tfModel(tf: typeof TF, kind: Kind, units: number, activation: string | undefined, inputShape: number[], init: Tensor[]): TF.LayersModel {
  const args = { units, inputShape, recurrentActivation: 'sigmoid', ...(activation ? { activation } : {}) } as never;
  const m = tf.sequential();
  m.add(kind === 'LSTM' ? tf.layers.lstm(args) : kind === 'GRU' ? tf.layers.gru(args) : tf.layers.simpleRNN(args));
  m.add(tf.layers.dense({ units: 1 }));
  m.setWeights(init.map((w) => tf.tensor(Array.from(w.data), w.shape)));
  m.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  return m;
}

async function loadTf(impl: Impl): Promise<typeof TF> {
  silenceTfjsBanner();
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(impl === 'tfjs-cpu' ? 'cpu' : 'wasm');
  return tf;
}

async function timed(reps: number, run: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

const N = 2048, T = 50, F = 8;
const bigX = () => Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9);
const bigY = () => Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11));

/** One benchmark case, run in its own process so that its peak memory (max RSS) is its own. */
async function runCase(name: string): Promise<number[]> {
  const [what, impl] = name.split(' · ') as [string, Impl];
  setRandomSeed(1);
  if (what === 'tutorial fit') {
    const tut = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
    const y = tut.y.reshape([90, 1]);
    if (impl === 'rnnkit') return timed(REPS, () => ourModel('SimpleRNN', 50, 'relu', [10, 1]).fit(tut.x, y, { epochs: 200, batchSize: 32, verbose: 0 }));
    const tf = await loadTf(impl);
    const xt = tf.tensor(Array.from(tut.x.data), tut.x.shape), yt = tf.tensor(Array.from(y.data), [90, 1]);
    return timed(3, async () => {
      const m = tfModel(tf, 'SimpleRNN', 50, 'relu', [10, 1], ourModel('SimpleRNN', 50, 'relu', [10, 1]).getWeights());
      await m.fit(xt, yt, { epochs: 200, batchSize: 32, shuffle: true, verbose: 0 });
      m.dispose();
    });
  }
  const [kindUnits, op] = what.split(' ') as [string, 'epoch' | 'predict'];
  const kind = kindUnits.replace('(128)', '') as Kind;
  const model = ourModel(kind, 128, undefined, [T, F]);
  if (impl === 'rnnkit') {
    const x = tensor(bigX(), [N, T, F]), y = tensor(bigY(), [N, 1]);
    return op === 'epoch'
      ? timed(REPS, () => model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 }))
      : timed(REPS, () => model.predict(x, { batchSize: 64 }));
  }
  const tf = await loadTf(impl);
  const xt = tf.tensor(bigX(), [N, T, F]), yt = tf.tensor(bigY(), [N, 1]);
  const m = tfModel(tf, kind, 128, undefined, [T, F], model.getWeights());
  return op === 'epoch'
    ? timed(TFJS_REPS, () => m.fit(xt, yt, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 }))
    : timed(TFJS_REPS, () => tf.tidy(() => { (m.predict(xt, { batchSize: 64 }) as TF.Tensor).dataSync(); }));
}

const CASES = [
  ...['rnnkit', 'tfjs-cpu', 'tfjs-wasm'].map((i) => `tutorial fit · ${i}`),
  ...(['LSTM', 'GRU', 'SimpleRNN'] as Kind[]).flatMap((k) => ['epoch', 'predict'].flatMap((op) => ['rnnkit', 'tfjs-cpu', 'tfjs-wasm'].map((i) => `${k}(128) ${op} · ${i}`))),
];

async function main(): Promise<void> {
  const only = process.argv.indexOf('--case');
  if (only >= 0) {
    const name = process.argv[only + 1];
    const seconds = await runCase(name);
    const result: CaseResult = { name, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`@@${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  console.log('rnnkit benchmark suite —', machine());
  console.log(`kernels: ${kernels().name}; rnnkit reps ${REPS}, TF.js reps ${TFJS_REPS} (3 for the tutorial); each case in its own process\n`);
  const results: CaseResult[] = [];
  console.log('benchmark                         median s   runs                   peak RSS     rnnkit is');
  for (const name of CASES) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const line = child.stdout.split('\n').find((l) => l.startsWith('@@'));
    if (!line) throw new Error(`case '${name}' failed:\n${child.stderr}`);
    const r = JSON.parse(line.slice(2)) as CaseResult;
    results.push(r);
    const ours = results.find((o) => o.name === r.name.replace(/ · .*$/, ' · rnnkit'))!;
    const ratio = median(r.seconds) / median(ours.seconds);
    console.log(`${r.name.padEnd(33)} ${median(r.seconds).toFixed(3).padStart(8)}   ${r.seconds.map((s) => s.toFixed(2)).join(' ').padEnd(22)} ${r.maxRssMiB.toFixed(0).padStart(5)} MiB   ${r === ours ? '' : `${ratio.toFixed(1)}x faster`}`);
  }

  // GFLOP/s of the matrix kernel and of each recurrent layer's training epoch
  const rt = wasmRuntime();
  if (rt && kernels().name === 'wasm') {
    const peak = measureMatmul(kernels().matmul, 64, 128, 512, (n) => wasmFloats(rt, n));
    const best = Math.max(...peak.map((p) => p.gflops));
    console.log(`\nmatrix kernel at 64×128·128×512: ${peak.map((p) => `${p.form} ${p.gflops.toFixed(1)}`).join(', ')} GFLOP/s (peak ${best.toFixed(1)})`);
    for (const kind of ['LSTM', 'GRU', 'SimpleRNN'] as Kind[]) {
      const G = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1, H = 128;
      // matrix work of one epoch: forward x·W and h·U, backward dU, dh and dW (no dx for the first layer)
      const flops = (N * T) * 2 * G * H * (F + H) + (N * T) * 2 * G * H * (2 * H + F);
      const s = median(results.find((r) => r.name === `${kind}(128) epoch · rnnkit`)!.seconds);
      console.log(`${kind}(128) epoch: ${(flops / 1e9).toFixed(1)} GFLOP of products in ${s.toFixed(2)} s = ${(flops / s / 1e9).toFixed(1)} GFLOP/s (${((flops / s / 1e9 / best) * 100).toFixed(0)} % of the matrix kernel's peak)`);
    }
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
