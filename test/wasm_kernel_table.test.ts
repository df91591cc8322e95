// The one description of the time-loop kernels (src/kernels/wasm/jobs.ts ROW_KERNELS) against what is bound to
// it: the WebAssembly exports' parameter counts, the control block's room, the named-argument binding's errors,
// and the worker's job list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARGS, CONTROL_INTS, JOBS, ROW_JOB, ROW_KERNELS, rowArgList, type RowKernel } from '../src/kernels/wasm/jobs.js';
import { wasmRuntime } from '../src/kernels/wasm/runtime.js';

const rt = wasmRuntime()!;

test('every row kernel in the table is a WebAssembly export taking exactly the listed arguments', () => {
  const exports = rt.exports as unknown as Record<string, (...a: number[]) => void>;
  for (const [name, args] of Object.entries(ROW_KERNELS)) {
    assert.equal(typeof exports[name], 'function', `${name} is not exported (src/kernels/wasm/assembly/index.ts)`);
    assert.equal(exports[name].length, args.length, `${name}: the export takes ${exports[name].length} arguments, the table lists ${args.length}`);
    for (const needed of ['r0', 'r1', 'B', 'H']) assert.ok((args as readonly string[]).includes(needed), `${name} lists ${needed}`);
    assert.equal(new Set(args).size, args.length, `${name}: argument names are distinct`);
  }
  // exported time-loop kernels the table does not describe would be unreachable from the threads
  const rowExports = Object.keys(exports).filter((n) => /(Forward|Backward)Rows$/.test(n));
  assert.deepEqual(rowExports.sort(), Object.keys(ROW_KERNELS).sort());
});

test('the worker job list is the three products and the table, and every job fits the control block', () => {
  assert.deepEqual(JOBS[0], ['gemm', rt.exports.gemm.length]);
  assert.deepEqual(JOBS[1], ['gemmBlocked', rt.exports.gemmBlocked.length]);
  assert.deepEqual(JOBS[2], ['gemmBias', rt.exports.gemmBias.length]);
  for (const [name, args] of Object.entries(ROW_KERNELS)) assert.deepEqual(JOBS[ROW_JOB[name as RowKernel]], [name, args.length]);
  for (const [name, n] of JOBS) assert.ok(ARGS + n <= CONTROL_INTS, `${name}: ${n} arguments do not fit`);
});

test('binding by name: rows [0, B), and a missing or unknown argument is an error naming it', () => {
  const args = { zs: 16, hs: 32, h0: 48, U: 64, hd: 80, recMask: 0, stepMask: 0, B: 6, T: 3, H: 4, act: 2, goBackwards: 1, keep: 1, x: 0, W: 0, bIn: 0, I: 5 };
  assert.deepEqual(rowArgList('simpleRnnForwardRows', args), [16, 32, 48, 64, 80, 0, 0, 0, 6, 6, 3, 4, 2, 1, 1, 0, 0, 0, 5]);
  const { hd: _, ...missing } = args;
  assert.throws(() => rowArgList('simpleRnnForwardRows', missing as typeof args), /simpleRnnForwardRows needs argument 'hd'/);
  assert.throws(() => rowArgList('simpleRnnForwardRows', { ...args, recAct: 3 } as typeof args), /simpleRnnForwardRows has no argument 'recAct'/);
});
