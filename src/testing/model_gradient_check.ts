// checkModelGradients: verifies a whole graph model's backward pass (every node's hand-written backward, the
// executor's gradient routing: fan-out sums, shared layers, initial states, nested models) against central
// differences in float64. For graph models what checkGradients is for single layers.
//
// The scalar checked is L = Σ_k Σ y_k ⊙ R_k over the outputs y_k, for fixed random R_k (so dL/dy_k = R_k).
// The model's weights move into float64 memory for the check and back afterwards (values unchanged).
import { ConfigError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { ParamStore } from '../memory/param_store.js';
import { withPrecision } from '../memory/precision.js';
import type { Model } from '../models/model.js';
import { splitData, type DataList } from '../models/trainer.js';
import { Random } from '../random/random.js';
import { assertFinite, sizeOf, tensor } from '../tensor/tensor.js';
import { compareCentral, type GradientCheckEntry, type GradientCheckOptions, type GradientCheckResult } from './gradient_check.js';

/**
 * Compares the analytic gradients of `model` w.r.t. its inputs and every weight with float64 central
 * differences on `x` (one array per input, or an object by input name). Inference mode (dropout off).
 * Options as checkGradients (epsilon 1e-5, rtol 1e-4, atol 1e-6, seed 0, checkInput true).
 */
export function checkModelGradients(model: Model, x: DataList, options: Omit<GradientCheckOptions, 'initialState' | 'mask'> = {}): GradientCheckResult {
  const eps = options.epsilon ?? 1e-5, rtol = options.rtol ?? 1e-4, atol = options.atol ?? 1e-6;
  const xs = splitData(x, model.inputNames, 'x').map((t) => tensor(t));
  xs.forEach((t, i) => assertFinite(t, `x[${i}]`));
  if (xs.some((t) => t.shape[0] !== xs[0].shape[0])) throw new ConfigError('checkModelGradients: all inputs need the same batch size');
  const B = xs[0].shape[0];
  const exec = model.graphExecutor();
  return withPrecision('float64', () => {
    const vars = model.weights;
    const saved = vars.map((v) => [v.value, v.grad, v.owner] as const);
    const store = new ParamStore(vars);
    model.releaseBuffers();
    exec.setInputGrads(true);
    try {
      exec.setInputShapes(xs.map((t) => t.shape.slice(1)));
      const x64 = xs.map((t) => Float64Array.from(t.data));
      const rng = new Random(options.seed ?? 0);
      const outSizes = exec.outputSlots.map((s) => B * sizeOf(exec.shapeOf(s)));
      const R = outSizes.map((n) => Float64Array.from({ length: n }, () => 2 * rng.uniform() - 1));
      const loss = (): number => {
        exec.forward(x64, B, false);
        let sum = 0;
        exec.outputSlots.forEach((s, k) => {
          const y = exec.value(s);
          for (let i = 0; i < outSizes[k]; i++) sum += y[i] * R[k][i];
        });
        return sum;
      };
      store.zeroGrad();
      loss();
      exec.backward(R, B);
      const dxs = exec.inputSlots.map((s, k) => Float64Array.from((exec.grad(s) ?? new Float64Array(x64[k].length)).subarray(0, x64[k].length)));
      const analytic = Float64Array.from(store.grads);
      const entries: GradientCheckEntry[] = [];
      const compare = (name: string, a: ArrayLike<number>, values: FloatArray, offset: number, n: number): void => {
        entries.push(compareCentral(name, a, values, offset, n, loss, { eps, rtol, atol }));
      };
      if (options.checkInput ?? true) x64.forEach((v, k) => compare(`input ${model.inputNames[k]}`, dxs[k], v, 0, v.length));
      let offset = 0;
      for (const v of vars) {
        const owner = model.layers.find((l) => l.weights.includes(v));
        compare(`${owner?.name ?? '?'}/${v.name}`, analytic.subarray(offset, offset + v.size), store.values, offset, v.size);
        offset += v.size;
      }
      return { passed: entries.every((e) => e.passed), entries };
    } finally {
      exec.setInputGrads(false);
      vars.forEach((v, i) => {
        v.value = saved[i][0];
        v.grad = saved[i][1];
        v.owner = saved[i][2];
      });
      model.releaseBuffers();
    }
  });
}
