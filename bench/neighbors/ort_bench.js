#!/usr/bin/env node
'use strict';
// ONNX Runtime timing and accuracy of the converted KNeighborsClassifier:
// session creation, median latency of run() at batch 1 and at BATCH rows
// (single-threaded), label mismatches and the largest probability error
// against scikit-learn on the eval rows (relative to max(|expected|, 1)).
// Prints one line of key=value pairs.
//
//   node bench/neighbors/ort_bench.js MODEL.onnx EVAL.json [float32|float64] [BATCH]
const fs = require('node:fs');
const bench = require('../ort_bench.js');

function tensor(dtype, rows, nFeatures) {
  const Typed = bench.typedArray(dtype);
  return new bench.ort.Tensor(dtype, Typed.from(rows.flat()), [rows.length, nFeatures]);
}

bench.run(async () => {
  const { file, arg: evalFile, dtype } = bench.parseArgs('EVAL.json');
  const batch = Number(process.argv[5] || 1000);
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
  const { session, sessionMs } = await bench.createSession(file);
  const one = { X: tensor(dtype, ev.X.slice(0, 1), ev.n_features) };
  const many = { X: tensor(dtype, ev.X.slice(0, batch), ev.n_features) };
  const b1 = await bench.latency(session, one, 50);
  const bN = await bench.latency(session, many, 3);
  const out = await session.run(many);
  let mismatches = 0;
  let worst = 0;
  const k = ev.probabilities[0].length;
  for (let i = 0; i < Math.min(batch, ev.X.length); i++) {
    if (Number(out.label.data[i]) !== ev.label[i]) mismatches++;
    for (let j = 0; j < k; j++) {
      const want = ev.probabilities[i][j];
      worst = Math.max(worst, Math.abs(out.probabilities.data[i * k + j] - want) / Math.max(Math.abs(want), 1));
    }
  }
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(3)} ` +
              `ort_batch${batch}_ms=${bN.toFixed(1)} label_mismatches=${mismatches} ` +
              `proba_max_rel_err=${worst.toExponential(2)}`);
});
