// Two-thread matrix products: above a size threshold, `gemm` is split by output columns between this thread
// and one worker over the same shared WebAssembly memory. Each output element is computed by one thread with
// the same sequence of operations as single-threaded, so results are bit-identical whatever the thread count.
// The worker's half is withdrawn and run here when the worker has not started it (jobs.ts), and a failed worker
// turns the splitter single-threaded with one notice instead of hanging.
// The second thread is started by a SpawnWorker: Node's worker_threads here, Web Workers on a cross-origin-isolated
// page (src/browser/threads.ts); elsewhere, or with RNNKIT_THREADS=1, everything runs on one thread.
import type { WasmRuntime } from './runtime.js';
import { ARGS, DONE, FAILED, IDLE, JOB, MINE, RUN, STATE, TAKEN, jobArgBuffers, runPostedJob, type Kernels } from './jobs.js';

/** Polls of a finished main thread before it sleeps (Atomics.wait) while the worker runs its half. */
const MAIN_SPIN = 20_000;
/** Jobs in a row where the split did not pay before running SOLO_JOBS jobs on one thread. */
const STRIKES = 8, SOLO_JOBS = 512;

export interface GemmSplitter {
  /** Runs gemm over columns split between two threads; same arguments as the kernel export. */
  gemm(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  /** SimpleRNN forward time loop, batch rows split in two halves (one per thread): one hand-off per sequence. */
  simpleRnnForward(zs: number, hs: number, h0: number, U: number, B: number, T: number, H: number, act: number, goBackwards: number): void;
  /** SimpleRNN backward time loop (without dU), batch rows split in two halves. */
  simpleRnnBackward(dzs: number, zs: number, hs: number, dh: number, tmp: number, dhs: number, Ut: number, B: number, T: number, H: number, act: number, goBackwards: number): void;
  /** GRU (resetAfter = false) time loops, batch rows split in two halves. */
  gruForward(zs: number, gs: number, hs: number, aux: number, h0: number, U: number, B: number, T: number, H: number, act: number, recAct: number, goBackwards: number): void;
  gruBackward(dzs: number, zs: number, gs: number, hs: number, h0: number, dh: number, tmp: number, dv: number, dhs: number, Ut: number, B: number, T: number, H: number, act: number, recAct: number, goBackwards: number): void;
  /** LSTM time loops, batch rows split in two halves. */
  lstmForward(zs: number, gs: number, hs: number, cs: number, ac: number, h0: number, c0: number, U: number, B: number, T: number, H: number, act: number, recAct: number, goBackwards: number): void;
  lstmBackward(dzs: number, zs: number, gs: number, cs: number, ac: number, c0: number, dh: number, dc: number, dhOut: number, da: number, dhs: number, Ut: number, B: number, T: number, H: number, act: number, recAct: number, goBackwards: number): void;
  /** The same, always split (for measuring the crossover: bench/threads.ts). */
  gemmForced(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  readonly threads: number;
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

/** The Node second thread (worker_threads, reached through process.getBuiltinModule: no import of a Node module). */
export const nodeWorker: SpawnWorker = (rt, control) => {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.getBuiltinModule || proc.env?.RNNKIT_THREADS === '1') return false;
  const os = proc.getBuiltinModule('node:os') as typeof import('node:os');
  if ((os.availableParallelism?.() ?? os.cpus().length) < 2) return false;
  const { Worker } = proc.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module: rt.module, memory: rt.memory, control } });
  worker.unref();
  return true;
};

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
  const control = new SharedArrayBuffer(256);
  const ctl = new Int32Array(control);
  if (!spawn(rt, control)) return null;
  const sleeps = canSleep(ctl);
  const k = rt.exports;
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
    if (failed !== null || solo > 0) {
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
        if (s === FAILED) {
          // its half may be partly written (and products accumulate), so this call cannot be completed safely
          failed ??= 'a kernel failed in the worker thread';
          Atomics.store(ctl, STATE, IDLE);
          throw new Error(`rnnkit: ${failed}; this step's result is lost, later calls run on one thread`);
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
    threads: 2,
    simpleRnnForward(zs, hs, h0, U, B, T, H, act, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = zs; ctl[ARGS + 1] = hs; ctl[ARGS + 2] = h0; ctl[ARGS + 3] = U; ctl[ARGS + 4] = half; ctl[ARGS + 5] = B;
      ctl[ARGS + 6] = T; ctl[ARGS + 7] = H; ctl[ARGS + 8] = act; ctl[ARGS + 9] = goBackwards;
      rowJob(1, () => k.simpleRnnForwardRows(zs, hs, h0, U, 0, half, T, H, act, goBackwards));
    },
    simpleRnnBackward(dzs, zs, hs, dh, tmp, dhs, Ut, B, T, H, act, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = dzs; ctl[ARGS + 1] = zs; ctl[ARGS + 2] = hs; ctl[ARGS + 3] = dh; ctl[ARGS + 4] = tmp; ctl[ARGS + 5] = dhs;
      ctl[ARGS + 6] = Ut; ctl[ARGS + 7] = half; ctl[ARGS + 8] = B; ctl[ARGS + 9] = T; ctl[ARGS + 10] = H; ctl[ARGS + 11] = act; ctl[ARGS + 12] = goBackwards;
      rowJob(2, () => k.simpleRnnBackwardRows(dzs, zs, hs, dh, tmp, dhs, Ut, 0, half, T, H, act, goBackwards));
    },
    gruForward(zs, gs, hs, aux, h0, U, B, T, H, act, recAct, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = zs; ctl[ARGS + 1] = gs; ctl[ARGS + 2] = hs; ctl[ARGS + 3] = aux; ctl[ARGS + 4] = h0; ctl[ARGS + 5] = U; ctl[ARGS + 6] = half;
      ctl[ARGS + 7] = B; ctl[ARGS + 8] = T; ctl[ARGS + 9] = H; ctl[ARGS + 10] = act; ctl[ARGS + 11] = recAct; ctl[ARGS + 12] = goBackwards;
      rowJob(3, () => k.gruForwardRows(zs, gs, hs, aux, h0, U, 0, half, T, H, act, recAct, goBackwards));
    },
    gruBackward(dzs, zs, gs, hs, h0, dh, tmp, dv, dhs, Ut, B, T, H, act, recAct, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = dzs; ctl[ARGS + 1] = zs; ctl[ARGS + 2] = gs; ctl[ARGS + 3] = hs; ctl[ARGS + 4] = h0; ctl[ARGS + 5] = dh; ctl[ARGS + 6] = tmp;
      ctl[ARGS + 7] = dv; ctl[ARGS + 8] = dhs; ctl[ARGS + 9] = Ut; ctl[ARGS + 10] = half; ctl[ARGS + 11] = B; ctl[ARGS + 12] = T;
      ctl[ARGS + 13] = H; ctl[ARGS + 14] = act; ctl[ARGS + 15] = recAct; ctl[ARGS + 16] = goBackwards;
      rowJob(4, () => k.gruBackwardRows(dzs, zs, gs, hs, h0, dh, tmp, dv, dhs, Ut, 0, half, T, H, act, recAct, goBackwards));
    },
    lstmForward(zs, gs, hs, cs, ac, h0, c0, U, B, T, H, act, recAct, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = zs; ctl[ARGS + 1] = gs; ctl[ARGS + 2] = hs; ctl[ARGS + 3] = cs; ctl[ARGS + 4] = ac; ctl[ARGS + 5] = h0; ctl[ARGS + 6] = c0;
      ctl[ARGS + 7] = U; ctl[ARGS + 8] = half; ctl[ARGS + 9] = B; ctl[ARGS + 10] = T; ctl[ARGS + 11] = H; ctl[ARGS + 12] = act;
      ctl[ARGS + 13] = recAct; ctl[ARGS + 14] = goBackwards;
      rowJob(5, () => k.lstmForwardRows(zs, gs, hs, cs, ac, h0, c0, U, 0, half, T, H, act, recAct, goBackwards));
    },
    lstmBackward(dzs, zs, gs, cs, ac, c0, dh, dc, dhOut, da, dhs, Ut, B, T, H, act, recAct, goBackwards) {
      const half = B >> 1;
      ctl[ARGS] = dzs; ctl[ARGS + 1] = zs; ctl[ARGS + 2] = gs; ctl[ARGS + 3] = cs; ctl[ARGS + 4] = ac; ctl[ARGS + 5] = c0; ctl[ARGS + 6] = dh;
      ctl[ARGS + 7] = dc; ctl[ARGS + 8] = dhOut; ctl[ARGS + 9] = da; ctl[ARGS + 10] = dhs; ctl[ARGS + 11] = Ut; ctl[ARGS + 12] = half;
      ctl[ARGS + 13] = B; ctl[ARGS + 14] = T; ctl[ARGS + 15] = H; ctl[ARGS + 16] = act; ctl[ARGS + 17] = recAct; ctl[ARGS + 18] = goBackwards;
      rowJob(6, () => k.lstmBackwardRows(dzs, zs, gs, cs, ac, c0, dh, dc, dhOut, da, dhs, Ut, 0, half, T, H, act, recAct, goBackwards));
    },
    gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate) {
      if (M * N * K < SPLIT_THRESHOLD || N < 64) return k.gemm(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
      split(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate);
    },
    gemmForced: split,
  };
}
