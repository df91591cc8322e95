// Does relaxed SIMD (fused multiply-add, f32x4.relaxed_madd) pay for the matrix kernel? Builds, from the shipped
// AssemblyScript source of `gemm`, a second copy whose `add(x, mul(s, b))` become `relaxed_madd(s, b, x)`, compiles
// both into one module with `--enable relaxed-simd`, and times them back to back (best of 7, alternated twice) on
// the suite's product shapes; prints GFLOP/s, the ratio and the largest relative difference of the results.
//   npm run build && node --experimental-wasm-relaxed-simd dist/bench/relaxed_simd.js   (Node 20: behind the flag)
//   npm run build && node dist/bench/relaxed_simd.js                                     (Node ≥ 22: on by default)
// Without relaxed SIMD in the engine the module does not compile, and the script says so.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './util.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const source = readFileSync(join(root, 'src/kernels/wasm/assembly/matmul.ts'), 'utf8');
const gemmSource = source.slice(source.indexOf('@inline function splat'), source.indexOf('@inline function hsum'));
const fused = gemmSource
  .replace('export function gemm(', 'export function gemmFma(')
  .replace('@inline function splat(', '@inline function splatF(')
  .replace(/(?<![.\w])splat\(/g, 'splatF(')
  .replace(/f32x4\.add\((\w+), f32x4\.mul\(([^,]+?), (v128\.load\([^)]*\)|\w+)\)\)/g, 'f32x4.relaxed_madd($2, $3, $1)');
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-relaxed-'));
writeFileSync(join(dir, 'k.ts'), `${gemmSource}\n${fused}`);
execFileSync(process.execPath, [join(root, 'node_modules/assemblyscript/bin/asc.js'), join(dir, 'k.ts'), '--enable', 'simd', '--enable', 'relaxed-simd',
  '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=', '--initialMemory', '64', '-o', join(dir, 'k.wasm')], { stdio: 'inherit' });

type Gemm = (c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, acc: number) => void;
let exports: { gemm: Gemm; gemmFma: Gemm; memory: WebAssembly.Memory };
try {
  exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(dir, 'k.wasm'))), {}).exports as unknown as typeof exports;
} catch (e) {
  console.log(`relaxed SIMD is not available in this engine (${process.version}): ${(e as Error).message.split('\n')[0]}`);
  process.exit(0);
}
console.log(machine());
console.log(`fused multiply-adds in the copy: ${(fused.match(/relaxed_madd/g) ?? []).length}`);
exports.memory.grow(200);
const f = new Float32Array(exports.memory.buffer);
for (let i = 16384; i < f.length; i++) f[i] = Math.sin(i);
for (const [M, K, N] of [[64, 128, 512], [64, 136, 512], [64, 264, 512], [1, 320, 1024], [64, 512, 128]]) {
  const A = 65536 * 4, B = A + M * K * 4 + 64, C = B + K * N * 4 + 64, C2 = C + M * N * 4 + 64;
  const flops = 2 * M * K * N, reps = Math.max(3, Math.round(3e8 / flops));
  const rate = { plain: 0, fma: 0 };
  for (const [name, fn, c] of [['plain', exports.gemm, C], ['fma', exports.gemmFma, C2], ['plain', exports.gemm, C], ['fma', exports.gemmFma, C2]] as const) {
    let best = Infinity;
    for (let t = 0; t < 7; t++) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) fn(c, N, A, K, 1, B, N, M, N, K, 0);
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    rate[name] = Math.max(rate[name], flops / best / 1e6);
  }
  let diff = 0;
  for (let i = 0; i < M * N; i++) diff = Math.max(diff, Math.abs(f[C / 4 + i] - f[C2 / 4 + i]) / (Math.abs(f[C / 4 + i]) + 1));
  console.log(`${M}×${K}·${K}×${N}: mul+add ${rate.plain.toFixed(1)} GFLOP/s, relaxed_madd ${rate.fma.toFixed(1)} GFLOP/s, ratio ${(rate.fma / rate.plain).toFixed(2)}, max relative difference ${diff.toExponential(1)}`);
}
