// Threads under a competing load (issue 14): every rnnkit case of the suite (bench/suite_cases.ts) with one and
// with two threads while another process keeps one core busy, and optionally on the idle machine. Each case runs
// in its own child process (`node dist/bench/suite.js --case '<name> · rnnkit'`, REPS runs, the median kept), one
// thread (RNNKIT_THREADS=1) and two alternating round by round; a table of medians and the 2-thread / 1-thread
// ratio follows (above 1 = the second thread made it slower).
//   npm run build && node dist/bench/contention.js [--rounds 2] [--reps 3] [--idle] [--only <substring>]
// --idle: no competing process (the same table on the quiet machine).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, median } from './util.js';

const args = process.argv.slice(2);
const option = (name: string, dflt: string): string => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const rounds = Number(option('rounds', '2')), reps = option('reps', '3'), only = option('only', ''), idle = args.includes('--idle');
const CASES = [
  'tutorial fit', 'LSTM(128) epoch', 'GRU(128)·default epoch', 'SimpleRNN(128) epoch', 'LSTM(128)·dropout epoch', 'Masking→LSTM(128) epoch',
  'LSTM(128) predict', 'GRU(128)·default predict', 'SimpleRNN(128) predict', 'charLSTM(256) epoch', 'LSTM(256) step',
].filter((c) => c.includes(only));
const suite = fileURLToPath(new URL('./suite.js', import.meta.url));

function runCase(name: string, threads: 1 | 2): number {
  const env = { ...process.env, REPS: reps, RNNKIT_THREADS: String(threads) };
  const child = spawnSync(process.execPath, [suite, '--case', `${name} · rnnkit`], { encoding: 'utf8', env });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (!line) throw new Error(`case '${name}' failed:\n${child.stderr}`);
  return median((JSON.parse(line.slice(2)) as { seconds: number[] }).seconds);
}

console.log(machine());
const busy = idle ? null : spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
console.log(idle ? 'no competing process' : `competing process: pid ${busy!.pid} (node -e "for (;;) {}")`);
console.log(`${rounds} rounds, median of ${reps} runs per case and thread count; LSTM(256) step in ms per token, the rest in s\n`);
console.log(`${'case'.padEnd(28)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(10)}   2t / 1t`);
try {
  for (const name of CASES) {
    const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let r = 0; r < rounds; r++) {
      for (const t of (r % 2 === 0 ? [1, 2] : [2, 1]) as (1 | 2)[]) times[t].push(runCase(name, t));
    }
    const one = median(times[1]), two = median(times[2]);
    console.log(`${name.padEnd(28)} ${one.toFixed(3).padStart(9)} ${two.toFixed(3).padStart(10)}   ${(two / one).toFixed(2)}   (1t ${times[1].map((s) => s.toFixed(2)).join(' ')}; 2t ${times[2].map((s) => s.toFixed(2)).join(' ')})`);
  }
} finally {
  busy?.kill();
}
