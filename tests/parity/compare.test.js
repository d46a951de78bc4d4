'use strict';
// Unit tests of the comparison logic: it must pass what matches and fail
// what does not (mismatched label, out-of-tolerance value, wrong shape).
// Run: node --test tests/parity

const test = require('node:test');
const assert = require('node:assert/strict');
const cmp = require('./compare');

test('tolerances per dtype, overrides, unknown dtype', () => {
  assert.equal(cmp.toleranceFor('float32'), 1e-4);
  assert.equal(cmp.toleranceFor('float64'), 1e-9);
  assert.equal(cmp.toleranceFor('float64', 1e-6), 1e-6);
  assert.throws(() => cmp.toleranceFor('float16'));
  assert.throws(() => cmp.toleranceFor('float32', -1));
});

test('flatten nested arrays, refuse ragged ones', () => {
  assert.deepEqual(cmp.flatten([[1, 2, 3], [4, 5, 6]]), { data: [1, 2, 3, 4, 5, 6], dims: [2, 3] });
  assert.deepEqual(cmp.flatten([1, 2]), { data: [1, 2], dims: [2] });
  assert.throws(() => cmp.flatten([[1, 2], [3]]), /ragged/);
  assert.throws(() => cmp.flatten([[1, 2], 3]), /ragged/);
});

test('int64 labels from a BigInt64Array match expected numbers', () => {
  const r = cmp.compareLabels({
    actual: BigInt64Array.from([0n, -7n, 3n]),
    actualDims: [3],
    actualType: 'int64',
    expected: [0, -7, 3],
  });
  assert.equal(r.ok, true);
  assert.equal(r.mismatches, 0);
});

test('a mismatched label fails and names the row', () => {
  const r = cmp.compareLabels({
    actual: BigInt64Array.from([0n, 1n, 1n]),
    actualDims: [3],
    actualType: 'int64',
    expected: [0, 1, 2],
  });
  assert.equal(r.ok, false);
  assert.equal(r.mismatches, 1);
  assert.equal(r.worst.row, 2);
  assert.match(cmp.describeWorst(r, [[0], [1], [2.5]]), /row 2: got 1, expected 2 X\[2\]=\[2\.50000\]/);
});

test('a mismatched label on a boundary row is ignored, elsewhere it is not', () => {
  const base = { actual: ['a', 'b', 'b'], actualDims: [3], actualType: 'string', expected: ['a', 'b', 'a'] };
  const ignored = cmp.compareLabels({ ...base, boundaryRows: [2] });
  assert.equal(ignored.ok, true);
  assert.equal(ignored.ignored, 1);
  assert.equal(ignored.mismatches, 0);
  const counted = cmp.compareLabels({ ...base, boundaryRows: [0] });
  assert.equal(counted.ok, false);
  assert.equal(counted.mismatches, 1);
});

test('string labels compare exactly (no number coercion, case-sensitive)', () => {
  assert.equal(cmp.compareLabels({ actual: ['1', 'yes'], actualDims: [2], expected: ['1', 'yes'] }).ok, true);
  assert.equal(cmp.compareLabels({ actual: ['1', 'Yes'], actualDims: [2], expected: ['1', 'yes'] }).ok, false);
  // int64 label 1 is not the string label "1"
  const r = cmp.compareLabels({ actual: BigInt64Array.from([1n]), actualDims: [1], actualType: 'int64', expected: ['1'] });
  assert.equal(r.ok, false);
  assert.match(r.reasons.join(), /label type int64, expected string/);
});

test('float labels are not int64 labels', () => {
  const r = cmp.compareLabels({ actual: Float32Array.from([0, 1.5]), actualDims: [2], actualType: 'float32', expected: [0, 1] });
  assert.equal(r.ok, false);
  assert.equal(r.mismatches, 1); // 1.5 != 1; 0.0 == 0 is fine, the type check still fails
  assert.match(r.reasons.join(), /label type float32, expected int64/);
});

test('label output of the wrong shape fails', () => {
  const r = cmp.compareLabels({ actual: BigInt64Array.from([0n, 1n]), actualDims: [2, 1], actualType: 'int64', expected: [0, 1] });
  assert.equal(r.ok, false);
  assert.match(r.reasons.join(), /shape \[2, 1\], expected \[2\]/);
  const short = cmp.compareLabels({ actual: BigInt64Array.from([0n]), actualDims: [1], expected: [0, 1] });
  assert.equal(short.ok, false);
});

test('floats within tolerance pass; rel uses max(|b|, 1)', () => {
  const r = cmp.compareFloats({
    actual: Float32Array.from([1000.05, 0.00005, -2]),
    actualDims: [3, 1],
    expected: [[1000], [0], [-2]],
    rtol: 1e-4,
  });
  assert.equal(r.ok, true, r.reasons.join());
  assert.ok(r.maxAbs > 4.9e-5 && r.maxAbs < 5.1e-2);
  assert.ok(r.maxRel <= 1e-4);
});

test('an out-of-tolerance value fails and reports the worst element', () => {
  const r = cmp.compareFloats({
    actual: Float64Array.from([0.1, 0.9, 0.30001, 0.7]),
    actualDims: [2, 2],
    expected: [[0.1, 0.9], [0.3, 0.7]],
    rtol: 1e-9,
  });
  assert.equal(r.ok, false);
  assert.deepEqual([r.worst.row, r.worst.col], [1, 0]);
  assert.ok(Math.abs(r.maxRel - 1e-5) < 1e-9);
  assert.match(r.reasons.join(), /max_rel 1\.00e-5 > 1\.00e-9/);
  // the same numbers pass at float32 tolerance
  assert.equal(cmp.compareFloats({ actual: Float64Array.from([0.1, 0.9, 0.30001, 0.7]), actualDims: [2, 2],
    expected: [[0.1, 0.9], [0.3, 0.7]], rtol: 1e-4 }).ok, true);
});

