// Saving preprocessing objects beside a model, in Keras 3's layout for a layer's files: `config.json` holds
// {module, class_name, config} with Keras's config keys, `assets/vocabulary.txt` the vocabulary one token per
// line (as Keras's save_assets writes it into a .keras archive's assets/), and `variables.json` the TF-IDF
// weights of an adapted 'tf_idf' layer (Keras keeps them in model.weights.h5). Node only; written atomically.
import { ValueError } from '../errors.js';
import { nodeModules } from '../io/files.js';
import { fileError } from '../io/fs_errors.js';
import { IntegerLookup } from './integer_lookup.js';
import { StringLookup } from './string_lookup.js';
import { TextVectorization, type TextVectorizationArgs } from './text_vectorization.js';

/** What savePreprocessor writes. */
export type Preprocessor = TextVectorization | StringLookup | IntegerLookup;

/**
 * Writes `layer` to directory `dir` (created; an existing one is replaced only if it holds a config.json).
 * Errors: a token with a line break (one line per token cannot hold it), a non-empty foreign directory.
 */
export async function savePreprocessor(layer: Preprocessor, dir: string): Promise<void> {
  const lookup = layer instanceof TextVectorization ? layer.lookupLayer : layer;
  const vocab = lookup.getVocabulary(true).map(String);
  const bad = vocab.find((t) => /[\n\r]/.test(t));
  if (bad !== undefined) throw new ValueError(`savePreprocessor: the token ${JSON.stringify(bad)} holds a line break, which the one-token-per-line vocabulary file cannot store`);
  const className = (layer.constructor as unknown as { className: string }).className;
  const config = JSON.stringify({ module: 'keras.layers', class_name: className, config: layer.getConfig(), registered_name: null }, null, 2);
  const idf = lookup.getIdfWeights()?.slice(0, vocab.length) ?? null;
  const { fs, path } = await nodeModules();
  const target = path.resolve(dir);
  try {
    const existing = await fs.stat(target).catch(() => null);
    if (existing && !existing.isDirectory()) throw new ValueError(`${dir}: exists and is not a directory; not replacing it`);
    const entries = existing ? await fs.readdir(target) : [];
    if (entries.length > 0 && !entries.includes('config.json')) throw new ValueError(`${dir}: exists, is not empty and holds no config.json; not replacing it`);
    const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    const tmp = `${target}.tmp-${stamp}`;
    await fs.mkdir(path.join(tmp, 'assets'), { recursive: true });
    try {
      await fs.writeFile(path.join(tmp, 'assets', 'vocabulary.txt'), vocab.join('\n'));
      if (idf) await fs.writeFile(path.join(tmp, 'variables.json'), JSON.stringify({ idf_weights: idf }));
      await fs.writeFile(path.join(tmp, 'config.json'), config);
      if (existing) {
        const old = `${target}.old-${stamp}`;
        await fs.rename(target, old);
        await fs.rename(tmp, target);
        await fs.rm(old, { recursive: true, force: true });
      } else {
        await fs.rename(tmp, target);
      }
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw fileError(e, dir, 'a writable directory');
  }
}

/**
 * Reads what savePreprocessor wrote. `overrides` passes TextVectorization options that JSON cannot hold (a
 * `standardize` or `split` function). Errors: missing files, an unknown class, a config Keras would reject.
 */
export async function loadPreprocessor(dir: string, overrides: Partial<TextVectorizationArgs> = {}): Promise<Preprocessor> {
  const { fs, path } = await nodeModules();
  const read = async (f: string, optional = false): Promise<string | null> => {
    try {
      return await fs.readFile(path.join(dir, f), 'utf8');
    } catch (e) {
      if (optional && (e as { code?: string }).code === 'ENOENT') return null;
      throw fileError(e, path.join(dir, f), 'a preprocessing directory written by savePreprocessor');
    }
  };
  let spec: { class_name?: string; config?: Record<string, unknown> };
  try {
    spec = JSON.parse((await read('config.json'))!);
  } catch (e) {
    if (e instanceof SyntaxError) throw new ValueError(`${dir}/config.json is not valid JSON: ${e.message}`);
    throw e;
  }
  const config = { ...(spec.config ?? {}) };
  const lines = ((await read('assets/vocabulary.txt', true)) ?? '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '' && lines.length > 1) lines.pop(); // Keras: trailing empty lines dropped (a lone '' is the mask)
  const variables = await read('variables.json', true);
  const idf = variables ? (JSON.parse(variables).idf_weights as number[]) : null;
  const vocabInConfig = Array.isArray(config.vocabulary);
  delete config.vocabulary_size;
  if (spec.class_name === 'TextVectorization') {
    const layer = TextVectorization.fromConfig(config, overrides);
    if (!vocabInConfig && (await read('assets/vocabulary.txt', true)) !== null) layer.setVocabulary(lines, idf ?? undefined);
    return layer;
  }
  if (spec.class_name === 'StringLookup' || spec.class_name === 'IntegerLookup') {
    const isInt = spec.class_name === 'IntegerLookup';
    const c = config;
    const args = {
      maxTokens: c.max_tokens, numOovIndices: c.num_oov_indices, maskToken: c.mask_token, oovToken: c.oov_token,
      vocabulary: c.vocabulary, idfWeights: c.idf_weights, invert: c.invert, outputMode: c.output_mode,
      padToMaxTokens: c.pad_to_max_tokens, name: c.name,
    } as Record<string, unknown>;
    for (const k of Object.keys(args)) if (args[k] === undefined || (args[k] === null && k !== 'maskToken')) delete args[k];
    const layer = isInt ? new IntegerLookup(args) : new StringLookup(args);
    if (!vocabInConfig) {
      const values = isInt ? lines.map((l) => Number(l)) : lines;
      (layer as StringLookup | IntegerLookup).setVocabulary(values as never, idf ?? undefined);
    }
    return layer;
  }
  throw new ValueError(`${dir}/config.json: class_name must be TextVectorization, StringLookup or IntegerLookup; got ${JSON.stringify(spec.class_name)}`);
}

/** savePreprocessor for a TextVectorization (the name the docs use). */
export async function saveTextVectorization(layer: TextVectorization, dir: string): Promise<void> {
  return savePreprocessor(layer, dir);
}

/** loadPreprocessor, checked to be a TextVectorization. */
export async function loadTextVectorization(dir: string, overrides: Partial<TextVectorizationArgs> = {}): Promise<TextVectorization> {
  const layer = await loadPreprocessor(dir, overrides);
  if (!(layer instanceof TextVectorization)) throw new ValueError(`${dir} holds a ${layer.constructor.name}, not a TextVectorization`);
  return layer;
}

