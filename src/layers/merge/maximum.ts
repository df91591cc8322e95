// Maximum (Keras 3 keras/src/layers/merging/maximum.py): the elementwise max of a list of inputs (shapes broadcast as in
// Merge); masked-out steps are skipped, ties go to the earliest input (see extremum.ts).
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import { layerArgNames, type LayerArgs } from '../layer.js';
import { Extremum } from './extremum.js';

/** [x1, …, xn] (each [B, ...]; masked: [B, T, F]) → the largest of x1 … xn per position ([B, ...broadcast shape]). */
export class Maximum extends Extremum {
  static override className = 'Maximum';
  protected readonly sign = 1;

  constructor(args: LayerArgs = {}) {
    checkOptions('Maximum', args, layerArgNames);
    super(args);
  }
}

registerLayer(Maximum);
