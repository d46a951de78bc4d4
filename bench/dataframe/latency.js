#!/usr/bin/env node
'use strict';
// ONNX Runtime latency of a model with one [N, 1] input per DataFrame column
// (string columns fed random category names "c0".."c49", numbers random).
// usage: node bench/dataframe/latency.js MODEL.onnx [REPEATS]
// Needs onnxruntime-node: npm ci --ignore-scripts --prefix tests/parity
const path = require('node:path');
const ort = require(path.join(__dirname, '..', '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

function feeds(session, n) {
  const out = {};
  for (const name of session.inputNames) {
    const md = (session.inputMetadata || []).find((m) => m && m.name === name);
    const type = md && md.type ? md.type : (name.startsWith('cat') ? 'string' : 'float32');
    if (type === 'string') {
      out[name] = new ort.Tensor('string', Array.from({ length: n }, (_, i) => `c${(i * 7 + name.length) % 50}`), [n, 1]);
    } else {
      out[name] = new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => Math.sin(i + name.length)), [n, 1]);
    }
  }
  return out;
}

async function main() {
  const [model, repeatsArg] = process.argv.slice(2);
  const repeats = Number(repeatsArg || 200);
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  for (const n of [1, 1000]) {
    const f = feeds(session, n);
    await session.run(f);  // warm-up
    const times = [];
    for (let r = 0; r < (n === 1 ? repeats : Math.max(10, repeats / 10)); r++) {
      const t0 = process.hrtime.bigint();
      await session.run(f);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`batch ${n}: median ${times[times.length >> 1].toFixed(3)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(3)} ms (${times.length} runs, 1 thread)`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
