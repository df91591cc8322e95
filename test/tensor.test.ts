// Tensor construction and its errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, Tensor, ValueError, tensor } from '../src/index.js';

test('tensor() infers the shape of nested arrays and round-trips through toArray()', () => {
  const t = tensor([[[1], [2]], [[3], [4]], [[5], [6]]]);
  assert.deepEqual(t.shape, [3, 2, 1]);
  assert.ok(t.data instanceof Float32Array);
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.toArray(), [[[1], [2]], [[3], [4]], [[5], [6]]]);
});

test('tensor() takes a typed array with a shape, and checks the size', () => {
  const t = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => tensor(new Float32Array(5), [2, 3]), (e: Error) => e instanceof ShapeError && /5 values.*\[2, 3\] needs 6/.test(e.message));
});

test('ragged, empty and non-numeric arrays are rejected with their position', () => {
  assert.throws(() => tensor([[1, 2], [3]]), (e: Error) => e instanceof ShapeError && /Ragged array: expected length 2 at \[1\], got length 1/.test(e.message));
  assert.throws(() => tensor([]), (e: Error) => e instanceof ShapeError && /Empty array/.test(e.message));
  assert.throws(() => tensor([[1, 'a' as unknown as number]]), (e: Error) => e instanceof ValueError && /Expected a number at \[0, 1\], got string/.test(e.message));
});

test('reshape keeps the data and checks the size', () => {
  const t = new Tensor(new Float32Array(6), [6]);
  assert.deepEqual(t.reshape([3, 2]).shape, [3, 2]);
  assert.throws(() => t.reshape([4, 2]), ShapeError);
});
