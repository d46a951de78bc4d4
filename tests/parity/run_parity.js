#!/usr/bin/env node
'use strict';
// End-to-end parity: convert each fixture model with onnxconv, run the ONNX
// model with ONNX Runtime (onnxruntime-node), compare with scikit-learn's own
// outputs stored in case.json (see tests/fixtures/generate_fixtures.py).
//
// Usage:
//   node tests/parity/run_parity.js --onnxconv /path/to/onnxconv \
//        [--plugin-path DIR]... [--filter REGEX] [--keep] [--summary FILE] CASES_DIR...
// CASES_DIR: a family folder (with index.json) or one case folder (case.json).
// --summary writes the counts and the worst float error per dtype as JSON
// (tests/parity/parity_table.py tabulates them per family and version).
// Ends with the line "N passed, M failed"; exit code 0 only if M == 0, N > 0.
//
// Inputs: case.json's `X` feeds the one input X; `inputs` (models fitted on a
// DataFrame) feeds one [N, 1] tensor per column instead, in its order:
//   "inputs": [{"name": "age (years)", "type": "float32", "values": [...]}, ...]
// type: float32, float64, int64, string or bool ("rank": 1 feeds [N]: labels
// for a LabelEncoder fitted on y); "NaN" strings are NaN in
// float columns; a missing string is "". `convert_args` (a list) is appended
// to the onnxconv command line (e.g. ["--inputs", "per-column"]).
// `expect_error` (a regular expression) instead of `expected`: ONNX Runtime
// must refuse to run the model on these rows (scikit-learn raised too, e.g.
// OneHotEncoder(handle_unknown='error') on an unseen category).
//
// Install ONNX Runtime first: npm ci --ignore-scripts --prefix tests/parity

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const cmp = require('./compare');
const proto = require('./onnx_proto');

const USAGE = 'usage: node run_parity.js --onnxconv PATH [--plugin-path DIR]... ' +
  '[--filter REGEX] [--keep] [--summary FILE] CASES_DIR...';
const CONVERT_TIMEOUT_MS = 300000;
const STDERR_LINES = 40;

