// Two threads over the same shared WebAssembly memory: above a size threshold, `gemm`'s output columns and the
// time-loop kernels' (jobs.ts ROW_KERNELS) batch rows are cut into chunks that this thread and one worker each
// take while any are left. Each output element is computed by one thread with the same sequence of
// operations as single-threaded, so results are bit-identical whatever the thread count.
// A job the worker has not started when this thread ran out of chunks is withdrawn (jobs.ts); a worker that
// throws or exits becomes an Error here instead of a hang.
// The second thread is started by a SpawnWorker: Node's worker_threads here, Web Workers on a cross-origin-isolated
// page (src/browser/threads.ts); elsewhere, or with RNNKIT_THREADS=1, everything runs on one thread.
import type { WasmRuntime } from './runtime.js';
import { ARGS, CHUNK, COLUMN_JOB, CONTROL_BYTES, DONE, EXITED, FAILED, IDLE, JOB, MINE, NEXT, NO_MORE_CHUNKS, ROW_JOB, ROW_KERNELS, RUN, STATE, TAKEN, jobArgBuffers, readMessage, runPostedJob, type ColumnKernel, type Kernels, type RowKernel } from './jobs.js';

/** Polls of a finished main thread before it sleeps (Atomics.wait) while the worker runs its last chunk. */
const MAIN_SPIN = 20_000;

export interface GemmSplitter {
  /** Runs gemm over columns split between two threads; same arguments as the kernel export. */
  gemm(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  /**
   * Runs row kernel `name` (jobs.ts ROW_KERNELS) over rows [0, B) with `args` (its positional list for rows [0, B)):
   * both threads take guided chunks of rowChunk-row units (jobs.ts guidedChunk) until none is left — one hand-off
   * per sequence.
   */
  rows(name: RowKernel, args: number[]): void;
  /** gemmBias (C = A·B + a bias row), columns split the same way. */
  gemmBias(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, bias: number): void;
  /** gemmBlocked (the sum over K in blocks of `block`, rounding as one product), columns split the same way. */
  gemmBlocked(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, block: number): void;
  /** gemm always split (for measuring the crossover: bench/threads.ts). */
  gemmForced(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  /** Threads in use now: 2, or 1 after setThreads(1) or when the worker could not be (re)started. */
  readonly threads: number;
  /** 1: run every job on the calling thread (the worker sleeps); 2: split again. */
  setThreads(n: number): void;
}

/**
 * The row unit of a row job: B / ROW_UNITS rows rounded up to a multiple of 4 (the products' row tile), at least
 * 4. Chunks are whole units, large first and single units at the end (jobs.ts guidedChunk), so when both threads
 * run at similar speed the one that finishes first waits about one unit for the other. Each row's results are
 * the same whichever chunk computes it, so the schedule changes no bit; many chunks balance when the other core
 * is busy (a thread given half the time takes about a third of the rows).
 */
export function rowChunk(B: number): number {
  return Math.max(4, Math.ceil(B / ROW_UNITS / 4) * 4);
}
const ROW_UNITS = 16;
/** A chunk size larger than any job: the whole job in one call. */
const WHOLE = 1 << 30;

/**
 * The column unit of a split product C[M, N] = A[M, K]·B[K, N]: about N / 8 columns rounded up to a multiple of 8
 * (the 4×8 register tile), at least 32; narrower for long sums, down to 16 columns, so that a unit holds about
 * UNIT_MACS multiply-adds. Chunks are whole units, large first (jobs.ts guidedChunk), so the thread that finishes
 * first waits about one unit for the other. The narrow units are for the weight gradients' long sums: LSTM(128)'s
 * dU (M 128, N 512, K 3,200) in 64-column chunks left 0.5 ms of waiting per product on average (30–46 ms per
 * epoch), in 16-column units about 0.1 ms. Short sums keep wide units: their chunks' fixed costs (a pass over
 * A's rows) dominate (3200×8·8×512 in 16-column units: 1.13× the time of 64).
 */
export function columnChunk(N: number, M: number, K: number): number {
  const wide = Math.max(32, Math.ceil(N / 64) * 8);
  return Math.min(wide, Math.max(16, Math.ceil(UNIT_MACS / (M * K) / 8) * 8));
}
/** The multiply-adds a column unit of a long sum holds (about 0.1 ms on one thread). */
const UNIT_MACS = 2_000_000;

/**
 * Below this many multiply-adds a product runs on one thread. Measured with `node dist/bench/threads.js` on the
 * 2-core development machine: 65,536 MACs 5.0 µs on one thread vs 4.9 µs split; 131,072: 9.0 vs 6.9 µs;
 * 4,194,304: 305 vs 156 µs.
 */
export const SPLIT_THRESHOLD = 100_000;

interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * Starts the second thread over `rt`'s module and shared memory, watching the control block `control` (jobs.ts);
 * false where no second thread can run here. Node: worker_threads (below); browsers: src/browser/threads.ts.
 */
export type SpawnWorker = (rt: WasmRuntime, control: SharedArrayBuffer) => boolean;

/** The live worker of each control block (an old worker's late 'exit' must not mark its successor). */
const current = new WeakMap<SharedArrayBuffer, object>();

/**
 * Starts the Node second thread (worker_threads, reached through process.getBuiltinModule: no import of a Node
 * module) and returns it; null where Node, two cores or RNNKIT_THREADS allow none.
 */
export function spawnNodeWorker(rt: WasmRuntime, control: SharedArrayBuffer): import('node:worker_threads').Worker | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.getBuiltinModule || proc.env?.RNNKIT_THREADS === '1') return null;
  const os = proc.getBuiltinModule('node:os') as typeof import('node:os');
  if ((os.availableParallelism?.() ?? os.cpus().length) < 2) return null;
  const { Worker } = proc.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module: rt.module, memory: rt.memory, control }, execArgv: [] }); // the parent's flags (--input-type=module -e) do not apply to it
  worker.unref();
  // an ended worker (terminated, crashed) is replaced at the next job; the worker itself marks EXITED on
  // process.exit, which also reaches a main thread that is waiting for it (this event needs the event loop)
  current.set(control, worker);
  worker.on('exit', () => {
    if (current.get(control) !== worker) return; // an older worker, already replaced
    const ctl = new Int32Array(control);
    Atomics.store(ctl, STATE, EXITED);
    Atomics.notify(ctl, STATE);
  });
  worker.on('error', () => {}); // reported through the control block; an unhandled 'error' would end the process
  return worker;
}

