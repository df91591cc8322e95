// TextVectorization, StringLookup and IntegerLookup against the values in Keras's own tests
// (keras/src/layers/preprocessing/*_test.py, cited per case) and hand-derived cases (derivations inline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextVectorization, StringLookup, IntegerLookup, savePreprocessor, loadPreprocessor, saveTextVectorization, loadTextVectorization } from '../src/index.js';
import { assertClose } from './helpers.js';

const rows = (t: { toArray(): unknown }) => t.toArray();

test('TextVectorization: Keras test_adapt_flow / docstring — adapt order (count, ties high to low) and padded ids', () => {
  const layer = new TextVectorization({ maxTokens: 5000, outputMode: 'int', outputSequenceLength: 4 });
  layer.adapt(['foo bar', 'bar baz', 'baz bada boom']);
  assert.deepEqual(rows(layer.call([['foo qux bar'], ['qux baz']])), [[4, 1, 3, 0], [1, 2, 0, 0]]);
  // counts: bar 2, baz 2, then foo / boom / bada once; ties by the token from high to low (np.lexsort reversed)
  assert.deepEqual(layer.getVocabulary(), ['', '[UNK]', 'baz', 'bar', 'foo', 'boom', 'bada']);
  assert.deepEqual(layer.getVocabulary(false), ['baz', 'bar', 'foo', 'boom', 'bada']);
  assert.equal(layer.vocabularySize(), 7);
  const fixed = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4, vocabulary: ['earth', 'wind', 'and', 'fire'] });
  assert.deepEqual(fixed.getVocabulary(), ['', '[UNK]', 'earth', 'wind', 'and', 'fire']);
});

test('TextVectorization: Keras test_fixed_vocabulary, test_set_vocabulary, test_no_split, test_vocabulary_size', () => {
  const a = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4, vocabulary: ['baz', 'bar', 'foo'] });
  assert.deepEqual(rows(a.call([['foo qux bar'], ['qux baz']])), [[4, 1, 3, 0], [1, 2, 0, 0]]);
  const b = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4 });
  b.setVocabulary(['baz', 'bar', 'foo']);
  assert.deepEqual(rows(b.call(['foo qux bar', 'qux baz'])), [[4, 1, 3, 0], [1, 2, 0, 0]]);
  const c = new TextVectorization({ split: null, vocabulary: ['foo', 'bar', 'baz'] });
  assert.deepEqual(rows(c.call([['foo'], ['bar'], ['unknown']])), [[2], [3], [1]]);
  assert.equal(new TextVectorization({ vocabulary: ['foo', 'bar', 'baz'] }).vocabularySize(), 5);
  // without outputSequenceLength rows pad to the longest; truncation keeps the first tokens
  assert.deepEqual(rows(a.call(['foo foo foo foo foo bar'])), [[4, 4, 4, 4]]);
  assert.deepEqual(rows(new TextVectorization({ vocabulary: ['a'] }).call(['a b a', 'a'])), [[2, 1, 2], [2, 0, 0]]);
  assert.deepEqual(rows(a.call('foo bar')), [4, 3, 0, 0]);
});

