'use strict';
// Just enough of the protobuf wire format to work around one limit of
// onnxruntime-node: it cannot return non-tensor outputs (its run() throws
// "Non tensor type is temporarily not supported." for skl2onnx's zipmap
// output, a sequence of maps). For such an output we find the ZipMap node
// that makes it, read its class labels, and append the ZipMap's input (the
// probability tensor) to the graph outputs, so ONNX Runtime can return it.
//
// Field numbers are those of onnx/onnx-ml.proto:
//   ModelProto.graph = 7
//   GraphProto.node = 1, GraphProto.output = 12
//   NodeProto.input = 1, output = 2, op_type = 4, attribute = 5, domain = 7
//   AttributeProto.name = 1, ints = 8, strings = 9
//   ValueInfoProto.name = 1, type = 2
//   TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1
//   TensorProto.DataType FLOAT = 1, DOUBLE = 11

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

function readVarint(buf, pos) {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7n;
    if (shift > 63n) throw new Error('varint too long');
  }
  return [result, pos];
}

// Yields { field, wire, start, end, value } for each field in buf[start, end).
// For WIRE_LEN, [start, end) is the payload; for WIRE_VARINT, value is BigInt;
// tagStart is where the field's key begins.
function* fields(buf, start = 0, end = buf.length) {
  let pos = start;
  while (pos < end) {
    const tagStart = pos;
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === WIRE_VARINT) {
      let value;
      [value, pos] = readVarint(buf, pos);
      yield { field, wire, tagStart, start: pos, end: pos, value };
    } else if (wire === WIRE_LEN) {
      let len;
      [len, pos] = readVarint(buf, pos);
      const n = Number(len);
      if (pos + n > end) throw new Error(`field ${field}: length ${n} runs past the end`);
      yield { field, wire, tagStart, start: pos, end: pos + n };
      pos += n;
    } else if (wire === WIRE_I64 || wire === WIRE_I32) {
      const n = wire === WIRE_I64 ? 8 : 4;
      if (pos + n > end) throw new Error(`field ${field}: truncated fixed value`);
      yield { field, wire, tagStart, start: pos, end: pos + n };
      pos += n;
    } else {
      throw new Error(`unsupported wire type ${wire} (field ${field})`);
    }
  }
  if (pos !== end) throw new Error('message runs past its end');
}

const utf8 = (buf, f) => Buffer.from(buf.buffer, buf.byteOffset + f.start, f.end - f.start).toString('utf8');

function parseNode(buf, start, end) {
  const node = { input: [], output: [], opType: '', domain: '', attributes: {} };
  for (const f of fields(buf, start, end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.field === 1) node.input.push(utf8(buf, f));
    else if (f.field === 2) node.output.push(utf8(buf, f));
    else if (f.field === 4) node.opType = utf8(buf, f);
    else if (f.field === 7) node.domain = utf8(buf, f);
    else if (f.field === 5) {
      const attr = { name: '', ints: [], strings: [] };
      for (const a of fields(buf, f.start, f.end)) {
        if (a.field === 1 && a.wire === WIRE_LEN) attr.name = utf8(buf, a);
        else if (a.field === 8 && a.wire === WIRE_VARINT) attr.ints.push(BigInt.asIntN(64, a.value));
        else if (a.field === 8 && a.wire === WIRE_LEN) { // packed
          let p = a.start;
          while (p < a.end) {
            let v;
            [v, p] = readVarint(buf, p);
            attr.ints.push(BigInt.asIntN(64, v));
          }
        } else if (a.field === 9 && a.wire === WIRE_LEN) attr.strings.push(utf8(buf, a));
      }
      node.attributes[attr.name] = attr;
    }
  }
  return node;
}

function encodeVarint(n) {
  let v = BigInt(n);
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}

function lenField(field, payload) {
  return Buffer.concat([encodeVarint((field << 3) | WIRE_LEN), encodeVarint(payload.length), payload]);
}

function varintField(field, value) {
  return Buffer.concat([encodeVarint((field << 3) | WIRE_VARINT), encodeVarint(value)]);
}

const ELEM_TYPE = { float32: 1, float64: 11 };

function findGraph(model) {
  let graph = null;
  for (const f of fields(model)) {
    if (f.field === 7 && f.wire === WIRE_LEN) {
      if (graph) throw new Error('model has more than one graph field');
      graph = f;
    }
  }
  if (!graph) throw new Error('model has no graph');
  return graph;
}

// Finds the node producing `outputName` and checks it is domain.opType
// (domain '' is ai.onnx).
function findProducer(modelBytes, outputName, domain, opType) {
  const model = Buffer.from(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength);
  const graph = findGraph(model);
  const wanted = domain ? `${domain}.${opType}` : opType;
  for (const f of fields(model, graph.start, graph.end)) {
    if (f.field !== 1 || f.wire !== WIRE_LEN) continue;
    const node = parseNode(model, f.start, f.end);
    if (!node.output.includes(outputName)) continue;
    if (node.opType !== opType || node.domain !== domain) {
      throw new Error(`output '${outputName}' is made by ${node.domain || 'ai.onnx'}.${node.opType}, not ${wanted}`);
    }
    return node;
  }
  throw new Error(`no node produces output '${outputName}'`);
}

// Finds the ZipMap node producing `outputName`. Returns { input, classLabels }
// where classLabels are BigInts or strings, in the ZipMap's column order.
function findZipMap(modelBytes, outputName) {
  const node = findProducer(modelBytes, outputName, 'ai.onnx.ml', 'ZipMap');
  const ints = node.attributes.classlabels_int64s;
  const strs = node.attributes.classlabels_strings;
  let classLabels;
  if (ints && ints.ints.length) classLabels = ints.ints;
  else if (strs && strs.strings.length) classLabels = strs.strings;
  else throw new Error('ZipMap node has neither classlabels_int64s nor classlabels_strings');
  return { input: node.input[0], classLabels };
}

// Finds the SequenceConstruct node producing `outputName` (a sequence of
// tensors, which onnxruntime-node cannot return either). Returns its
// inputs, the tensors in sequence order.
function findSequenceConstruct(modelBytes, outputName) {
  return findProducer(modelBytes, outputName, '', 'SequenceConstruct').input;
}

// Returns a copy of the model with `tensorName` appended to the graph
// outputs as a tensor of elemType ('float32' or 'float64').
function addGraphOutput(modelBytes, tensorName, elemType = 'float32') {
  const model = Buffer.from(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength);
  const graph = findGraph(model);
  const elem = ELEM_TYPE[elemType];
  if (!elem) throw new Error(`unsupported element type ${elemType}`);
  const tensorType = varintField(1, elem);
  const typeProto = lenField(1, tensorType);
  const valueInfo = Buffer.concat([lenField(1, Buffer.from(tensorName, 'utf8')), lenField(2, typeProto)]);
  const newGraph = Buffer.concat([model.subarray(graph.start, graph.end), lenField(12, valueInfo)]);
  return new Uint8Array(Buffer.concat([
    model.subarray(0, graph.tagStart),
    lenField(7, newGraph),
    model.subarray(graph.end),
  ]));
}

module.exports = { readVarint, fields, findZipMap, findSequenceConstruct, addGraphOutput, encodeVarint };
