// The encoder–decoder network of `rnnkit seq2seq` (Keras's lstm_seq2seq with embeddings, a bidirectional encoder
// and optional Luong-style dot-product attention), and the two inference models built from its layers:
//   training: source ids [B, Ts] → Embedding(maskZero) → Bidirectional(LSTM(U), returnSequences, returnState)
//             → memory [B, Ts, 2U] and the states [h_f ‖ h_b], [c_f ‖ c_b] (each [B, 2U]);
//             decoder ids [B, Td] (teacher forcing: END, t1, …, tn) → Embedding(maskZero) → LSTM(2U) from those
//             states → [B, Td, 2U]; with attention: Attention([decoded, memory]) concatenated to it;
//             (with dropout: the LSTMs' input dropout and a Dropout before the output layer)
//             → Dense(Vt, softmax) [B, Td, Vt], trained with sparse_categorical_crossentropy on t1, …, tn, END.
//   inference: encoder [B, Ts] → [memory, h, c]; one decoder step [B, 1] ids, h, c (, memory) → [probs, h, c].
// Inference models call the training model's layers again (weights shared), so a loaded training model is all
// that is saved. Layer names are fixed ('source_embedding', 'encoder', 'target_embedding', 'decoder',
// 'attention', 'next_token') so the inference models can be rebuilt from a loaded file.
import { ConfigError } from '../errors.js';
import { Attention } from '../layers/attention/attention.js';
import { Dense } from '../layers/core/dense.js';
import { Dropout } from '../layers/core/dropout.js';
import { Input } from '../layers/core/input_layer.js';
import { Embedding } from '../layers/embedding/embedding.js';
import { Concatenate } from '../layers/merge/concatenate.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { LSTM } from '../layers/rnn/lstm.js';
import type { Layer } from '../layers/layer.js';
import { Model } from '../models/model.js';
import type { SymbolicTensor } from '../models/symbolic.js';
import { Adam } from '../optimizers/adam.js';

/** Sizes and switches of the network. */
export interface Seq2SeqNetworkOptions {
  /** Source vocabulary size (ids, padding included). */
  sourceVocabulary: number;
  /** Target vocabulary size (ids, padding and END included). */
  targetVocabulary: number;
  /** Encoder LSTM units per direction; the decoder has 2 × units. Default 128. */
  units?: number;
  /** Width of both embeddings. Default 64. */
  embeddingDim?: number;
  /** Dot-product attention over the encoder outputs. Default true. */
  attention?: boolean;
  /** Adam learning rate. Default 0.002. */
  learningRate?: number;
  /** Dropout rate of the encoder's and decoder's LSTM inputs (Keras's `dropout`) and of the output layer's input
   *  (a `Dropout` layer named 'head_dropout'); training only. Default 0 (none). */
  dropout?: number;
}

/** The training model plus the two inference models that share its layers. */
export interface Seq2SeqNetwork {
  /** [source [B, Ts], decoder input [B, Td]] → next-token probabilities [B, Td, Vt]. */
  model: Model;
  /** source [B, Ts] → [memory [B, Ts, 2U], h [B, 2U], c [B, 2U]]. */
  encoder: Model;
  /** [token [B, 1], h, c, memory] → [probs [B, 1, Vt], h, c] (memory only with attention). */
  decoder: Model;
  /** Whether the network attends. */
  attention: boolean;
  /** Decoder state width (2 × encoder units). */
  stateSize: number;
}