test('TextVectorization: Keras standardization tests (lower_and_strip_punctuation, lower, strip_punctuation, none, callables)', () => {
  const text = ['Hello, World!. This is just a nice test!'];
  const lsp = new TextVectorization({ vocabulary: ['hello', 'world', 'this', 'is', 'nice', 'test'] });
  assert.deepEqual(rows(lsp.call(text)), [[2, 3, 4, 5, 1, 1, 6, 7]]);
  const lower = new TextVectorization({ standardize: 'lower', vocabulary: ['hello,', 'hello', 'world', 'this', 'is', 'nice', 'test'] });
  assert.deepEqual(rows(lower.call(text)), [[2, 1, 5, 6, 1, 1, 7, 1]]);
  const strip = new TextVectorization({ standardize: 'strip_punctuation', vocabulary: ['Hello', 'World', 'Test'] });
  assert.deepEqual(rows(strip.call(['Hello, World! Test.'])), [[2, 3, 4]]);
  const none = new TextVectorization({ standardize: null, vocabulary: ['Hello', 'world'] });
  assert.deepEqual(rows(none.call(['Hello hello'])), [[2, 1]]);
  const custom = new TextVectorization({ standardize: (s) => s.replace(/-/g, ' '), vocabulary: ['foo', 'bar'] });
  assert.deepEqual(rows(custom.call(['foo-bar'])), [[2, 3]]);
  // test_custom_splitting: '|' is in Keras's punctuation class, so it is stripped before the split → 'foobar'
  const split = new TextVectorization({ split: (s) => s.split('|'), vocabulary: ['foo', 'bar', 'foobar'] });
  assert.deepEqual(rows(split.call(['foo|bar'])), [[4]]);
  const chars = new TextVectorization({ split: 'character', vocabulary: [...'abcde'] });
  assert.deepEqual(rows(chars.call(['abcf'])), [[2, 3, 4, 1]]);
  // every character of Keras's class is removed, nothing else: the 32 ASCII punctuation marks
  const all = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  assert.deepEqual(new TextVectorization({ vocabulary: ['x'] }).tokenize([`a${all}b ¿é» c`]), [['ab', '¿é»', 'c']]);
  // Keras: tf.strings.lower without an encoding lowers ASCII only
  assert.deepEqual(new TextVectorization({ vocabulary: ['x'] }).tokenize(['ÉCOLE Straße']), [['École', 'straße']]);
  // whitespace: runs count once, ends stripped; characters are code points (an emoji is one token)
  assert.deepEqual(new TextVectorization({ vocabulary: ['x'] }).tokenize(['  a \t\n b  ']), [['a', 'b']]);
  assert.deepEqual(new TextVectorization({ split: 'character', vocabulary: ['x'] }).tokenize(['a 😀']), [['a', ' ', '😀']]);
});

test('TextVectorization: multi_hot / count / tf_idf (Keras tests) and adapted tf_idf weights (hand-derived)', () => {
  const mh = new TextVectorization({ outputMode: 'multi_hot', vocabulary: ['foo', 'bar', 'baz'] });
  assert.deepEqual(rows(mh.call([['foo bar'], ['baz foo foo']])), [[0, 1, 1, 0], [0, 1, 0, 1]]);
  const count = new TextVectorization({ outputMode: 'count', vocabulary: ['foo', 'bar', 'baz'] });
  assert.deepEqual(rows(count.call(['foo bar', 'baz foo foo'])), [[0, 1, 1, 0], [0, 2, 0, 1]]);
  const tfidf = new TextVectorization({ outputMode: 'tf_idf', vocabulary: ['foo', 'bar', 'baz'], idfWeights: [0.3, 0.5, 0.2] });
  assertClose(tfidf.call(['foo bar', 'baz foo foo']).data, [0, 0.3, 0.5, 0, 0, 0.6, 0, 0.2]);
  const padded = new TextVectorization({ outputMode: 'multi_hot', vocabulary: ['foo', 'bar'], maxTokens: 8, padToMaxTokens: true });
  assert.deepEqual(padded.call(['foo bar']).shape, [1, 8]);
  // adapt in tf_idf: 3 documents; d(bar) = d(baz) = 2, d(foo) = d(boom) = d(bada) = 1;
  // idf = ln(1 + 3/(1 + d)): ln 2 = 0.693147 and ln 2.5 = 0.916291; '[UNK]' gets the mean (2 ln 2 + 3 ln 2.5)/5
  const learned = new TextVectorization({ maxTokens: 100, outputMode: 'tf_idf' });
  learned.adapt(['foo bar', 'bar baz', 'baz bada boom']);
  assert.deepEqual(learned.getVocabulary(), ['[UNK]', 'baz', 'bar', 'foo', 'boom', 'bada']);
  const mean = (2 * Math.log(2) + 3 * Math.log(2.5)) / 5;
  assertClose(learned.call(['foo bar bar qux']).data, [mean, 0, 2 * Math.log(2), Math.log(2.5), 0, 0]);
  assertClose(learned.call('baz').data, [0, Math.log(2), 0, 0, 0, 0]);
});

