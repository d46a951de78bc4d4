'use strict';
// Why the svm plugin does not use ai.onnx.ml SVMClassifier / SVMRegressor
// everywhere (plugins/svm/README.md): what ONNX Runtime (onnxruntime-node,
// the parity runner's version) does with them, on hand-built models.
//   node --test plugins/svm/tests/ort_ml_ops.test.js
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const parity = path.join(__dirname, '..', '..', '..', 'tests', 'parity');
const ort = require(path.join(parity, 'node_modules', 'onnxruntime-node'));
const { encodeVarint } = require(path.join(parity, 'onnx_proto.js'));

// Protobuf by hand (field numbers: onnx/onnx-ml.proto).
const key = (field, wire) => encodeVarint((field << 3) | wire);
const vint = (field, v) => Buffer.concat([key(field, 0), encodeVarint(BigInt(v))]);
const bytes = (field, p) => {
  const b = Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8');
  return Buffer.concat([key(field, 2), encodeVarint(b.length), b]);
};
const f32 = (field, v) => { const b = Buffer.alloc(4); b.writeFloatLE(v); return Buffer.concat([key(field, 5), b]); };
// AttributeProto: name 1, i 3, s 4, floats 7, ints 8, strings 9, type 20
function attribute(name, a) {
  const p = [bytes(1, name)];
  if (a.floats) p.push(...a.floats.map((v) => f32(7, v)), vint(20, 6));
  else if (a.ints) p.push(...a.ints.map((v) => vint(8, v)), vint(20, 7));
  else if (a.s !== undefined) p.push(bytes(4, a.s), vint(20, 3));
  else if (a.i !== undefined) p.push(vint(3, a.i), vint(20, 2));
  return Buffer.concat(p);
}
const ELEM = { float32: 1, int64: 7, float64: 11 };
const valueInfo = (name, elem) => Buffer.concat([bytes(1, name), bytes(2, bytes(1, vint(1, ELEM[elem])))]);
function model(op, attrs, inElem, outputs) {
  const node = Buffer.concat([bytes(1, 'X'), ...outputs.map(([n]) => bytes(2, n)), bytes(4, op),
    ...Object.entries(attrs).map(([k, a]) => bytes(5, attribute(k, a))), bytes(7, 'ai.onnx.ml')]);
  const graph = Buffer.concat([bytes(1, node), bytes(2, 'g'), bytes(11, valueInfo('X', inElem)),
    ...outputs.map(([n, e]) => bytes(12, valueInfo(n, e)))]);
  const opset = (d, v) => bytes(8, Buffer.concat([bytes(1, d), vint(2, v)]));
  return Buffer.concat([vint(1, 8), bytes(7, graph), opset('', 17), opset('ai.onnx.ml', 3)]);
}

// Two support vectors e0 (class 0) and e1 (class 1), linear kernel, libsvm
// coefficients [1, -1], rho 0: libsvm's decision value is x0 - x1, and
// scikit-learn's decision_function d = -(x0 - x1) for two classes.
const linear = { kernel_type: { s: 'LINEAR' }, kernel_params: { floats: [0, 0, 3] },
  support_vectors: { floats: [1, 0, 0, 1] } };

test('SVMClassifier: binary scores are [d, -d], not scikit-learn\'s [-d, d]', async () => {
  const onnx = model('SVMClassifier', { ...linear, coefficients: { floats: [1, -1] }, rho: { floats: [0] },
    vectors_per_class: { ints: [1, 1] }, classlabels_ints: { ints: [0, 1] } }, 'float32',
  [['label', 'int64'], ['probabilities', 'float32']]);
  const s = await ort.InferenceSession.create(onnx);
  const out = await s.run({ X: new ort.Tensor('float32', Float32Array.from([3, 1]), [1, 2]) });
  const d = -(3 - 1);  // scikit-learn's decision_function; predict gives class 0
  assert.strictEqual(Number(out.label.data[0]), 0);
  assert.deepStrictEqual(Array.from(out.probabilities.data), [d, -d]);
});

test('SVMRegressor: no double kernel', async () => {
  const onnx = model('SVMRegressor', { ...linear, coefficients: { floats: [1, -1] }, rho: { floats: [0] },
    n_supports: { i: 2 } }, 'float64', [['variable', 'float32']]);
  await assert.rejects(ort.InferenceSession.create(onnx), /Could not find an implementation for SVMRegressor/);
});

test('SVMRegressor: float input works and gives libsvm\'s value', async () => {
  const onnx = model('SVMRegressor', { ...linear, coefficients: { floats: [1, -1] }, rho: { floats: [0.5] },
    n_supports: { i: 2 } }, 'float32', [['variable', 'float32']]);
  const s = await ort.InferenceSession.create(onnx);
  const out = await s.run({ X: new ort.Tensor('float32', Float32Array.from([3, 1]), [1, 2]) });
  assert.deepStrictEqual(Array.from(out.variable.data), [2.5]);
});
