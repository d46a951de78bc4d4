'use strict';
// Shared by the per-family ONNX Runtime benchmarks (bench/<family>/ort_bench.js):
// onnxruntime-node (the copy installed for tests/parity), the command line
// MODEL.onnx ARG [float32|float64], session creation time and the median
// latency of run() with one thread, and the exit on error. The families add
// their own inputs and the key=value line they print.
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const ort = require(path.join(__dirname, '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// The typed array of a dtype name.
function typedArray(dtype) {
  return dtype === 'float64' ? Float64Array : Float32Array;
}

// Numbers in [0, 1) from a fixed linear congruential generator: the same
// inputs on every run.
function lcg(seed = 12345) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

// Feeds { X: a [batch, nFeatures] tensor of `dtype` } whose flat element i is
// value(i, next), `next` a fresh lcg(): the same inputs on every call.
function lcgFeeds(dtype, batch, nFeatures, value) {
  const Typed = typedArray(dtype);
  const data = new Typed(batch * nFeatures);
  const next = lcg();
  for (let i = 0; i < data.length; i++) data[i] = value(i, next);
  return { X: new ort.Tensor(dtype, data, [batch, nFeatures]) };
}

// { file, arg, dtype } from `MODEL.onnx ARG [float32|float64]`; prints the
// usage (ARG named `argName`) and exits 2 when one is missing.
function parseArgs(argName) {
  const [file, arg, dtype = 'float32'] = process.argv.slice(2);
  if (!file || !arg) {
    console.error(`usage: node ort_bench.js MODEL.onnx ${argName} [float32|float64]`);
    process.exit(2);
  }
  return { file, arg, dtype };
}

// A single-threaded session and how long creating it took (ms).
async function createSession(file) {
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 };
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(file, options);
  return { session, sessionMs: performance.now() - t0 };
}

// Median time (ms) of `runs` calls of run(feeds), after one warm-up call.
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

// Runs the async main; an error is printed and exits 1.
function run(main) {
  main().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { ort, median, typedArray, lcg, lcgFeeds, parseArgs, createSession, latency, run };
