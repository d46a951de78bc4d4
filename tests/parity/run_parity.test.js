'use strict';
// End-to-end tests of run_parity.js with tiny hand-made ONNX models (written
// by tiny_onnx.js) and a fake `onnxconv` that copies the case's model file to
// the -o path. Needs onnxruntime-node (npm ci --ignore-scripts --prefix
// tests/parity); skipped without it.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { buildModel } = require('./tiny_onnx');
const proto = require('./onnx_proto');

let haveOrt = true;
try {
  require.resolve('onnxruntime-node');
} catch (_) {
  haveOrt = false;
}
const skip = haveOrt ? false : 'onnxruntime-node is not installed';

const RUNNER = path.join(__dirname, 'run_parity.js');
const X = [[0.5, 2.25, -1], [3, 1, 0.125], [-2, -4, 8]];
const ARGMAX = [1, 0, 2];

function classifierModel({ zipmapLabels } = {}) {
  const nodes = [
    { op: 'ArgMax', inputs: ['X'], outputs: ['label'], attrs: { axis: { i: 1 }, keepdims: { i: 0 } } },
    { op: 'Identity', inputs: ['X'], outputs: [zipmapLabels ? 'p' : 'probabilities'] },
  ];
  const outputs = [{ name: 'label', elem: 'int64', dims: ['N'] }];
  if (zipmapLabels) {
    nodes.push({ op: 'ZipMap', inputs: ['p'], outputs: ['probabilities'], domain: 'ai.onnx.ml',
      attrs: { classlabels_int64s: { ints: zipmapLabels } } });
    outputs.push({ name: 'probabilities', seqMapKey: 'int64' });
  } else {
    outputs.push({ name: 'probabilities', elem: 'float32', dims: ['N', 3] });
  }
  return buildModel({ inputs: [{ name: 'X', elem: 'float32', dims: ['N', 3] }], outputs, nodes });
}

function regressorModel(elem) {
  return buildModel({
    inputs: [{ name: 'X', elem, dims: ['N', 3] }],
    outputs: [{ name: 'variable', elem, dims: ['N', 3] }],
    nodes: [{ op: 'Identity', inputs: ['X'], outputs: ['variable'] }],
  });
}

// A DataFrame model: one [N, 1] input per column, a string one included.
// variable = [age, n kids, code(city)], code: a -> 1, b -> 2, else 9.
const COLUMNS = [
  { name: 'age (years)', type: 'float32', values: [30.5, 'NaN', 41] },
  { name: 'city', type: 'string', values: ['b', '', 'a'] },
  { name: 'n kids', type: 'int64', values: [0, 3, 1] },
];
const COLUMNS_OUT = [[30.5, 0, 2], ['NaN', 3, 9], [41, 1, 1]];

function columnsModel() {
  return buildModel({
    inputs: [
      { name: 'age (years)', elem: 'float32', dims: ['N', 1] },
      { name: 'city', elem: 'string', dims: ['N', 1] },
      { name: 'n kids', elem: 'int64', dims: ['N', 1] },
    ],
    outputs: [{ name: 'variable', elem: 'float32', dims: ['N', 3] }],
    nodes: [
      { op: 'LabelEncoder', domain: 'ai.onnx.ml', inputs: ['city'], outputs: ['code'],
        attrs: { keys_strings: { strings: ['a', 'b'] }, values_int64s: { ints: [1, 2] }, default_int64: { i: 9 } } },
      { op: 'Cast', inputs: ['code'], outputs: ['code_f'], attrs: { to: { i: 1 } } },
      { op: 'Cast', inputs: ['n kids'], outputs: ['kids_f'], attrs: { to: { i: 1 } } },
      { op: 'Concat', inputs: ['age (years)', 'kids_f', 'code_f'], outputs: ['variable'], attrs: { axis: { i: 1 } } },
    ],
  });
}

// probabilities = [X, -X] as a sequence of tensors (MultiOutputClassifier's form).
function sequenceModel() {
  return buildModel({
    inputs: [{ name: 'X', elem: 'float32', dims: ['N', 3] }],
    outputs: [{ name: 'probabilities', seqTensor: 'float32' }],
    nodes: [
      { op: 'Identity', inputs: ['X'], outputs: ['first'] },
      { op: 'Neg', inputs: ['X'], outputs: ['second'] },
      { op: 'SequenceConstruct', inputs: ['first', 'second'], outputs: ['probabilities'] },
    ],
  });
}
const NEG_X = X.map((r) => r.map((v) => -v));

// Gather(table [2], index 5): fails at run time whatever X is.
function gatherModel() {
  return buildModel({
    inputs: [{ name: 'X', elem: 'float32', dims: ['N', 3] }],
    outputs: [{ name: 'variable', elem: 'float32', dims: ['N', 3] }],
    nodes: [
      { op: 'Shape', inputs: ['X'], outputs: ['shape'] },
      { op: 'Gather', inputs: ['shape', 'five'], outputs: ['bad'], attrs: { axis: { i: 0 } } },
      { op: 'Constant', inputs: [], outputs: ['five'], attrs: { value_int: { i: 5 } } },
      { op: 'Cast', inputs: ['bad'], outputs: ['bad_f'], attrs: { to: { i: 1 } } },
      { op: 'Add', inputs: ['X', 'bad_f'], outputs: ['variable'] },
    ],
  });
}

