// The text tab: rnnkit's character-level name generator (Embedding → LSTM → Dense softmax, `CharModel`) trained in
// the page on names, then sampled. The names: the server's /data/names.txt (the @stdlib female and male first-name
// lists, lowercased, when the dev dependencies are installed), else a short list written here; the user may edit
// the text area or paste their own.
import { rk, trainingCallback, lossChartSvg, showChart, setStatus, errorText, intInput, fmt } from './common.js';

const $ = (id) => document.getElementById(id);
const FALLBACK = `ada alan alice amelia anna arthur ava ben bruno carla charles chloe clara daniel david diana edgar elena
eliza emil emma eva felix frida george grace hana harry hugo ida iris isaac jack james jane julia karl kate laura leo
lily lucas lucy maria mark max maya mila nina noah olga oliver oscar paula peter rosa ruby sam sara sofia theo tom
ursula vera victor viola walter wendy xavier yara zoe`.split(/\s+/);

let model = null, training = null, loaded = false;

function lines() {
  return $('names').value.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

function countNames() {
  const n = lines();
  $('names-info').textContent = `${n.length.toLocaleString()} names, ${new Set(n.join('')).size} distinct characters`;
}

async function loadNames() {
  loaded = true;
  let text = null, from = '';
  try {
    const r = await fetch('/data/names.txt');
    if (r.ok) { text = await r.text(); from = 'first names from the @stdlib female and male lists (lowercased)'; }
  } catch { /* the short list below */ }
  if (text === null) { text = FALLBACK.join('\n'); from = 'a short built-in list (the full one needs the dev dependencies)'; }
  if (!$('names').value) $('names').value = text;
  countNames();
  $('names-info').textContent += ` — ${from}; edit or paste your own`;
}

function setBusy(busy) {
  for (const el of $('text-form').elements) if (el.id !== 'text-stop') el.disabled = busy;
  $('text-stop').disabled = !busy;
  $('sample').disabled = busy || !model;
}

async function train() {
  const status = $('text-status');
  const names = lines();
  const units = intInput('text-units', 1, 512), epochs = intInput('text-epochs', 1, 200), seed = intInput('text-seed', -(2 ** 31), 2 ** 31 - 1);
  const batchSize = 32, validation = 0.1;
  const stepsPerEpoch = Math.ceil((names.length - Math.max(1, Math.round(names.length * validation))) / batchSize);
  const history = { loss: [], val_loss: [] };
  training = trainingCallback({
    epochs, stepsPerEpoch,
    onProgress: (f, e) => { $('text-progress').value = f; status.textContent = `epoch ${e + 1}/${epochs} · ${Math.round(f * 100)} %`; },
    onEpoch: (e, logs) => {
      history.loss.push(logs.loss);
      history.val_loss.push(logs.val_loss);
      status.textContent = `epoch ${e + 1}/${epochs} · loss ${fmt(logs.loss)} · val_loss ${fmt(logs.val_loss)}`;
      showChart($('text-loss-chart'), lossChartSvg(history, `Name generator — LSTM(${units})`, 'cross-entropy (nats per character)'));
    },
  });
  // a new run: the last run's model, chart and samples go (a failure must not leave them under its message)
  model = null;
  $('text-loss-chart').replaceChildren();
  clearSamples();
  $('text-progress').value = 0;
  setBusy(true);
  const started = performance.now();
  try {
    const out = await rk.CharModel.train(names, { units, epochs, batchSize, validation, seed, callbacks: [training] });
    model = out.model;
    const r = out.result;
    $('text-progress').value = 1;
    const done = training.stopped && r.epochs < epochs ? `stopped after ${r.epochs} of ${epochs} epochs` : `trained ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`;
    setStatus(status, `${done} in ${((performance.now() - started) / 1000).toFixed(1)} s on ${r.trainLines} names · ` +
      `best val_loss ${fmt(r.valLoss)} nats/char on ${r.validationLines} held-out names`);
    document.body.dataset.textTrained = 'true';
  } finally {
    training = null;
    setBusy(false);
  }
}

function clearSamples() {
  $('samples').replaceChildren();
  $('samples-legend').hidden = true;
  setStatus($('sample-status'), '');
}

function sample() {
  const n = intInput('sample-count', 1, 100);
  const temperature = Number($('temperature').value);
  if (!(temperature > 0)) throw new RangeError(`Temperature: expected a number above 0, got '${$('temperature').value}'`);
  const names = model.sample(n, { temperature, prefix: $('prefix').value, maxLength: 30 });
  const known = new Set(lines());
  $('samples').replaceChildren(...names.map((s) => {
    const li = document.createElement('li');
    li.textContent = s;
    if (known.has(s)) { li.title = 'in the training names'; li.className = 'muted'; }
    return li;
  }));
  $('samples-legend').hidden = !names.some((s) => known.has(s));
}

/** Wires the tab; `shown()` loads the names the first time the tab opens. */
export function setupText() {
  $('names').addEventListener('input', countNames);
  $('text-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    train().catch((e) => setStatus($('text-status'), errorText(e), true));
  });
  $('text-stop').addEventListener('click', () => training?.stop());
  $('sample-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    // sampling's own messages sit by the sample form; the training status line keeps the training's
    try { setStatus($('sample-status'), ''); sample(); } catch (e) { clearSamples(); setStatus($('sample-status'), errorText(e), true); }
  });
  return { shown: () => { if (!loaded) loadNames(); } };
}
