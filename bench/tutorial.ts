// Benchmark: the Keras tutorial fit (SimpleRNN(50, relu) → Dense(1), 90 samples of 10 steps, 200 epochs,
// batch 32, shuffled, Adam, MSE) in rnnkit and in TensorFlow.js (backends 'cpu' and 'wasm'), same initial
// weights, same data, in one process. Prints the median of several repetitions and the ratios.
//   npm run bench:tutorial   (REPS=5 npm run bench:tutorial for more repetitions)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Dense, Sequential, SimpleRNN, kernels, setRandomSeed, slidingWindows } from '../src/index.js';
import { median, machine, silenceTfjsBanner } from './util.js';

const REPS = Number(process.env.REPS ?? 3);
const EPOCHS = 200;
const { x, y } = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);

function rnnkitModel(): Sequential {
  const model = new Sequential();
  model.add(new SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
  model.add(new Dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  return model;
}

async function timeRnnkit(): Promise<{ seconds: number; loss: number }> {
  const model = rnnkitModel();
  const t0 = performance.now();
  const h = await model.fit(x, y, { epochs: EPOCHS, batchSize: 32, verbose: 0 });
  return { seconds: (performance.now() - t0) / 1000, loss: h.history.loss[EPOCHS - 1] };
}

async function timeTfjs(backend: string): Promise<{ seconds: number; loss: number }> {
  await tf.setBackend(backend);
  const init = rnnkitModel().getWeights(); // Keras initialisation, copied so both start alike
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.setWeights(init.map((w) => tf.tensor(Array.from(w.data), w.shape)));
  model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  const xt = tf.tensor(Array.from(x.data), x.shape);
  const yt = tf.tensor(Array.from(y.data), [y.shape[0], 1]);
  const t0 = performance.now();
  const h = await model.fit(xt, yt, { epochs: EPOCHS, batchSize: 32, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([xt, yt]);
  model.dispose();
  return { seconds, loss: h.history.loss[EPOCHS - 1] as number };
}

async function main(): Promise<void> {
  silenceTfjsBanner();
  console.log(`Tutorial fit: SimpleRNN(50, relu) + Dense(1), 90 samples × 10 steps, ${EPOCHS} epochs, batch 32, Adam, MSE`);
  console.log(machine());
  console.log(`median of ${REPS} runs (first run of each also warms up the JIT and is included)\n`);
  setRandomSeed(1);
  const results: Record<string, { seconds: number[]; loss: number[] }> = {};
  const run = async (name: string, f: () => Promise<{ seconds: number; loss: number }>) => {
    const r = (results[name] = { seconds: [] as number[], loss: [] as number[] });
    for (let i = 0; i < REPS; i++) {
      const { seconds, loss } = await f();
      r.seconds.push(seconds);
      r.loss.push(loss);
    }
  };
  await run(`rnnkit (${kernels().name} kernels)`, timeRnnkit);
  await run('tfjs cpu', () => timeTfjs('cpu'));
  await run('tfjs wasm', () => timeTfjs('wasm'));
  const ours = median(results[`rnnkit (${kernels().name} kernels)`].seconds);
  console.log('backend                        median s   runs (s)                 final loss (median)   tfjs / rnnkit');
  for (const [name, r] of Object.entries(results)) {
    const m = median(r.seconds);
    console.log(`${name.padEnd(30)} ${m.toFixed(3).padStart(8)}   ${r.seconds.map((s) => s.toFixed(2)).join(' ').padEnd(24)} ${median(r.loss).toFixed(4).padStart(10)}            ${(m / ours).toFixed(1)}x`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
