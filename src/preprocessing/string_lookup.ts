// StringLookup: maps strings to integer ids and back (keras/src/layers/preprocessing/string_lookup.py).
// A preprocessing object used before the model (see docs/TEXT.md, "Preprocessing"); ids index the
// vocabulary with the mask token (if any) at 0, then the OOV slots, then the tokens.
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { IndexLookup, type IndexLookupArgs, type Tokens } from './index_lookup.js';

/** StringLookup's options: Keras's arguments in camelCase (oovToken defaults to '[UNK]'). */
export interface StringLookupArgs extends IndexLookupArgs<string> {
  /** Only 'utf-8' (JavaScript strings are Unicode already). */
  encoding?: string;
}

const KNOWN = ['maxTokens', 'numOovIndices', 'maskToken', 'oovToken', 'vocabulary', 'idfWeights', 'invert', 'outputMode', 'padToMaxTokens', 'name', 'encoding'];

/**
 * Keras `StringLookup`. `call(['a', 'b'])` gives ids (a Tensor); with `invert: true`, `call([[2, 3]])` gives the
 * strings back. Errors: non-string tokens, unknown tokens with numOovIndices 0.
 * Keras: numOovIndices > 1 hashes strings with FarmHash64 into the OOV slots; rnnkit does not reproduce that hash
 * and rejects numOovIndices > 1 for strings.
 */
export class StringLookup extends IndexLookup<string> {
  static readonly className = 'StringLookup';
  readonly encoding = 'utf-8';

  constructor(args: StringLookupArgs = {}) {
    checkOptions('StringLookup', args, KNOWN);
    if (args.encoding !== undefined && args.encoding.toLowerCase().replace('_', '-') !== 'utf-8') {
      throw new ConfigError(`StringLookup: only encoding 'utf-8' is supported; got '${args.encoding}'`);
    }
    if ((args.numOovIndices ?? 1) > 1) {
      throw new ConfigError(`StringLookup: numOovIndices > 1 (got ${args.numOovIndices}) needs Keras's FarmHash64 bucketing of strings, which rnnkit does not implement; use 0 or 1`);
    }
    const { encoding: _e, ...rest } = args;
    super('StringLookup', rest, { oovToken: '[UNK]', name: 'string_lookup' });
  }

  /** Ids for strings, or strings for ids with `invert` (Keras `__call__`). */
  call(inputs: Tokens<string>): Tensor;
  call(inputs: number | number[] | number[][] | Tensor): Tokens<string>;
  call(inputs: Tokens<string> | number | number[] | number[][] | Tensor): Tensor | Tokens<string> {
    return this.invert ? this.decode(inputs as number[]) : this.encode(inputs as Tokens<string>);
  }

  /** Keras's config keys (snake_case), as in a .keras file's config.json. */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name, trainable: true, dtype: 'string', invert: this.invert, max_tokens: this.maxTokens,
      num_oov_indices: this.numOovIndices, oov_token: this.oovToken, mask_token: this.maskToken,
      output_mode: this.outputMode, sparse: false, pad_to_max_tokens: this.padToMaxTokens,
      idf_weights: this.inputIdfWeights, vocabulary: this.inputVocabulary, vocabulary_size: this.vocabularySize(),
      oov_method: 'floormod', salt: null, encoding: this.encoding,
    };
  }

  protected override checkToken(t: unknown, where: string): void {
    if (typeof t !== 'string') throw new ValueError(`StringLookup.${where} expects strings; got ${JSON.stringify(t)} (${typeof t})`);
  }
}
