// The kernel boundary. Layers, losses and optimizers call kernels only through `kernels()`, so a faster
// implementation is a swap of this table, not a rewrite of the layers. Two sets exist: 'reference' (plain
// TypeScript, the oracle) and 'wasm' (the same kernels over WebAssembly SIMD matrix products, with all model
// memory inside WebAssembly memory). 'wasm' is the default where it starts; RNNKIT_KERNELS=reference (or
// setKernels(referenceKernels)) selects the reference set.
import { activationBackward, activationForward, referenceActivations } from './ref/activations.js';
import { denseBackward, denseForward } from './ref/dense.js';
import { gruBackward, gruForward } from './ref/gru.js';
import { binaryCrossentropy, categoricalCrossentropy, kld, sparseCategoricalCrossentropy } from './ref/crossentropy.js';
import { clipByValue, decayWeights, scaleRange, sumSquares } from './ref/clipping.js';
import { cosineSimilarity, huber, logCosh, mae, mape, mse, msle, poisson } from './ref/losses.js';
import { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy } from './ref/metrics.js';
import { lstmBackward, lstmForward } from './ref/lstm.js';
import { referenceMatmul } from './ref/matmul.js';
import { adadeltaUpdate, adagradUpdate, adamUpdate, adamaxUpdate, nadamUpdate, rmspropUpdate, sgdUpdate } from './ref/optimizers.js';
import { simpleRnnBackward, simpleRnnForward } from './ref/simple_rnn.js';
import { embeddingGather, embeddingScatterAdd } from './ref/embedding.js';
import { referenceGates } from './ref/gates.js';
import type { ActivationId, ActivationKernels, FloatArray, GateKernels, Matmul, RecurrentBuffers, RecurrentGrads } from './types.js';
import { wasmGates } from './wasm/gates.js';
import { wasmSequences, type SequenceKernels } from './wasm/sequences.js';
import { wasmActivations } from './wasm/activations.js';
import { wasmMatmul } from './wasm/matmul.js';
import { wasmUpdates, type UpdateKernels } from './wasm/updates.js';
import { wasmFailure, wasmRuntime, type WasmRuntime } from './wasm/runtime.js';
import { startGemmThreads, type GemmSplitter } from './wasm/threads.js';
import { ThreadGovernor } from './thread_governor.js';
import { ConfigError } from '../errors.js';

type Dense = (y: FloatArray, z: FloatArray, x: FloatArray, W: FloatArray, b: FloatArray | null, M: number, I: number, U: number, act: ActivationId) => void;
type DenseBack = (dx: FloatArray | null, dW: FloatArray, db: FloatArray | null, dz: FloatArray, dy: FloatArray, x: FloatArray, W: FloatArray, z: FloatArray, y: FloatArray, M: number, I: number, U: number, act: ActivationId) => void;

export interface KernelSet {
  readonly name: 'reference' | 'wasm';
  /** The matrix products and row-block activations the set is built on. */
  readonly matmul: Matmul;
  readonly activations: ActivationKernels;
  readonly gates: GateKernels;
  /** Whether buffers for this set should live in WebAssembly memory. */
  readonly wasmMemory: boolean;
  activationForward: typeof activationForward;
  activationBackward: typeof activationBackward;
  denseForward: Dense;
  denseBackward: DenseBack;
  simpleRnnForward(io: RecurrentBuffers): void;
  simpleRnnBackward(io: RecurrentBuffers, g: RecurrentGrads): void;
  lstmForward(io: RecurrentBuffers): void;
  lstmBackward(io: RecurrentBuffers, g: RecurrentGrads): void;
  gruForward(io: RecurrentBuffers, resetAfter: boolean): void;
  gruBackward(io: RecurrentBuffers, g: RecurrentGrads, resetAfter: boolean): void;
  /** Row-loss kernels by name (see ref/losses.ts). */
  losses: typeof lossKernels;
  /** Row kernels of the accuracy metrics. */
  metrics: typeof metricKernels;
  sgdUpdate: typeof sgdUpdate;
  adamUpdate: typeof adamUpdate;
  rmspropUpdate: typeof rmspropUpdate;
  adagradUpdate: typeof adagradUpdate;
  adadeltaUpdate: typeof adadeltaUpdate;
  adamaxUpdate: typeof adamaxUpdate;
  nadamUpdate: typeof nadamUpdate;
  /** Embedding's row gather and its sparse gradient (ids: float values holding checked integers). */
  embeddingGather: typeof embeddingGather;
  embeddingScatterAdd: typeof embeddingScatterAdd;
  sumSquares: typeof sumSquares;
  scaleRange: typeof scaleRange;
  clipByValue: typeof clipByValue;
  decayWeights: typeof decayWeights;
}

