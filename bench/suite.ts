// The benchmark suite: rnnkit against TensorFlow.js ('cpu' and 'wasm' backends) and, when Debian's python3-torch is
// installed, PyTorch with one and with two threads, on identical models, data and batch sizes, one command. Each
// case runs in a child process of its own so that its peak memory (max RSS) is measured alone. Prints medians,
// ratios, peak RSS, the Keras-default configurations against their plain forms, and achieved GFLOP/s.
//   npm run bench                REPS (rnnkit and PyTorch runs per process, default 4), PASSES (processes per
//                                rnnkit and PyTorch case, minutes apart, runs pooled; default 2) and TFJS_REPS
//                                (TF.js, default 1 for the large epochs, one pass); --only <substring> runs the
//                                cases whose name contains it, --skip <substring> leaves out those that do (e.g.
//                                --skip tfjs-cpu: the slow backend)
// The cases are listed in bench/suite_cases.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kernels } from '../src/index.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { measureMatmul } from './matmul.js';
import { CASE_GROUPS, REPS, TFJS_REPS, runCase, torchPython, type CaseResult } from './suite_cases.js';
import { machine, median } from './util.js';

const N = 2048, T = 50, F = 8;
/** Passes over the rnnkit and PyTorch cases (TF.js's run in the first only); their runs are pooled. */
const PASSES = Number(process.env.PASSES ?? 2);

async function main(): Promise<void> {
  const only = process.argv.indexOf('--case');
  if (only >= 0) {
    const name = process.argv[only + 1];
    const seconds = await runCase(name);
    const result: CaseResult = { name, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`@@${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  console.log('rnnkit benchmark suite —', machine());
  console.log(`kernels: ${kernels().name}; rnnkit and PyTorch: ${REPS} runs in each of ${PASSES} passes, TF.js: ${TFJS_REPS} (3 for the tutorial) in the first; each case in its own process\n`);
  const filter = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
  const skip = process.argv.includes('--skip') ? process.argv[process.argv.indexOf('--skip') + 1] : null;
  console.log(torchPython ? `PyTorch: ${torchPython} (one and two threads)` : 'PyTorch: not installed (apt-get install python3-torch libopenblas0-pthread), left out');
  // Pass 1 runs every case; passes 2…PASSES run the rnnkit and PyTorch cases again (TF.js's take minutes) and pool
  // their runs, so that a slow spell of this shared machine during one case does not decide its median alone.
  const names = CASE_GROUPS.flatMap(([what, impls]) => impls.map((i) => `${what} · ${i}`)).filter((n) => n.includes(filter) && !(skip && n.includes(skip)));
  const pooled = new Map<string, CaseResult>();
  for (let pass = 1; pass <= PASSES; pass++) {
    for (const name of names.filter((n) => pass === 1 || !n.includes('· tfjs'))) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = child.stdout.split('\n').find((l) => l.startsWith('@@'));
      if (!line) throw new Error(`case '${name}' failed:\n${child.stderr}`);
      const r = JSON.parse(line.slice(2)) as CaseResult;
      const had = pooled.get(name);
      pooled.set(name, had ? { name, seconds: [...had.seconds, ...r.seconds], maxRssMiB: Math.max(had.maxRssMiB, r.maxRssMiB) } : r);
      process.stderr.write(`pass ${pass}/${PASSES}  ${name.padEnd(41)} ${r.seconds.map((x) => x.toFixed(3)).join(' ')}\n`);
    }
  }
  const results = names.map((n) => pooled.get(n)!);
  console.log(`benchmark (LSTM(256) step: ms/token)      median s   runs (pass 1 | 2 …)                     peak RSS    rnnkit time ÷ its`);
  for (const r of results) {
    const what = r.name.slice(0, r.name.lastIndexOf(' · '));
    const ours = pooled.get(`${what} · rnnkit`);
    // TF.js ran in the first pass only: compared with rnnkit's runs of that pass (taken minutes apart, not an
    // hour); PyTorch with rnnkit's runs of every pass, as both ran in each
    const tfjs = r.name.includes('· tfjs');
    const oursThen = ours && tfjs ? ours.seconds.slice(0, ours.seconds.length / PASSES) : ours?.seconds;
    const ratio = ours && r !== ours ? median(oursThen!) / median(r.seconds) : null;
    const verdict = ratio === null ? '' : `${ratio.toFixed(2)}  (${ratio <= 1 ? `${(1 / ratio).toFixed(1)}x faster` : `${ratio.toFixed(1)}x slower`})${tfjs && PASSES > 1 ? ' (pass 1)' : ''}`;
    const perPass = tfjs ? r.seconds.length : r.seconds.length / PASSES;
    const runs = r.seconds.map((x, i) => `${i > 0 && i % perPass === 0 ? '| ' : ''}${x.toFixed(2)}`).join(' ');
    console.log(`${r.name.padEnd(41)} ${median(r.seconds).toFixed(3).padStart(8)}   ${runs.padEnd(40)} ${r.maxRssMiB.toFixed(0).padStart(5)} MiB   ${verdict}`);
  }
  const epoch = (what: string) => results.find((r) => r.name === `${what} epoch · rnnkit`);
  const vs = (what: string, plain: string) => {
    const a = epoch(what), b = epoch(plain);
    if (a && b) console.log(`${what.padEnd(26)} ${(median(a.seconds) / median(b.seconds)).toFixed(2)}× the epoch of ${plain}`);
  };
  console.log('\nKeras-default configurations against their plain forms (rnnkit, epochs):');
  vs('GRU(128)·default', 'GRU(128)');
  vs('LSTM(128)·dropout', 'LSTM(128)');
  vs('Masking→LSTM(128)', 'LSTM(128)');

  // GFLOP/s of the matrix kernel and of each recurrent layer's training epoch
  const rt = wasmRuntime();
  if (rt && kernels().name === 'wasm') {
    const peak = measureMatmul(kernels().matmul, 64, 128, 512, (n) => wasmFloats(rt, n));
    const best = Math.max(...peak.map((p) => p.gflops));
    console.log(`\nmatrix kernel at 64×128·128×512: ${peak.map((p) => `${p.form} ${p.gflops.toFixed(1)}`).join(', ')} GFLOP/s (peak ${best.toFixed(1)})`);
    for (const kind of ['LSTM', 'GRU', 'GRU(128)·default', 'SimpleRNN']) {
      const G = kind === 'LSTM' ? 4 : kind.startsWith('GRU') ? 3 : 1, H = 128;
      // matrix work of one epoch: forward x·W and h·U, backward dU, dh and dW (no dx for the first layer)
      const flops = (N * T) * 2 * G * H * (F + H) + (N * T) * 2 * G * H * (2 * H + F);
      const found = results.find((r) => r.name === `${kind.includes('(') ? kind : `${kind}(128)`} epoch · rnnkit`);
      if (!found) continue;
      const s = median(found.seconds);
      console.log(`${kind}(128) epoch: ${(flops / 1e9).toFixed(1)} GFLOP of products in ${s.toFixed(2)} s = ${(flops / s / 1e9).toFixed(1)} GFLOP/s (${((flops / s / 1e9 / best) * 100).toFixed(0)} % of the matrix kernel's peak)`);
    }
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
