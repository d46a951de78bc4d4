#!/usr/bin/env node
'use strict';
// ONNX Runtime timing and accuracy of the converted benchmark SVC: session
// creation, median latency of run() at batch 1 and 1000 (single-threaded),
// label mismatches and the largest error of `probabilities` (the decision
// function as [-d, d]) against scikit-learn's, relative to max(|expected|, 1).
//
//   node bench/svm/ort_bench.js MODEL.onnx EVAL.json [float32|float64]
const fs = require('node:fs');
const bench = require('../ort_bench.js');

bench.run(async () => {
  const { file, arg: evalFile, dtype } = bench.parseArgs('EVAL.json');
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
  const Typed = bench.typedArray(dtype);
  const tensor = (rows) => new bench.ort.Tensor(dtype, Typed.from(rows.flat()), [rows.length, ev.n_features]);
  const { session, sessionMs } = await bench.createSession(file);
  const all = { X: tensor(ev.X) };
  const b1 = await bench.latency(session, { X: tensor(ev.X.slice(0, 1)) }, 200);
  const b1000 = await bench.latency(session, all, 10);
  const out = await session.run(all);
  let mismatches = 0, worst = 0;
  for (let i = 0; i < ev.label.length; i++) {
    if (Number(out.label.data[i]) !== ev.label[i]) mismatches++;
    for (let j = 0; j < 2; j++) {
      const e = ev.probabilities[i][j];
      worst = Math.max(worst, Math.abs(out.probabilities.data[2 * i + j] - e) / Math.max(Math.abs(e), 1));
    }
  }
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} label_mismatches=${mismatches} ` +
              `decision_max_rel_err=${worst.toExponential(2)}`);
});
