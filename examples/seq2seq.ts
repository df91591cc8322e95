// Keras's `lstm_seq2seq` example (keras-io examples/nlp/lstm_seq2seq.py) in rnnkit, on data made here: learn to
// write a word backwards, character by character. The training model reads the source word with an encoder
// LSTM and predicts the target one step ahead with a decoder LSTM that starts from the encoder's [h, c]
// (teacher forcing). Inference models are built from the same layers (weights shared, not copied): an encoder
// that returns [h, c], and a decoder that takes one character and the states and returns the next character's
// probabilities and the new states — greedy decoding, one step at a time, for a whole batch of words at once.
// Run: npm run build && node dist/examples/seq2seq.js
import { Dense, Input, LSTM, Model, Random, SymbolicTensor, Tensor, setRandomSeed, tensor } from '../src/index.js';

setRandomSeed(42);
const rng = new Random(7);
const letters = 'abcdefghij';
const START = '\t', END = '\n';
const targetChars = [START, END, ...letters];
const srcIndex = new Map([...letters].map((c, i) => [c, i]));
const tgtIndex = new Map(targetChars.map((c, i) => [c, i]));
const maxLen = 7; // words of 3–7 letters
const Te = maxLen, Td = maxLen + 2; // decoder sequences: START + word + END

function randomWord(): string {
  const n = 3 + Math.floor(rng.uniform() * (maxLen - 2));
  return Array.from({ length: n }, () => letters[Math.floor(rng.uniform() * letters.length)]).join('');
}

/** One-hot encoder input [N, Te, 10], decoder input [N, Td, 12] and decoder target (shifted by one) [N, Td, 12]. */
function encode(words: string[]): { enc: Tensor; dec: Tensor; target: Tensor } {
  const N = words.length, Vs = letters.length, Vt = targetChars.length;
  const enc = new Float32Array(N * Te * Vs), dec = new Float32Array(N * Td * Vt), target = new Float32Array(N * Td * Vt);
  words.forEach((w, n) => {
    [...w].forEach((c, t) => (enc[(n * Te + t) * Vs + srcIndex.get(c)!] = 1));
    const out = START + [...w].reverse().join('') + END;
    for (let t = 0; t < Td; t++) {
      const c = out[t] ?? END; // pad with END, as the Keras example pads with spaces
      dec[(n * Td + t) * Vt + tgtIndex.get(c)!] = 1;
      if (t > 0) target[(n * Td + t - 1) * Vt + tgtIndex.get(c)!] = 1;
    }
    target[(n * Td + Td - 1) * Vt + tgtIndex.get(END)!] = 1;
  });
  return { enc: new Tensor(enc, [N, Te, Vs]), dec: new Tensor(dec, [N, Td, Vt]), target: new Tensor(target, [N, Td, Vt]) };
}

const train = Array.from({ length: 4000 }, randomWord);
const test = Array.from({ length: 300 }, randomWord);

// ---- the training model (as the Keras example) ----
const latent = 96;
const encoderInputs = Input({ shape: [null, letters.length], name: 'encoder_inputs' });
const encoder = new LSTM({ units: latent, returnState: true, name: 'encoder' });
const [, stateH, stateC] = encoder.apply(encoderInputs) as SymbolicTensor[];
const decoderInputs = Input({ shape: [null, targetChars.length], name: 'decoder_inputs' });
const decoderLstm = new LSTM({ units: latent, returnSequences: true, returnState: true, name: 'decoder' });
const [decoderSeq] = decoderLstm.apply(decoderInputs, { initialState: [stateH, stateC] }) as SymbolicTensor[];
const decoderDense = new Dense({ units: targetChars.length, activation: 'softmax', name: 'next_char' });
const model = new Model({ inputs: [encoderInputs, decoderInputs], outputs: decoderDense.apply(decoderSeq) as SymbolicTensor });
model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
console.log(model.summary());

const data = encode(train);
const started = Date.now();
const history = await model.fit([data.enc, data.dec], data.target, { epochs: 60, batchSize: 64, validationSplit: 0.1, verbose: 0 });
const h = history.history;
console.log(`trained 60 epochs in ${((Date.now() - started) / 1000).toFixed(1)} s: loss ${h.loss.at(-1)!.toFixed(4)}, ` +
  `char accuracy ${h.accuracy.at(-1)!.toFixed(3)}, val char accuracy ${h.val_accuracy.at(-1)!.toFixed(3)}`);

// ---- inference models from the same layers ----
const encoderModel = new Model({ inputs: encoderInputs, outputs: [stateH, stateC] });
const stateInH = Input({ shape: [latent], name: 'state_h' }), stateInC = Input({ shape: [latent], name: 'state_c' });
const [stepSeq, h1, c1] = decoderLstm.apply(decoderInputs, { initialState: [stateInH, stateInC] }) as SymbolicTensor[];
const decoderModel = new Model({ inputs: [decoderInputs, stateInH, stateInC], outputs: [decoderDense.apply(stepSeq) as SymbolicTensor, h1, c1] });

/** Greedy decoding for a batch of words: one decoder step (T = 1) at a time from the encoder's states. */
function decode(words: string[]): string[] {
  const { enc } = encode(words);
  let [hState, cState] = encoderModel.predictAll(enc, { batchSize: 512 });
  const N = words.length, V = targetChars.length;
  let current = tensor(Array.from({ length: N }, () => targetChars.map((c) => (c === START ? 1 : 0))), [N, 1, V]);
  const out = words.map(() => '');
  const done = words.map(() => false);
  for (let step = 0; step < Td; step++) {
    const [probs, hNext, cNext] = decoderModel.predictAll([current, hState, cState], { batchSize: 512 });
    const next = new Float32Array(N * V);
    for (let n = 0; n < N; n++) {
      let best = 0;
      for (let v = 1; v < V; v++) if (probs.data[n * V + v] > probs.data[n * V + best]) best = v;
      if (targetChars[best] === END) done[n] = true;
      if (!done[n]) out[n] += targetChars[best];
      next[n * V + best] = 1;
    }
    current = new Tensor(next, [N, 1, V]);
    [hState, cState] = [hNext, cNext];
  }
  return out;
}

const decoded = decode(test);
const correct = decoded.filter((d, i) => d === [...test[i]].reverse().join('')).length;
console.log(`held-out words reversed exactly: ${correct} / ${test.length} (${((100 * correct) / test.length).toFixed(1)} %)`);
for (let i = 0; i < 5; i++) console.log(`  ${test[i].padEnd(maxLen)} → ${decoded[i]}`);
console.log('decoder shares the training weights:', decoderModel.getLayer('decoder') === decoderLstm && decoderModel.weights.every((w) => model.weights.includes(w)));
