// Model artifacts in TF.js's shape (tfjs-core io ModelArtifacts): what `model.json` holds plus the weight bytes,
// independent of where they are stored (a directory in Node, memory or IndexedDB in a browser).
import type { TrainingConfig } from './training_config.js';
import type { WeightSpec } from './weights_codec.js';

export interface ModelArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: TrainingConfig | Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
}

export interface SaveOptions {
  /** Also store the optimizer's state (a training checkpoint that `fit` can resume exactly); default false. */
  includeOptimizer?: boolean;
  /**
   * Keras's `overwrite`. Unset (default): an existing artifact of the same kind (a `.keras` zip with config.json,
   * a directory holding model.json) is replaced, anything else is refused; true: any existing file is replaced
   * (never a directory of other files); false: nothing existing is replaced.
   */
  overwrite?: boolean;
}

/** Name prefix of optimizer-state entries (group 'optimizer'); rnnkit's own layout, see docs/FORMATS.md. */
export const OPTIMIZER_PREFIX = 'optimizer/';
