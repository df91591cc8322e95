// The kernel boundary. Layers, losses and optimizers call kernels only through `kernels()`, so a
// faster implementation (WebAssembly SIMD) is a swap of this table, not a rewrite of the layers.
// Today the table holds the reference TypeScript kernels of ./ref.
import { activationBackward, activationForward } from './ref/activations.js';
import { denseBackward, denseForward } from './ref/dense.js';
import { maeLoss, mseLoss } from './ref/losses.js';
import { adamUpdate, rmspropUpdate, sgdUpdate } from './ref/optimizers.js';
import { gruBackward, gruForward } from './ref/gru.js';
import { lstmBackward, lstmForward } from './ref/lstm.js';
import { simpleRnnBackward, simpleRnnForward } from './ref/simple_rnn.js';

export interface KernelSet {
  readonly name: string;
  activationForward: typeof activationForward;
  activationBackward: typeof activationBackward;
  denseForward: typeof denseForward;
  denseBackward: typeof denseBackward;
  simpleRnnForward: typeof simpleRnnForward;
  simpleRnnBackward: typeof simpleRnnBackward;
  lstmForward: typeof lstmForward;
  lstmBackward: typeof lstmBackward;
  gruForward: typeof gruForward;
  gruBackward: typeof gruBackward;
  mseLoss: typeof mseLoss;
  maeLoss: typeof maeLoss;
  sgdUpdate: typeof sgdUpdate;
  adamUpdate: typeof adamUpdate;
  rmspropUpdate: typeof rmspropUpdate;
}

export const referenceKernels: KernelSet = {
  name: 'reference',
  activationForward,
  activationBackward,
  denseForward,
  denseBackward,
  simpleRnnForward,
  simpleRnnBackward,
  lstmForward,
  lstmBackward,
  gruForward,
  gruBackward,
  mseLoss,
  maeLoss,
  sgdUpdate,
  adamUpdate,
  rmspropUpdate,
};

let active: KernelSet = referenceKernels;

/** The kernel set in use. */
export function kernels(): KernelSet {
  return active;
}

/** Selects the kernel set (tests use this to run one suite on every implementation). */
export function setKernels(set: KernelSet): void {
  active = set;
}
