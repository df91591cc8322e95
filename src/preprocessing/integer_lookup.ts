// IntegerLookup: maps integer values (e.g. category codes) to contiguous ids and back
// (keras/src/layers/preprocessing/integer_lookup.py). A preprocessing object used before the model.
import { ValueError, checkOptions } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { IndexLookup, type IndexLookupArgs, type Tokens } from './index_lookup.js';

/** IntegerLookup's options: Keras's arguments in camelCase (oovToken defaults to -1). */
export type IntegerLookupArgs = IndexLookupArgs<number>;

const KNOWN = ['maxTokens', 'numOovIndices', 'maskToken', 'oovToken', 'vocabulary', 'idfWeights', 'invert', 'outputMode', 'padToMaxTokens', 'name'];

/**
 * Keras `IntegerLookup`. With numOovIndices > 1, an unknown value v goes to OOV slot floormod(v, numOovIndices)
 * (Keras's default oov_method). Errors: non-integer values, unknown values with numOovIndices 0.
 */
export class IntegerLookup extends IndexLookup<number> {
  static readonly className = 'IntegerLookup';

  constructor(args: IntegerLookupArgs = {}) {
    checkOptions('IntegerLookup', args, KNOWN);
    super('IntegerLookup', args, { oovToken: -1, name: 'integer_lookup' });
  }

  /** Ids for values, or values for ids with `invert` (Keras `__call__`). */
  call(inputs: Tokens<number> | Tensor): Tensor | Tokens<number> {
    if (this.invert) return this.decode(inputs as number[]);
    const values = inputs !== null && typeof inputs === 'object' && 'shape' in inputs ? (inputs.toArray() as Tokens<number>) : inputs;
    return this.encode(values);
  }

  /** Keras's config keys (snake_case), as in a .keras file's config.json. */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name, trainable: true, dtype: 'int64', invert: this.invert, max_tokens: this.maxTokens,
      num_oov_indices: this.numOovIndices, oov_token: this.oovToken, mask_token: this.maskToken,
      output_mode: this.outputMode, sparse: false, pad_to_max_tokens: this.padToMaxTokens,
      vocabulary_dtype: 'int64', idf_weights: this.inputIdfWeights, vocabulary: this.inputVocabulary,
      vocabulary_size: this.vocabularySize(), oov_method: 'floormod', salt: null,
    };
  }

  protected override checkToken(t: unknown, where: string): void {
    if (typeof t !== 'number' || !Number.isSafeInteger(t)) throw new ValueError(`IntegerLookup.${where} expects integers; got ${JSON.stringify(t)}`);
  }
}
