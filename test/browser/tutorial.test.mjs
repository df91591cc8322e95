// The Keras tutorial (src/cli/demo.ts: SimpleRNN(50, relu) → Dense(1), Adam, MSE, 200 epochs, batch 32, seed 42)
// trained in Chromium with the single-file build gives the same test MSE as in Node for the same seed: the same
// function runs in both, on the WebAssembly kernels, on a plain page (one thread) and an isolated one (two).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumOrSkip, launch, missingChromium, openPage } from './chromium.mjs';
import { startServer } from './server.mjs';

/** The tutorial, written once: runs against whichever rnnkit module it is given (Node's or the page's). */
async function tutorial(rk, seed) {
  rk.setRandomSeed(seed);
  const train = Array.from({ length: 100 }, (_, i) => i);
  const test = Array.from({ length: 20 }, (_, i) => 90 + i);
  const { x, y } = rk.slidingWindows(train, 10);
  const { x: xTest, y: yTest } = rk.slidingWindows(test, 10);
  const model = new rk.Sequential();
  model.add(new rk.SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
  model.add(new rk.Dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const started = performance.now();
  const history = await model.fit(x, y, { epochs: 200, batchSize: 32, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  return { trainLoss: history.history.loss.at(-1), testMse: model.evaluate(xTest, yTest), seconds, kernels: rk.kernels().name };
}

let server, browser, node;
before(async () => {
  server = await startServer({ root: new URL('../..', import.meta.url).pathname });
  if (!missingChromium()) browser = await launch();
  const rk = await import('../../dist/src/index.js');
  node = await tutorial(rk, 42);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [label, prefix, threads] of [['a plain page (one thread)', '', 1], ['a cross-origin-isolated page (two threads)', '/iso', 2]]) {
  test(`the tutorial in ${label} gives Node's test MSE for the same seed`, async (t) => {
    if (!chromiumOrSkip(t)) return;
    const { page, logs } = await openPage(browser.context, `${server.url}${prefix}/test/browser/pages/blank.html`);
    const got = await page.evaluate(async ({ src, module }) => {
      const rk = await import(module);
      const info = await rk.ready();
      const run = new Function(`return (${src})`)();
      return { info, ...(await run(rk, 42)) };
    }, { src: tutorial.toString(), module: `${prefix}/dist/browser/rnnkit.js` });
    assert.deepEqual(got.info, { kernels: 'wasm', simd: true, relaxedSimd: true, threads }, logs.join('\n'));
    assert.equal(got.kernels, node.kernels);
    t.diagnostic(`test MSE: Chromium ${got.testMse} (${got.seconds.toFixed(2)} s), Node ${node.testMse} (${node.seconds.toFixed(2)} s, ${node.kernels})`);
    // the same kernels and the same seed: equal up to float32 rounding (|Δ| ≤ 1e-4 relative)
    assert.ok(Math.abs(got.testMse - node.testMse) <= 1e-4 * Math.max(1, Math.abs(node.testMse)), `Chromium ${got.testMse} vs Node ${node.testMse}`);
    assert.ok(Math.abs(got.trainLoss - node.trainLoss) <= 1e-4 * Math.max(1, Math.abs(node.trainLoss)), `train loss: Chromium ${got.trainLoss} vs Node ${node.trainLoss}`);
    assert.ok(node.testMse < 1, `the tutorial learns (test MSE ${node.testMse})`);
  });
}
