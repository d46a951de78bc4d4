#!/usr/bin/env node
'use strict';
// ONNX Runtime timing and accuracy of one converted IsolationForest:
// session creation, median latency of run() at batch 1 and 1000
// (single-threaded), and the largest error of `scores` (decision_function)
// against scikit-learn's on the eval rows, relative to max(|expected|, 1)
// as the parity runner measures it. Prints one line of key=value pairs.
//
//   node bench/isolation_forest/ort_bench.js MODEL.onnx EVAL.json [float32|float64]
const fs = require('node:fs');
const bench = require('../ort_bench.js');

function tensor(dtype, rows, nFeatures) {
  const Typed = bench.typedArray(dtype);
  return new bench.ort.Tensor(dtype, Typed.from(rows.flat()), [rows.length, nFeatures]);
}

function maxRelError(actual, expected) {
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1));
  return worst;
}

bench.run(async () => {
  const { file, arg: evalFile, dtype } = bench.parseArgs('EVAL.json');
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
  const { session, sessionMs } = await bench.createSession(file);
  const all = { X: tensor(dtype, ev.X, ev.n_features) };
  const one = { X: tensor(dtype, ev.X.slice(0, 1), ev.n_features) };
  const b1 = await bench.latency(session, one, 500);
  const b1000 = await bench.latency(session, all, 20);
  const out = await session.run(all);
  const err = maxRelError(out.scores.data, ev.scores);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} scores_max_rel_err=${err.toExponential(2)}`);
});