/** The Node second thread as a SpawnWorker. */
export const nodeWorker: SpawnWorker = (rt, control) => spawnNodeWorker(rt, control) !== null;

/** Whether this thread may block in Atomics.wait (a browser page's main thread may not: it then only polls). */
function canSleep(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, 1, 1, 0); // slot 1 holds 0: returns 'not-equal' at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}

/** Starts the second thread with `spawn` (Node's worker_threads by default); null where none can run. */
export function startGemmThreads(rt: WasmRuntime, spawn: SpawnWorker = nodeWorker): GemmSplitter | null {
  if (typeof SharedArrayBuffer === 'undefined') return null; // a page that is not cross-origin isolated
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const ctl = new Int32Array(control);
  if (!spawn(rt, control)) return null;
  // setNumThreads(1): every job runs here, the worker stays idle (asleep)
  let oneThread = false;
  /** A worker whose thread ended is replaced by a new one over the same control block (it may take a moment to
   * start; jobs posted meanwhile are withdrawn and run here). Where none can start, later calls run on one thread. */
  const rebuild = (): void => {
    Atomics.store(ctl, STATE, IDLE);
    if (!spawn(rt, control)) failed = 'the worker thread exited and could not be restarted';
  };
  const sleeps = canSleep(ctl);
  const k = rt.exports as unknown as Kernels & WasmRuntime['exports'];
  const args = jobArgBuffers();
  // set when a job threw in the worker (it reports FAILED); later calls then run on this thread
  let failed: string | null = null;
  /** This thread's share of the posted job: chunks until none is left. */
  const mine = (): void => runPostedJob(k as unknown as Kernels, ctl, args);
  /** Posts job `job` (its arguments, NEXT and CHUNK already in ctl) and takes chunks here until none is left; then
   * waits (spinning briefly, then sleeping) for a chunk the worker is still running. A worker that never started
   * the job (asleep or descheduled) is not waited for: the job is withdrawn (RUN → MINE). */
  const share = (job: number): void => {
    ctl[JOB] = job;
    if (Atomics.load(ctl, STATE) === EXITED) rebuild();
    if (failed !== null || oneThread) {
      ctl[CHUNK] = WHOLE; // alone: one call over every row or column (each chunk would stream the weights again)
      return mine();
    }
    Atomics.store(ctl, STATE, RUN);
    Atomics.notify(ctl, STATE);
    let trapped: { error: unknown } | null = null;
    try {
      mine();
    } catch (error) {
      // a kernel trapped here: stop the worker taking more chunks and let it finish its own before the error
      // leaves (a worker still running would otherwise take chunks of the next job)
      trapped = { error };
      Atomics.store(ctl, NEXT, NO_MORE_CHUNKS);
    }
    if (Atomics.compareExchange(ctl, STATE, RUN, MINE) !== RUN) {
      let spins = 0;
      for (let s = Atomics.load(ctl, STATE); s !== DONE; s = Atomics.load(ctl, STATE)) {
        if (s === FAILED || s === EXITED) {
          // its chunk may be partly written (and products accumulate), so this call cannot be completed safely;
          // a worker that threw keeps serving, one that exited is replaced
          const message = readMessage(control);
          if (s === EXITED) rebuild();
          else Atomics.store(ctl, STATE, IDLE);
          throw new Error(`rnnkit: a kernel failed in the worker thread (${message}); this call's result is lost`);
        }
        if (++spins > MAIN_SPIN && sleeps) {
          Atomics.wait(ctl, STATE, TAKEN, 1);
          spins = 0;
        }
      }
    }
    Atomics.store(ctl, STATE, IDLE);
    if (trapped) throw trapped.error;
  };
  const splitAs = (kernel: ColumnKernel, c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, last: number): void => {
    ctl[ARGS] = c; ctl[ARGS + 1] = ldc; ctl[ARGS + 2] = a; ctl[ARGS + 3] = sam; ctl[ARGS + 4] = sak;
    ctl[ARGS + 5] = b; ctl[ARGS + 6] = ldb; ctl[ARGS + 7] = M; ctl[ARGS + 8] = N; ctl[ARGS + 9] = K;
    ctl[ARGS + 10] = last;
    ctl[NEXT] = 0;
    ctl[CHUNK] = columnChunk(N, M, K);
    share(COLUMN_JOB[kernel]);
  };
  const split = (c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void =>
    splitAs('gemm', c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
  return {
    get threads() {
      return failed !== null || oneThread ? 1 : 2;
    },
    setThreads(n: number) {
      oneThread = n < 2;
    },
    rows(name, list) {
      for (let i = 0; i < list.length; i++) ctl[ARGS + i] = list[i];
      const B = list[(ROW_KERNELS[name] as readonly string[]).indexOf('B')];
      ctl[NEXT] = 0;
      ctl[CHUNK] = rowChunk(B);
      share(ROW_JOB[name]);
    },
    gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate) {
      if (M * N * K < SPLIT_THRESHOLD || N < 64 || oneThread) return k.gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
      split(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
    },
    gemmForced: split,
    gemmBias(c, ldc, a, sam, sak, b, ldb, M, N, K, bias) {
      if (M * N * K < SPLIT_THRESHOLD || N < 64 || oneThread) return k.gemmBias(c, ldc, a, sam, sak, b, ldb, M, N, K, bias);
      splitAs('gemmBias', c, ldc, a, sam, sak, b, ldb, M, N, K, bias);
    },
    gemmBlocked(c, ldc, a, sam, sak, b, ldb, M, N, K, block) {
      if (M * N * K < SPLIT_THRESHOLD || N < 64 || oneThread) return k.gemmBlocked(c, ldc, a, sam, sak, b, ldb, M, N, K, block);
      splitAs('gemmBlocked', c, ldc, a, sam, sak, b, ldb, M, N, K, block);
    },
  };
}
