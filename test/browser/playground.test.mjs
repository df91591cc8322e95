// The playground (`npm run playground`) in real Chromium, through its UI only: the page starts the WebAssembly
// kernels with two threads (served cross-origin isolated), trains the Keras tutorial and shows the same test MSE as
// `rnnkit demo` in Node for the same seed and epochs, stays responsive while training (timers keep firing, Stop
// works), saves to IndexedDB and loads back with the same test loss, downloads the model and a PNG chart, trains on
// an uploaded CSV (and names a bad one's problem), and trains and samples the name generator. Screenshots go to
// $RNNKIT_SCREENSHOTS (default: the system's temp folder) for a person to look at.
// Run by `npm run test:browser` (after `npm run build:browser`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { chromiumOrSkip, launch, missingChromium, openPage } from './chromium.mjs';
import { parseServerArgs, startPlaygroundServer } from '../../playground/server.mjs';
import { runDemo } from '../../dist/src/cli/demo.js';

const shots = process.env.RNNKIT_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'rnnkit-playground-'));
let server, browser, page, logs;

before(async () => {
  server = await startPlaygroundServer({ port: 0 });
  if (missingChromium()) return;
  browser = await launch();
  ({ page, logs } = await openPage(browser.context, server.url));
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const value = (id) => page.$eval(`#${id}`, (el) => Number(el.dataset.value));
const text = (sel) => page.$eval(sel, (el) => el.textContent);
const noErrors = () => assert.equal(logs.filter((l) => /^(error|pageerror)/.test(l)).length, 0, logs.join('\n'));

async function trainForecast(epochs, { wait = true } = {}) {
  const before = await page.evaluate(() => Number(document.body.dataset.trained ?? 0));
  await page.fill('#epochs', String(epochs));
  await page.click('#train');
  if (wait) await page.waitForFunction((n) => Number(document.body.dataset.trained ?? 0) > n || document.querySelector('#status').classList.contains('error'), before, { timeout: 120_000 });
}

/** GET with the path sent as written (fetch would collapse '..'): { status, headers, body }. */
const rawGet = (path, method = 'GET') => new Promise((resolve, reject) => {
  const req = get(new URL(server.url), { path, method }, (res) => {
    let body = '';
    res.setEncoding('utf8').on('data', (c) => { body += c; }).on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
  });
  req.on('error', reject);
});

test('the server: COOP/COEP on every response, only its routes, no way out of them', async () => {
  const page = await rawGet('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>rnnkit playground<\/title>/);
  for (const r of [page, await rawGet('/nope')]) {
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
  }
  for (const path of ['/playground/../package.json', '/playground/%2e%2e/package.json', '/playground/..%2fpackage.json', '/dist/browser/..%2f..%2fpackage.json', '/examples/data/..%2f..%2fpackage.json', '/package.json', '/node_modules/fflate/package.json']) {
    const r = await rawGet(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body, /"name": "rnnkit"|"name": "fflate"/, path);
  }
  assert.equal((await rawGet('/', 'POST')).status, 405);
  assert.deepEqual(JSON.parse((await rawGet('/examples/data/')).body).slice(0, 2), ['australian_residents.csv', 'beaver_temperature.csv']);
  const names = (await rawGet('/data/names.txt')).body.trim().split('\n');
  assert.ok(names.length > 8000 && names.includes('mary') && names.every((n) => /^[a-z][a-z'-]*$/.test(n)), `${names.length} names`);
  assert.equal((await rawGet('/vendor/resvg.wasm')).headers['content-type'], 'application/wasm');
});

test('the server\'s arguments: --port N, --port=N, PORT; a typo or a bad value is an error naming it', () => {
  assert.deepEqual(parseServerArgs([], {}), { port: 8080 });
  assert.deepEqual(parseServerArgs(['--port', '8091'], { PORT: '1' }), { port: 8091 });
  assert.deepEqual(parseServerArgs(['--port=0'], {}), { port: 0 });
  assert.deepEqual(parseServerArgs([], { PORT: '9000' }), { port: 9000 });
  assert.match(parseServerArgs(['--prot', '8091'], {}).error, /^unknown argument '--prot'; usage: node playground\/server.mjs \[--port N\]/);
  assert.equal(parseServerArgs([], { PORT: 'abc' }).error, "PORT: expected an integer 0..65535, got 'abc'");
  assert.equal(parseServerArgs(['--port', '70000'], {}).error, "--port: expected an integer 0..65535, got '70000'");
  assert.match(parseServerArgs(['--port'], {}).error, /^--port: expected an integer/);
});

test('the page is cross-origin isolated and runs the WebAssembly kernels on two threads', async (t) => {
  if (!chromiumOrSkip(t)) return;
  assert.match(await text('#backend'), /^kernels: wasm \(SIMD\), 2 threads, cross-origin isolated$/);
  noErrors();
});

test('the tutorial trained through the UI gets the test MSE of `rnnkit demo` for the same seed and epochs', async (t) => {
  if (!chromiumOrSkip(t)) return;
  assert.equal(await page.$eval('#data-source', (el) => el.value), 'tutorial');
  assert.equal(await page.$eval('#model-kind', (el) => el.value), 'SimpleRNN');
  await page.fill('#seed', '7');
  await trainForecast(30);
  assert.doesNotMatch(await text('#status'), /Error/);
  assert.match(await text('#status'), /^trained 30 epochs in [\d.]+ s · final loss [\d.e+-]+ · test MSE/);
  const node = await runDemo({ seed: 7, epochs: 30, verbose: 0, log: () => {} });
  const browserLoss = await value('score-evaluate');
  assert.ok(Math.abs(browserLoss - node.testLoss) <= 1e-4 * Math.max(1, node.testLoss), `browser ${browserLoss} vs Node ${node.testLoss}`);
  // the tutorial is not scaled: the MSE of the predictions in data units is evaluate's loss (float64 vs float32 sums)
  assert.ok(Math.abs((await value('score-mse')) - browserLoss) <= 1e-4 * Math.max(1, browserLoss));
  assert.ok((await value('score-naive-mae')) === 1, 'the naive forecast of 0, 1, 2, … is always 1 off');
  assert.ok(await page.$eval('#forecast-chart svg', (svg) => svg.querySelectorAll('polyline').length === 3));
  await page.screenshot({ path: join(shots, 'playground-forecast.png'), fullPage: true });
  console.log(`# screenshot: ${join(shots, 'playground-forecast.png')}`);
  noErrors();
});

test('the page stays responsive while training, and Stop ends the fit', async (t) => {
  if (!chromiumOrSkip(t)) return;
  await page.fill('#units', '200');
  await trainForecast(5000, { wait: false });
  // timers keep firing during training: the main thread is given back between batches
  const seen = await page.evaluate(() => new Promise((resolve) => {
    let ticks = 0;
    const start = performance.now(), progress = [];
    const id = setInterval(() => { ticks++; progress.push(document.querySelector('#progress').value); }, 20);
    setTimeout(() => { clearInterval(id); resolve({ ticks, ms: performance.now() - start, progress }); }, 1000);
  }));
  assert.ok(seen.ticks >= 10, `a 20 ms timer fired ${seen.ticks} times in ${seen.ms.toFixed(0)} ms of training`);
  assert.ok(seen.progress.at(-1) > seen.progress[0] && seen.progress.at(-1) < 1, `progress moves: ${seen.progress[0]} → ${seen.progress.at(-1)}`);
  await page.click('#stop');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('stopped'), null, { timeout: 30_000 });
  const epochs = Number(/^stopped after (\d+) of 5000 epochs in [\d.]+ s/.exec(await text('#status'))[1]);
  assert.ok(epochs >= 1 && epochs < 5000, `stopped after ${epochs} epochs`);
  // the loss chart's epoch axis has whole numbers only
  const ticks = await page.$$eval('#loss-chart svg text[y="326"]', (els) => els.map((e) => e.textContent));
  assert.ok(ticks.length >= 1 && ticks.every((t) => /^\d+$/.test(t)), `epoch ticks ${ticks}`);
  await page.fill('#units', '50');
  noErrors();
});

test('save to IndexedDB and load back: the same test loss; download the model', async (t) => {
  if (!chromiumOrSkip(t)) return;
  await trainForecast(5);
  const trainedLoss = await value('score-evaluate');
  await page.fill('#save-name', 'tutorial-test');
  await page.click('#save-idb');
  await page.waitForFunction(() => /saved to IndexedDB|Error/.test(document.querySelector('#save-status').textContent));
  assert.equal(await text('#save-status'), "saved to IndexedDB as 'tutorial-test'");
  await page.click('#load-idb');
  await page.waitForFunction(() => /loaded|Error/.test(document.querySelector('#save-status').textContent));
  assert.match(await text('#save-status'), /^loaded 'tutorial-test' from IndexedDB: test loss/);
  assert.equal(await page.$eval('#save-status', (el) => Number(el.dataset.loadedLoss)), trainedLoss);

  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await page.click('#save-download');
  await page.waitForFunction(() => /downloaded|Error/.test(document.querySelector('#save-status').textContent));
  assert.equal(await text('#save-status'), 'downloaded tutorial-test');
  await page.waitForTimeout(500);
  const names = downloads.map((d) => d.suggestedFilename()).sort();
  assert.ok(names.includes('tutorial-test.json'), `downloads: ${names.join(', ')}`);
  noErrors();
});

test('the forecast chart downloads as a PNG rendered in the page (resvg in WebAssembly, DejaVu Sans from the server)', async (t) => {
  if (!chromiumOrSkip(t)) return;
  await trainForecast(5);
  await page.fill('#save-name', 'tutorial-test');
  const [png] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#png-download')]);
  assert.equal(png.suggestedFilename(), 'tutorial-test-forecast.png');
  const file = join(shots, 'playground-forecast-chart.png');
  await png.saveAs(file);
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1280, 720], 'the 640 × 360 chart at scale 2');
  assert.match(await text('#save-status'), /^forecast chart: [\d,]+ bytes of PNG$/);
  console.log(`# PNG chart rendered in the page: ${file}`);
  noErrors();
});

test('a shipped series (examples/data/lake_huron.csv): an LSTM on the scaled values, scores against the naive forecast', async (t) => {
  if (!chromiumOrSkip(t)) return;
  await page.selectOption('#data-source', 'lake_huron.csv');
  await page.waitForFunction(() => document.querySelector('#column').value === 'value');
  assert.equal(await page.$eval('#model-kind', (el) => el.value), 'LSTM', 'series default: LSTM');
  assert.match(await text('#data-info'), /^98 rows, columns value, time column time; the last 20 % are the test part$/);
  await page.fill('#units', '16');
  await trainForecast(20);
  assert.match(await text('#status'), /^trained 20 epochs/);
  assert.match(await text('#scores caption'), /Test scores/);
  assert.match(await page.$eval('#score-evaluate', (el) => el.closest('tr').textContent), /scaled data/);
  assert.ok((await value('score-mae')) > 0 && (await value('score-naive-mae')) > 0);
  assert.match(await page.$eval('#forecast-chart svg', (svg) => svg.textContent), /lake_huron\.csv: value — test forecasts/);
  await page.screenshot({ path: join(shots, 'playground-series.png'), fullPage: true });
  console.log(`# screenshot: ${join(shots, 'playground-series.png')}`);
  noErrors();
});

test('your own CSV: trains on the chosen column; a bad file gets a message naming the problem', async (t) => {
  if (!chromiumOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-pg-csv-'));
  const good = join(dir, 'sales.csv'), bad = join(dir, 'bad.csv');
  writeFileSync(good, 'month,visits,sales\n' + Array.from({ length: 60 }, (_, i) => `${i},${i % 7},${(100 + 10 * Math.sin(i / 3)).toFixed(2)}`).join('\n') + '\n');
  writeFileSync(bad, 'month,sales\n1,10\n2,abc\n3,12\n');
  await page.selectOption('#data-source', 'csv');
  await page.setInputFiles('#csv-file', bad);
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'));
  assert.match(await text('#status'), /bad\.csv.*abc/);
  // Train after a failed upload reads the chosen file again (and names its problem), not 'choose a CSV file first'
  await page.click('#train');
  // (the status first reads 'reading bad.csv (0.0 MB)…': wait for the reader's verdict, not just the file name)
  await page.waitForFunction(() => /bad\.csv: row/.test(document.querySelector('#status').textContent));
  assert.match(await text('#status'), /bad\.csv: row 3, column 'sales': 'abc' is not a number/);
  // the page's CSV menus reach the reader, and its hints name the menus, not command-line flags
  const semi = join(dir, 'semi.csv');
  writeFileSync(semi, 'month;sales\n' + Array.from({ length: 40 }, (_, i) => `${i};${100 + (i % 5)},5`).join('\n') + '\n');
  await page.setInputFiles('#csv-file', semi);
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'));
  assert.match(await text('#status'), /'100,5' is not a number \(decimal comma\? choose Decimal ','\)$/);
  assert.doesNotMatch(await text('#status'), /--/);
  await page.selectOption('#csv-decimal', ',');
  await page.waitForFunction(() => document.querySelector('#column').options.length === 1);
  assert.match(await text('#data-info'), /^40 rows, columns sales, time column month/);
  await page.selectOption('#csv-delimiter', ',');
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'));
  await page.selectOption('#csv-delimiter', '');
  await page.selectOption('#csv-decimal', '.');
  // too many rows for the page: a clear message, and no training
  const big = join(dir, 'big.csv');
  writeFileSync(big, 't,v\n' + Array.from({ length: 200_500 }, (_, i) => `${i},${i % 10}`).join('\n') + '\n');
  await page.setInputFiles('#csv-file', big);
  await page.waitForFunction(() => /big\.csv has about/.test(document.querySelector('#status').textContent));
  assert.match(await text('#status'), /big\.csv has about 200,500 rows; the playground trains in this page and reads at most 200,000/);
  await page.setInputFiles('#csv-file', good);
  await page.waitForFunction(() => document.querySelector('#column').options.length === 2);
  assert.match(await text('#data-info'), /^60 rows, columns visits, sales, time column month/);
  await page.selectOption('#column', 'sales');
  await page.selectOption('#model-kind', 'GRU');
  await page.fill('#units', '8');
  await trainForecast(3);
  assert.match(await text('#status'), /^trained 3 epochs/);
  assert.ok((await value('score-mae')) > 0 && (await value('score-naive-mae')) > 0);
  assert.match(await page.$eval('#forecast-chart svg', (svg) => svg.textContent), /sales\.csv: sales — test forecasts/);
  // a failed run clears the last run's charts, scores and save buttons
  await page.fill('#lookback', '60');
  await page.click('#train');
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'));
  assert.match(await text('#status'), /too short for a window of 60/);
  assert.equal(await page.$$eval('#loss-chart svg, #forecast-chart svg', (els) => els.length), 0);
  assert.ok(await page.$eval('#scores', (el) => el.hidden) && await page.$eval('#save-row', (el) => el.hidden));
  await page.fill('#lookback', '12');
  noErrors();
});

test('text tab: trains the name generator on the first names and samples new ones', async (t) => {
  if (!chromiumOrSkip(t)) return;
  await page.click('#tab-text');
  await page.waitForFunction(() => /names/.test(document.querySelector('#names-info').textContent));
  assert.match(await text('#names-info'), /^[\d,]+ names, \d+ distinct characters — first names from the @stdlib/);
  await page.fill('#text-units', '16');
  await page.fill('#text-epochs', '1');
  await page.click('#text-train');
  await page.waitForFunction(() => document.body.dataset.textTrained === 'true' || document.querySelector('#text-status').classList.contains('error'), null, { timeout: 180_000 });
  assert.match(await text('#text-status'), /^trained 1 epoch in [\d.]+ s on [\d]+ names · best val_loss [\d.]+ nats\/char/);
  await page.fill('#prefix', 'ma');
  await page.click('#sample');
  const samples = await page.$$eval('#samples li', (lis) => lis.map((li) => li.textContent));
  assert.equal(samples.length, 12);
  for (const s of samples) assert.match(s, /^ma[a-z'-]*$/);
  const trainedStatus = await text('#text-status');
  // a sampling error shows by the sample form and clears the list; the next good sample clears the error
  await page.fill('#prefix', 'Q');
  await page.click('#sample');
  assert.match(await text('#sample-status'), /Error: .*Q/);
  assert.ok(await page.$eval('#sample-status', (el) => el.classList.contains('error')));
  assert.equal(await page.$$eval('#samples li', (lis) => lis.length), 0);
  assert.equal(await text('#text-status'), trainedStatus, 'the training status line keeps the training');
  await page.fill('#prefix', 'a');
  await page.click('#sample');
  assert.equal(await page.$$eval('#samples li', (lis) => lis.length), 12);
  assert.equal(await text('#sample-status'), '');
  assert.equal(await text('#text-status'), trainedStatus);
  const greyed = await page.$$eval('#samples li.muted', (lis) => lis.length);
  assert.equal(await page.$eval('#samples-legend', (el) => el.hidden), greyed === 0, `${greyed} greyed samples and the legend`);
  await page.screenshot({ path: join(shots, 'playground-text.png'), fullPage: true });
  console.log(`# screenshot: ${join(shots, 'playground-text.png')}`);
  noErrors();
});
