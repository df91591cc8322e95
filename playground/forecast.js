// The forecast tab: the Keras simple-RNN tutorial's data, a series shipped in examples/data, or the user's CSV;
// a SimpleRNN / LSTM / GRU → Dense(1) trained on sliding windows with a live loss chart and progress bar; then the
// one-step test forecasts against the naive forecast (the previous value), and the model saved to a download or to
// IndexedDB. Tutorial data is used as the tutorial does (raw numbers, relu); other series are min-max scaled on
// their training part (the first 80 %) and use the layers' default activations.
import { rk, trainingCallback, lossChartSvg, showChart, setStatus, errorText, intInput, downloadBytes, fmt, paint } from './common.js';

const $ = (id) => document.getElementById(id);
const TUTORIAL = { tutorial: 'Keras tutorial: 0, 1, …, 99 (test 100…109)', 'tutorial-even': 'Keras tutorial exercise: 0, 2, …, 198' };
/** The most data rows the page reads: training runs on the page's main thread, and longer series freeze it. */
export const MAX_ROWS = 200_000;
const DEFAULTS = { tutorial: { kind: 'SimpleRNN', units: 50, epochs: 200, lookback: 10 }, series: { kind: 'LSTM', units: 32, epochs: 100, lookback: 12 } };

let table = null;      // the CSV in use: { names, values, time, source }
let trained = null;    // the last trained model and its test data, for saving and re-testing
let training = null;   // the running fit's callback (for Stop)

/** The data in use as one series: { values, x, xLabel, title, trainEnd, scaled } (x: numbers for the chart). */
function currentData() {
  const source = $('data-source').value;
  if (source in TUTORIAL) {
    const step = source === 'tutorial-even' ? 2 : 1;
    const values = Array.from({ length: 110 }, (_, i) => i * step);
    return { values, x: values.map((_, i) => i), xLabel: 'index', title: TUTORIAL[source], trainEnd: 100, scaled: false };
  }
  if (!table) throw new Error(source === 'csv' ? 'choose a CSV file first' : 'the series is still loading');
  const f = table.names.indexOf($('column').value);
  const values = table.values.map((row) => row[f]);
  const times = table.time?.map(Number);
  const x = times && times.every(Number.isFinite) ? times : values.map((_, i) => i);
  const testCount = Math.max(1, Math.ceil(values.length * 0.2));
  return { values, x, xLabel: times && times.every(Number.isFinite) ? (table.timeColumn ?? 'time') : 'row', title: `${table.source}: ${table.names[f]}`, trainEnd: values.length - testCount, scaled: true };
}

/** The CSV reader's options from the page's menus (the CSV file only; shipped series use the defaults). */
function csvOptions(name) {
  const options = { source: name, decimal: $('csv-decimal').value, thousands: $('csv-thousands').value, missing: $('csv-missing').value };
  if ($('csv-delimiter').value) options.delimiter = $('csv-delimiter').value;
  return options;
}

/** The reader's hints name the command line's flags; the page has menus instead. */
export function pageWording(message) {
  return message
    .replace("give --delimiter / the delimiter option if that is wrong", "choose the Delimiter if that is wrong")
    .replace("choose a policy: --missing drop|ffill|interpolate", "choose what to do in Missing values")
    .replace("use --thousands ',' / the thousands option", "choose Thousands ','")
    .replace("use --thousands '.' --decimal ','", "choose Thousands '.' and Decimal ','")
    .replace("use --decimal ',' / the decimal option", "choose Decimal ','");
}

