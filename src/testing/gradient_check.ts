// checkGradients: verifies a layer's (or a stack of layers') hand-written backward pass against central
// differences, in float64. For custom cells and layers: if this passes, backward matches forward.
//
// The scalar checked is L = Σ y ⊙ R for a fixed random R (so dL/dy = R). The layers' weights are moved into
// float64 memory for the check and their original memory is restored afterwards (values unchanged).
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { newContext, type ForwardContext, type Layer } from '../layers/layer.js';
import { ParamStore, type Variable } from '../memory/param_store.js';
import { withPrecision } from '../memory/precision.js';
import { Random } from '../random/random.js';
import { assertFinite, sizeOf, tensor, type TensorLike } from '../tensor/tensor.js';

export interface GradientCheckOptions {
  /** Central-difference step; default 1e-5. */
  epsilon?: number;
  /** An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|; defaults 1e-6 and 1e-4. */
  rtol?: number;
  atol?: number;
  /** Initial states for the first layer (recurrent layers), one [batch, units] tensor per state. */
  initialState?: TensorLike[];
  /** Timestep mask [batch, time] for the first layer (1/true = use the step). */
  mask?: (boolean | number)[][];
  /** Seed of the random output weights R; default 0. */
  seed?: number;
  /**
   * Also check the gradient w.r.t. the input; default true. Turn it off after a Masking layer: perturbing a
   * masked (all-maskValue) step unmasks it, so the loss is not differentiable there.
   */
  checkInput?: boolean;
}

export interface GradientCheckEntry {
  /** 'input', or '<layer name>/<weight name>'. */
  name: string;
  /** Largest |analytic − numeric| over the entries of this array. */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(|numeric|, 1e-8). */
  maxRelError: number;
  passed: boolean;
}

export interface GradientCheckResult {
  passed: boolean;
  entries: GradientCheckEntry[];
}

/**
 * Compares the analytic gradients of `layers` (one layer or a stack applied in order) w.r.t. their input and
 * every weight with float64 central differences, on the input `x` ([batch, ...]). Runs in inference mode
 * (dropout off): dropout masks would differ between the evaluations.
 */
export function checkGradients(layers: Layer | Layer[], x: TensorLike, options: GradientCheckOptions = {}): GradientCheckResult {
  const stack = Array.isArray(layers) ? layers : [layers];
  if (stack.length === 0) throw new ConfigError('checkGradients needs at least one layer');
  const input = tensor(x);
  if (input.rank < 2) throw new ShapeError(`checkGradients expects x with a batch axis, got ${fmtShape(input.shape)}`);
  assertFinite(input, 'x');
  const eps = options.epsilon ?? 1e-5, rtol = options.rtol ?? 1e-4, atol = options.atol ?? 1e-6;
  const B = input.shape[0];

  return withPrecision('float64', () => {
    // shapes, build, and float64 parameter memory
    const shapes: number[][] = [];
    let shape = input.shape.slice(1);
    for (const layer of stack) {
      layer.build(shape);
      shapes.push(shape);
      shape = layer.computeOutputShape(shape);
    }
    const vars = stack.flatMap((l) => l.weights);
    const saved = vars.map((v) => [v.value, v.grad, v.owner] as const);
    const store = new ParamStore(vars);
    stack.forEach((l) => l.releaseBuffers());
    try {
      const mask = options.mask ? Uint8Array.from(options.mask.flat().map((v) => (v ? 1 : 0))) : null;
      const init = options.initialState?.map((s) => Float64Array.from(tensor(s).data)) ?? null;
      const contexts: ForwardContext[] = stack.map((_, i) => ({ ...newContext(shapes[i]), initialState: i === 0 ? init : null }));
      const x64 = Float64Array.from(input.data);
      const outSize = B * sizeOf(shape);
      const rng = new Random(options.seed ?? 0);
      const R = Float64Array.from({ length: outSize }, () => 2 * rng.uniform() - 1);
      const forward = (): FloatArray => {
        let a: FloatArray = x64;
        stack.forEach((layer, i) => {
          contexts[i].mask = i === 0 ? mask : stack[i - 1].outputMask;
          a = layer.forward(a, B, contexts[i]);
        });
        return a;
      };
      const loss = (): number => {
        const y = forward();
        let sum = 0;
        for (let i = 0; i < outSize; i++) sum += y[i] * R[i];
        return sum;
      };
      // analytic
      store.zeroGrad();
      forward();
      let grad: FloatArray | null = R;
      for (let i = stack.length - 1; i >= 0; i--) grad = stack[i].backward(grad!, B, true);
      const dx = Float64Array.from(grad!.subarray(0, x64.length));
      const analytic = Float64Array.from(store.grads);
      // numeric
      const entries: GradientCheckEntry[] = [];
      const compare = (name: string, a: ArrayLike<number>, values: FloatArray, offset: number, n: number): void => {
        entries.push(compareCentral(name, a, values, offset, n, loss, { eps, rtol, atol }));
      };
      if (options.checkInput ?? true) compare('input', dx, x64, 0, x64.length);
      let offset = 0;
      for (const layer of stack) {
        for (const v of layer.weights) {
          compare(`${layer.name}/${v.name}`, analytic.subarray(offset, offset + v.size), store.values, offset, v.size);
          offset += v.size;
        }
      }
      return { passed: entries.every((e) => e.passed), entries };
    } finally {
      restore(vars, saved);
      stack.forEach((l) => l.releaseBuffers());
    }
  });
}

/**
 * Compares analytic gradients `a` of `values[offset, offset + n)` with float64 central differences of `loss`
 * (each value perturbed by ±eps in place and restored); an entry passes when |a − numeric| ≤ atol + rtol·|numeric|.
 */
export function compareCentral(name: string, a: ArrayLike<number>, values: FloatArray, offset: number, n: number, loss: () => number, tol: { eps: number; rtol: number; atol: number }): GradientCheckEntry {
  const { eps, rtol, atol } = tol;
  let maxAbs = 0, maxRel = 0, passed = true;
  for (let i = 0; i < n; i++) {
    const keep = values[offset + i];
    values[offset + i] = keep + eps;
    const plus = loss();
    values[offset + i] = keep - eps;
    const minus = loss();
    values[offset + i] = keep;
    const numeric = (plus - minus) / (2 * eps);
    const err = Math.abs(a[i] - numeric);
    maxAbs = Math.max(maxAbs, err);
    maxRel = Math.max(maxRel, err / Math.max(Math.abs(numeric), 1e-8));
    if (!(err <= atol + rtol * Math.abs(numeric))) passed = false;
  }
  return { name, maxAbsError: maxAbs, maxRelError: maxRel, passed };
}

function restore(vars: Variable[], saved: (readonly [FloatArray, FloatArray, ParamStore | undefined])[]): void {
  vars.forEach((v, i) => {
    v.value = saved[i][0];
    v.grad = saved[i][1];
    v.owner = saved[i][2];
  });
}