test('a float output of the wrong shape fails even when the values match', () => {
  const flat = cmp.compareFloats({ actual: Float32Array.from([1, 2]), actualDims: [2], expected: [[1], [2]], rtol: 1e-4 });
  assert.equal(flat.ok, false);
  assert.match(flat.reasons.join(), /shape \[2\], expected \[2, 1\]/);
  const transposed = cmp.compareFloats({ actual: Float32Array.from([1, 2, 3, 4, 5, 6]), actualDims: [3, 2],
    expected: [[1, 2, 3], [4, 5, 6]], rtol: 1e-4 });
  assert.equal(transposed.ok, false);
  const missingColumn = cmp.compareFloats({ actual: Float32Array.from([1, 2]), actualDims: [2, 1],
    expected: [[1, 0], [2, 0]], rtol: 1e-4 });
  assert.equal(missingColumn.ok, false);
});

test('NaN and infinities fail', () => {
  const nan = cmp.compareFloats({ actual: Float32Array.from([NaN]), actualDims: [1, 1], expected: [[0]], rtol: 1e-4 });
  assert.equal(nan.ok, false);
  assert.equal(nan.maxRel, Infinity);
  const inf = cmp.compareFloats({ actual: Float32Array.from([Infinity]), actualDims: [1, 1], expected: [[1e30]], rtol: 1e-4 });
  assert.equal(inf.ok, false);
});

test('zipmap maps become a matrix in the ZipMap column order', () => {
  const maps = [{ '-1': 0.2, 5: 0.8 }, { '-1': 0.6, 5: 0.4 }];
  assert.deepEqual(cmp.zipmapToMatrix(maps, [5n, -1n]), [[0.8, 0.2], [0.4, 0.6]]);
  assert.deepEqual(cmp.zipmapToMatrix([{ b: 1, a: 2 }], ['a', 'b']), [[2, 1]]);
  assert.throws(() => cmp.zipmapToMatrix(maps, [5n, 1n]), /differ/);
  assert.throws(() => cmp.zipmapToMatrix(maps, [5n, -1n, 7n]), /differ/);
  assert.equal(cmp.isZipmapExpected(maps), true);
  assert.equal(cmp.isZipmapExpected([[0.2, 0.8]]), false);
});

test('fmt prints scientific notation and special values', () => {
  assert.equal(cmp.fmt(0), '0.00e+0');
  assert.equal(cmp.fmt(1.234e-7), '1.23e-7');
  assert.equal(cmp.fmt(NaN), 'nan');
  assert.equal(cmp.fmt(Infinity), 'inf');
  assert.equal(cmp.fmt(undefined), '-');
});

test('expected "NaN" matches NaN only', () => {
  const ok = cmp.compareFloats({ actual: [NaN, 1], actualDims: [1, 2], expected: [['NaN', 1]], rtol: 1e-4 });
  assert.equal(ok.ok, true);
  const bad = cmp.compareFloats({ actual: [0, 1], actualDims: [1, 2], expected: [['NaN', 1]], rtol: 1e-4 });
  assert.equal(bad.ok, false);
  const bad2 = cmp.compareFloats({ actual: [NaN, 1], actualDims: [1, 2], expected: [[0, 1]], rtol: 1e-4 });
  assert.equal(bad2.ok, false);
});

test('[N, n_outputs] labels: exact per element, strings too, boundary rows skipped', () => {
  const same = cmp.compareLabelMatrix({
    actual: ['a', 'x', 'b', 'y'], actualDims: [2, 2], actualType: 'string', expected: [['a', 'x'], ['b', 'y']],
  });
  assert.equal(same.ok, true);
  // strings are not numbers: a wrong string label must not pass as NaN == NaN
  const wrong = cmp.compareLabelMatrix({
    actual: ['a', 'x', 'b', 'z'], actualDims: [2, 2], actualType: 'string', expected: [['a', 'x'], ['b', 'y']],
  });
  assert.equal(wrong.ok, false);
  assert.equal(wrong.mismatches, 1);
  assert.deepEqual(wrong.worst, { row: 1, got: 'z', want: 'y' });
  const skipped = cmp.compareLabelMatrix({
    actual: BigInt64Array.from([0n, -7n, 1n, 3n]), actualDims: [2, 2], actualType: 'int64',
    expected: [[0, -7], [1, -2]], boundaryRows: [1],
  });
  assert.equal(skipped.ok, true);
  assert.equal(skipped.ignored, 1);
  const shape = cmp.compareLabelMatrix({
    actual: BigInt64Array.from([0n, 1n]), actualDims: [2], actualType: 'int64', expected: [[0], [1]],
  });
  assert.equal(shape.ok, false);
});

test('a list of matrices is a sequence of tensors; a matrix is not', () => {
  assert.equal(cmp.isTensorListExpected([[[0.5, 0.5]], [[0.1, 0.2, 0.7]]]), true);
  assert.equal(cmp.isTensorListExpected([[0.5, 0.5], [0.1, 0.9]]), false);
  assert.equal(cmp.isTensorListExpected([{ a: 1 }]), false);
});