async function loadTable(source, file) {
  table = null;
  $('column').innerHTML = '';
  $('data-info').textContent = '';
  if (source in TUTORIAL || (source === 'csv' && !file)) return;
  const name = file ? file.name : source;
  // a large file takes seconds to read and parse: say so, and let the page paint before the work starts
  setStatus($('status'), `reading ${name}${file ? ` (${(file.size / 1e6).toFixed(1)} MB)` : ''}…`);
  await paint();
  const text = file ? await file.text() : await (await fetch(`/examples/data/${source}`)).text();
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  if (lines - 1 > MAX_ROWS) throw new RangeError(`${name} has about ${(lines - 1).toLocaleString('en')} rows; the playground trains in this page and reads at most ${MAX_ROWS.toLocaleString('en')}: use the last ${MAX_ROWS.toLocaleString('en')} rows (or fewer), or train with rnnkit in Node`);
  try {
    table = { ...rk.readCsv(text, file ? csvOptions(name) : { source: name }), source: name };
  } catch (e) {
    if (e instanceof Error) e.message = pageWording(e.message);
    throw e;
  }
  for (const n of table.names) $('column').append(new Option(n, n));
  $('column').value = table.names.includes('value') ? 'value' : table.names.includes('temp') ? 'temp' : table.names[0];
  $('data-info').textContent = `${table.values.length} rows, columns ${table.names.join(', ')}${table.timeColumn ? `, time column ${table.timeColumn}` : ''}; the last 20 % are the test part`;
}

function applyDefaults(source) {
  const d = source in TUTORIAL ? DEFAULTS.tutorial : DEFAULTS.series;
  $('model-kind').value = d.kind;
  $('units').value = d.units;
  $('epochs').value = d.epochs;
  $('lookback').value = d.lookback;
}

/** Windows of `lookback` values → the next value; training targets before trainEnd, test targets from it. */
function windows(data, lookback) {
  if (data.trainEnd - lookback < 2) throw new RangeError(`the training part (${data.trainEnd} values) is too short for a window of ${lookback}: choose a smaller window or a longer series`);
  const train = data.values.slice(0, data.trainEnd);
  let lo = 0, scale = 1;
  if (data.scaled) {
    // a loop, not Math.min(...train): spreading 125k+ values overflows the call stack
    let hi = -Infinity;
    lo = Infinity;
    for (const v of train) { if (v < lo) lo = v; if (v > hi) hi = v; }
    scale = hi > lo ? hi - lo : 1;
  }
  const s = data.values.map((v) => (v - lo) / scale);
  const tr = rk.slidingWindows(s.slice(0, data.trainEnd), lookback);            // x [N, lookback, 1], y [N]
  const te = rk.slidingWindows(s.slice(data.trainEnd - lookback), lookback);    // the test targets, one window each
  return { x: tr.x, y: tr.y, xTest: te.x, yTest: te.y, unscale: (v) => v * scale + lo, nTrain: data.trainEnd - lookback };
}