test('TextVectorization: ngrams, maxTokens, tie order by code point, errors', () => {
  const two = new TextVectorization({ ngrams: 2 });
  two.adapt(['foo bar baz']);
  assert.ok(two.getVocabulary().includes('foo bar') && two.getVocabulary().includes('bar baz'));
  const oneThree = new TextVectorization({ ngrams: [1, 3] });
  oneThree.adapt(['foo bar baz']);
  assert.ok(oneThree.getVocabulary().includes('foo bar baz') && !oneThree.getVocabulary().includes('foo bar'));
  // Keras test_adapt_with_generator / test_adapt_with_infinite_generator_and_steps
  function* batches() { yield ['hello world', 'foo bar']; yield ['baz qux', 'hello foo']; }
  const gen = new TextVectorization();
  gen.adapt(batches());
  assert.deepEqual(gen.getVocabulary(), ['', '[UNK]', 'hello', 'foo', 'world', 'qux', 'baz', 'bar']);
  function* forever() { for (;;) yield ['hello world', 'foo bar']; }
  const capped = new TextVectorization();
  capped.adapt(forever(), { steps: 3 });
  assert.ok(capped.getVocabulary().includes('hello'));
  assert.throws(() => new TextVectorization().adapt(5 as never), /expects texts or an iterable/);
  const five = new TextVectorization({ maxTokens: 5 });
  five.adapt(['a b c d e f g h i j']);
  assert.deepEqual(five.getVocabulary(), ['', '[UNK]', 'j', 'i', 'h']); // all once: highest tokens first
  // ties compare code points (numpy on UTF-8 bytes), not UTF-16 units: U+1F600 sorts above U+FF5A
  const cp = new TextVectorization({ standardize: null });
  cp.adapt(['ｚ 😀 b a B']);
  assert.deepEqual(cp.getVocabulary(false), ['😀', 'ｚ', 'b', 'a', 'B']);
  assert.throws(() => new TextVectorization({ outputMode: 'multi_hot', outputSequenceLength: 5 }), /outputSequenceLength must not be set if outputMode is not 'int'/);
  assert.throws(() => new TextVectorization({ ngrams: 'x' as never }), /ngrams must be/);
  assert.throws(() => new TextVectorization({ standardize: 'upper' as never }), /standardize must be one of/);
  assert.throws(() => new TextVectorization({ maxToken: 3 } as never), /unknown option 'maxToken'/);
  assert.throws(() => new TextVectorization({ vocabulary: ['a'] }).call([1 as never]), /must be a string/);
  assert.throws(() => new TextVectorization({ vocabulary: ['a'] }).adapt(['a']), /cannot adapt after a fixed vocabulary/);
  assert.throws(() => new TextVectorization({ vocabulary: ['a', 'a'] }), /repeats \["a"\]/);
  assert.throws(() => new TextVectorization({ outputMode: 'count' }).call(['a']), /needs a vocabulary first/);
  assert.throws(() => new TextVectorization({ outputMode: 'tf_idf', vocabulary: ['a'] }), /idfWeights must be given/);
});

