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
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const ort = require(path.join(__dirname, '..', '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function tensor(dtype, rows, nFeatures) {
  const Typed = dtype === 'float64' ? Float64Array : Float32Array;
  return new ort.Tensor(dtype, Typed.from(rows.flat()), [rows.length, nFeatures]);
}

async function latency(session, feeds, runs) {
  await session.run(feeds);  // warm-up
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function maxRelError(actual, expected) {
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1));
  return worst;
}

async function main() {
  const [file, evalFile, dtype = 'float32'] = process.argv.slice(2);
  if (!file || !evalFile) {
    console.error('usage: node ort_bench.js MODEL.onnx EVAL.json [float32|float64]');
    process.exit(2);
  }
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 };
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(file, options);
  const sessionMs = performance.now() - t0;
  const all = { X: tensor(dtype, ev.X, ev.n_features) };
  const one = { X: tensor(dtype, ev.X.slice(0, 1), ev.n_features) };
  const b1 = await latency(session, one, 500);
  const b1000 = await latency(session, all, 20);
  const out = await session.run(all);
  const err = maxRelError(out.scores.data, ev.scores);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} scores_max_rel_err=${err.toExponential(2)}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
