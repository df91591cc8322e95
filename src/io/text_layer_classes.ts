// The text-model layers (issue 12) whose file configs layer_config.ts translates (snake_case keys,
// initializers, regularizers): kept in one list so layer_config.ts changes by one line.
import type { Layer } from '../layers/layer.js';
import { Embedding } from '../layers/embedding/embedding.js';
import { Conv1D } from '../layers/conv/conv1d.js';
import { MaxPooling1D } from '../layers/pooling/max_pooling1d.js';
import { AveragePooling1D } from '../layers/pooling/average_pooling1d.js';
import { GlobalMaxPooling1D } from '../layers/pooling/global_max_pooling1d.js';
import { GlobalAveragePooling1D } from '../layers/pooling/global_average_pooling1d.js';
import { BatchNormalization } from '../layers/normalization/batch_normalization.js';
import { LayerNormalization } from '../layers/normalization/layer_normalization.js';

export const textLayerClasses: Record<string, new (args: never) => Layer> = {
  Embedding, Conv1D, MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D,
  BatchNormalization, LayerNormalization,
};
