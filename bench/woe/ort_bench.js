#!/usr/bin/env node
'use strict';
// ONNX Runtime timing of a converted scorecard (onnxruntime-node, one
// thread): session creation, then the median latency of run() at batch 1
// and batch 1000. Inputs: uniform in [-60, 60) (the bench card's edges lie
// in [-50, 50)), every 10th column a code in 0..40, 1% NaN.
//
//   node bench/woe/ort_bench.js MODEL.onnx N_FEATURES [float32|float64]
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const ort = require(path.join(__dirname, '..', '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function inputs(dtype, batch, nFeatures) {
  const Typed = dtype === 'float64' ? Float64Array : Float32Array;
  const data = new Typed(batch * nFeatures);
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < data.length; i++) {
    const col = i % nFeatures;
    if (next() < 0.01) data[i] = NaN;
    else data[i] = col % 10 === 9 ? Math.floor(next() * 41) : next() * 120 - 60;
  }
  return { X: new ort.Tensor(dtype, data, [batch, nFeatures]) };
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
  const n = Number(nFeatures);
  const b1 = await latency(session, inputs(dtype, 1, n), 300);
  const b1000 = await latency(session, inputs(dtype, 1000, n), 30);
  console.log(`ort_session_ms=${sessionMs.toFixed(1)} ort_batch1_ms=${b1.toFixed(4)} ` +
              `ort_batch1000_ms=${b1000.toFixed(3)}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