function parseArgs(argv) {
  const opts = { onnxconv: null, pluginPaths: [], filter: null, keep: false, summary: null, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (a === '--onnxconv') opts.onnxconv = value();
    else if (a.startsWith('--onnxconv=')) opts.onnxconv = a.slice(11);
    else if (a === '--plugin-path') opts.pluginPaths.push(value());
    else if (a.startsWith('--plugin-path=')) opts.pluginPaths.push(a.slice(14));
    else if (a === '--filter') opts.filter = new RegExp(value());
    else if (a.startsWith('--filter=')) opts.filter = new RegExp(a.slice(9));
    else if (a === '--keep') opts.keep = true;
    else if (a === '--summary') opts.summary = value();
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else opts.dirs.push(a);
  }
  if (!opts.onnxconv) throw new Error(`--onnxconv is required\n${USAGE}`);
  if (opts.dirs.length === 0) throw new Error(`no CASES_DIR given\n${USAGE}`);
  return opts;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${e.message}`);
  }
}

// -> [{ dir, name }], name = "<family>/<case>"
function collectCases(dirs) {
  const cases = [];
  for (const d of dirs) {
    if (fs.existsSync(path.join(d, 'case.json'))) {
      const caseJson = readJson(path.join(d, 'case.json'));
      const family = caseJson.family || path.basename(path.dirname(path.resolve(d)));
      cases.push({ dir: d, name: `${family}/${path.basename(path.resolve(d))}` });
    } else if (fs.existsSync(path.join(d, 'index.json'))) {
      const index = readJson(path.join(d, 'index.json'));
      if (!Array.isArray(index.cases)) throw new Error(`${d}/index.json has no "cases" list`);
      const family = index.family || path.basename(path.resolve(d));
      for (const c of index.cases) cases.push({ dir: path.join(d, c), name: `${family}/${c}` });
      // A release may make no case of a family, stating why for each (a library it lacks).
      if (index.cases.length === 0 && Object.keys(index.not_in_this_version || {}).length > 0) cases.allStated = true;
    } else {
      throw new Error(`${d}: neither case.json nor index.json found`);
    }
  }
  return cases;
}

function tail(text, n) {
  const lines = text.replace(/\s+$/, '').split('\n');
  return (lines.length > n ? ['...'].concat(lines.slice(-n)) : lines).join('\n');
}

function indent(text) {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

function convert(opts, c, caseJson, outPath) {
  const args = ['convert', path.join(c.dir, caseJson.model), '-o', outPath, '--dtype', caseJson.dtype];
  for (const [k, v] of Object.entries(caseJson.options || {})) args.push('--option', `${k}=${v}`);
  for (const a of caseJson.convert_args || []) args.push(String(a));
  for (const p of opts.pluginPaths) args.push('--plugin-path', p);
  const r = spawnSync(opts.onnxconv, args, {
    encoding: 'utf8',
    timeout: CONVERT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cmdline = [opts.onnxconv].concat(args).join(' ');
  if (r.error) return { ok: false, message: `cannot run ${cmdline}: ${r.error.message}` };
  if (r.status !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    return { ok: false, message: `${cmdline}\nfailed (${why}); stderr:\n${tail(r.stderr || '', STDERR_LINES)}` };
  }
  if (!fs.existsSync(outPath)) return { ok: false, message: `${cmdline}\nexited 0 but wrote no ${outPath}` };
  if (args.includes('--external-data') && !fs.existsSync(`${outPath}.data`))
    return { ok: false, message: `${cmdline}\nexited 0 but wrote no ${outPath}.data` };
  return { ok: true };
}

function outputMeta(session, name) {
  const md = session.outputMetadata;
  if (!md) return undefined;
  if (Array.isArray(md)) {
    const i = session.outputNames.indexOf(name);
    return md.find((m) => m && m.name === name) || md[i];
  }
  return md[name];
}

function inputTensor(ort, X, dtype) {
  const { data, dims } = cmp.flatten(X);
  if (dims.length !== 2) throw new Error(`case X must be 2-D, got dims ${cmp.dimsString(dims)}`);
  const Typed = dtype === 'float64' ? Float64Array : Float32Array;
  return new ort.Tensor(dtype, Typed.from(data), dims);
}

const COLUMN_TYPES = {
  float32: (v) => Float32Array.from(v, Number),
  float64: (v) => Float64Array.from(v, Number),
  int64: (v) => BigInt64Array.from(v, (x) => BigInt(x)),
  bool: (v) => Uint8Array.from(v, (x) => (x ? 1 : 0)),
  string: (v) => v.map(String),
};

// One [N, 1] tensor per DataFrame column (case.json `inputs`).
function columnTensor(ort, column) {
  const make = COLUMN_TYPES[column.type];
  if (!make) throw new Error(`input '${column.name}': unknown type ${column.type}`);
  if (!Array.isArray(column.values)) throw new Error(`input '${column.name}' has no values list`);
  const dims = column.rank === 1 ? [column.values.length] : [column.values.length, 1];
  return new ort.Tensor(column.type, make(column.values), dims);
}

// The feeds and the names the model must take, in order.
function caseFeeds(ort, caseJson, dtype) {
  if (!Array.isArray(caseJson.inputs)) return { names: ['X'], feeds: { X: inputTensor(ort, caseJson.X, dtype) } };
  const feeds = {};
  const names = [];
  for (const column of caseJson.inputs) {
    if (column.name in feeds) throw new Error(`input '${column.name}' is listed twice in case.json`);
    names.push(column.name);
    feeds[column.name] = columnTensor(ort, column);
  }
  const rows = new Set(caseJson.inputs.map((c) => c.values.length));
  if (rows.size > 1) throw new Error(`case.json inputs have different row counts: ${[...rows].join(', ')}`);
  return { names, feeds };
}

// Rows of the per-column inputs, for failure reports.
function caseRows(caseJson) {
  if (!Array.isArray(caseJson.inputs)) return caseJson.X;
  const n = caseJson.inputs.length ? caseJson.inputs[0].values.length : 0;
  return Array.from({ length: n }, (_, i) => caseJson.inputs.map((c) => c.values[i]));
}

class Printer {
  constructor(nameWidth) {
    this.w = [Math.max(nameWidth, 4), 7, 22, 9, 9, 16, 4];
    // Worst float error per dtype and label mismatches, for --summary.
    this.worst = {};
    this.labelMismatches = 0;
    this.convertMs = 0;  // CLI runs; the rest of a run is ONNX Runtime's
  }

  // Outputs under a tolerance stated in case.json count apart ("float64*").
  record(name, dtype, r, extra) {
    if (r && r.kind === 'label') this.labelMismatches += r.mismatches;
    if (!r || r.kind !== 'float' || typeof r.maxRel !== 'number') return;
    const key = extra ? `${dtype}*` : dtype;
    const w = this.worst[key];
    if (!w || r.maxRel > w.max_rel) this.worst[key] = { max_rel: r.maxRel, max_abs: r.maxAbs, case: name };
  }

  row(cols) {
    return cols.map((c, i) => (i === cols.length - 1 ? c : String(c).padEnd(this.w[i]))).join('  ');
  }

  header() {
    console.log(this.row(['case', 'dtype', 'output', 'max_abs', 'max_rel', 'label_mismatches', 'result']));
  }

  line(name, dtype, output, r, extra) {
    this.record(name, dtype, r, extra);
    const isLabel = r && r.kind === 'label';
    const isFloat = r && r.kind === 'float';
    let mism = '-';
    if (isLabel) mism = r.ignored ? `${r.mismatches} (+${r.ignored} bnd)` : String(r.mismatches);
    const cols = [
      name,
      dtype,
      output,
      isFloat ? cmp.fmt(r.maxAbs) : '-',
      isFloat ? cmp.fmt(r.maxRel) : '-',
      mism,
      (r && r.ok ? 'PASS' : 'FAIL') + (extra ? `  ${extra}` : ''),
    ];
    console.log(this.row(cols));
  }
}

async function runCase(ort, opts, c, tmpDir, printer) {
  const caseJson = readJson(path.join(c.dir, 'case.json'));
  const dtype = caseJson.dtype;
  const failLine = (output, message) => {
    printer.line(c.name, dtype || '?', output, { ok: false });
    console.log(indent(message));
    return false;
  };
  if (dtype !== 'float32' && dtype !== 'float64') return failLine('-', `bad dtype ${dtype} in case.json`);

  const outPath = path.join(tmpDir, `${c.name.replace(/[^A-Za-z0-9_.-]+/g, '__')}.onnx`);
  const t0 = Date.now();
  const conv = convert(opts, c, caseJson, outPath);
  printer.convertMs += Date.now() - t0;
  if (!conv.ok) return failLine('(convert)', conv.message);

  const modelBytes = fs.readFileSync(outPath);
  const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 };
  let session;
  try {
    // A model with external data (--external-data) is loaded from its path:
    // ONNX Runtime finds OUT.onnx.data relative to the model's folder.
    const external = fs.existsSync(`${outPath}.data`);
    session = await ort.InferenceSession.create(external ? outPath : modelBytes, sessionOptions);
  } catch (e) {
    return failLine('(load)', `ONNX Runtime cannot load ${outPath}:\n${e.message}`);
  }
  const sessions = [session];
  try {
    let fed;
    try {
      fed = caseFeeds(ort, caseJson, dtype);
    } catch (e) {
      return failLine('(inputs)', e.message);
    }
    if (session.inputNames.join('\u0000') !== fed.names.join('\u0000')) {
      const q = (l) => l.map((n) => `'${n}'`).join(', ');
      return failLine('(inputs)', `model inputs are [${q(session.inputNames)}], expected [${q(fed.names)}]`);
    }
    const feeds = fed.feeds;
    if (caseJson.expect_error !== undefined) return await expectRunError(session, feeds, caseJson, printer, c, dtype);
    const boundary = caseJson.boundary_rows || [];
    const overrides = caseJson.tolerance || {};
    // One item per expected output, reported in case.json order:
    // { output, fail } (a message) or { output, name, expected, rtol, zipmap }.
    const items = [];
    for (const [name, expected] of Object.entries(caseJson.expected)) {
      const item = { output: name, name, expected, rtol: cmp.toleranceFor(dtype, overrides[name]) };
      items.push(item);
      if (!session.outputNames.includes(name)) {
        item.fail = `model has no output '${name}' (outputs: ${session.outputNames.join(', ')})`;
        continue;
      }
      const md = outputMeta(session, name);
      const isTensor = md === undefined || md.isTensor !== false;
      const zipmap = cmp.isZipmapExpected(expected);
      const sequence = !zipmap && !isTensor && cmp.isTensorListExpected(expected);
      if (zipmap && isTensor) {
        item.fail = `expected skl2onnx's zipmap output (a sequence of maps) but '${name}' is a tensor`;
      } else if (sequence) {
        // A sequence of tensors, which ORT node cannot return either: fetch
        // the tensors its SequenceConstruct node takes, in order.
        item.output = `${name}(sequence)`;
        try {
          item.sequence = proto.findSequenceConstruct(modelBytes, name);
          if (item.sequence.length !== expected.length) {
            item.fail = `the sequence has ${item.sequence.length} tensors, expected ${expected.length}`;
          }
        } catch (e) {
          item.fail = e.message;
        }
      } else if (!zipmap && !isTensor) {
        item.fail = `'${name}' is not a tensor (a sequence or map?) but a tensor was expected`;
      } else if (zipmap) {
        // ORT node cannot return sequence(map) outputs: check the ZipMap's
        // probability input and its class labels instead.
        item.output = `${name}(zipmap)`;
        try {
          const zm = proto.findZipMap(modelBytes, name);
          item.zipmap = { input: zm.input, matrix: cmp.zipmapToMatrix(expected, zm.classLabels) };
        } catch (e) {
          item.fail = e.message;
        }
      }
    }

    const tensorNames = items.filter((it) => !it.fail && !it.zipmap && !it.sequence).map((it) => it.name);
    let fetched = {};
    try {
      if (tensorNames.length) fetched = await session.run(feeds, tensorNames);
    } catch (e) {
      return failLine('(run)', `ONNX Runtime failed to run the model: ${e.message}`);
    }
    for (const item of items) {
      if (item.fail || !item.zipmap) continue;
      // ZipMap only takes tensor(float): its input is float32 for either dtype.
      try {
        const zs = await ort.InferenceSession.create(
          proto.addGraphOutput(modelBytes, item.zipmap.input, 'float32'), sessionOptions);
        sessions.push(zs);
        fetched[item.name] = (await zs.run(feeds, [item.zipmap.input]))[item.zipmap.input];
      } catch (e) {
        item.fail = `cannot read the ZipMap input '${item.zipmap.input}': ${e.message}`;
      }
    }

    for (const item of items) {
      if (item.fail || !item.sequence) continue;
      try {
        let bytes = modelBytes;
        for (const t of item.sequence) bytes = proto.addGraphOutput(bytes, t, dtype);
        const ss = await ort.InferenceSession.create(bytes, sessionOptions);
        sessions.push(ss);
        const got = await ss.run(feeds, item.sequence);
        fetched[item.name] = item.sequence.map((t) => got[t]);
      } catch (e) {
        item.fail = `cannot read the tensors of sequence '${item.name}': ${e.message}`;
      }
    }

    let ok = true;
    for (const item of items) {
      if (item.fail) {
        ok = failLine(item.output, item.fail) && ok;
        continue;
      }
      if (item.sequence) {
        fetched[item.name].forEach((t, i) => {
          const r = cmp.compareFloats({ actual: t.data, actualDims: t.dims, expected: item.expected[i], rtol: item.rtol });
          ok = report(printer, c.name, dtype, `${item.name}[${i}]`, r, caseJson, overrides[item.name]) && ok;
        });
        continue;
      }
      const t = fetched[item.name];
      const expected = item.zipmap ? item.zipmap.matrix : item.expected;
      let r;
      // A 1-D expected output is labels, unless the model gives floats there
      // (optbinning's transform of one variable: [N] values).
      const floatTensor = t.type === 'float32' || t.type === 'float64';
      if (!item.zipmap && Array.isArray(expected) && !Array.isArray(expected[0]) && !floatTensor) {
        r = cmp.compareLabels({ actual: t.data, actualDims: t.dims, actualType: t.type, expected, boundaryRows: boundary });
      } else if (!item.zipmap && Array.isArray(expected) && Array.isArray(expected[0]) && !floatTensor) {
        // [N, n_outputs] labels: exact, strings and integers alike
        r = cmp.compareLabelMatrix({ actual: t.data, actualDims: t.dims, actualType: t.type, expected, boundaryRows: boundary });
      } else {
        r = cmp.compareFloats({ actual: t.data, actualDims: t.dims, expected, rtol: item.rtol });
      }
      ok = report(printer, c.name, dtype, item.output, r, caseJson, overrides[item.name]) && ok;
    }
    return ok;
  } finally {
    for (const s of sessions) {
      try { await s.release(); } catch (_) { /* ignore */ }
    }
  }
}

