// The WebAssembly SIMD activations behind the ActivationKernels interface: sigmoid, tanh, relu, linear and
// both hard sigmoids run four lanes at a time in WebAssembly; other activations, and operands outside the
// kernels' memory, go to the reference loops.
import { referenceActivations } from '../ref/activations.js';
import type { ActivationKernels } from '../types.js';
import { inWasm, type WasmRuntime } from './runtime.js';

export function wasmActivations(rt: WasmRuntime): ActivationKernels {
  const k = rt.exports;
  return {
    forward(y, y0, ldy, z, z0, ldz, rows, cols, act) {
      if (inWasm(rt, y) && inWasm(rt, z) && k.actForward(y.byteOffset + 4 * y0, ldy, z.byteOffset + 4 * z0, ldz, rows, cols, act)) return;
      referenceActivations.forward(y, y0, ldy, z, z0, ldz, rows, cols, act);
    },
    backward(dz, dz0, lddz, dy, dy0, lddy, z, z0, ldz, y, y0, ldy, rows, cols, act) {
      if (inWasm(rt, dz) && inWasm(rt, dy) && inWasm(rt, z) && inWasm(rt, y) &&
        k.actBackward(dz.byteOffset + 4 * dz0, lddz, dy.byteOffset + 4 * dy0, lddy, z.byteOffset + 4 * z0, ldz, y.byteOffset + 4 * y0, ldy, rows, cols, act)) return;
      referenceActivations.backward(dz, dz0, lddz, dy, dy0, lddy, z, z0, ldz, y, y0, ldy, rows, cols, act);
    },
  };
}
