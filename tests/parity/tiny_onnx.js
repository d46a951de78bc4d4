'use strict';
// Writes tiny ONNX models from JavaScript (protobuf wire format by hand), so
// the parity runner's own tests need no Python and no onnx package.
// Field numbers: onnx/onnx-ml.proto.

const { encodeVarint } = require('./onnx_proto');

const ELEM = { float32: 1, int64: 7, string: 8, float64: 11 };

const key = (field, wire) => encodeVarint((field << 3) | wire);
const vint = (field, v) => Buffer.concat([key(field, 0), encodeVarint(BigInt.asUintN(64, BigInt(v)))]);
const bytes = (field, payload) => {
  const p = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  return Buffer.concat([key(field, 2), encodeVarint(p.length), p]);
};

function tensorType(elem, dims) {
  const parts = [vint(1, ELEM[elem])];
  if (dims) {
    // TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2
    const shape = Buffer.concat(dims.map((d) => bytes(1, typeof d === 'number' ? vint(1, d) : bytes(2, d))));
    parts.push(bytes(2, shape));
  }
  return bytes(1, Buffer.concat(parts)); // TypeProto.tensor_type = 1
}

function valueInfo(v) {
  let type;
  if (v.seqMapKey) {
    // TypeProto.sequence_type = 4 { elem_type = 1 }, map_type = 5 { key_type = 1, value_type = 2 }
    const map = Buffer.concat([vint(1, ELEM[v.seqMapKey]), bytes(2, tensorType('float32'))]);
    type = bytes(4, bytes(1, bytes(5, map)));
  } else if (v.seqTensor) {
    // TypeProto.sequence_type = 4 { elem_type = 1 }: a sequence of tensors
    type = bytes(4, bytes(1, tensorType(v.seqTensor)));
  } else {
    type = tensorType(v.elem, v.dims);
  }
  return Buffer.concat([bytes(1, v.name), bytes(2, type)]);
}

// AttributeProto: name=1, i=3, ints=8, strings=9, type=20 (INT=2, INTS=7, STRINGS=8)
function attribute(name, a) {
  const parts = [bytes(1, name)];
  if (a.i !== undefined) parts.push(vint(3, a.i), vint(20, 2));
  else if (a.ints) parts.push(...a.ints.map((x) => vint(8, x)), vint(20, 7));
  else if (a.strings) parts.push(...a.strings.map((s) => bytes(9, s)), vint(20, 8));
  else throw new Error(`unsupported attribute ${name}`);
  return Buffer.concat(parts);
}

function node(n) {
  const parts = [];
  for (const i of n.inputs) parts.push(bytes(1, i));
  for (const o of n.outputs) parts.push(bytes(2, o));
  parts.push(bytes(4, n.op));
  for (const [k, a] of Object.entries(n.attrs || {})) parts.push(bytes(5, attribute(k, a)));
  if (n.domain) parts.push(bytes(7, n.domain));
  return Buffer.concat(parts);
}

// spec: { inputs: [{name, elem, dims}], outputs: [{name, elem, dims} | {name, seqMapKey} | {name, seqTensor}],
//         nodes: [{op, inputs, outputs, domain?, attrs?}] }
function buildModel(spec) {
  const graph = Buffer.concat([
    ...spec.nodes.map((n) => bytes(1, node(n))),
    bytes(2, 'tiny'),
    ...spec.inputs.map((v) => bytes(11, valueInfo(v))),
    ...spec.outputs.map((v) => bytes(12, valueInfo(v))),
  ]);
  const opset = (domain, version) => bytes(8, Buffer.concat([bytes(1, domain), vint(2, version)]));
  return Buffer.concat([
    vint(1, 8), // ir_version
    bytes(2, 'tiny_onnx'),
    bytes(7, graph),
    opset('', 17),
    opset('ai.onnx.ml', 3),
  ]);
}

module.exports = { buildModel };
