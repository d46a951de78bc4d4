#!/usr/bin/env node
'use strict';
// ONNX Runtime timing and accuracy of one converted MLPClassifier: session
// creation, median latency of run() at batch 1 and 1000 (single-threaded),
// the largest error of `probabilities` against scikit-learn's (relative to
// max(|expected|, 1), as the parity runner measures it) and the number of
// label mismatches on the eval rows. Prints one line of key=value pairs.
//
//   node bench/neural_network/ort_bench.js MODEL.onnx EVAL.json [float32|float64]
const fs = require('node:fs');
const bench = require('../ort_bench.js');

function tensor(dtype, rows, nFeatures) {
  const Typed = bench.typedArray(dtype);
  return new bench.ort.Tensor(dtype, Typed.from(rows.flat()), [rows.length, nFeatures]);
}

bench.run(async () => {
  const { file, arg: evalFile, dtype } = bench.parseArgs('EVAL.json');
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
  const { session, sessionMs } = await bench.createSession(file);
  const inputName = session.inputNames[0];
  const all = { [inputName]: tensor(dtype, ev.X, ev.n_features) };
  const one = { [inputName]: tensor(dtype, ev.X.slice(0, 1), ev.n_features) };
  const b1 = await bench.latency(session, one, 500);
  const b1000 = await bench.latency(session, all, 20);
  const out = await session.run(all);
  const probs = out[session.outputNames.find((n) => n.startsWith('prob'))].data;
  const labels = out[session.outputNames.find((n) => n.startsWith('label'))].data;
  const want = ev.probabilities.flat();
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(probs[i] - want[i]) / Math.max(Math.abs(want[i]), 1));
  let mismatches = 0;
  ev.label.forEach((v, i) => { if (Number(labels[i]) !== v) mismatches++; });
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} proba_max_rel_err=${err.toExponential(2)} ` +
              `label_mismatches=${mismatches}`);
});
