#!/usr/bin/env node
'use strict';
// ONNX Runtime timing of one converted model: session creation, then the
// median latency of run() at batch 1 and batch 1000 (single-threaded, as a
// one-core deployment). Prints one line of key=value pairs.
//
//   node bench/trees/ort_bench.js MODEL.onnx N_FEATURES [float32|float64]
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const ort = require(path.join(__dirname, '..', '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function latency(session, dtype, batch, nFeatures, runs) {
  const Typed = dtype === 'float64' ? Float64Array : Float32Array;
  const data = new Typed(batch * nFeatures);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    data[i] = (seed / 2147483648) * 6 - 3;
  }
  const feeds = { X: new ort.Tensor(dtype, data, [batch, nFeatures]) };
  await session.run(feeds);  // warm-up
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main() {
  const [file, nFeatures, dtype = 'float32'] = process.argv.slice(2);
  if (!file || !nFeatures) {
    console.error('usage: node ort_bench.js MODEL.onnx N_FEATURES [float32|float64]');
    process.exit(2);
  }
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 };
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(file, options);
  const sessionMs = performance.now() - t0;
  const b1 = await latency(session, dtype, 1, Number(nFeatures), 200);
  const b1000 = await latency(session, dtype, 1000, Number(nFeatures), 10);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(3)} ` +
              `ort_batch1000_ms=${b1000.toFixed(2)} ort_peak_rss_mib=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
