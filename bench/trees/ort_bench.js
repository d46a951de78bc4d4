#!/usr/bin/env node
'use strict';
// ONNX Runtime timing of one converted model: session creation, then the
// median latency of run() at batch 1 and batch 1000 (single-threaded, as a
// one-core deployment). Prints one line of key=value pairs.
//
//   node bench/trees/ort_bench.js MODEL.onnx N_FEATURES [float32|float64]
const bench = require('../ort_bench.js');

// Inputs uniform in [-3, 3).
function inputs(dtype, batch, nFeatures) {
  return bench.lcgFeeds(dtype, batch, nFeatures, (i, next) => next() * 6 - 3);
}

bench.run(async () => {
  const { file, arg: nFeatures, dtype } = bench.parseArgs('N_FEATURES');
  const { session, sessionMs } = await bench.createSession(file);
  const b1 = await bench.latency(session, inputs(dtype, 1, Number(nFeatures)), 200);
  const b1000 = await bench.latency(session, inputs(dtype, 1000, Number(nFeatures)), 10);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(3)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} ort_peak_rss_mib=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
});
