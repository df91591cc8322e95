// The calling convention between the main thread and the worker, written once: the jobs a thread can run from
// the shared control block, the table of the time-loop kernels' arguments (by name), and the states of a posted
// job. test/wasm_kernel_table.test.ts checks the table against the WebAssembly exports.
//
// Control block (Int32Array over a SharedArrayBuffer): [STATE, 0, JOB, NEXT, CHUNK, _, _, _, ARGS…].
// A job is posted by writing JOB, ARGS, NEXT = 0 and CHUNK, then STATE = RUN. It is shared in guided chunks of
// whole CHUNK-wide units — a product's output columns or a row job's batch rows — large first, one unit last
// (guidedChunk): the main thread and the worker each take the next chunk
// (Atomics.add on NEXT) until none is left, so a thread slowed by another process simply takes
// fewer. The worker joins by claiming the job (RUN → TAKEN, then DONE, or FAILED with its message after the slots;
// EXITED when its thread ends); when the main thread has taken every chunk before the worker claimed the job, it
// withdraws it (RUN → MINE) and does not wait. So a descheduled worker costs at most the chunk it holds (a row
// job's early chunks are its largest: up to a quarter of the rows or columns), and the thread that runs out first
// waits about one unit for the other.

export const STATE = 0, JOB = 2, NEXT = 3, CHUNK = 4, ARGS = 8;
/** Stored in NEXT to stop further chunks being taken (after a trap on the main thread). */
export const NO_MORE_CHUNKS = 0x3fffffff;
export const IDLE = 0, RUN = 1, DONE = 2, TAKEN = 3, MINE = 4, FAILED = 5, EXITED = 6;
/** Int32 slots of the control block (256 bytes), so at most CONTROL_INTS − ARGS arguments per job. */
export const CONTROL_INTS = 64;
/** Bytes after the slots where a failing worker writes its error message (UTF-8, NUL-terminated). */
export const MESSAGE_BYTES = 512;
/** The control block's size in bytes: the slots, then the message. */
export const CONTROL_BYTES = 4 * CONTROL_INTS + MESSAGE_BYTES;

/** Writes `message` (truncated to fit) into the control block's message bytes. */
export function writeMessage(control: SharedArrayBuffer, message: string): void {
  const bytes = new Uint8Array(control, 4 * CONTROL_INTS, MESSAGE_BYTES);
  const text = new TextEncoder().encode(message).subarray(0, MESSAGE_BYTES - 1);
  bytes.set(text);
  bytes[text.length] = 0;
}

/** The message a failing worker wrote (empty if none). */
export function readMessage(control: SharedArrayBuffer): string {
  const bytes = new Uint8Array(control, 4 * CONTROL_INTS, MESSAGE_BYTES);
  const end = bytes.indexOf(0);
  // TextDecoder refuses views of shared memory: copy first
  return new TextDecoder().decode(bytes.slice(0, end < 0 ? MESSAGE_BYTES : end));
}

/**
 * The whole-sequence kernels (src/kernels/wasm/assembly/sequence.ts, sequence_gru.ts), each with its arguments in
 * order. Every one runs the batch rows [r0, r1) through all timesteps, so either thread can run any chunk of rows
 * (runPostedJob sets r0/r1 by name). Pointers are byte offsets into the kernels' memory, 0 for "none" where
 * the kernel allows it (dhs, bRec, bIn, recMask, stepMask); B is the whole batch (the recurrent-mask layout).
 * The forward loops' `keep` is 1 when a backward pass follows: zs holds the input projection (the caller's) and
 * zs, gs and aux/ac are kept for every timestep. 0 is inference: the loop projects each step's input itself
 * (x [B, T, I], W [I, G·H], bIn [G·H] or 0) and zs, gs and aux/ac are one step's [B, ·] rows, rewritten each
 * step — a working set that stays in cache. x, W, bIn and I are unused when keep is 1.
 */
