'use strict';
// CategoricalNB's predict fails on a negative code (ValueError) and on a
// code >= n_categories_ (IndexError); the converted model must fail in ONNX
// Runtime too, not answer with another category's log-probabilities
// (Gather counts negative indices from the end). Codes in range, also
// fractional ones (truncated toward 0 by predict and by Cast), must run.
//
// usage: node categorical_codes.js --onnxconv BIN CASE_DIR
//   CASE_DIR: a naive_bayes fixture case of CategoricalNB (model.pkl,
//   case.json). Prints one line per check and "N passed, M failed".
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const ort = require(path.join(__dirname, '..', '..', '..', 'tests', 'parity', 'node_modules', 'onnxruntime-node'));

async function main() {
  const args = process.argv.slice(2);
  const onnxconv = args[args.indexOf('--onnxconv') + 1];
  const caseDir = args[args.length - 1];
  const c = JSON.parse(fs.readFileSync(path.join(caseDir, 'case.json'), 'utf8'));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catnb-')), 'model.onnx');
  const conv = spawnSync(onnxconv, ['convert', path.join(caseDir, c.model), '-o', out, '--dtype', c.dtype]);
  if (conv.status !== 0) throw new Error(`conversion failed: ${conv.stderr}`);
  const session = await ort.InferenceSession.create(out, { logSeverityLevel: 4 });
  const width = c.X[0].length;
  const type = c.dtype === 'float64' ? 'float64' : 'float32';
  const run = (row) => session.run({ X: new ort.Tensor(type, (type === 'float64' ? Float64Array : Float32Array).from(row), [1, width]) });
  const checks = [
    ['code 0 runs', Array(width).fill(0), true],
    ['fractional code -0.5 runs (truncated to 0)', Array(width).fill(-0.5), true],
    ['code -1 fails', [-1, ...Array(width - 1).fill(0)], false],
    ['code -3 in the last feature fails', [...Array(width - 1).fill(0), -3], false],
    ['code 1000 fails', [0, 1000, ...Array(width - 2).fill(0)], false],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, row, shouldRun] of checks) {
    let ran = true;
    let why = '';
    try { await run(row); } catch (e) { ran = false; why = e.message.split('\n')[0]; }
    const ok = ran === shouldRun;
    if (ok) passed++; else failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${why ? `: ${why}` : ''}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((e) => { console.error(e.message); process.exitCode = 1; });
