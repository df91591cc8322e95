// Benchmark in Chromium (`npm run bench:browser`): the tutorial fit (SimpleRNN(50, relu) + Dense(1), 90 × 10 steps,
// 200 epochs, batch 32, Adam, MSE) and one LSTM(128) + Dense(1) training epoch (2,048 × 50 steps × 8 features,
// batch 64), rnnkit's browser build against TensorFlow.js's wasm backend in the same page, same initial weights and
// data (as bench/suite.ts does in Node). Runs on a plain page (rnnkit: one thread) and a cross-origin-isolated one
// (rnnkit: two threads; TF.js picks its threaded SIMD build there). Prints medians and ratios.
//   npm run bench:browser      (REPS=3 default for rnnkit; TFJS_REPS=1 for TF.js's LSTM epoch)
import { launch, missingChromium, openPage } from '../test/browser/chromium.mjs';
import { startServer } from '../test/browser/server.mjs';
import { cpus } from 'node:os';

const REPS = Number(process.env.REPS ?? 3);
const TFJS_REPS = Number(process.env.TFJS_REPS ?? 1);

/** Runs in the page: returns { name: seconds[] }. */
async function pageBench({ REPS, TFJS_REPS, prefix }) {
  const rk = await import(`${prefix}/dist/browser/rnnkit.js`);
  const info = await rk.ready();
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths(`${prefix}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const timed = async (reps, run) => {
    const out = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await run();
      out.push((performance.now() - t0) / 1000);
    }
    return out;
  };
  const ours = (kind, units, activation, inputShape) => {
    const args = { units, inputShape, ...(activation ? { activation } : {}) };
    const model = new rk.Sequential({ layers: [kind === 'LSTM' ? new rk.LSTM(args) : new rk.SimpleRNN(args), new rk.Dense({ units: 1 })] });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    return model;
  };
  const theirs = (kind, units, activation, inputShape, init) => {
    const args = { units, inputShape, recurrentActivation: 'sigmoid', ...(activation ? { activation } : {}) };
    const m = tf.sequential();
    m.add(kind === 'LSTM' ? tf.layers.lstm(args) : tf.layers.simpleRNN(args));
    m.add(tf.layers.dense({ units: 1 }));
    m.setWeights(init.map((w) => tf.tensor(Array.from(w.data), w.shape)));
    m.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
    return m;
  };
  const results = {};
  rk.setRandomSeed(1);
  const tut = rk.slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
  const ty = tut.y.reshape([90, 1]);
  results['tutorial fit · rnnkit'] = await timed(REPS, () => ours('SimpleRNN', 50, 'relu', [10, 1]).fit(tut.x, ty, { epochs: 200, batchSize: 32, verbose: 0 }));
  const txt = tf.tensor(Array.from(tut.x.data), tut.x.shape), tyt = tf.tensor(Array.from(ty.data), [90, 1]);
  results['tutorial fit · tfjs-wasm'] = await timed(REPS, async () => {
    const m = theirs('SimpleRNN', 50, 'relu', [10, 1], ours('SimpleRNN', 50, 'relu', [10, 1]).getWeights());
    await m.fit(txt, tyt, { epochs: 200, batchSize: 32, shuffle: true, verbose: 0 });
    m.dispose();
  });
  const N = 2048, T = 50, F = 8;
  const bx = Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9);
  const by = Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11));
  const model = ours('LSTM', 128, undefined, [T, F]);
  const x = rk.tensor(bx, [N, T, F]), y = rk.tensor(by, [N, 1]);
  results['LSTM(128) epoch · rnnkit'] = await timed(REPS, () => model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 }));
  const m = theirs('LSTM', 128, undefined, [T, F], ours('LSTM', 128, undefined, [T, F]).getWeights());
  const xt = tf.tensor(bx, [N, T, F]), yt = tf.tensor(by, [N, 1]);
  results['LSTM(128) epoch · tfjs-wasm'] = await timed(TFJS_REPS, () => m.fit(xt, yt, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 }));
  return { info, tfjsThreads: tf.wasm.getThreadsCount?.() ?? null, results };
}

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

async function main() {
  const why = missingChromium();
  if (why) {
    console.error(`bench:browser: ${why}`);
    process.exit(1);
  }
  const server = await startServer({
    root: new URL('..', import.meta.url).pathname,
    routes: {
      '/bench.html': {
        type: 'text/html',
        body: `<!doctype html><meta charset="utf-8"><title>rnnkit bench</title>
<script src="node_modules/@tensorflow/tfjs/dist/tf.min.js"></script>
<script src="node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js"></script>`,
      },
    },
  });
  const browser = await launch();
  try {
    const probe = await browser.context.newPage();
    console.log(`${await probe.evaluate(() => navigator.userAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0])}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`);
    await probe.close();
    console.log(`median of ${REPS} runs (rnnkit, tutorial TF.js) and ${TFJS_REPS} (TF.js LSTM epoch); first runs include warm-up\n`);
    for (const [label, prefix] of [['plain page', ''], ['cross-origin-isolated page', '/iso']]) {
      const { page, logs } = await openPage(browser.context, `${server.url}${prefix}/bench.html`);
      const r = await page.evaluate(pageBench, { REPS, TFJS_REPS, prefix });
      console.log(`${label}: rnnkit ${JSON.stringify(r.info)}, TF.js wasm threads ${r.tfjsThreads ?? '?'}`);
      for (const what of ['tutorial fit', 'LSTM(128) epoch']) {
        const ours = median(r.results[`${what} · rnnkit`]), theirs = median(r.results[`${what} · tfjs-wasm`]);
        console.log(`  ${what.padEnd(16)} rnnkit ${ours.toFixed(3).padStart(7)} s   tfjs-wasm ${theirs.toFixed(3).padStart(7)} s   ratio ${(theirs / ours).toFixed(1)}×`);
      }
      const bad = logs.filter((l) => /^(error|pageerror)/.test(l));
      if (bad.length) console.log(bad.join('\n'));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
