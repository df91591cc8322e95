// Shared argument handling and output-length arithmetic of the 1-D convolution and pooling layers
// (Keras layers/convolutional/base_conv.py, ops/operation_utils.py compute_conv_output_shape), with
// TensorFlow's 'same' padding (total = max((out − 1)·s + span − T, 0), left = ⌊total / 2⌋).
import { ConfigError } from '../../errors.js';

export type Padding1D = 'valid' | 'same' | 'causal';

/** An int or a one-element list (Keras writes `kernel_size: [3]`) → a positive int. */
export function oneInt(owner: string, key: string, value: unknown, fallback?: number): number {
  const v = value === undefined || value === null ? fallback : Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (!Number.isInteger(v) || (v as number) <= 0) throw new ConfigError(`${owner}: ${key} must be a positive integer (or a list of one), got ${JSON.stringify(value)}`);
  return v as number;
}

/** Validates `padding` (lower-cased as Keras does). */
export function paddingArg(owner: string, value: unknown, allowed: readonly Padding1D[]): Padding1D {
  const p = typeof value === 'string' ? value.toLowerCase() : value ?? 'valid';
  if (!allowed.includes(p as Padding1D)) throw new ConfigError(`${owner}: padding must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  return p as Padding1D;
}

/** Only channels_last is implemented: [batch, steps, channels]. */
export function dataFormatArg(owner: string, value: unknown): 'channels_last' {
  if (value !== undefined && value !== null && value !== 'channels_last') throw new ConfigError(`${owner}: only dataFormat 'channels_last' ([batch, steps, channels]) is supported, got ${JSON.stringify(value)}`);
  return 'channels_last';
}

/**
 * Output length and left padding of a 1-D window of `span` (= dilation·(k − 1) + 1) steps moved by `stride` over T
 * steps. valid: ⌊(T − span) / s⌋ + 1 (0 when T < span); same: ⌈T / s⌉; causal: left-pads span − 1, then valid.
 */
export function windowGeometry(T: number, span: number, stride: number, padding: Padding1D): { out: number; padLeft: number } {
  if (padding === 'same') {
    const out = Math.ceil(T / stride);
    const total = Math.max((out - 1) * stride + span - T, 0);
    return { out, padLeft: Math.floor(total / 2) };
  }
  if (padding === 'causal') return { out: Math.floor((T - 1) / stride) + 1, padLeft: span - 1 };
  return { out: T < span ? 0 : Math.floor((T - span) / stride) + 1, padLeft: 0 };
}
