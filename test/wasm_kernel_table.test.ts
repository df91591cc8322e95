// The one description of the time-loop kernels (src/kernels/wasm/jobs.ts ROW_KERNELS) against what is bound to
// it: the WebAssembly exports' parameter counts, the control block's room, the named-argument binding's errors,
// and the worker's job list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARGS, CONTROL_INTS, JOBS, ROW_JOB, ROW_KERNELS, guidedChunk, rowArgList, type RowKernel } from '../src/kernels/wasm/jobs.js';
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

test('guided row chunks cover every unit once, shrink towards the end, and end with one unit', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10, 11].map((k) => guidedChunk(k, 16)), [0, 4, 7, 9, 10, 11, 16, 16]); // 4, 3, 2, 1, 1, …
  for (const units of [1, 2, 3, 5, 16, 17, 64, 100]) {
    const sizes: number[] = [];
    for (let k = 0; guidedChunk(k, units) < units; k++) sizes.push(guidedChunk(k + 1, units) - guidedChunk(k, units));
    assert.equal(sizes.reduce((a, b) => a + b, 0), units, `${units} units covered`);
    assert.ok(sizes.every((n, i) => n >= 1 && (i === 0 || n <= sizes[i - 1])), `${units}: sizes ${sizes} shrink`);
    assert.equal(sizes[sizes.length - 1], 1, `${units}: the last chunk is one unit`);
  }
  assert.equal(guidedChunk(0x3fffffff, 16), 16, 'a stopped job (NO_MORE_CHUNKS) has no chunk left');
});
