// Types shared by all kernels. Kernels take Float32Array in normal use and Float64Array in the
// float64 gradient checks; both index the same way.
export type FloatArray = Float32Array | Float64Array;

/** Activation functions by number, so kernels switch on an integer (no string compares in loops). */
export const Act = {
  linear: 0,
  relu: 1,
  tanh: 2,
  sigmoid: 3,
  softmax: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
  softsign: 8,
  swish: 9,
  gelu: 10,
  hardSigmoid: 11, // Keras 3: clip(x/6 + 0.5, 0, 1)
  hardSigmoidTfjs: 12, // TF.js / Keras 2: clip(0.2x + 0.5, 0, 1)
  exponential: 13,
  relu6: 14,
} as const;
export type ActivationId = (typeof Act)[keyof typeof Act];
