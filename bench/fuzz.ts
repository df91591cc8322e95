// The full fuzz and fault run (`npm run fuzz`): 12,000 seeded random mutations of an rnnkit .keras, a Keras 2 .h5,
// an rnnkit TF.js directory (two shards) and a forecaster directory, then every section-boundary truncation of
// every file of them (test/fuzz/lib.ts). Cases run in a worker thread; a case that takes longer than the limit
// is killed and counted as a hang. Prints outcome counts per base and operator, timing, and any failure.
//   npm run fuzz [-- --cases 12000 --seed 20261130 --limit-ms 10000]
import { Worker } from 'node:worker_threads';
import { FAILURES, type Outcome } from '../test/fuzz/lib.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const random = arg('cases', 12_000);
const seed = arg('seed', 20261130);
const limitMs = arg('limit-ms', 10_000);

interface Result { i: number; what: string; base: string; op: string; outcome: Outcome; detail: string; ms: number }
const results: Result[] = [];
const failures: string[] = [];
const started = performance.now();
let total = Infinity;

/** Runs cases from `from` in a fresh worker until done or a hang; returns the next case to run. */
function runFrom(from: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fuzz_worker.js', import.meta.url), { workerData: { seed, random, from, to: Infinity, limitMs } });
    let current = -1;
    let what = '';
    let since = performance.now();
    const watchdog = setInterval(() => {
      if (current >= 0 && performance.now() - since > 3 * limitMs) {
        failures.push(`#${current} ${what}: hang (killed after ${(3 * limitMs / 1000).toFixed(0)} s)`);
        results.push({ i: current, what, base: what.split(':')[0], op: 'hang', outcome: 'slow', detail: 'hang', ms: performance.now() - since });
        clearInterval(watchdog);
        void worker.terminate().then(() => resolve(current + 1));
      }
    }, 500);
    worker.on('message', (m: { type: string } & Partial<Result> & { total?: number }) => {
      if (m.type === 'ready') total = m.total!;
      else if (m.type === 'start') {
        current = m.i!;
        what = m.what!;
        since = performance.now();
      } else if (m.type === 'result') {
        results.push(m as Result);
        if (FAILURES.includes(m.outcome!)) failures.push(`#${m.i} ${m.what}: ${m.outcome} ${m.detail}`);
        current = -1;
        if (results.length % 2000 === 0) process.stderr.write(`${results.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      } else if (m.type === 'done') {
        clearInterval(watchdog);
        void worker.terminate().then(() => resolve(Infinity));
      }
    });
    worker.on('error', (e) => {
      clearInterval(watchdog);
      failures.push(`#${current} ${what}: worker crashed: ${e.stack ?? e}`);
      reject(e);
    });
  });
}

let next = 0;
while (next < total) next = await runFrom(next);
const seconds = (performance.now() - started) / 1000;

const table = new Map<string, Map<string, number>>();
for (const r of results) {
  const key = `${r.base} ${r.op}`;
  const row = table.get(key) ?? new Map<string, number>();
  row.set(r.outcome, (row.get(r.outcome) ?? 0) + 1);
  table.set(key, row);
}
const outcomes: Outcome[] = ['same', 'different-config', 'error', 'undetectable', 'silent-wrong', 'crash', 'error-without-path', 'slow'];
console.log(`fuzz: ${results.length} cases (${random} random, seed ${seed}, + ${results.length - random} boundary truncations) in ${seconds.toFixed(1)} s, limit ${limitMs} ms per case`);
console.log(['base operator'.padEnd(30), ...outcomes.map((o) => o.padStart(19))].join(''));
for (const [key, row] of [...table.entries()].sort()) console.log([key.padEnd(30), ...outcomes.map((o) => String(row.get(o) ?? 0).padStart(19))].join(''));
const totals = outcomes.map((o) => results.filter((r) => r.outcome === o).length);
console.log(['total'.padEnd(30), ...totals.map((n) => String(n).padStart(19))].join(''));
const ms = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(`per case: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, p99 ${ms[Math.floor(ms.length * 0.99)].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms`);
if (failures.length) {
  console.log(`\n${failures.length} FAILURES:`);
  for (const f of failures.slice(0, 50)) console.log(`  ${f}`);
  process.exitCode = 1;
} else {
  console.log('no failures: every case loaded correctly or failed with an rnnkit error naming the file');
}
