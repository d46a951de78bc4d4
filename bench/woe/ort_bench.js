#!/usr/bin/env node
'use strict';
// ONNX Runtime timing of a converted scorecard (onnxruntime-node, one
// thread): session creation, then the median latency of run() at batch 1
// and batch 1000. Inputs: uniform in [-60, 60) (the bench card's edges lie
// in [-50, 50)), every 10th column a code in 0..40, 1% NaN.
//
//   node bench/woe/ort_bench.js MODEL.onnx N_FEATURES [float32|float64]
const bench = require('../ort_bench.js');

function inputs(dtype, batch, nFeatures) {
  return bench.lcgFeeds(dtype, batch, nFeatures, (i, next) => {
    const col = i % nFeatures;
    if (next() < 0.01) return NaN;
    return col % 10 === 9 ? Math.floor(next() * 41) : next() * 120 - 60;
  });
}

bench.run(async () => {
  const { file, arg: nFeatures, dtype } = bench.parseArgs('N_FEATURES');
  const { session, sessionMs } = await bench.createSession(file);
  const n = Number(nFeatures);
  const b1 = await bench.latency(session, inputs(dtype, 1, n), 300);
  const b1000 = await bench.latency(session, inputs(dtype, 1000, n), 30);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(3)}`);
});
