// Model files in Chromium through the single-file build: loadModel from URLs served by the test server (TF.js
// model.json + weights, .keras, .h5) with the hostile-file checks (weight paths leaving the folder, truncated
// weights, HTTP errors, the size cap), a round trip through IndexedDB across pages, and 'downloads://' files read
// back both by Node's loadModel and by the page from an <input type=file>. Every load is checked by predicting
// the same input as the model Node saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOrSkip, launch, missingChromium, openPage } from './chromium.mjs';
import { startServer } from './server.mjs';

const X = [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, 0.1], [-0.3, -0.9], [0.2, 0.2]]];
let server, browser, dir, rk, expected;

before(async () => {
  rk = await import('../../dist/src/index.js');
  rk.setRandomSeed(7);
  const model = new rk.Sequential();
  model.add(new rk.LSTM({ units: 4, returnSequences: true, inputShape: [3, 2] }));
  model.add(new rk.GRU({ units: 3 }));
  model.add(new rk.Dense({ units: 2 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  expected = Array.from(model.predict(X).data);
  dir = mkdtempSync(join(tmpdir(), 'rnnkit-browser-io-'));
  await model.save(join(dir, 'tfjs'));
  await model.save(join(dir, 'm.keras'));
  await model.save(join(dir, 'm.h5'));
  const json = JSON.parse(readFileSync(join(dir, 'tfjs/model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'tfjs', json.weightsManifest[0].paths[0]));
  const withPaths = (paths) => JSON.stringify({ ...json, weightsManifest: [{ ...json.weightsManifest[0], paths }] });
  const routes = {
    '/models/tfjs/model.json': { body: JSON.stringify(json), type: 'application/json' },
    [`/models/tfjs/${json.weightsManifest[0].paths[0]}`]: { body: weights },
    '/models/m.keras': { body: readFileSync(join(dir, 'm.keras')) },
    '/models/m.h5': { body: readFileSync(join(dir, 'm.h5')) },
    '/models/stalled/model.json': { body: '{"a":', type: 'application/json', stall: true },
    // the single-file build served without its sibling rnnkit-hdf5.js
    '/solo/rnnkit.js': { body: readFileSync(new URL('../../dist/browser/rnnkit.js', import.meta.url)), type: 'text/javascript' },
    '/models/streamed.keras': { body: readFileSync(join(dir, 'm.keras')), stream: true },
    '/models/escape/model.json': { body: withPaths([`../tfjs/${json.weightsManifest[0].paths[0]}`]), type: 'application/json' },
    '/models/short/model.json': { body: withPaths(['weights.bin']), type: 'application/json' },
    '/models/short/weights.bin': { body: weights.subarray(0, weights.length - 4) },
    '/models/deep/model.json': { body: '{"modelTopology":' + '['.repeat(5000) + ']'.repeat(5000) + '}', type: 'application/json' },
  };
  server = await startServer({ root: new URL('../..', import.meta.url).pathname, routes });
  if (!missingChromium()) browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const close = (got, label) => {
  assert.equal(got.length, expected.length, label);
  got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-6, `${label}: output ${i}: ${v} vs ${expected[i]}`));
};

/** A page with the build imported as globalThis.rk and ready. */
async function rkPage() {
  const opened = await openPage(browser.context, `${server.url}/test/browser/pages/blank.html`);
  await opened.page.evaluate(async () => {
    globalThis.rk = await import('/dist/browser/rnnkit.js');
    await rk.ready();
  });
  return opened;
}

test('loadModel from URLs: TF.js model.json + weights, .keras and .h5 give the saved model', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await rkPage();
  for (const url of ['/models/tfjs/model.json', `${server.url}/models/tfjs/model.json`, '../../../models/m.keras', '/models/m.h5']) {
    const got = await page.evaluate(async ({ url, X }) => Array.from((await rk.loadModel(url)).predict(X).data), { url, X });
    close(got, url);
  }
  assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));
});

test('loadModel from URLs refuses hostile and broken files with errors naming them', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page } = await rkPage();
  const error = (url, options) => page.evaluate(async ({ url, options }) => {
    try {
      await rk.loadModel(url, options);
      return 'loaded';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  }, { url, options });
  assert.match(await error('/models/escape/model.json'), /^ValueError: .*escape\/model\.json: weight path "\.\.\/tfjs\/.*" must be a relative file name inside the model's folder/);
  assert.match(await error('/models/short/model.json'), /^ValueError: .*short\/model\.json: the manifest needs \d+ bytes of weights but the weight files hold \d+ \(truncated\)/);
  assert.match(await error('/models/deep/model.json'), /^ValueError: .*deep\/model\.json is nested 5001 levels deep/);
  assert.match(await error('/models/missing/model.json'), /^ValueError: .*missing\/model\.json: the server answered 404/);
  assert.match(await error('/models/m.keras', { maxBytes: 1000 }), /^ValueError: .*m\.keras: the model file is \d+ bytes, more than the limit of 1000/);
  assert.match(await error('/models/streamed.keras', { maxBytes: 1000 }), /^ValueError: .*streamed\.keras: the model file is more than the limit of 1000 bytes/);
  assert.match(await error('/models/tfjs/model.json', { maxBytes: 2700 }), /^ValueError: .*tfjs\/model\.json: the manifest describes \d+ bytes of weights, more than the limit of \d+/);
  assert.match(await error('/models/tfjs/model.json', { maxByts: 10 }), /^ConfigError: .*maxByts/);
  assert.match(await error('/test/browser/pages/blank.html'), /^ValueError: .*blank\.html: not a model file rnnkit knows/);
  const twoJson = await page.evaluate(async () => {
    try {
      await rk.loadModel([new File(['{"modelTopology": {}}'], 'a.json'), new File(['{"b": 1}'], 'b.json')]);
      return 'loaded';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
  assert.match(twoJson, /^ValueError: loadModel: two JSON files \(a\.json, b\.json\)/);
});

test('loadModel takes TF.js requestInit and fetchFunc: a stalled server is abandoned by a timeout signal', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page } = await rkPage();
  const result = await page.evaluate(async () => {
    const out = {};
    const t0 = performance.now();
    try {
      await rk.loadModel('/models/stalled/model.json', { requestInit: { signal: AbortSignal.timeout(300) } });
      out.stalled = 'loaded';
    } catch (e) {
      out.stalled = `${e.name}: ${e.message}`;
    }
    out.ms = performance.now() - t0;
    const seen = [];
    const model = await rk.loadModel('/models/tfjs/model.json', { fetchFunc: (url, init) => { seen.push([url.replace(location.origin, ''), init.headers?.['x-token']]); return fetch(url, init); }, requestInit: { headers: { 'x-token': 'abc' } } });
    out.seen = seen;
    out.layers = model.layers.length;
    return out;
  });
  assert.match(result.stalled, /^ValueError: .*stalled\/model\.json: (reading the model file failed|cannot fetch the model file) \(.*(abort|timed? ?out)/i);
  assert.ok(result.ms < 5000, `abandoned after ${result.ms} ms`);
  assert.equal(result.layers, 3);
  assert.deepEqual(result.seen[0], ['/models/tfjs/model.json', 'abc']);
  assert.equal(result.seen.length, 2, 'the model.json and its one weight file');
});

test('saving to a file path in a page says that it needs Node, and where to save instead', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page } = await rkPage();
  const messages = await page.evaluate(async () => {
    const model = await rk.loadModel('/models/tfjs/model.json');
    const out = [];
    for (const save of [() => model.save('mymodel'), () => model.save('m.keras'), () => model.saveWeights('w.weights.h5')]) {
      try {
        await save();
        out.push('saved');
      } catch (e) {
        out.push(`${e.name}: ${e.message}`);
      }
    }
    return out;
  });
  for (const m of messages) assert.match(m, /is a Node module; in a browser use URLs, File\/Blob\/ArrayBuffer, 'indexeddb:\/\/' or 'downloads:\/\/'/);
});

test('a page that serves rnnkit.js without rnnkit-hdf5.js is told so when it opens a .keras file', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const opened = await openPage(browser.context, `${server.url}/test/browser/pages/blank.html`);
  const message = await opened.page.evaluate(async () => {
    const solo = await import('/solo/rnnkit.js');
    try {
      await solo.loadModel('/models/m.keras');
      return 'loaded';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
  assert.match(message, /^StateError: rnnkit: the HDF5 reader could not be loaded \(.*\); in a page, serve rnnkit-hdf5\.js next to rnnkit\.js/);
});

test("IndexedDB: model.save('indexeddb://name') then loadModel in another page; overwrite: false refuses; removeModel", async (t) => {
  if (!chromiumOrSkip(t)) return;
  const first = await rkPage();
  const saved = await first.page.evaluate(async () => {
    const model = await rk.loadModel('/models/tfjs/model.json');
    await model.save('indexeddb://round-trip');
    try {
      await model.save('indexeddb://round-trip', { overwrite: false });
      return 'saved twice';
    } catch (e) {
      return e.message;
    }
  });
  assert.match(saved, /indexeddb:\/\/round-trip: a model is already stored under this name and overwrite is false/);
  await first.page.close();
  const { page } = await rkPage();
  const got = await page.evaluate(async (X) => Array.from((await rk.loadModel('indexeddb://round-trip')).predict(X).data), X);
  close(got, 'indexeddb://round-trip');
  const removed = await page.evaluate(async () => {
    const first = await rk.removeModel('indexeddb://round-trip');
    const second = await rk.removeModel('indexeddb://round-trip');
    const load = await rk.loadModel('indexeddb://round-trip').then(() => 'loaded', (e) => e.message);
    return { first, second, load };
  });
  assert.deepEqual(removed, { first: true, second: false, load: 'indexeddb://round-trip: no model is stored under this name' });
});

test("downloads: 'downloads://name' gives name.json + name.weights.bin that Node and the page (file input) load back", async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page } = await rkPage();
  const saved = mkdtempSync(join(dir, 'downloads-'));
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await page.evaluate(async () => {
    const model = await rk.loadModel('/models/tfjs/model.json');
    await model.save('downloads://tiny');
    await model.save('downloads://tiny.keras');
  });
  for (let i = 0; i < 100 && downloads.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(downloads.map((d) => d.suggestedFilename()).sort(), ['tiny.json', 'tiny.keras', 'tiny.weights.bin']);
  for (const d of downloads) await d.saveAs(join(saved, d.suggestedFilename()));
  assert.deepEqual(readdirSync(saved).sort(), ['tiny.json', 'tiny.keras', 'tiny.weights.bin']);
  // Node reads what the page wrote
  close(Array.from((await rk.loadModel(join(saved, 'tiny.json'))).predict(X).data), 'Node loadModel(tiny.json)');
  close(Array.from((await rk.loadModel(join(saved, 'tiny.keras'))).predict(X).data), 'Node loadModel(tiny.keras)');
  // the page reads them back from a file input
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'files';
    document.body.append(input);
  });
  await page.setInputFiles('#files', [join(saved, 'tiny.json'), join(saved, 'tiny.weights.bin')]);
  close(await page.evaluate(async (X) => Array.from((await rk.loadModel(document.querySelector('#files').files)).predict(X).data), X), 'page loadModel(FileList)');
  await page.setInputFiles('#files', [join(saved, 'tiny.keras')]);
  close(await page.evaluate(async (X) => Array.from((await rk.loadModel(document.querySelector('#files').files[0])).predict(X).data), X), 'page loadModel(File .keras)');
  close(await page.evaluate(async (X) => Array.from((await rk.loadModel(await document.querySelector('#files').files[0].arrayBuffer())).predict(X).data), X), 'page loadModel(ArrayBuffer)');
  const capped = await page.evaluate(async () => rk.loadModel(document.querySelector('#files').files[0], { maxBytes: 100 }).then(() => 'loaded', (e) => e.message));
  assert.match(capped, /^tiny\.keras: the model file is \d+ bytes, more than the limit of 100$/);
  const missing = await page.evaluate(async () => {
    const json = new File([await (await fetch('/models/tfjs/model.json')).text()], 'model.json');
    return rk.loadModel([json]).then(() => 'loaded', (e) => e.message);
  });
  assert.match(missing, /model\.json: weight file "weights\.bin" is not among the files given \(none\)/);
});

test('IndexedDB is shared with TF.js: rnnkit loads what tf.LayersModel.save wrote, and TF.js loads what rnnkit wrote', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const { page, logs } = await rkPage();
  await page.addScriptTag({ url: '/node_modules/@tensorflow/tfjs/dist/tf.min.js' });
  const got = await page.evaluate(async (X) => {
    const tf = globalThis.tf;
    const theirs = tf.sequential({ layers: [tf.layers.lstm({ units: 3, inputShape: [3, 2], recurrentActivation: 'sigmoid' }), tf.layers.dense({ units: 2 })] });
    await theirs.save('indexeddb://made-by-tfjs');
    const tfOut = Array.from(theirs.predict(tf.tensor(X)).dataSync());
    const ours = await rk.loadModel('indexeddb://made-by-tfjs');
    const rkOut = Array.from(ours.predict(X).data);
    // saved again by rnnkit (a model TF.js can build: its GRU lacks Keras's default resetAfter)
    ours.layers[0].setWeights(ours.layers[0].getWeights().map((w) => rk.tensor(w.data.map((v) => v * 0.5), w.shape)));
    const oursOut = Array.from(ours.predict(X).data);
    await ours.save('indexeddb://made-by-rnnkit');
    const back = await tf.loadLayersModel('indexeddb://made-by-rnnkit').then((m) => Array.from(m.predict(tf.tensor(X)).dataSync()), (e) => e.message);
    return { tfOut, rkOut, oursOut, back };
  }, X);
  got.rkOut.forEach((v, i) => assert.ok(Math.abs(v - got.tfOut[i]) <= 1e-5, `rnnkit reading TF.js's save: ${got.rkOut} vs ${got.tfOut}`));
  assert.ok(Array.isArray(got.back), `TF.js reading rnnkit's save: ${got.back}`);
  got.back.forEach((v, i) => assert.ok(Math.abs(v - got.oursOut[i]) <= 1e-5, `TF.js reading rnnkit's save: ${got.back} vs ${got.oursOut}`));
  assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));
});
