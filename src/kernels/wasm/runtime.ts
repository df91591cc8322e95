// The WebAssembly runtime: one shared WebAssembly.Memory that holds every float32 buffer of every model
// (parameters, gradients, optimizer slots, activations, caches, batches), the compiled SIMD kernels, and an
// allocator handing out Float32Array views into that memory.
//
// Views stay valid when memory grows: the memory is shared (SharedArrayBuffer-backed), and a grown shared
// buffer never detaches the views made before. Blocks return to per-size free lists when the Float32Array
// that owns them is garbage-collected (FinalizationRegistry); only ParamStore hands out sub-views, and its
// Variables keep their store alive, so no view outlives its block.
//
// Two builds of the kernels ship (scripts/build-wasm.mjs): the baseline SIMD one and a relaxed-SIMD one whose
// matrix products use fused multiply-adds (about 1.25–1.35× faster on x86 with FMA). The relaxed build runs where
// the engine validates it (Node ≥ 22, Chrome ≥ 114); on Node 20, whose V8 has it behind a flag, the flag is set
// first (docs/DECISIONS.md). RNNKIT_RELAXED_SIMD=0 (or setRelaxedSimd(false) before the first model) keeps the
// baseline build, whose numbers are the same on every machine.
import { wasmBase64, wasmRelaxedBase64 } from './binary.js';

/** The per-step kernels' exports; the time-loop kernels are listed by name in jobs.ts (ROW_KERNELS). */
export interface WasmKernels {
  gemm(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, accumulate: number): void;
  gemmBias(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, bias: number): void;
  gemmBlocked(c: number, ldc: number, a: number, sam: number, sak: number, b: number, ldb: number, M: number, N: number, K: number, block: number): void;
  gemmNT(c: number, ldc: number, a: number, lda: number, b: number, ldb: number, M: number, K: number, J: number, accumulate: number): void;
  transpose(dst: number, src: number, K: number, J: number, lds: number): void;
  addRows(c: number, ldc: number, v: number, M: number, N: number): void;
  colSum(s: number, z: number, ldz: number, M: number, N: number): void;
  actForward(y: number, ldy: number, z: number, ldz: number, rows: number, cols: number, act: number): number;
  actBackward(dz: number, lddz: number, dy: number, lddy: number, z: number, ldz: number, y: number, ldy: number, rows: number, cols: number, act: number): number;
  lstmCell(c: number, ldc: number, cp: number, ldcp: number, g: number, ldg: number, B: number, H: number): void;
  lstmOut(h: number, ldh: number, g: number, ldg: number, a: number, lda: number, B: number, H: number): void;
  lstmBackOut(dhOut: number, da: number, dzo: number, ldz: number, dhNext: number, dhs: number, lds: number, a: number, lda: number, go: number, ldg: number, B: number, H: number): void;
  lstmBackCell(dz: number, ldz: number, dc: number, da: number, g: number, ldg: number, cp: number, ldcp: number, B: number, H: number): void;
  mulRows(out: number, ldo: number, x: number, ldx: number, y: number, ldy: number, B: number, H: number): void;
  addRowsTo(dst: number, ldd: number, src: number, lds: number, B: number, H: number): void;
  gruOut(h: number, ldh: number, hp: number, ldp: number, g: number, ldg: number, B: number, H: number): void;
  gruBackOut(t: number, ldt: number, dz: number, ldz: number, dhNext: number, dhs: number, lds: number, hp: number, ldp: number, g: number, ldg: number, B: number, H: number): void;
  gruBackReset(dz: number, ldz: number, dh: number, dv: number, hp: number, ldp: number, g: number, ldg: number, B: number, H: number): void;
  adamUpdate(w: number, g: number, m: number, v: number, vHat: number, n: number, alpha: number, c1: number, c2: number, epsilon: number): void;
  sgdUpdate(w: number, g: number, velocity: number, n: number, lr: number, momentum: number, nesterov: number): void;
  embeddingGather(y: number, table: number, ids: number, n: number, D: number): void;
  embeddingScatterAdd(grad: number, dy: number, ids: number, n: number, D: number): void;
  previousStates(hprev: number, h0: number, hs: number, B: number, T: number, H: number, goBackwards: number): void;
}

export interface WasmRuntime {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  exports: WasmKernels;
  /** Whether this is the relaxed-SIMD build (fused multiply-adds in the matrix products). */
  relaxedSimd: boolean;
}

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB, as declared by scripts/build-wasm.mjs
const HEAP_START = PAGE; // the first page is left to the AssemblyScript runtime

let runtime: WasmRuntime | null = null;
let failure: string | null = null;
/** SharedArrayBuffer, taken from the memory's buffer (pages without cross-origin isolation hide the global). */
let sharedBufferClass: typeof SharedArrayBuffer | null = null;

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s); // a global in browsers and Node ≥ 16
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function newMemory(): WebAssembly.Memory {
  // Chromium grants shared WebAssembly memory to any page (its buffer is a SharedArrayBuffer even where the
  // SharedArrayBuffer global is hidden); browsers that refuse it outside cross-origin isolation throw here
  return new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
}

function started(memory: WebAssembly.Memory, module: WebAssembly.Module, instance: WebAssembly.Instance, relaxedSimd: boolean): WasmRuntime {
  sharedBufferClass = (memory.buffer as unknown as { constructor: typeof SharedArrayBuffer }).constructor;
  return { memory, module, exports: instance.exports as unknown as WasmKernels, relaxedSimd };
}