function writeCase(root, name, modelBytes, json) {
  const dir = path.join(root, 'tiny', name);
  fs.mkdirSync(dir, { recursive: true });
  if (modelBytes) fs.writeFileSync(path.join(dir, 'model.onnx'), modelBytes);
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({
    family: 'tiny', model: 'model.onnx', dtype: 'float32', options: {}, X, boundary_rows: [], ...json,
  }));
  return name;
}

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-test-'));
  // fake onnxconv: `convert MODEL -o OUT ...` copies MODEL to OUT, or fails
  // with a message when MODEL does not exist
  const fake = path.join(root, 'fake_onnxconv.js');
  fs.writeFileSync(fake, `#!${process.execPath}
const fs = require('fs');
const a = process.argv.slice(2);
const out = a[a.indexOf('-o') + 1];
fs.writeFileSync(out + '.args', JSON.stringify(a));
if (!fs.existsSync(a[1])) { console.error('fake: cannot convert ' + a[1]); process.exit(4); }
fs.copyFileSync(a[1], out);
`);
  fs.chmodSync(fake, 0o755);
  const probs = X;
  const cases = [
    writeCase(root, 'reg_ok', regressorModel('float32'), { expected: { variable: X } }),
    writeCase(root, 'reg_f64_ok', regressorModel('float64'), { dtype: 'float64', expected: { variable: X } }),
    writeCase(root, 'clf_ok', classifierModel(), { expected: { label: ARGMAX, probabilities: probs } }),
    writeCase(root, 'clf_boundary_ok', classifierModel(),
      { expected: { label: [1, 0, 0], probabilities: probs }, boundary_rows: [2] }),
    writeCase(root, 'zipmap_ok', classifierModel({ zipmapLabels: [-1, 5, 7] }), {
      options: { zipmap: 'true' },
      expected: { label: ARGMAX, probabilities: X.map((r) => ({ '-1': r[0], 5: r[1], 7: r[2] })) },
    }),
    // failures
    writeCase(root, 'reg_value_bad', regressorModel('float32'),
      { expected: { variable: [X[0], [3, 1.001, 0.125], X[2]] } }),
    writeCase(root, 'reg_f64_tolerance_bad', regressorModel('float64'),
      { dtype: 'float64', expected: { variable: [X[0], [3, 1 + 1e-7, 0.125], X[2]] } }),
    writeCase(root, 'reg_shape_bad', regressorModel('float32'),
      { expected: { variable: X.map((r) => [r[0]]) } }),
    writeCase(root, 'clf_label_bad', classifierModel(), { expected: { label: [1, 0, 1], probabilities: probs } }),
    writeCase(root, 'clf_missing_output', classifierModel(),
      { expected: { label: ARGMAX, probabilities: probs, scores: probs } }),
    writeCase(root, 'zipmap_keys_bad', classifierModel({ zipmapLabels: [-1, 5, 8] }), {
      options: { zipmap: 'true' },
      expected: { label: ARGMAX, probabilities: X.map((r) => ({ '-1': r[0], 5: r[1], 7: r[2] })) },
    }),
    writeCase(root, 'zipmap_expected_got_tensor', classifierModel(), {
      options: { zipmap: 'true' },
      expected: { label: ARGMAX, probabilities: X.map((r) => ({ 0: r[0], 1: r[1], 2: r[2] })) },
    }),
    writeCase(root, 'convert_fails', null, { expected: { variable: X } }),
    writeCase(root, 'columns_order_bad', columnsModel(), {
      X: undefined, inputs: [COLUMNS[1], COLUMNS[0], COLUMNS[2]], expected: { variable: COLUMNS_OUT } }),
    writeCase(root, 'columns_value_bad', columnsModel(), {
      X: undefined, inputs: COLUMNS, expected: { variable: [[30.5, 0, 2], ['NaN', 3, 9], [41, 1, 2]] } }),
    // Gather past the end of its table: ONNX Runtime refuses to run
    writeCase(root, 'run_error_ok', gatherModel(), { expected: undefined, expect_error: 'out of (data )?bounds' }),
    writeCase(root, 'run_error_bad', regressorModel('float32'), { expected: undefined, expect_error: 'bounds' }),
    writeCase(root, 'sequence_ok', sequenceModel(), { expected: { probabilities: [X, NEG_X] } }),
    writeCase(root, 'sequence_value_bad', sequenceModel(), { expected: { probabilities: [X, X] } }),
    writeCase(root, 'columns_ok', columnsModel(), {
      X: undefined, inputs: COLUMNS, convert_args: ['--inputs', 'per-column'], expected: { variable: COLUMNS_OUT } }),
  ];
  fs.writeFileSync(path.join(root, 'tiny', 'index.json'), JSON.stringify({ family: 'tiny', cases }));
  return { root, fake, family: path.join(root, 'tiny') };
}

