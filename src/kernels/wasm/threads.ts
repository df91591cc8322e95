// Two threads over the same shared WebAssembly memory: above a size threshold, `gemm` is split by output columns
// between this thread and one worker, and the time-loop kernels (jobs.ts ROW_KERNELS) by batch rows. Each output
// element is computed by one thread with the same sequence of operations as single-threaded, so results are
// bit-identical whatever the thread count.
// The worker's half is withdrawn and run here when the worker has not started it (jobs.ts), and a failed worker
// turns the splitter single-threaded with one notice instead of hanging.
// The second thread is started by a SpawnWorker: Node's worker_threads here, Web Workers on a cross-origin-isolated
// page (src/browser/threads.ts); elsewhere, or with RNNKIT_THREADS=1, everything runs on one thread.
import type { WasmRuntime } from './runtime.js';
import { ARGS, CONTROL_BYTES, DONE, EXITED, FAILED, IDLE, JOB, MINE, ROW_JOB, ROW_KERNELS, RUN, STATE, TAKEN, jobArgBuffers, readMessage, runPostedJob, type Kernels, type RowKernel } from './jobs.js';

/** Polls of a finished main thread before it sleeps (Atomics.wait) while the worker runs its half. */
const MAIN_SPIN = 20_000;
/** Jobs in a row where the split did not pay before running SOLO_JOBS jobs on one thread. */
const STRIKES = 8, SOLO_JOBS = 512;

export interface GemmSplitter {
  /** Runs gemm over columns split between two threads; same arguments as the kernel export. */
  gemm(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  /**
   * Runs row kernel `name` (jobs.ts ROW_KERNELS) over rows [0, B) with `args` (its positional list for rows [0, B)):
   * the first half of the batch on this thread, the second on the worker — one hand-off per sequence.
   */
  rows(name: RowKernel, args: number[]): void;
  /** The same, always split (for measuring the crossover: bench/threads.ts). */
  gemmForced(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  /** Threads in use now: 2, or 1 after setThreads(1) or when the worker could not be (re)started. */
  readonly threads: number;
  /** 1: run every job on the calling thread (the worker sleeps); 2: split again. */
  setThreads(n: number): void;
}

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
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module: rt.module, memory: rt.memory, control } });
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
  // Adaptive: when the worker keeps finishing its half much later than this thread finishes its own (another
  // process holds the other core), run the next SOLO_JOBS jobs here alone, then try two threads again.
  let solo = 0, strikes = 0;
  /** Posts job `job` (its arguments already in ctl), runs `mine` here, then the worker's half: withdrawn and run
   * here if the worker has not started it, else waited for (spinning briefly, then sleeping). */
  const rowJob = (job: number, mine: () => void): void => {
    ctl[JOB] = job;
    if (Atomics.load(ctl, STATE) === EXITED) rebuild();
    if (failed !== null || solo > 0 || oneThread) {
      if (solo > 0) solo--;
      mine();
      runPostedJob(k as unknown as Kernels, ctl, args);
      return;
    }
    Atomics.store(ctl, STATE, RUN);
    Atomics.notify(ctl, STATE);
    const started = performance.now();
    mine();
    if (Atomics.compareExchange(ctl, STATE, RUN, MINE) === RUN) {
      runPostedJob(k as unknown as Kernels, ctl, args); // the worker was not there (asleep or descheduled): no wait
    } else {
      const own = performance.now() - started;
      const waitFrom = own + started;
      let spins = 0;
      for (let s = Atomics.load(ctl, STATE); s !== DONE; s = Atomics.load(ctl, STATE)) {
        if (s === FAILED || s === EXITED) {
          // its half may be partly written (and products accumulate), so this call cannot be completed safely;
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
      // waiting longer than this thread's own half took means the split did not pay
      strikes = performance.now() - waitFrom > own ? strikes + 1 : Math.max(0, strikes - 1);
    }
    if (strikes >= STRIKES) {
      solo = SOLO_JOBS;
      strikes = 0;
    }
    Atomics.store(ctl, STATE, IDLE);
  };
  const split = (c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void => {
      const left = ((N >> 1) + 7) & ~7; // a multiple of 8 keeps both halves on the 4×8 tile
      ctl[ARGS] = c + 4 * left; ctl[ARGS + 1] = ldc; ctl[ARGS + 2] = a; ctl[ARGS + 3] = sam; ctl[ARGS + 4] = sak;
      ctl[ARGS + 5] = b + 4 * left; ctl[ARGS + 6] = ldb; ctl[ARGS + 7] = M; ctl[ARGS + 8] = N - left; ctl[ARGS + 9] = K;
      ctl[ARGS + 10] = accumulate;
      rowJob(0, () => k.gemm(c, ldc, a, sam, sak, b, ldb, M, left, K, accumulate));
  };
  return {
    get threads() {
      return failed !== null || oneThread ? 1 : 2;
    },
    setThreads(n: number) {
      oneThread = n < 2;
    },
    rows(name, list) {
      const names = ROW_KERNELS[name] as readonly string[];
      const i0 = names.indexOf('r0'), i1 = names.indexOf('r1'), B = list[i1], half = B >> 1;
      for (let i = 0; i < list.length; i++) ctl[ARGS + i] = list[i];
      ctl[ARGS + i0] = half; // the worker's half: rows [half, B)
      list[i1] = half;
      rowJob(ROW_JOB[name], () => k[name](...list));
      list[i1] = B;
    },
    gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate) {
      if (M * N * K < SPLIT_THRESHOLD || N < 64 || oneThread) return k.gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
      split(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
    },
    gemmForced: split,
  };
}
