// The single-file browser build in real Chromium: it imports into a plain page with no bundler, `ready()` starts
// the WebAssembly kernels on the main thread (asynchronous compile), and a cross-origin-isolated page gets the
// second thread. Run by `npm run test:browser` (after `npm run build:browser`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromiumOrSkip, launch, missingChromium, openPage } from './chromium.mjs';
import { startServer } from './server.mjs';

/** The README's "In the browser" page, importing the build from the test server instead of node_modules. */
function readmePage() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## In the browser'));
  const html = /```html\n([\s\S]*?)```/.exec(section)[1];
  assert.match(html, /from '\.\/node_modules\/rnnkit\/dist\/browser\/rnnkit\.js'/);
  return `<!doctype html><meta charset="utf-8"><body>\n${html.replace("'./node_modules/rnnkit/dist/browser/rnnkit.js'", "'/dist/browser/rnnkit.js'")}`;
}

let server, browser;
before(async () => {
  server = await startServer({ root: new URL('../..', import.meta.url).pathname, routes: { '/readme.html': { body: readmePage(), type: 'text/html' } } });
  if (!missingChromium()) browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the bundle has no Node built-in on its import graph', () => {
  const js = readFileSync(new URL('../../dist/browser/rnnkit.js', import.meta.url), 'utf8');
  assert.doesNotMatch(js, /from\s*["']node:|import\(\s*["']node:|\brequire\(/);
  assert.doesNotMatch(js, /\bBuffer\.(from|alloc)/);
});

test('plain page: imports the single file, ready() starts the WebAssembly kernels on the main thread, one thread', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await openPage(browser.context, `${server.url}/test/browser/pages/blank.html`);
  const info = await page.evaluate(async () => {
    const rk = await import('/dist/browser/rnnkit.js');
    const before = typeof rk.backendInfo;
    const info = await rk.ready();
    return { before, info, again: rk.backendInfo(), isolated: crossOriginIsolated };
  });
  assert.equal(info.before, 'function');
  assert.equal(info.isolated, false);
  assert.deepEqual(info.info, { kernels: 'wasm', simd: true, relaxedSimd: true, threads: 1 });
  assert.deepEqual(info.again, info.info);
  const said = logs.filter((l) => l.includes('one thread'));
  assert.equal(said.length, 1, `told once that one thread runs: ${logs.join('\n')}`);
  assert.match(said[0], /^info: .*cross-origin isolated/);
  assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));
});

test('cross-origin-isolated page: two threads (a Web Worker over the shared memory)', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await openPage(browser.context, `${server.url}/iso/test/browser/pages/blank.html`);
  const info = await page.evaluate(async () => {
    const rk = await import('/iso/dist/browser/rnnkit.js');
    return { info: await rk.ready(), isolated: crossOriginIsolated };
  });
  assert.equal(info.isolated, true);
  assert.deepEqual(info.info, { kernels: 'wasm', simd: true, relaxedSimd: true, threads: 2 }, logs.join('\n'));
  assert.equal(logs.filter((l) => /^(error|warning|pageerror)/.test(l)).length, 0, logs.join('\n'));
});

test("README's page: trains the tutorial, saves to IndexedDB, reloads and predicts the next number", async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await openPage(browser.context, `${server.url}/readme.html`);
  await page.waitForFunction(() => document.body.textContent.startsWith('next after'), null, { timeout: 60_000 });
  const text = await page.evaluate(() => document.body.textContent);
  const next = Number(/next after 90\.\.99: (\S+)/.exec(text)[1]);
  assert.ok(Math.abs(next - 100) < 2, `predicts about 100 after 90..99: ${text}`);
  assert.ok(logs.some((l) => l.includes("kernels: 'wasm'") || /kernels.*wasm/.test(l)), logs.join('\n'));
  assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));
});

test('a model built before ready() trains as one built after (synchronous start where allowed, else the reference kernels with one notice)', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await openPage(browser.context, `${server.url}/test/browser/pages/blank.html`);
  const got = await page.evaluate(async () => {
    const rk = await import('/dist/browser/rnnkit.js');
    const build = () => {
      rk.setRandomSeed(3);
      const m = new rk.Sequential({ layers: [new rk.LSTM({ units: 8, inputShape: [5, 2] }), new rk.Dense({ units: 1 })] });
      m.compile({ optimizer: 'adam', loss: 'mse' });
      return m;
    };
    const x = rk.tensor(Float32Array.from({ length: 16 * 5 * 2 }, (_, i) => Math.sin(i)), [16, 5, 2]);
    const y = rk.tensor(Float32Array.from({ length: 16 }, (_, i) => Math.cos(i)), [16, 1]);
    const early = build();
    const before = rk.backendInfo();
    const info = await rk.ready();
    const late = build();
    const a = await early.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false });
    const b = await late.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false });
    return { before, info, a: a.history.loss, b: b.history.loss };
  });
  // Chromium 150 compiles modules up to 8 MB synchronously on the main thread (older Chrome: 4 KB), so the first
  // model may start the kernels itself; elsewhere it gets the reference kernels and one notice
  assert.ok(got.before.kernels === 'wasm' || got.before.kernels === 'reference', JSON.stringify(got.before));
  assert.deepEqual(got.info, { kernels: 'wasm', simd: true, relaxedSimd: true, threads: 1 });
  // the same model and data on either memory: equal up to float32 rounding differences between kernel sets
  got.a.forEach((l, i) => assert.ok(Math.abs(l - got.b[i]) <= 1e-5 * Math.max(1, Math.abs(l)), `epoch ${i}: ${l} vs ${got.b[i]}`));
  const notices = logs.filter((l) => l.includes('using the reference kernels'));
  assert.equal(notices.length, got.before.kernels === 'reference' ? 1 : 0, logs.join('\n'));
  assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));
});

test('in a module Web Worker (training off the page): ready() starts the kernels, two threads on an isolated page', async (t) => {
  if (!chromiumOrSkip(t)) return;
  for (const [prefix, threads] of [['', 1], ['/iso', 2]]) {
    const { page, logs } = await openPage(browser.context, `${server.url}${prefix}/test/browser/pages/blank.html`);
    const got = await page.evaluate(async (prefix) => {
      const source = `
        const rk = await import(${JSON.stringify(`${location.origin}${prefix}/dist/browser/rnnkit.js`)});
        const info = await rk.ready();
        rk.setRandomSeed(1);
        const { x, y } = rk.slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
        const model = new rk.Sequential({ layers: [new rk.SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }), new rk.Dense({ units: 1 })] });
        model.compile({ optimizer: 'adam', loss: 'mse' });
        const h = await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });
        postMessage({ info, loss: h.history.loss });`;
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url, { type: 'module' });
      return new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
    }, prefix);
    assert.deepEqual(got.info, { kernels: 'wasm', simd: true, relaxedSimd: true, threads }, logs.join('\n'));
    assert.equal(got.loss.length, 5);
    assert.ok(got.loss.every(Number.isFinite) && got.loss[4] < got.loss[0], String(got.loss));
  }
});