export const ROW_KERNELS = {
  simpleRnnForwardRows: ['zs', 'hs', 'h0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'goBackwards', 'keep', 'x', 'W', 'bIn', 'I'],
  simpleRnnBackwardRows: ['dzs', 'zs', 'hs', 'dh', 'tmp', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'goBackwards'],
  lstmForwardRows: ['zs', 'gs', 'hs', 'cs', 'ac', 'h0', 'c0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards', 'keep', 'x', 'W', 'bIn', 'I'],
  lstmBackwardRows: ['dzs', 'zs', 'gs', 'cs', 'ac', 'c0', 'dh', 'dc', 'dhOut', 'da', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruForwardRows: ['zs', 'gs', 'hs', 'aux', 'h0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards', 'keep', 'x', 'W', 'bIn', 'I'],
  gruBackwardRows: ['dzs', 'zs', 'gs', 'hs', 'h0', 'dh', 'tmp', 'dv', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruResetAfterForwardRows: ['zs', 'gs', 'hs', 'aux', 'h0', 'U', 'bRec', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards', 'keep', 'x', 'W', 'bIn', 'I'],
  gruResetAfterBackwardRows: ['dzs', 'zs', 'gs', 'hs', 'h0', 'aux', 'dh', 'tmp', 'dRec', 'dRecH', 'dRecHStep', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
} as const;

export type RowKernel = keyof typeof ROW_KERNELS;
/** A row kernel's arguments by name (r0 and r1 are set by the caller of the kernel, not given here). */
export type RowArgs<K extends RowKernel> = Record<Exclude<(typeof ROW_KERNELS)[K][number], 'r0' | 'r1'>, number>;

/**
 * The products shared by output columns: gemm, gemmBlocked and gemmBias (src/kernels/wasm/assembly/matmul.ts)
 * take (c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate | block | bias); columns [j0, j1) are C's and B's from
 * byte 4·j0, and gemmBias's bias row's too.
 */
export const COLUMN_KERNELS = ['gemm', 'gemmBlocked', 'gemmBias'] as const;
export type ColumnKernel = (typeof COLUMN_KERNELS)[number];
const GEMM_C = 0, GEMM_B = 5, GEMM_N = 8, GEMM_LAST = 10;

/** Job index → kernel export and argument count: the products, then the row kernels in table order. */
export const JOBS: readonly (readonly [string, number])[] = [...COLUMN_KERNELS.map((name) => [name, 11] as const), ...Object.entries(ROW_KERNELS).map(([name, args]) => [name, args.length] as const)];
/** The job index of each product. */
export const COLUMN_JOB = Object.fromEntries(COLUMN_KERNELS.map((name, i) => [name, i])) as Record<ColumnKernel, number>;
/** The job index of each row kernel. */
export const ROW_JOB = Object.fromEntries(Object.keys(ROW_KERNELS).map((name, i) => [name, COLUMN_KERNELS.length + i])) as Record<RowKernel, number>;

export type Kernels = Record<string, (...args: number[]) => void>;

/**
 * The positional argument list of row kernel `name` for rows [0, B) from named arguments (B among them);
 * throws naming the kernel and the argument when one is missing or unknown (a binding out of step with the table).
 * The list is the kernel's one shared array (valid until the next call for the same kernel).
 */
export function rowArgList<K extends RowKernel>(name: K, args: RowArgs<K>): number[] {
  const names = ROW_KERNELS[name] as readonly string[];
  const list = ROW_LISTS[name];
  const given = args as Record<string, number>;
  let count = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    const v = n === 'r0' ? 0 : n === 'r1' ? given.B : given[n];
    if (typeof v !== 'number') throw new Error(`rnnkit: ${name} needs argument '${n}' (a number), got ${typeof v}`);
    list[i] = v;
    if (n !== 'r0' && n !== 'r1') count++;
  }
  if (Object.keys(given).length !== count) { // a name the kernel does not take
    const unknown = Object.keys(given).find((key) => !names.includes(key) || key === 'r0' || key === 'r1');
    throw new Error(`rnnkit: ${name} has no argument '${unknown}' (expected ${names.join(', ')})`);
  }
  return list;
}
/** One argument list per row kernel, reused by every call on the main thread (kernels run synchronously). */
const ROW_LISTS = Object.fromEntries(Object.entries(ROW_KERNELS).map(([name, args]) => [name, new Array<number>(args.length).fill(0)])) as Record<RowKernel, number[]>;

/** Argument lists allocated once per thread (a job call allocates nothing). */
export function jobArgBuffers(): number[][] {
  return JOBS.map(([, n]) => new Array<number>(n).fill(0));
}

/** Where each job's r0, r1 and B arguments are (row jobs; -1 for the products). */
const ROW_SLOTS = JOBS.map(([name]) => {
  const names = (ROW_KERNELS as Record<string, readonly string[]>)[name] ?? [];
  return { r0: names.indexOf('r0'), r1: names.indexOf('r1'), B: names.indexOf('B') };
});

/**
 * Runs the posted job on this thread with the arguments in the control block, chunk by chunk: a product's
 * columns (of its N) or a row job's rows (of its B) in guided chunks of CHUNK-wide units (guidedChunk), until
 * the other thread and this one have taken them all.
 */
export function runPostedJob(k: Kernels, ctl: Int32Array, args: number[][]): void {
  const job = ctl[JOB];
  const list = args[job];
  for (let i = 0; i < list.length; i++) list[i] = ctl[ARGS + i];
  const kernel = k[JOBS[job][0]];
  const slots = ROW_SLOTS[job];
  const C = ctl[CHUNK];
  if (slots.r0 < 0) { // a product: columns [j0, j1), guided chunks of C-column units
    const c = list[GEMM_C], b = list[GEMM_B], N = list[GEMM_N];
    const bias = job === COLUMN_JOB.gemmBias ? list[GEMM_LAST] : 0;
    const units = Math.ceil(N / C);
    for (let k = Atomics.add(ctl, NEXT, 1); ; k = Atomics.add(ctl, NEXT, 1)) {
      const first = guidedChunk(k, units);
      if (first >= units) return;
      const j0 = first * C;
      list[GEMM_C] = c + 4 * j0;
      list[GEMM_B] = b + 4 * j0;
      if (bias) list[GEMM_LAST] = bias + 4 * j0;
      list[GEMM_N] = Math.min(N, guidedChunk(k + 1, units) * C) - j0;
      kernel(...list);
    }
  }
  const B = list[slots.B];
  for (let k = Atomics.add(ctl, NEXT, 1); ; k = Atomics.add(ctl, NEXT, 1)) {
    const units = Math.ceil(B / C), first = guidedChunk(k, units);
    if (first >= units) return;
    list[slots.r0] = first * C;
    list[slots.r1] = Math.min(B, guidedChunk(k + 1, units) * C);
    kernel(...list);
  }
}

/**
 * The first unit of chunk k when `units` units are shared in guided chunks: each chunk takes a quarter of what is
 * left (at least one unit), so the chunks shrink towards the end — 16 units: 4, 3, 2, 1, 1, … — and, when both
 * threads run at similar speed, the one that runs out waits about one unit for the other. Exactly `units` once k
 * is past the last chunk.
 */
export function guidedChunk(k: number, units: number): number {
  let first = 0;
  for (let i = 0; i < k && first < units; i++) first += Math.max(1, (units - first) >> 2);
  return Math.min(first, units);
}
