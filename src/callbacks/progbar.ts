// Keras-style progress output for fit (Keras utils/progbar.py + callbacks/progbar_logger.py):
//   verbose 1 on a terminal: "Epoch 3/200" then a live bar "2/3 ━━━━━━━━━━━━━━━━━━━━ 0s 4ms/step - loss: 12.3456";
//   verbose 1 elsewhere (a pipe, a file, a browser console) and verbose 2: one line per epoch;
//   verbose 0: nothing.
// Written by hand because the format is Keras's own (a generic progress-bar package would not produce it).

export type Verbosity = 0 | 1 | 2;

/** Where the progress goes: a terminal-like stream, or a line sink (console.log in browsers). */
interface Sink {
  isTTY: boolean;
  write(text: string): void;
}

function defaultSink(): Sink {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean; write(s: string): void } } }).process?.stdout;
  if (stdout) return { isTTY: Boolean(stdout.isTTY), write: (s) => stdout.write(s) };
  let line = '';
  return { isTTY: false, write: (s) => { line += s; const parts = line.split('\n'); line = parts.pop()!; parts.forEach((p) => console.log(p)); } };
}

const BAR_WIDTH = 20;

function formatLogs(logs: Record<string, number>): string {
  return Object.entries(logs).map(([k, v]) => ` - ${k}: ${formatValue(v)}`).join('');
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

function formatTime(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

export class ProgressLogger {
  private readonly sink: Sink;
  private readonly live: boolean;
  private epochStart = 0;
  private lastDraw = 0;

  constructor(private readonly verbose: Verbosity, sink: Sink = defaultSink()) {
    this.sink = sink;
    this.live = verbose === 1 && sink.isTTY;
  }

  onEpochBegin(epoch: number, epochs: number): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    if (this.verbose > 0) this.sink.write(`Epoch ${epoch + 1}/${epochs}\n`);
  }

  /** After batch `step` (1-based) of `steps`, with the running logs. */
  onBatchEnd(step: number, steps: number, logs: Record<string, number>): void {
    if (!this.live) return;
    const now = performance.now();
    if (step < steps && now - this.lastDraw < 50) return; // redraw at most 20 times a second
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const perStep = elapsed / step;
    const eta = perStep * (steps - step);
    this.sink.write(`\r${this.bar(step, steps)} ${formatTime(eta)} ${formatPerStep(perStep)}${formatLogs(logs)}\x1b[K`);
  }

  onEpochEnd(steps: number, logs: Record<string, number>): void {
    if (this.verbose === 0) return;
    const elapsed = (performance.now() - this.epochStart) / 1000;
    const tail = `${formatTime(elapsed)} ${formatPerStep(elapsed / Math.max(1, steps))}${formatLogs(logs)}`;
    if (this.live) this.sink.write(`\r${this.bar(steps, steps)} ${tail}\x1b[K\n`);
    else if (this.verbose === 1) this.sink.write(`${steps}/${steps} ${'━'.repeat(BAR_WIDTH)} ${tail}\n`);
    else this.sink.write(`${steps}/${steps} - ${tail}\n`);
  }

  private bar(step: number, steps: number): string {
    const done = Math.round((BAR_WIDTH * step) / steps);
    const width = String(steps).length;
    // bold for the done part, faint for the rest (Keras's rendering)
    return `${String(step).padStart(width)}/${steps} \x1b[1m${'━'.repeat(done)}\x1b[0m\x1b[2m${'━'.repeat(BAR_WIDTH - done)}\x1b[0m`;
  }
}
