// MinimalRNNCell: the Keras guide's minimal custom cell (with a tanh), written against rnnkit's RNNCell contract.
// Used by examples/custom_cell.ts and by the tests of the generic RNN layer.
import { RNNCell, type AddWeight, type CellStep, type CellStepGrad, type Variable } from '../src/index.js';

/** h_t = tanh(x_t·W + h_{t−1}·U); the output is h_t. Caches nothing: backward reads h_t from newStates. */
export class MinimalRNNCell extends RNNCell {
  static override className = 'MinimalRNNCell';
  readonly stateSize: number[];
  private kernel!: Variable;
  private recurrentKernel!: Variable;
  private inputDim = 0;

  constructor(readonly units: number) {
    super();
    this.stateSize = [units];
  }

  build(inputDim: number, addWeight: AddWeight): void {
    this.inputDim = inputDim;
    this.kernel = addWeight('kernel', [inputDim, this.units], 'glorot_uniform');
    this.recurrentKernel = addWeight('recurrent_kernel', [this.units, this.units], 'orthogonal');
  }

  stepForward({ B, x, states, newStates, output }: CellStep): void {
    const I = this.inputDim, H = this.units, W = this.kernel.value, U = this.recurrentKernel.value, h = states[0];
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        let z = 0;
        for (let i = 0; i < I; i++) z += x[b * I + i] * W[i * H + j];
        for (let k = 0; k < H; k++) z += h[b * H + k] * U[k * H + j];
        newStates[0][b * H + j] = output[b * H + j] = Math.tanh(z);
      }
    }
  }

  stepBackward({ B, x, states, newStates, dOutput, dNewStates, dx, dStates }: CellStepGrad): void {
    const I = this.inputDim, H = this.units, W = this.kernel.value, U = this.recurrentKernel.value;
    const dW = this.kernel.grad, dU = this.recurrentKernel.grad, h = states[0], hNew = newStates[0];
    dx.fill(0, 0, B * I);
    dStates[0].fill(0, 0, B * H);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const y = hNew[b * H + j];
        const dz = (dOutput[b * H + j] + dNewStates[0][b * H + j]) * (1 - y * y); // tanh' = 1 − y²
        for (let i = 0; i < I; i++) { dW[i * H + j] += x[b * I + i] * dz; dx[b * I + i] += W[i * H + j] * dz; }
        for (let k = 0; k < H; k++) { dU[k * H + j] += h[b * H + k] * dz; dStates[0][b * H + k] += U[k * H + j] * dz; }
      }
    }
  }

  getConfig(): Record<string, unknown> {
    return { units: this.units };
  }
}
