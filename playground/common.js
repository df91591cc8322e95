// What both tabs share: the library (the single-file browser build), a training callback that draws progress and
// yields to the page between batches (so the page stays responsive while training on the main thread), charts as
// the library's own SVG, and status lines.
import * as rk from '/dist/browser/rnnkit.js';

export { rk };

/** Lets the browser handle input, timers and paint: a new task (a zero-delay timeout; `?yield=` picks another way, for experiments). */
const YIELD = new URLSearchParams(location.search).get('yield') ?? 'timeout';
export function yieldToPage() {
  if (YIELD === 'scheduler' && typeof globalThis.scheduler?.yield === 'function') return globalThis.scheduler.yield();
  if (YIELD === 'message') return new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(); c.port2.postMessage(null); });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Resolves after the browser painted a frame (a status set just before a long synchronous step shows up); 100 ms at most (no frames in a hidden tab). */
export function paint() {
  return new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); setTimeout(resolve, 100); });
}

/**
 * A LambdaCallback for fit: after each batch, `onProgress(fraction, epoch)` and a yield to the page when more than
 * `sliceMs` ms passed since the last; after each epoch, `onEpoch(epoch, logs)`. `stop()` ends fit after the
 * current batch (Keras's model.stop_training) and sets `stopped`.
 */
export function trainingCallback({ epochs, stepsPerEpoch, onProgress, onEpoch, sliceMs = 25 }) {
  let epoch = 0, last = performance.now();
  const cb = new rk.LambdaCallback({
    onEpochBegin: (e) => { epoch = e; },
    onTrainBatchEnd: async (batch) => {
      onProgress((epoch * stepsPerEpoch + batch + 1) / (epochs * stepsPerEpoch), epoch);
      if (performance.now() - last > sliceMs) { await yieldToPage(); last = performance.now(); }
    },
    onEpochEnd: async (e, logs) => {
      onEpoch(e, logs);
      if (performance.now() - last > sliceMs) { await yieldToPage(); last = performance.now(); }
    },
  });
  cb.stopped = false;
  cb.stop = () => { cb.stopped = true; if (cb.model) cb.model.stopTraining = true; };
  return cb;
}

/** Loss per epoch on a log axis (`history`: { loss: [...], val_loss?: [...] }), as the library's SVG line chart. */
export function lossChartSvg(history, title, yLabel) {
  const series = Object.entries(history).filter(([, y]) => y.length > 0).map(([name, y]) => ({ name, x: y.map((_, i) => i + 1), y }));
  return rk.forecast.lineChartSvg({ title, xLabel: 'epoch', yLabel, series, logY: true, integerX: true, width: 640, height: 360 });
}

/** Puts an SVG chart (text from the library's chart code) into a figure. */
export function showChart(figure, svg) {
  figure.innerHTML = svg;
}

/** A status line: plain text, or an error in red (the error's message, as the library worded it). */
export function setStatus(el, text, isError = false) {
  el.textContent = text;
  el.classList.toggle('error', isError);
}

export const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Reads a positive integer from a number input, or throws naming the field. */
export function intInput(id, min, max) {
  const el = document.getElementById(id);
  const v = Number(el.value);
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${el.closest('label')?.firstChild?.textContent?.trim() ?? id}: expected an integer from ${min} to ${max}, got '${el.value}'`);
  return v;
}

/** Saves bytes as a file through the browser's download. */
export function downloadBytes(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Numbers for tables: 4 significant digits, exponent for very small or large. */
export const fmt = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4))));