// The model must fail on the case's rows, with a message matching expect_error.
async function expectRunError(session, feeds, caseJson, printer, c, dtype) {
  const want = new RegExp(caseJson.expect_error);
  let message = null;
  try {
    await session.run(feeds, { logSeverityLevel: 4 });  // the failure is expected: no ORT log line
  } catch (e) {
    message = e.message;
  }
  const ok = message !== null && want.test(message);
  printer.line(c.name, dtype, '(run error)', { ok });
  if (!ok) {
    console.log(indent(message === null ? `the model ran; expected an error matching /${caseJson.expect_error}/`
      : `error "${message}" does not match /${caseJson.expect_error}/`));
  }
  return ok;
}

function report(printer, name, dtype, output, r, caseJson, override) {
  const extra = override !== undefined ? `(rtol ${cmp.fmt(override)} from case.json)` : '';
  printer.line(name, dtype, output, r, extra);
  if (!r.ok) {
    console.log(indent(r.reasons.join('; ')));
    const w = cmp.describeWorst(r, caseRows(caseJson));
    if (w) console.log(indent(w));
  }
  return r.ok;
}

function writeSummary(file, { passed, failed, printer, elapsedMs }) {
  const summary = {
    passed, failed, label_mismatches: printer.labelMismatches, worst: printer.worst,
    seconds: { total: elapsedMs / 1000, convert: printer.convertMs / 1000 },
  };
  fs.writeFileSync(file, `${JSON.stringify(summary, null, 1)}\n`);
}

