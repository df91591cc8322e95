// Paired A/B of two rnnkit builds in one process: the same model and data on each, their runs alternating (A B,
// B A, …), so that a slow spell of a shared machine falls on both. Prints each build's median and the median of
// the per-round ratios B ÷ A — the figure docs/PERFORMANCE.md quotes for a kernel change, where the machine's
// drift between separate runs (up to 1.6× within minutes on the 2-core VM) is larger than the change.
//   node dist/bench/paired.js <dir A> <dir B> [LSTM|GRU|GRUd|SimpleRNN|tutorial] [epoch|predict] [rounds]
// A and B are checkouts with a built dist/ (e.g. `git worktree add /tmp/base HEAD~1`, then `npm ci && npm run
// build` there). GRU is resetAfter: false, GRUd Keras's default; the recurrent models are the suite's
// (bench/suite_cases.ts: 128 units + Dense(1), 2,048 × 50 × 8, batch 64, Adam, MSE), the tutorial its SimpleRNN(50,
// relu) fit of 200 epochs. RNNKIT_THREADS applies to both builds.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './util.js';

type Lib = typeof import('../src/index.js');

const [dirA, dirB, kind = 'LSTM', op = 'epoch', roundsArg = '10'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node dist/bench/paired.js <dir A> <dir B> [LSTM|GRU|GRUd|SimpleRNN|tutorial] [epoch|predict] [rounds]');
  process.exit(2);
}
const N = 2048, T = 50, F = 8;

/** One build's timed run: seconds of one epoch or one predict over the suite's data (or one tutorial fit). */
function setup(L: Lib): () => Promise<number> {
  L.setRandomSeed(1);
  if (kind === 'tutorial') {
    const { x, y } = L.slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
    const y2 = y.reshape([90, 1]);
    return async () => {
      L.setRandomSeed(1);
      const m = new L.Sequential({ layers: [new L.SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }), new L.Dense({ units: 1 })] });
      m.compile({ optimizer: 'adam', loss: 'mse' });
      const t0 = performance.now();
      await m.fit(x, y2, { epochs: 200, batchSize: 32, verbose: 0 });
      return (performance.now() - t0) / 1000;
    };
  }
  const x = L.tensor(Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9), [N, T, F]);
  const y = L.tensor(Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11)), [N, 1]);
  const args = { units: 128, inputShape: [T, F] };
  const rnn = kind === 'LSTM' ? new L.LSTM(args) : kind === 'SimpleRNN' ? new L.SimpleRNN(args)
    : kind === 'GRU' || kind === 'GRUd' ? new L.GRU({ ...args, resetAfter: kind === 'GRUd' }) : null;
  if (!rnn) throw new Error(`unknown model '${kind}' (LSTM, GRU, GRUd, SimpleRNN, tutorial)`);
  const m = new L.Sequential({ layers: [rnn, new L.Dense({ units: 1 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return async () => {
    const t0 = performance.now();
    if (op === 'epoch') await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    else m.predict(x, { batchSize: 64 });
    return (performance.now() - t0) / 1000;
  };
}

const libs = await Promise.all([dirA, dirB].map(async (d) => (await import(pathToFileURL(resolve(d, 'dist/src/index.js')).href)) as Lib));
const runs = libs.map(setup);
for (const run of runs) await run(); // warm-up: each build's first run carries one-off costs
const times: [number[], number[]] = [[], []];
for (let r = 0; r < Number(roundsArg); r++) {
  for (const i of r % 2 ? [1, 0] : [0, 1]) times[i].push(await runs[i]());
}
const ratios = times[1].map((b, i) => b / times[0][i]);
const fmt = (v: number[]) => `median ${median(v).toFixed(3)} s, min ${Math.min(...v).toFixed(3)}`;
console.log(`${kind} ${kind === 'tutorial' ? 'fit' : op}, ${roundsArg} rounds: A ${fmt(times[0])} | B ${fmt(times[1])} | B ÷ A per round, median ${median(ratios).toFixed(3)}`);
process.exit(0); // the builds' worker threads would keep the process alive
