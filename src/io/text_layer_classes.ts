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
import { SpatialDropout1D } from '../layers/core/spatial_dropout1d.js';
import { LeakyReLU } from '../layers/activation/leaky_relu.js';
import { ZeroPadding1D } from '../layers/reshaping/zero_padding1d.js';
import { Cropping1D } from '../layers/reshaping/cropping1d.js';
import { UpSampling1D } from '../layers/reshaping/up_sampling1d.js';

export const textLayerClasses: Record<string, new (args: never) => Layer> = {
  Embedding, Conv1D, MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D,
  BatchNormalization, LayerNormalization, SpatialDropout1D, LeakyReLU, ZeroPadding1D, Cropping1D, UpSampling1D,
};