test('StringLookup: Keras test_adapt_flow, fixed vocabulary, 2-D input, invert, multi_hot, count, mask token', () => {
  const a = new StringLookup();
  a.adapt(['a', 'a', 'a', 'b', 'b', 'c']);
  assert.deepEqual(rows(a.call(['b', 'c', 'd'])), [2, 3, 0]);
  assert.deepEqual(a.getVocabulary(), ['[UNK]', 'a', 'b', 'c']);
  assert.deepEqual(rows(new StringLookup({ vocabulary: ['a', 'b', 'c'] }).call(['b', 'c', 'd'])), [2, 3, 0]);
  assert.deepEqual(rows(new StringLookup({ vocabulary: ['a', 'b', 'c', 'd'] }).call([['a', 'c', 'd'], ['d', 'z', 'b']])), [[1, 3, 4], [4, 0, 2]]);
  assert.deepEqual(rows(new StringLookup({ vocabulary: ['a', 'b', 'c'], oovToken: '[OOV]' }).call(['a', 'b', '[OOV]', 'd'])), [1, 2, 0, 0]);
  assert.deepEqual(new StringLookup({ vocabulary: ['a', 'b', 'c'], oovToken: '[OOV]', invert: true }).call([1, 2, 0]), ['a', 'b', '[OOV]']);
  const inv = new StringLookup({ vocabulary: ['a', 'b', 'c'], invert: true });
  assert.deepEqual(inv.call([1, 2, 0]), ['a', 'b', '[UNK]']);
  assert.deepEqual(inv.decode(new StringLookup({ vocabulary: ['a', 'b', 'c'] }).encode([['c', 'a'], ['x', 'b']])), [['c', 'a'], ['[UNK]', 'b']]);
  assert.deepEqual(rows(new StringLookup({ vocabulary: ['a', 'b'], outputMode: 'multi_hot' }).call(['a', 'b'])), [0, 1, 1]);
  const count = new StringLookup({ vocabulary: ['a', 'b'], outputMode: 'count' }).call(['a', 'a', 'a', 'b', 'b']);
  assert.deepEqual(rows(count), [0, 3, 2]);
  const masked = new StringLookup({ vocabulary: ['a'], maskToken: '[MASK]' });
  assert.deepEqual(rows(masked.call(['[MASK]', 'a', 'q'])), [0, 2, 1]);
  assert.deepEqual(masked.getVocabulary(), ['[MASK]', '[UNK]', 'a']);
  // Keras test_vocabulary_file: mask and OOV tokens given lead the vocabulary
  const named = new StringLookup({ vocabulary: ['a', 'b', 'c'], oovToken: '[OOV]', maskToken: '[MASK]' });
  assert.deepEqual(named.getVocabulary(), ['[MASK]', '[OOV]', 'a', 'b', 'c']);
  assert.deepEqual(new StringLookup({ vocabulary: ['[MASK]', '[OOV]', 'a'], oovToken: '[OOV]', maskToken: '[MASK]' }).getVocabulary(), ['[MASK]', '[OOV]', 'a']);
  assert.deepEqual(new StringLookup({ vocabulary: ['a', 'b', 'c'] }).getVocabulary(false), ['a', 'b', 'c']);
  assert.throws(() => new StringLookup({ vocabulary: ['a'], numOovIndices: 0 }).call(['z']), /not in the vocabulary, and numOovIndices is 0/);
  assert.throws(() => new StringLookup({ numOovIndices: 2 }), /FarmHash64/);
  assert.throws(() => new StringLookup({ vocabulary: ['a', '[MASK]'], maskToken: '[MASK]' }), /mask token/);
  assert.throws(() => new StringLookup({ invert: true, outputMode: 'count' }), /invert needs outputMode 'int'/);
  assert.throws(() => new StringLookup({ maxTokens: 1 }), /greater than 1/);
  assert.throws(() => new StringLookup().call([3 as never]), /expects strings/);
});

test('IntegerLookup: Keras test_adapt_flow in every output mode, fixed vocabulary, floormod OOV slots', () => {
  const data = [1, 1, 1, 2, 2, 3];
  const int = new IntegerLookup();
  int.adapt(data);
  assert.deepEqual(rows(int.call([1, 2, 4]) as never), [1, 2, 0]);
  assert.deepEqual(rows(int.call([[1, 2, 4], [2, 3, 5]]) as never), [[1, 2, 0], [2, 3, 0]]);
  const oneHot = new IntegerLookup({ outputMode: 'one_hot' });
  oneHot.adapt(data);
  assert.deepEqual(rows(oneHot.call([1, 2, 4]) as never), [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]);
  const multi = new IntegerLookup({ outputMode: 'multi_hot' });
  multi.adapt(data);
  assert.deepEqual(rows(multi.call([1, 2, 4]) as never), [1, 1, 1, 0]);
  const tfidf = new IntegerLookup({ outputMode: 'tf_idf' });
  tfidf.adapt(data);
  assertClose((tfidf.call([1, 2, 4]) as never as { data: Float32Array }).data, [1.133732, 0.916291, 1.098612, 0.0], { rtol: 1e-6 });
  const count = new IntegerLookup({ outputMode: 'count' });
  count.adapt(data);
  assert.deepEqual(rows(count.call([1, 2, 3, 4, 1, 2, 1]) as never), [1, 3, 2, 1]);
  assert.deepEqual(rows(new IntegerLookup({ vocabulary: [1, 2, 3, 4] }).call([2, 3, 4, 5]) as never), [2, 3, 4, 0]);
  // two OOV slots: unknown v → 0 + floormod(v, 2); -3 → 1, 10 → 0
  assert.deepEqual(rows(new IntegerLookup({ vocabulary: [7], numOovIndices: 2 }).call([-3, 10, 7]) as never), [1, 0, 2]);
  assert.deepEqual(new IntegerLookup({ vocabulary: [7, 9], invert: true }).call([1, 2, 0]), [7, 9, -1]);
  assert.throws(() => new IntegerLookup().adapt([1.5]), /expects integers/);
});