async function main() {
  let opts;
  let cases;
  try {
    opts = parseArgs(process.argv.slice(2));
    cases = collectCases(opts.dirs);
  } catch (e) {
    console.error(e.message);
    console.log('0 passed, 0 failed');
    return 2;
  }
  if (opts.filter) cases = cases.filter((c) => opts.filter.test(c.name));
  if (cases.length === 0 && cases.allStated) {
    console.log('0 case(s): this release makes none of them, each with a reason (index.json "not_in_this_version")');
    return 0;
  }

  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    console.error(`cannot load onnxruntime-node (${e.message}); run: npm ci --ignore-scripts --prefix tests/parity`);
    console.log('0 passed, 0 failed');
    return 2;
  }

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxconv-parity-'));
  const printer = new Printer(Math.max(0, ...cases.map((c) => c.name.length)));
  printer.header();
  let passed = 0;
  let failed = 0;
  const t0 = Date.now();
  for (const c of cases) {
    let ok;
    try {
      ok = await runCase(ort, opts, c, tmpDir, printer);
    } catch (e) {
      printer.line(c.name, '?', '(error)', { ok: false });
      console.log(indent(e.stack || String(e)));
      ok = false;
    }
    if (ok) passed++;
    else failed++;
  }
  if (opts.keep) console.log(`converted models kept in ${tmpDir}`);
  else fs.rmSync(tmpDir, { recursive: true, force: true });
  console.log(`${cases.length} case(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (opts.summary) writeSummary(opts.summary, { passed, failed, printer, elapsedMs: Date.now() - t0 });
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(e.stack || String(e));
  console.log('0 passed, 0 failed');
  process.exitCode = 2;
});