const lossKernels = { mse, mae, mape, msle, huber, logCosh, poisson, cosineSimilarity, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, kld };
const metricKernels = { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy };

/** The kernels written once in src/kernels/ref, bound to one implementation of the matrix products. */
function makeKernelSet(
  name: KernelSet['name'], mm: Matmul, af: ActivationKernels, gk: GateKernels, wasmMemory: boolean,
  seq: SequenceKernels | null = null, updates: UpdateKernels = { adamUpdate, sgdUpdate, embeddingGather, embeddingScatterAdd },
): KernelSet {
  const bind = (io: RecurrentBuffers): void => {
    io.mm = mm;
    io.af = af;
    io.gk = gk;
  };
  return {
    name,
    matmul: mm,
    activations: af,
    gates: gk,
    wasmMemory,
    activationForward,
    activationBackward,
    denseForward: (y, z, x, W, b, M, I, U, act) => denseForward(mm, y, z, x, W, b, M, I, U, act),
    denseBackward: (dx, dW, db, dz, dy, x, W, z, y, M, I, U, act) => denseBackward(mm, dx, dW, db, dz, dy, x, W, z, y, M, I, U, act),
    simpleRnnForward: (io) => { bind(io); if (!seq?.simpleRnnForward(io)) { io.wholeSequenceCaches(); simpleRnnForward(io); } },
    simpleRnnBackward: (io, g) => { bind(io); if (!seq?.simpleRnnBackward(io, g)) simpleRnnBackward(io, g); },
    lstmForward: (io) => { bind(io); if (!seq?.lstmForward(io)) { io.wholeSequenceCaches(); lstmForward(io); } },
    lstmBackward: (io, g) => { bind(io); if (!seq?.lstmBackward(io, g)) lstmBackward(io, g); },
    gruForward: (io, r) => { bind(io); if (!seq?.gruForward(io, r)) { io.wholeSequenceCaches(); gruForward(io, r); } },
    gruBackward: (io, g, r) => { bind(io); if (!seq?.gruBackward(io, g, r)) gruBackward(io, g, r); },
    losses: lossKernels,
    metrics: metricKernels,
    ...updates,
    rmspropUpdate,
    adagradUpdate,
    adadeltaUpdate,
    adamaxUpdate,
    nadamUpdate,
    sumSquares,
    scaleRange,
    clipByValue,
    decayWeights,
  };
}

export const referenceKernels: KernelSet = makeKernelSet('reference', referenceMatmul, referenceActivations, referenceGates, false);

let fast: KernelSet | null | undefined;
let splitter: GemmSplitter | null = null;
let fastRuntime: WasmRuntime | null = null;
/** What setNumThreads asked for (applied to a splitter started later too). */
let wantedThreads = 2;

function wasmSet(rt: WasmRuntime, threads: GemmSplitter | null): KernelSet {
  fastRuntime = rt;
  splitter = threads;
  splitter?.setThreads(wantedThreads);
  return makeKernelSet('wasm', wasmMatmul(rt, threads), wasmActivations(rt), wasmGates(rt), true, wasmSequences(rt, threads), wasmUpdates(rt));
}

/** The WebAssembly SIMD kernel set, or null where WebAssembly SIMD / shared memory is unavailable. */
export function wasmKernels(): KernelSet | null {
  if (fast === undefined) {
    const rt = wasmRuntime();
    fast = rt ? wasmSet(rt, startGemmThreads(rt)) : null;
  }
  return fast;
}

/** Threads the WebAssembly kernels run on (1 or 2); 1 before they start. */
export function wasmThreads(): number {
  return fast ? (splitter?.threads ?? 1) : 1;
}