test('save / load: Keras asset layout (vocabulary.txt one token per line, config.json with Keras keys), round trips', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-prep-'));
  try {
    const tv = new TextVectorization({ maxTokens: 50, outputSequenceLength: 6 });
    tv.adapt(['the cat sat', 'the dog sat down', 'a cat']);
    await saveTextVectorization(tv, join(dir, 'tv'));
    const vocabFile = readFileSync(join(dir, 'tv', 'assets', 'vocabulary.txt'), 'utf8');
    assert.equal(vocabFile, tv.getVocabulary().join('\n'));
    assert.ok(vocabFile.startsWith('\n[UNK]\n'));
    const spec = JSON.parse(readFileSync(join(dir, 'tv', 'config.json'), 'utf8'));
    assert.equal(spec.class_name, 'TextVectorization');
    assert.equal(spec.config.output_sequence_length, 6);
    assert.equal(spec.config.standardize, 'lower_and_strip_punctuation');
    assert.equal(spec.config.vocabulary, null);
    const back = await loadTextVectorization(join(dir, 'tv'));
    assert.deepEqual(back.getVocabulary(), tv.getVocabulary());
    assert.deepEqual(rows(back.call(['The cat, the DOG!', 'zebra'])), rows(tv.call(['The cat, the DOG!', 'zebra'])));
    // tf_idf keeps its learned weights; overwrite of the same directory replaces it
    const idf = new TextVectorization({ outputMode: 'tf_idf' });
    idf.adapt(['foo bar', 'bar baz', 'baz bada boom']);
    await savePreprocessor(idf, join(dir, 'tv'));
    const idfBack = (await loadPreprocessor(join(dir, 'tv'))) as TextVectorization;
    assertClose(idfBack.call(['foo bar qux']).data, idf.call(['foo bar qux']).data, { rtol: 1e-6 });
    const sl = new StringLookup({ maskToken: '[MASK]', invert: true, vocabulary: ['x', 'y'] });
    await savePreprocessor(sl, join(dir, 'sl'));
    const slBack = (await loadPreprocessor(join(dir, 'sl'))) as StringLookup;
    assert.deepEqual(slBack.call([0, 1, 2, 3]), ['[MASK]', '[UNK]', 'x', 'y']);
    const il = new IntegerLookup();
    il.adapt([5, 5, 9]);
    await savePreprocessor(il, join(dir, 'il'));
    assert.deepEqual(rows((await loadPreprocessor(join(dir, 'il'))).call([9, 5, 4] as never) as never), [2, 1, 0]);
    // a function standardize is passed again when loading
    const fn = new TextVectorization({ standardize: (s) => s.toUpperCase() });
    fn.adapt(['a b b']);
    await savePreprocessor(fn, join(dir, 'fn'));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'fn', 'config.json'), 'utf8')).config.standardize, { module: null, class_name: 'function', config: 'standardize', registered_name: 'standardize' });
    await assert.rejects(loadTextVectorization(join(dir, 'fn')), /standardize is the function "standardize", which JSON cannot hold; pass it again/);
    const fnBack = await loadTextVectorization(join(dir, 'fn'), { standardize: (s) => s.toUpperCase() });
    assert.deepEqual(rows(fnBack.call(['b a'])), [[2, 3]]);
    // errors: a foreign directory is not replaced; a token with a line break cannot be written; a missing dir
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'keep.txt'), 'x');
    await assert.rejects(savePreprocessor(tv, join(dir, 'other')), /holds no config.json/);
    assert.equal(readFileSync(join(dir, 'other', 'keep.txt'), 'utf8'), 'x');
    const nl = new TextVectorization({ split: 'character', standardize: null });
    nl.adapt(['a\nb']);
    await assert.rejects(savePreprocessor(nl, join(dir, 'nl')), /line break/);
    await assert.rejects(loadPreprocessor(join(dir, 'missing')), /missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
