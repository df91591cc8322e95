// The calling convention between the main thread and the worker, written once: the jobs a thread can run from
// the shared control block, the table of the time-loop kernels' arguments (by name), and the states of a posted
// job. test/wasm_kernel_table.test.ts checks the table against the WebAssembly exports.
//
// Control block (Int32Array over a SharedArrayBuffer): [STATE, _, JOB, _, ARGS…].
// A job is posted by writing JOB and ARGS, then STATE = RUN. Whichever thread claims it first runs it: the worker
// (RUN → TAKEN, then DONE, or FAILED with its message after the slots; EXITED when its thread ends) or, when the worker has not started it by the time the main thread finished
// its own half, the main thread itself (RUN → MINE). So a descheduled worker (another busy process on a 2-core
// machine) costs one half's time, never a wait, and two threads are never slower than one by more than a CAS.

export const STATE = 0, JOB = 2, ARGS = 4;
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
 * order. Every one runs the batch rows [r0, r1) through all timesteps, so either thread can run either half
 * (threads.ts splits at r0/r1 by name). Pointers are byte offsets into the kernels' memory, 0 for "none" where
 * the kernel allows it (dhs, bRec, recMask, stepMask); B is the whole batch (the recurrent-mask layout).
 */
export const ROW_KERNELS = {
  simpleRnnForwardRows: ['zs', 'hs', 'h0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'goBackwards'],
  simpleRnnBackwardRows: ['dzs', 'zs', 'hs', 'dh', 'tmp', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'goBackwards'],
  lstmForwardRows: ['zs', 'gs', 'hs', 'cs', 'ac', 'h0', 'c0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  lstmBackwardRows: ['dzs', 'zs', 'gs', 'cs', 'ac', 'c0', 'dh', 'dc', 'dhOut', 'da', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruForwardRows: ['zs', 'gs', 'hs', 'aux', 'h0', 'U', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruBackwardRows: ['dzs', 'zs', 'gs', 'hs', 'h0', 'dh', 'tmp', 'dv', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruResetAfterForwardRows: ['zs', 'gs', 'hs', 'aux', 'h0', 'U', 'bRec', 'hd', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
  gruResetAfterBackwardRows: ['dzs', 'zs', 'gs', 'hs', 'h0', 'aux', 'dh', 'tmp', 'dRec', 'dRecH', 'hd', 'dhs', 'U', 'Ut', 'recMask', 'stepMask', 'r0', 'r1', 'B', 'T', 'H', 'act', 'recAct', 'goBackwards'],
} as const;

export type RowKernel = keyof typeof ROW_KERNELS;
/** A row kernel's arguments by name (r0 and r1 are set by the caller of the kernel, not given here). */
export type RowArgs<K extends RowKernel> = Record<Exclude<(typeof ROW_KERNELS)[K][number], 'r0' | 'r1'>, number>;

/** Job index → kernel export and argument count: the matrix product, then the row kernels in table order. */
export const JOBS: readonly (readonly [string, number])[] = [['gemm', 11], ...Object.entries(ROW_KERNELS).map(([name, args]) => [name, args.length] as const)];
/** The job index of each row kernel. */
export const ROW_JOB = Object.fromEntries(Object.keys(ROW_KERNELS).map((name, i) => [name, i + 1])) as Record<RowKernel, number>;

export type Kernels = Record<string, (...args: number[]) => void>;

/**
 * The positional argument list of row kernel `name` for rows [0, B) from named arguments (B among them);
 * throws naming the kernel and the argument when one is missing or unknown (a binding out of step with the table).
 */
export function rowArgList<K extends RowKernel>(name: K, args: RowArgs<K>): number[] {
  const names = ROW_KERNELS[name] as readonly string[];
  const given = args as Record<string, number>;
  for (const key of Object.keys(given)) if (!names.includes(key)) throw new Error(`rnnkit: ${name} has no argument '${key}' (expected ${names.join(', ')})`);
  return names.map((n) => {
    const v = n === 'r0' ? 0 : n === 'r1' ? given.B : given[n];
    if (typeof v !== 'number') throw new Error(`rnnkit: ${name} needs argument '${n}' (a number), got ${typeof v}`);
    return v;
  });
}

/** Argument lists allocated once per thread (a job call allocates nothing). */
export function jobArgBuffers(): number[][] {
  return JOBS.map(([, n]) => new Array<number>(n).fill(0));
}

/** Runs the posted job on this thread with the arguments in the control block. */
export function runPostedJob(k: Kernels, ctl: Int32Array, args: number[][]): void {
  const job = ctl[JOB];
  const list = args[job];
  for (let i = 0; i < list.length; i++) list[i] = ctl[ARGS + i];
  k[JOBS[job][0]](...list);
}