/**
 * How many threads the WebAssembly kernels may use: 1, or 2 (the most rnnkit uses; larger numbers mean 2). Takes
 * effect at once, also for models built before; results are bit-identical either way. Where a second thread
 * cannot run (RNNKIT_THREADS=1, one core, a page that is not cross-origin isolated) 2 still means one thread.
 * Throws a ConfigError for anything but a positive integer. Keras: tf.config.threading.set_intra_op_parallelism_threads.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`setNumThreads: expected a positive integer; got ${typeof n === 'string' ? JSON.stringify(n) : String(n)}`);
  wantedThreads = Math.min(n, 2);
  splitter?.setThreads(wantedThreads);
}

/**
 * The threads the kernels run on now (1 or 2; 1 for the reference kernels). While training or predicting, the
 * thread governor may run batches on one thread (when that measured faster); before the kernels start (no model
 * yet), the threads they will try to use. Does not start the kernels (so setRelaxedSimd can still follow).
 */
export function getNumThreads(): number {
  if (active?.name === 'reference') return 1;
  if (fast === undefined) return forcedThreads === '1' ? 1 : wantedThreads;
  return fast ? wasmThreads() : 1;
}

/**
 * Installs the WebAssembly set over a runtime and second thread started elsewhere (the browser entry's `ready()`,
 * which compiles asynchronously) and makes it the active set, unless the reference set was chosen explicitly.
 */
export function installWasmKernels(rt: WasmRuntime, threads: GemmSplitter | null): KernelSet {
  fast = wasmSet(rt, threads);
  if (!chosen) active = fast;
  return fast;
}

function initialKernels(): KernelSet {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.RNNKIT_KERNELS === 'reference') {
    chosen = true;
    return referenceKernels;
  }
  const set = wasmKernels();
  if (!set) console.warn(`rnnkit: WebAssembly SIMD kernels unavailable (${wasmFailure()}); using the reference kernels`);
  return set ?? referenceKernels;
}

let active: KernelSet | null = null;
/** Whether the active set was chosen (setKernels, RNNKIT_KERNELS) rather than defaulted. */
let chosen = false;

export { setRelaxedSimd } from './wasm/runtime.js';

const forcedThreads = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RNNKIT_THREADS;
if (forcedThreads !== undefined && forcedThreads !== '1' && forcedThreads !== '2') {
  console.warn(`rnnkit: RNNKIT_THREADS=${JSON.stringify(forcedThreads)} is not 1 or 2; two threads are forced (set 1 for one thread, unset it for the governor)`);
}
/** Picks one or two threads per batch by timing both (thread_governor.ts); off with RNNKIT_THREADS=1 or 2. */
const governor = new ThreadGovernor((n) => splitter?.setThreads(n === 2 ? wantedThreads : 1));

/**
 * Runs one batch of `kind` ('train', 'predict'; `samples` samples) under the thread governor: on one or two
 * threads, whichever its timings of earlier batches found faster (two threads can lose when another process holds
 * a core). Results do not depend on the choice. Without a second thread, after setNumThreads(1), or with
 * RNNKIT_THREADS set, it just runs the batch.
 */
export function governedBatch<T>(kind: string, samples: number, run: () => T): T {
  if (!splitter || wantedThreads < 2 || forcedThreads !== undefined || active !== fast) return run();
  governor.begin(kind);
  try {
    return run();
  } finally {
    governor.end(kind, samples);
  }
}

/** The governor's current choice for batches of `kind` (null before its first decision); for tests and benchmarks. */
export function governedThreads(kind: string): 1 | 2 | null {
  return governor.choice(kind);
}

/** Whether the WebAssembly kernels run their relaxed-SIMD build (fused multiply-adds); false before they start. */
export function relaxedSimdInUse(): boolean {
  return fast ? fastRuntime?.relaxedSimd === true : false;
}

/** The kernel set in use. */
export function kernels(): KernelSet {
  return (active ??= initialKernels());
}

/** Selects the kernel set (tests use this to compare implementations). Models built before keep their memory. */
export function setKernels(set: KernelSet): void {
  active = set;
  chosen = true;
}
