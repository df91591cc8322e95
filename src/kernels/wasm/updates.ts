// The WebAssembly optimizer updates (Adam, SGD) and Embedding kernels behind the KernelSet entries of the same
// names; buffers outside the kernels' memory (float64 checks, user arrays) go to the reference loops, whose
// numbers these repeat bit for bit (assembly/optimizers.ts, assembly/embedding.ts).
import { embeddingGather, embeddingScatterAdd } from '../ref/embedding.js';
import { adamStepSize, adamUpdate, sgdUpdate } from '../ref/optimizers.js';
import type { FloatArray } from '../types.js';
import { inWasm, type WasmRuntime } from './runtime.js';

export interface UpdateKernels {
  adamUpdate: typeof adamUpdate;
  sgdUpdate: typeof sgdUpdate;
  embeddingGather: typeof embeddingGather;
  embeddingScatterAdd: typeof embeddingScatterAdd;
}

export function wasmUpdates(rt: WasmRuntime): UpdateKernels {
  const k = rt.exports;
  const all = (...arrays: (FloatArray | null)[]) => arrays.every((a) => a === null || (a instanceof Float32Array && inWasm(rt, a)));
  const p = (a: FloatArray | null) => (a ? a.byteOffset : 0);
  return {
    adamUpdate(w, g, m, v, vHat, n, lr, beta1, beta2, epsilon, t) {
      if (!all(w, g, m, v, vHat)) return adamUpdate(w, g, m, v, vHat, n, lr, beta1, beta2, epsilon, t);
      k.adamUpdate(p(w), p(g), p(m), p(v), p(vHat), n, adamStepSize(lr, beta1, beta2, t), 1 - beta1, 1 - beta2, epsilon);
    },
    sgdUpdate(w, g, velocity, n, lr, momentum, nesterov) {
      if (!all(w, g, velocity)) return sgdUpdate(w, g, velocity, n, lr, momentum, nesterov);
      k.sgdUpdate(p(w), p(g), momentum === 0 ? 0 : p(velocity), n, lr, momentum, nesterov ? 1 : 0);
    },
    embeddingGather(y, table, ids, n, D) {
      if (all(y, table, ids)) k.embeddingGather(p(y), p(table), p(ids), n, D);
      else embeddingGather(y, table, ids, n, D);
    },
    embeddingScatterAdd(grad, dy, ids, n, D) {
      if (all(grad, dy, ids)) k.embeddingScatterAdd(p(grad), p(dy), p(ids), n, D);
      else embeddingScatterAdd(grad, dy, ids, n, D);
    },
  };
}
