// The single-file browser build in real Chromium: it imports into a plain page with no bundler, `ready()` starts
// the WebAssembly kernels on the main thread (asynchronous compile), and a cross-origin-isolated page gets the
// second thread. Run by `npm run test:browser` (after `npm run build:browser`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromiumOrSkip, launch, missingChromium, openPage } from './chromium.mjs';
import { startServer } from './server.mjs';

let server, browser;
before(async () => {
  server = await startServer({ root: new URL('../..', import.meta.url).pathname });
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
  assert.deepEqual(info.info, { kernels: 'wasm', simd: true, threads: 1 });
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
  assert.deepEqual(info.info, { kernels: 'wasm', simd: true, threads: 2 }, logs.join('\n'));
  assert.equal(logs.filter((l) => /^(error|warning|pageerror)/.test(l)).length, 0, logs.join('\n'));
});
