#!/usr/bin/env node
'use strict';
// Node count by op type (and TreeEnsemble nodes) of a converted model,
// read with the parity runner's protobuf field reader (no onnx package).
//   node bench/optbinning/graph_stats.js MODEL.onnx
const fs = require('node:fs');
const path = require('node:path');
const proto = require(path.join(__dirname, '..', '..', 'tests', 'parity', 'onnx_proto.js'));

const buf = fs.readFileSync(process.argv[2]);
const utf8 = (f) => buf.toString('utf8', f.start, f.end);
let graph = null;
for (const f of proto.fields(buf)) if (f.field === 7 && f.wire === 2) graph = f;
const ops = {};
let nodes = 0;
let treeNodes = 0;
for (const f of proto.fields(buf, graph.start, graph.end)) {
  if (f.field !== 1 || f.wire !== 2) continue;  // GraphProto.node
  nodes += 1;
  let op = '';
  for (const g of proto.fields(buf, f.start, f.end)) {
    if (g.field === 4 && g.wire === 2) op = utf8(g);
    if (g.field === 5 && g.wire === 2) {  // attribute: count nodes_treeids
      let name = '';
      let count = 0;
      for (const a of proto.fields(buf, g.start, g.end)) {
        if (a.field === 1 && a.wire === 2) name = utf8(a);
        if (a.field === 8 && a.wire === 0) count += 1;
        if (a.field === 8 && a.wire === 2) {
          let p = a.start;
          while (p < a.end) { p = proto.readVarint(buf, p)[1]; count += 1; }
        }
      }
      if (name === 'nodes_treeids') treeNodes += count;
    }
  }
  ops[op] = (ops[op] || 0) + 1;
}
console.log(`onnx_nodes=${nodes} tree_nodes=${treeNodes} ops=${JSON.stringify(ops)} onnx_bytes=${buf.length}`);
