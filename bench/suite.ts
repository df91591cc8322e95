// The benchmark suite: rnnkit against TensorFlow.js ('cpu' and 'wasm' backends) and, when Debian's python3-torch is
// installed, PyTorch with one and with two threads, on identical models, data and batch sizes, one command. Each
// case runs in a child process of its own so that its peak memory (max RSS) is measured alone. Prints medians,
// ratios, peak RSS, the Keras-default configurations against their plain forms (separately and paired in one
// process), and the ceilings: each recurrent case's matrix work at the matrix kernel's rate and at the
// WebAssembly SIMD peak of this machine (bench/simd_peak.ts), against the goal's time.
//   npm run bench                REPS (rnnkit and PyTorch runs per process, default 4), PASSES (processes per
//                                rnnkit and PyTorch case, minutes apart, runs pooled; default 2) and TFJS_REPS
//                                (TF.js, default 1 for the large epochs, one pass); --only <substring> runs the
//                                cases whose name contains it, --skip <substring> leaves out those that do (e.g.
//                                --skip tfjs-cpu: the slow backend)
// The cases are listed in bench/suite_cases.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kernels } from '../src/index.js';
import { wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { CASE_GROUPS, PAIRS, REPS, TFJS_REPS, runCase, torchPython, type CaseResult } from './suite_cases.js';
import { kernelRate, simdPeak } from './simd_peak.js';
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
  const all = names.map((n) => pooled.get(n)!);
  const results = all.filter((r) => !r.name.includes(' paired'));
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
  const time = (name: string) => {
    const r = pooled.get(name);
    return r ? median(r.seconds) : null;
  };
  console.log('\nKeras-default configurations against their plain forms (rnnkit epochs; goal ≤ 1.1×): separate processes, and');
  console.log('paired in one process (the median of per-round ratios, the epochs alternating; bench/suite_cases.ts PAIRS):');
  for (const [config, plain] of PAIRS) {
    const a = time(`${config} epoch · rnnkit`), b = time(`${plain} epoch · rnnkit`), paired = pooled.get(`${config} ÷ ${plain} paired · rnnkit`);
    if ((a === null || b === null) && !paired) continue;
    const separate = a !== null && b !== null ? `${(a / b).toFixed(2)}×` : '–';
    const pairedText = paired ? `   paired ${median(paired.seconds).toFixed(2)}× (${paired.seconds.map((x) => x.toFixed(2)).join(' ')})` : '';
    console.log(`${config.padEnd(20)} ÷ ${plain.padEnd(10)} separate ${separate}${pairedText}`);
  }
  if (wasmRuntime() && kernels().name === 'wasm') await ceilings(time);
  process.exit(0);
}

/**
 * What the machine allows: each recurrent case's matrix work at the matrix kernel's one-thread rate scaled by what
 * two threads gave the SIMD peak (bench/simd_peak.ts), against the goal's time (a fraction of PyTorch's one-thread
 * time). A goal below the SIMD peak's time cannot be met by any WebAssembly code on this machine.
 */
async function ceilings(time: (name: string) => number | null): Promise<void> {
  const peak = await simdPeak();
  const twoThreads = peak.twoThreads / peak.oneThread;
  console.log(`\nCeilings: WebAssembly SIMD multiply-add peak (${peak.fused ? 'fused' : 'multiply then add'}) ${peak.oneThread.toFixed(1)} GFLOP/s on one thread, ${peak.twoThreads.toFixed(1)} on two (${twoThreads.toFixed(2)}×)`);
  const rates = new Map<number, number>();
  for (const G of [1, 3, 4]) rates.set(G, kernelRate(64, 128, G * 128));
  console.log(`matrix kernel (gemm, one thread) at the step product 64×128·128×G·128: ${[1, 3, 4].map((G) => `G ${G}: ${rates.get(G)!.toFixed(1)}`).join(', ')} GFLOP/s`);
  console.log(`case                         products   rnnkit   at the kernel's rate   rnnkit ÷ it   goal (÷ PyTorch 1t)   goal time   at the SIMD peak`);
  for (const [model, G] of [['LSTM(128)', 4], ['GRU(128)', 3], ['GRU(128)·default', 3], ['SimpleRNN(128)', 1]] as const) {
    for (const op of ['epoch', 'predict'] as const) {
      const ours = time(`${model} ${op} · rnnkit`);
      if (ours === null) continue;
      // forward x·W and h·U; an epoch adds backward dU, dh and dW (no dx for the first layer)
      const rowSteps = N * T, H = 128;
      const flops = rowSteps * 2 * G * H * (F + H) + (op === 'epoch' ? rowSteps * 2 * G * H * (2 * H + F) : 0);
      const atKernel = flops / (rates.get(G)! * twoThreads * 1e9), atPeak = flops / (peak.twoThreads * 1e9);
      const torch = time(`${model} ${op} · pytorch-1t`), goal = op === 'epoch' ? 0.75 : 0.6;
      const goalText = torch === null ? ' '.repeat(31) : `≤ ${goal} × ${torch.toFixed(3)} s`.padEnd(21) + `${(goal * torch).toFixed(3)} s`.padStart(10);
      console.log(`${`${model} ${op}`.padEnd(26)} ${`${(flops / 1e9).toFixed(1)} GFLOP`.padStart(10)} ${`${ours.toFixed(3)} s`.padStart(8)} ${`${atKernel.toFixed(3)} s`.padStart(22)} ${(ours / atKernel).toFixed(2).padStart(13)}   ${goalText}   ${atPeak.toFixed(3)} s${torch !== null && goal * torch < atPeak ? ' (above the goal: out of reach)' : ''}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