interface NodeProcess { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown }
const nodeProcess = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;
const relaxedEnv = nodeProcess()?.env?.RNNKIT_RELAXED_SIMD;
if (relaxedEnv !== undefined && relaxedEnv !== '0' && relaxedEnv !== '1') {
  console.warn(`rnnkit: RNNKIT_RELAXED_SIMD=${JSON.stringify(relaxedEnv)} is not 0 or 1; relaxed SIMD stays on where the engine has it (0 turns it off)`);
}
let relaxedWanted = relaxedEnv !== '0';

/**
 * Whether the relaxed-SIMD build of the kernels (fused multiply-adds) may run; default true where the engine has
 * relaxed SIMD, false with RNNKIT_RELAXED_SIMD=0. Takes effect only before the kernels start (the first model or
 * `ready()`). Errors: a non-boolean; called after they started with a different choice.
 */
export function setRelaxedSimd(on: boolean): void {
  if (typeof on !== 'boolean') throw new TypeError(`setRelaxedSimd: expected true or false; got ${typeof on === 'string' ? JSON.stringify(on) : String(on)}`);
  if (runtime && runtime.relaxedSimd !== on) throw new Error(`setRelaxedSimd(${on}): the kernels already started with relaxed SIMD ${runtime.relaxedSimd ? 'on' : 'off'}; call it before the first model`);
  relaxedWanted = on;
}

/** The kernel bytes to run: the relaxed build where wanted and the engine validates it (on Node 20 after setting V8's flag). */
function kernelBytes(): { bytes: Uint8Array; relaxed: boolean } {
  if (relaxedWanted) {
    const relaxed = decodeBase64(wasmRelaxedBase64);
    if (WebAssembly.validate(relaxed as BufferSource)) return { bytes: relaxed, relaxed: true };
    const v8 = nodeProcess()?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
    if (v8?.setFlagsFromString) {
      v8.setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20 (V8 11.3): finished there, but flagged
      if (WebAssembly.validate(relaxed as BufferSource)) return { bytes: relaxed, relaxed: true };
    }
  }
  return { bytes: decodeBase64(wasmBase64), relaxed: false };
}

/**
 * Instantiates the kernels once (synchronously); null, with `wasmFailure()` saying why, where unsupported.
 * Browsers limit synchronous compilation on a page's main thread (older Chrome: 4 KB, smaller than this module):
 * there `wasmRuntimeAsync` (the browser entry's `ready()`) runs first, and this returns what it started.
 */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime || failure) return runtime;
  try {
    const memory = newMemory();
    const { bytes, relaxed } = kernelBytes();
    const module = new WebAssembly.Module(bytes as BufferSource);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    runtime = started(memory, module, instance, relaxed);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return runtime;
}

/**
 * Compiles and instantiates the kernels asynchronously (allowed on a browser's main thread, for any module size).
 * Resolves to the runtime, or null with `wasmFailure()` saying why. A failed synchronous attempt made before is
 * forgotten and retried this way.
 */
export async function wasmRuntimeAsync(): Promise<WasmRuntime | null> {
  if (runtime) return runtime;
  try {
    const memory = newMemory();
    const { bytes, relaxed } = kernelBytes();
    const module = await WebAssembly.compile(bytes as BufferSource);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    runtime = started(memory, module, instance, relaxed);
    failure = null;
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return runtime;
}

/** Why the WebAssembly kernels could not start (null when they did or were not tried). */
export function wasmFailure(): string | null {
  return failure;
}

// ---- allocator ---------------------------------------------------------------------------------

let top = HEAP_START;
const freeLists = new Map<number, number[]>();
const reclaim = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => {
  let list = freeLists.get(bytes);
  if (!list) freeLists.set(bytes, (list = []));
  list.push(ptr);
});

/** A zeroed Float32Array of n values inside WebAssembly memory (16-byte aligned). */
export function wasmFloats(rt: WasmRuntime, n: number): Float32Array {
  const bytes = Math.max(16, Math.ceil((n * 4) / 16) * 16);
  let ptr = freeLists.get(bytes)?.pop();
  if (ptr === undefined) {
    // nothing is committed until the memory is there: a refused allocation leaves the allocator as it was
    const end = top + bytes, pages = rt.memory.buffer.byteLength / PAGE;
    const needed = Math.ceil(end / PAGE) - pages;
    if (needed > 0) {
      if (pages + needed > MAX_PAGES) throw new RangeError(`rnnkit: WebAssembly memory limit (${MAX_PAGES * PAGE / 2 ** 30} GiB) reached allocating ${n} values (${bytes} bytes)`);
      rt.memory.grow(Math.min(MAX_PAGES - pages, Math.max(needed, 256))); // grow in steps of at least 16 MiB
    }
    ptr = top;
    top = end;
  }
  const buffer = rt.memory.buffer as unknown as SharedArrayBuffer;
  ours.add(buffer);
  const view = new Float32Array(buffer, ptr, n);
  view.fill(0);
  reclaim.register(view, [ptr, bytes]);
  return view;
}

/** True when `a` is a float32 view into the kernels' memory (so its byteOffset is a pointer there). */
export function inWasm(rt: WasmRuntime, a: ArrayBufferView): boolean {
  return a instanceof Float32Array && sharedBufferClass !== null && a.buffer instanceof sharedBufferClass && isOurs(rt, a.buffer as SharedArrayBuffer);
}

const ours = new WeakSet<SharedArrayBuffer>();
function isOurs(rt: WasmRuntime, buffer: SharedArrayBuffer): boolean {
  if (ours.has(buffer)) return true;
  if (buffer === (rt.memory.buffer as unknown)) {
    ours.add(buffer);
    return true;
  }
  return false;
}

/** Bytes of WebAssembly memory in use by live buffers (high-water mark minus free blocks). */
export function wasmMemoryInUse(): number {
  let free = 0;
  for (const [bytes, list] of freeLists) free += bytes * list.length;
  return top - HEAP_START - free;
}