function buildModel(kind, units, lookback, tutorial) {
  const Layer = { SimpleRNN: rk.SimpleRNN, LSTM: rk.LSTM, GRU: rk.GRU }[kind];
  const model = new rk.Sequential();
  // Keras: the tutorial's SimpleRNN uses relu on the raw numbers; scaled series keep the layer's default (tanh)
  model.add(new Layer({ units, inputShape: [lookback, 1], ...(tutorial ? { activation: 'relu' } : {}) }));
  model.add(new rk.Dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  return model;
}

/** Test scores in the data's units, the model's own evaluate (model space), and the naive forecast's. */
function scores(model, w, data) {
  const testLoss = model.evaluate(w.xTest, w.yTest);
  const pred = Array.from(model.predict(w.xTest).data, w.unscale);
  const actual = data.values.slice(data.trainEnd);
  const naive = data.values.slice(data.trainEnd - 1, -1);
  const err = (p) => p.map((v, i) => v - actual[i]);
  const mse = (e) => e.reduce((a, v) => a + v * v, 0) / e.length, mae = (e) => e.reduce((a, v) => a + Math.abs(v), 0) / e.length;
  const e = err(pred), en = err(naive);
  return { testLoss, pred, naive, mse: mse(e), mae: mae(e), rmse: Math.sqrt(mse(e)), naiveMse: mse(en), naiveMae: mae(en) };
}

function showScores(s, data, kind) {
  const rows = [
    ['score-evaluate', `Test loss, model.evaluate (MSE${data.scaled ? ', scaled data' : ''})`, s.testLoss],
    ['score-mse', `${kind} MSE`, s.mse], ['score-mae', `${kind} MAE`, s.mae], ['score-rmse', `${kind} RMSE`, s.rmse],
    ['score-naive-mse', 'Naive (previous value) MSE', s.naiveMse], ['score-naive-mae', 'Naive (previous value) MAE', s.naiveMae],
  ];
  const body = $('scores').tBodies[0];
  body.replaceChildren(...rows.map(([id, name, v]) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<th scope="row"></th><td class="num" id="${id}" data-value="${v}">${fmt(v)}</td>`;
    tr.firstChild.textContent = name;
    return tr;
  }));
  $('scores').hidden = false;
}

function forecastChart(data, s, kind) {
  const testX = data.x.slice(data.trainEnd);
  const from = Math.max(0, data.values.length - Math.max(3 * testX.length, 30));
  return rk.forecast.lineChartSvg({
    title: `${data.title} — test forecasts`, xLabel: data.xLabel, yLabel: 'value', width: 640, height: 360,
    series: [
      { name: 'actual', x: data.x.slice(from), y: data.values.slice(from) },
      { name: `${kind} (one step ahead)`, x: testX, y: s.pred },
      { name: 'naive (previous value)', x: testX, y: s.naive, dashed: true },
    ],
  });
}

function setBusy(busy) {
  for (const el of $('forecast-form').elements) if (el.id !== 'stop') el.disabled = busy;
  $('stop').disabled = !busy;
  for (const b of $('save-row').querySelectorAll('button')) b.disabled = busy;
}

/** Hides the last run's charts, scores and save buttons (a new run starts; its error must not sit above old results). */
function clearResults() {
  trained = null;
  $('loss-chart').replaceChildren();
  $('forecast-chart').replaceChildren();
  $('scores').hidden = true;
  $('save-row').hidden = true;
  setStatus($('save-status'), '');
  $('progress').value = 0;
}

async function train() {
  const status = $('status');
  clearResults();
  // a chosen file that failed to read (or whose CSV options changed since) is read again
  if ($('data-source').value === 'csv' && !table && $('csv-file').files[0]) await loadCsvFile();
  const data = currentData();
  const kind = $('model-kind').value;
  const units = intInput('units', 1, 512), epochs = intInput('epochs', 1, 5000), lookback = intInput('lookback', 1, 200);
  const seed = intInput('seed', -(2 ** 31), 2 ** 31 - 1);
  const tutorial = !data.scaled;
  rk.setRandomSeed(seed);
  const w = windows(data, lookback);
  const model = buildModel(kind, units, lookback, tutorial);
  const batchSize = 32, stepsPerEpoch = Math.ceil(w.nTrain / batchSize);
  const losses = [];
  let drawn = 0;
  const draw = () => { showChart($('loss-chart'), lossChartSvg({ loss: losses }, `Training loss — ${kind}(${units})`, `MSE${data.scaled ? ' (scaled data)' : ''}`)); drawn = performance.now(); };
  training = trainingCallback({
    epochs, stepsPerEpoch,
    onProgress: (f, e) => { $('progress').value = f; status.textContent = `epoch ${e + 1}/${epochs}`; },
    onEpoch: (e, logs) => {
      losses.push(logs.loss);
      status.textContent = `epoch ${e + 1}/${epochs} · loss ${fmt(logs.loss)}`;
      if (performance.now() - drawn > 150 || e + 1 === epochs) draw();
    },
  });
  setBusy(true);
  const started = performance.now();
  try {
    const history = await model.fit(w.x, w.y, { epochs, batchSize, verbose: 0, callbacks: [training] });
    draw();
    const seconds = (performance.now() - started) / 1000;
    const s = scores(model, w, data);
    showScores(s, data, kind);
    const svg = forecastChart(data, s, kind);
    showChart($('forecast-chart'), svg);
    trained = { model, w, data, svg, testLoss: s.testLoss };
    $('save-row').hidden = false;
    $('progress').value = 1;
    const n = history.epoch.length;
    const done = training.stopped && n < epochs ? `stopped after ${n} of ${epochs} epochs` : `trained ${n} epoch${n === 1 ? '' : 's'}`;
    setStatus(status, `${done} in ${seconds.toFixed(1)} s · final loss ${fmt(losses.at(-1))} · test MSE ${fmt(s.mse)}`);
    document.body.dataset.trained = String(Number(document.body.dataset.trained ?? 0) + 1);
  } finally {
    training = null;
    setBusy(false);
  }
}

async function saveAction(action) {
  const out = $('save-status');
  const name = $('save-name').value.trim();
  try {
    if (!trained) throw new Error('train a model first');
    if (!/^[\w.-]{1,80}$/.test(name)) throw new RangeError(`name: letters, digits, '.', '_' or '-' (up to 80), got '${name}'`);
    if (action === 'download') { await trained.model.save(`downloads://${name}`); setStatus(out, `downloaded ${name}`); }
    if (action === 'idb') { await trained.model.save(`indexeddb://${name}`); setStatus(out, `saved to IndexedDB as '${name}'`); }
    if (action === 'load') {
      const loaded = await rk.loadModel(`indexeddb://${name}`);
      loaded.compile({ optimizer: 'adam', loss: 'mse' });
      const loss = loaded.evaluate(trained.w.xTest, trained.w.yTest);
      setStatus(out, `loaded '${name}' from IndexedDB: test loss ${fmt(loss)} (trained model: ${fmt(trained.testLoss)})`);
      out.dataset.loadedLoss = String(loss);
    }
    if (action === 'png') {
      await rk.forecast.initPngRenderer({ wasm: '/vendor/resvg.wasm', fonts: ['/vendor/DejaVuSans.ttf'] });
      const png = await rk.forecast.svgToPng(trained.svg, { scale: 2 });
      downloadBytes(png, `${name}-forecast.png`, 'image/png');
      setStatus(out, `forecast chart: ${png.length.toLocaleString()} bytes of PNG`);
    }
  } catch (e) {
    setStatus(out, errorText(e), true);
  }
}

/** Reads the chosen CSV file with the page's CSV options (throws the reader's error, worded for the page). */
async function loadCsvFile() {
  await loadTable('csv', $('csv-file').files[0]);
  setStatus($('status'), 'choose the column and a model, then Train');
  $('column-label').hidden = !table;
}

/** Fills the data menu (tutorial, the shipped series, your CSV) and wires the tab's controls. */
export async function setupForecast() {
  const select = $('data-source');
  for (const [value, label] of Object.entries(TUTORIAL)) select.append(new Option(label, value));
  const files = await (await fetch('/examples/data/')).json().catch(() => []);
  const group = document.createElement('optgroup');
  group.label = 'Shipped series (examples/data)';
  for (const f of files) group.append(new Option(f.replace(/\.csv$/, '').replaceAll('_', ' '), f));
  select.append(group, new Option('Your CSV file…', 'csv'));
  const changed = async () => {
    const source = select.value;
    $('csv-label').hidden = $('csv-options').hidden = source !== 'csv';
    applyDefaults(source);
    try {
      await loadTable(source, source === 'csv' ? $('csv-file').files[0] : null);
      setStatus($('status'), source === 'csv' && !table ? 'choose a CSV file: a header line, then one row per time step' : 'choose a model, then Train');
    } catch (e) { setStatus($('status'), errorText(e), true); }
    $('column-label').hidden = !table;
  };
  select.addEventListener('change', changed);
  const fileChanged = () => loadCsvFile().catch((e) => { setStatus($('status'), errorText(e), true); $('column-label').hidden = true; });
  $('csv-file').addEventListener('change', fileChanged);
  for (const id of ['csv-delimiter', 'csv-decimal', 'csv-thousands', 'csv-missing']) $(id).addEventListener('change', () => { if ($('csv-file').files[0]) fileChanged(); });
  $('forecast-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    train().catch((e) => setStatus($('status'), errorText(e), true));
  });
  $('stop').addEventListener('click', () => training?.stop());
  $('save-download').addEventListener('click', () => saveAction('download'));
  $('save-idb').addEventListener('click', () => saveAction('idb'));
  $('load-idb').addEventListener('click', () => saveAction('load'));
  $('png-download').addEventListener('click', () => saveAction('png'));
  await changed();
}
