// Threads under a competing load (issue 14): every rnnkit case of the suite (bench/suite_cases.ts) on one thread
// (RNNKIT_THREADS=1), as shipped (two threads under the thread governor, src/kernels/thread_governor.ts) and on two
// threads always (RNNKIT_THREADS=2), while another process keeps one core busy, or on the idle machine. Each case
// runs in its own child process (`node dist/bench/suite.js --case '<name> · rnnkit'`, REPS runs, the median
// kept), the settings alternating round by round; the table gives medians and each setting's time over one
// thread's (above 1 = slower than one thread).
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

type Setting = '1' | 'auto' | '2';
const SETTINGS: Setting[] = ['1', 'auto', '2'];

function runCase(name: string, setting: Setting): number {
  const env: Record<string, string | undefined> = { ...process.env, REPS: reps, RNNKIT_THREADS: setting === 'auto' ? undefined : setting };
  const child = spawnSync(process.execPath, [suite, '--case', `${name} · rnnkit`], { encoding: 'utf8', env });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (!line) throw new Error(`case '${name}' failed:\n${child.stderr}`);
  return median((JSON.parse(line.slice(2)) as { seconds: number[] }).seconds);
}

console.log(machine());
const busy = idle ? null : spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
console.log(idle ? 'no competing process' : `competing process: pid ${busy!.pid} (node -e "for (;;) {}")`);
console.log(`${rounds} rounds, median of ${reps} runs per case and thread count; LSTM(256) step in ms per token, the rest in s\n`);
console.log(`${'case'.padEnd(28)} ${'1 thread'.padStart(9)} ${'shipped'.padStart(9)} ${'2 always'.padStart(9)}   shipped / 1t   2 always / 1t`);
try {
  for (const name of CASES) {
    const times: Record<Setting, number[]> = { '1': [], auto: [], '2': [] };
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 === 0 ? SETTINGS : [...SETTINGS].reverse()) times[t].push(runCase(name, t));
    }
    const [one, auto, two] = SETTINGS.map((t) => median(times[t]));
    const runs = SETTINGS.map((t) => `${t}: ${times[t].map((s) => s.toFixed(2)).join(' ')}`).join('; ');
    console.log(`${name.padEnd(28)} ${one.toFixed(3).padStart(9)} ${auto.toFixed(3).padStart(9)} ${two.toFixed(3).padStart(9)}   ${(auto / one).toFixed(2).padStart(12)}   ${(two / one).toFixed(2).padStart(13)}   (${runs})`);
  }
} finally {
  busy?.kill();
}
