// Storage schemes in Node: 'indexeddb://', 'downloads://' and URLs belong to the browser build (docs/BROWSER.md);
// in Node, saving or loading there is a clear ValueError that says so, and nothing is written to the file system
// under a name like 'indexeddb:'. The browser entry's ready() resolves in Node with the kernels Node runs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import * as rk from '../src/index.js';
import { parseTfjsModelJson } from '../src/io/tfjs_manifest.js';

function tiny(): rk.Sequential {
  return new rk.Sequential({ layers: [new rk.Dense({ units: 1, inputShape: [2] })] });
}

test("save and loadModel at 'scheme://' paths in Node: a ValueError naming the browser build, nothing written", async () => {
  for (const path of ['indexeddb://m', 'downloads://m', 'downloads://m.keras']) {
    await assert.rejects(tiny().save(path), (e: Error) => e instanceof rk.ValueError && e.message.includes(path) && /browser build \('rnnkit\/browser'\)/.test(e.message));
  }
  for (const path of ['indexeddb://m', 'https://example.com/model.json', 'http://localhost/m.keras']) {
    await assert.rejects(rk.loadModel(path), (e: Error) => e instanceof rk.ValueError && e.message.includes(path) && /no way to load a model/.test(e.message));
  }
  assert.equal(existsSync('indexeddb:'), false);
  assert.equal(existsSync('downloads:'), false);
});

test('the model.json checks shared with the browser reader: weight paths must stay in the folder, sizes add up', () => {
  const json = (paths: unknown[]) => JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths, weights: [{ name: 'w', shape: [2, 3], dtype: 'float32' }] }] });
  const m = parseTfjsModelJson(json(['./a.bin', 'b.bin']), 'm.json', 1000);
  assert.deepEqual(m.paths, ['./a.bin', 'b.bin']);
  assert.equal(m.bytes, 24);
  for (const bad of ['../x.bin', '/x.bin', 'https://evil/x.bin', 'a/../../x.bin', 'a\\x.bin', '', 7]) {
    assert.throws(() => parseTfjsModelJson(json([bad]), 'm.json', 1000), /m\.json: weight path .* must be a relative file name inside the model's folder/, String(bad));
  }
  assert.throws(() => parseTfjsModelJson(json(['a.bin']), 'm.json', 20), /m\.json: the manifest describes 24 bytes of weights, more than the limit of 20/);
  assert.throws(() => parseTfjsModelJson('{"modelTopology": {}, "format": "graph-model"}', 'm.json', 1000), /format 'graph-model' is not a layers model/);
  assert.throws(() => parseTfjsModelJson('[1]', 'm.json', 1000), /m\.json: not a TF\.js layers model/);
});

test('the browser entry in Node: ready() resolves to the kernels Node runs', async () => {
  const browser = await import('../src/browser/index.js');
  const info = await browser.ready();
  assert.deepEqual(info, browser.backendInfo());
  assert.equal(info.kernels, rk.kernels().name);
  assert.equal(info.simd, info.kernels === 'wasm');
  assert.ok(info.threads === 1 || info.threads === 2);
});