/** Builds and compiles the training model, then its inference models. Errors: sizes that are not positive integers. */
export function buildSeq2SeqNetwork(options: Seq2SeqNetworkOptions): Seq2SeqNetwork {
  const { sourceVocabulary, targetVocabulary, units = 128, embeddingDim = 64, attention = true, learningRate = 0.002, dropout = 0 } = options;
  for (const [name, v] of Object.entries({ sourceVocabulary, targetVocabulary, units, embeddingDim })) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`seq2seq network: ${name} must be a positive integer; got ${v}`);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ConfigError(`seq2seq network: dropout must be a number in [0, 1); got ${JSON.stringify(dropout)}`);
  const source = Input({ shape: [null], name: 'source' });
  const srcEmb = new Embedding({ inputDim: sourceVocabulary, outputDim: embeddingDim, maskZero: true, name: 'source_embedding' });
  const encoder = new Bidirectional({ layer: new LSTM({ units, returnSequences: true, returnState: true, dropout }), name: 'encoder' });
  const [memory, hf, cf, hb, cb] = encoder.apply(srcEmb.apply(source) as SymbolicTensor) as SymbolicTensor[];
  const h = new Concatenate({ name: 'encoder_h' }).apply([hf, hb]) as SymbolicTensor;
  const c = new Concatenate({ name: 'encoder_c' }).apply([cf, cb]) as SymbolicTensor;
  const decIn = Input({ shape: [null], name: 'decoder_input' });
  const tgtEmb = new Embedding({ inputDim: targetVocabulary, outputDim: embeddingDim, maskZero: true, name: 'target_embedding' });
  const decoder = new LSTM({ units: 2 * units, returnSequences: true, returnState: true, dropout, name: 'decoder' });
  const [decoded] = decoder.apply(tgtEmb.apply(decIn) as SymbolicTensor, { initialState: [h, c] }) as SymbolicTensor[];
  const layers: HeadLayers = {
    tgtEmb, decoder, attend: attention ? new Attention({ name: 'attention' }) : null, join: attention ? new Concatenate({ name: 'attended' }) : null,
    drop: dropout > 0 ? new Dropout({ rate: dropout, name: 'head_dropout' }) : null, out: new Dense({ units: targetVocabulary, activation: 'softmax', name: 'next_token' }),
  };
  const probs = head(layers, decoded, memory);
  const model = new Model({ inputs: [source, decIn], outputs: probs, name: 'seq2seq' });
  model.compile({ optimizer: new Adam({ learningRate }), loss: 'sparse_categorical_crossentropy' });
  return inferenceModels(model);
}

interface HeadLayers { tgtEmb: Layer; decoder: Layer; attend: Layer | null; join: Layer | null; drop: Layer | null; out: Layer }

// decoded [B, Td, 2U] (, memory [B, Ts, 2U]) → probabilities [B, Td, Vt]
function head(l: HeadLayers, decoded: SymbolicTensor, memory: SymbolicTensor): SymbolicTensor {
  let features = decoded;
  if (l.attend && l.join) features = l.join.apply([decoded, l.attend.apply([decoded, memory]) as SymbolicTensor]) as SymbolicTensor;
  if (l.drop) features = l.drop.apply(features) as SymbolicTensor;
  return l.out.apply(features) as SymbolicTensor;
}

/**
 * The encoder and one-step decoder models of a training model built by `buildSeq2SeqNetwork` (or loaded from its
 * file), calling its layers again. Errors: a model without those layer names.
 */
export function inferenceModels(model: Model): Seq2SeqNetwork {
  const names = new Set(model.layers.map((l) => l.name));
  for (const n of ['source_embedding', 'encoder', 'encoder_h', 'encoder_c', 'target_embedding', 'decoder', 'next_token']) {
    if (!names.has(n)) throw new ConfigError(`seq2seq: model '${model.name}' has no layer '${n}'; expected a model built by rnnkit seq2seq (layers ${[...names].join(', ')})`);
  }
  const attention = names.has('attention');
  const decoderLayer = model.getLayer('decoder') as LSTM;
  const stateSize = decoderLayer.units;
  const source = model.inputs[0];
  const encOut = model.getLayer('encoder').inboundNodes[0].outputs;
  const hEnc = model.getLayer('encoder_h').inboundNodes[0].outputs[0];
  const cEnc = model.getLayer('encoder_c').inboundNodes[0].outputs[0];
  const encoder = new Model({ inputs: source, outputs: [encOut[0], hEnc, cEnc], name: 'seq2seq_encoder' });
  const token = Input({ shape: [null], name: 'token' });
  const hIn = Input({ shape: [stateSize], name: 'state_h' }), cIn = Input({ shape: [stateSize], name: 'state_c' });
  const memDim = (encOut[0].shape[2] ?? stateSize) as number;
  const memIn = Input({ shape: [null, memDim], name: 'memory' });
  const [decoded, h1, c1] = decoderLayer.apply(model.getLayer('target_embedding').apply(token) as SymbolicTensor, { initialState: [hIn, cIn] }) as SymbolicTensor[];
  const probs = head({ tgtEmb: model.getLayer('target_embedding'), decoder: decoderLayer, attend: attention ? model.getLayer('attention') : null, join: attention ? model.getLayer('attended') : null, drop: names.has('head_dropout') ? model.getLayer('head_dropout') : null, out: model.getLayer('next_token') }, decoded, memIn);
  const decoder = new Model({ inputs: attention ? [token, hIn, cIn, memIn] : [token, hIn, cIn], outputs: [probs, h1, c1], name: 'seq2seq_decoder' });
  return { model, encoder, decoder, attention, stateSize };
}