function run(args) {
  const r = spawnSync(process.execPath, [RUNNER, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function resultOf(out, caseName) {
  const lines = out.split('\n').filter((l) => l.startsWith(`tiny/${caseName} `));
  assert.ok(lines.length > 0, `no line for ${caseName} in:\n${out}`);
  return lines.some((l) => /\bFAIL\b/.test(l)) ? 'FAIL' : 'PASS';
}

test('tiny ZipMap model: class labels found and the ZipMap input exposed', () => {
  const bytes = classifierModel({ zipmapLabels: [-1, 5, 7] });
  const zm = proto.findZipMap(bytes, 'probabilities');
  assert.equal(zm.input, 'p');
  assert.deepEqual(zm.classLabels, [-1n, 5n, 7n]);
  const patched = proto.addGraphOutput(bytes, 'p', 'float32');
  assert.ok(patched.length > bytes.length);
  assert.throws(() => proto.findZipMap(bytes, 'label'), /ArgMax, not ai.onnx.ml.ZipMap/);
});

test('runner passes good models and fails bad ones', { skip }, () => {
  const { root, fake, family } = setup();
  try {
    const r = run(['--onnxconv', fake, '--plugin-path', '/nowhere', family]);
    const lastLine = r.out.trimEnd().split('\n').pop();
    assert.equal(lastLine, '8 passed, 12 failed', r.out + r.err);
    assert.equal(r.code, 1);
    for (const c of ['reg_ok', 'reg_f64_ok', 'clf_ok', 'clf_boundary_ok', 'zipmap_ok', 'columns_ok', 'run_error_ok',
      'sequence_ok']) {
      assert.equal(resultOf(r.out, c), 'PASS', c);
    }
    for (const c of ['reg_value_bad', 'reg_f64_tolerance_bad', 'reg_shape_bad', 'clf_label_bad',
      'clf_missing_output', 'zipmap_keys_bad', 'zipmap_expected_got_tensor', 'convert_fails',
      'columns_order_bad', 'columns_value_bad', 'run_error_bad', 'sequence_value_bad']) {
      assert.equal(resultOf(r.out, c), 'FAIL', c);
    }
    assert.match(r.out, /fake: cannot convert/); // the converter's stderr is shown
    assert.match(r.out, /worst row 1 col 1/);
    assert.match(r.out, /shape \[3, 3\], expected \[3, 1\]/);
    assert.match(r.out, /model has no output 'scores'/);
    assert.match(r.out, /model inputs are \['age \(years\)', 'city', 'n kids'\], expected \['city', 'age \(years\)', 'n kids'\]/);
    assert.match(r.out, /the model ran; expected an error matching \/bounds\//);
    assert.match(r.out, /tiny\/sequence_value_bad +float32 +probabilities\[1\] .*FAIL/);
    assert.match(r.out, /worst row 2 col 2: got 1, expected 2 .*\[41\.0000, "a", 1\.00000\]/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('runner passes the CLI arguments and exits 0 when all pass', { skip }, () => {
  const { root, fake, family } = setup();
  try {
    const r = run(['--onnxconv', fake, '--plugin-path', '/p1', '--plugin-path', '/p2', '--keep',
      '--filter', '_ok$', family]);
    assert.equal(r.out.trimEnd().split('\n').pop(), '8 passed, 0 failed', r.out + r.err);
    assert.equal(r.code, 0);
    const kept = /converted models kept in (\S+)/.exec(r.out)[1];
    const args = JSON.parse(fs.readFileSync(path.join(kept, 'tiny__zipmap_ok.onnx.args'), 'utf8'));
    assert.deepEqual(args.slice(0, 1), ['convert']);
    assert.match(args[1], /zipmap_ok[/\\]model\.onnx$/);
    assert.deepEqual(args.slice(2), ['-o', path.join(kept, 'tiny__zipmap_ok.onnx'), '--dtype', 'float32',
      '--option', 'zipmap=true', '--plugin-path', '/p1', '--plugin-path', '/p2']);
    // case.json convert_args go before the plugin paths
    const colArgs = JSON.parse(fs.readFileSync(path.join(kept, 'tiny__columns_ok.onnx.args'), 'utf8'));
    assert.deepEqual(colArgs.slice(4), ['--dtype', 'float32', '--inputs', 'per-column',
      '--plugin-path', '/p1', '--plugin-path', '/p2']);
    fs.rmSync(kept, { recursive: true, force: true });
    // a single case folder works too
    const one = run(['--onnxconv', fake, path.join(family, 'reg_ok')]);
    assert.equal(one.out.trimEnd().split('\n').pop(), '1 passed, 0 failed', one.out + one.err);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('no case selected is a failure', { skip }, () => {
  const { root, fake, family } = setup();
  try {
    const r = run(['--onnxconv', fake, '--filter', 'nothing-matches', family]);
    assert.equal(r.out.trimEnd().split('\n').pop(), '0 passed, 0 failed');
    assert.equal(r.code, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
