'use strict';
// Comparison of ONNX Runtime outputs with scikit-learn's expected outputs.
// Pure functions, no ONNX Runtime dependency: unit-tested by compare.test.js.

// Relative tolerance per case dtype (docs: DESIGN.md, "Correctness is
// measured against the real thing"). rel = |a - b| / max(|b|, 1).
const TOLERANCE = Object.freeze({ float32: 1e-4, float64: 1e-9 });

function toleranceFor(dtype, override) {
  if (override !== undefined && override !== null) {
    if (typeof override !== 'number' || !(override > 0)) {
      throw new Error(`invalid tolerance override ${JSON.stringify(override)}`);
    }
    return override;
  }
  const t = TOLERANCE[dtype];
  if (t === undefined) throw new Error(`unknown dtype ${JSON.stringify(dtype)}`);
  return t;
}

// Nested JS arrays -> { data: flat array, dims }. Throws on ragged input.
function flatten(nested) {
  const dims = [];
  let level = nested;
  while (Array.isArray(level)) {
    dims.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const data = [];
  const walk = (node, depth, where) => {
    if (depth === dims.length) {
      if (Array.isArray(node)) throw new Error(`ragged array at ${where}`);
      data.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== dims[depth]) {
      throw new Error(`ragged array at ${where}`);
    }
    node.forEach((child, i) => walk(child, depth + 1, `${where}[${i}]`));
  };
  walk(nested, 0, '');
  return { data, dims };
}

function sameDims(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Number(a[i]) !== Number(b[i])) return false;
  return true;
}

function dimsString(d) {
  return `[${Array.from(d, Number).join(', ')}]`;
}

// The ONNX tensor type a label output must have for these expected labels:
// integer class labels -> int64, string class labels -> string.
function expectedLabelType(expected) {
  if (expected.every((v) => typeof v === 'string')) return 'string';
  if (expected.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int64';
  throw new Error('expected labels must be all integers or all strings');
}

// BigInt, number or string label -> canonical string for exact comparison.
function labelKey(v) {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : `float:${v}`;
  if (typeof v === 'string') return `${v}`;
  return `?${String(v)}`;
}

// Labels: exact equality except rows listed in boundaryRows.
// actual: BigInt64Array | string[] | any array-like; actualDims: tensor dims;
// actualType: ORT tensor type ('int64', 'string', ...) or undefined to skip.
function compareLabels({ actual, actualDims, actualType, expected, boundaryRows = [] }) {
  const result = {
    kind: 'label',
    ok: true,
    mismatches: 0,
    ignored: 0,
    reasons: [],
    worst: null,
  };
  const wantType = expectedLabelType(expected);
  if (actualType !== undefined && actualType !== wantType) {
    result.ok = false;
    result.reasons.push(`label type ${actualType}, expected ${wantType}`);
  }
  const wantDims = [expected.length];
  if (!sameDims(actualDims, wantDims) || actual.length !== expected.length) {
    result.ok = false;
    result.reasons.push(`shape ${dimsString(actualDims)}, expected ${dimsString(wantDims)}`);
    return result;
  }
  const skip = new Set(boundaryRows);
  for (let i = 0; i < expected.length; i++) {
    const got = labelKey(actual[i]);
    const want = labelKey(expected[i]);
    if (got === want) continue;
    if (skip.has(i)) {
      result.ignored++;
      continue;
    }
    result.mismatches++;
    if (result.worst === null) {
      result.worst = { row: i, got: actual[i], want: expected[i] };
    }
  }
  if (result.mismatches > 0) {
    result.ok = false;
    result.reasons.push(`${result.mismatches} label mismatch(es)`);
  }
  return result;
}

// Labels of several outputs per row ([N, n_outputs]: MultiOutputClassifier,
// ClassifierChain, multilabel MLP): exact equality of every element except in
// rows listed in boundaryRows. expected: nested rows.
function compareLabelMatrix({ actual, actualDims, actualType, expected, boundaryRows = [] }) {
  const result = { kind: 'label', ok: true, mismatches: 0, ignored: 0, reasons: [], worst: null };
  const { data: want, dims: wantDims } = flatten(expected);
  const wantType = expectedLabelType(want);
  if (actualType !== undefined && actualType !== wantType) {
    result.ok = false;
    result.reasons.push(`label type ${actualType}, expected ${wantType}`);
  }
  if (!sameDims(actualDims, wantDims) || actual.length !== want.length) {
    result.ok = false;
    result.reasons.push(`shape ${dimsString(actualDims)}, expected ${dimsString(wantDims)}`);
    return result;
  }
  const cols = wantDims.length > 1 ? wantDims.slice(1).reduce((a, b) => a * b, 1) : 1;
  const skip = new Set(boundaryRows);
  for (let k = 0; k < want.length; k++) {
    if (labelKey(actual[k]) === labelKey(want[k])) continue;
    const row = Math.floor(k / cols);
    if (skip.has(row)) {
      result.ignored++;
      continue;
    }
    result.mismatches++;
    if (result.worst === null) result.worst = { row, got: actual[k], want: want[k] };
  }
  if (result.mismatches > 0) {
    result.ok = false;
    result.reasons.push(`${result.mismatches} label mismatch(es)`);
  }
  return result;
}

// skl2onnx's sequence of tensors (MultiOutputClassifier's probabilities) as
// stored in case.json: a list of matrices, one per output.
function isTensorListExpected(expected) {
  return Array.isArray(expected) && expected.length > 0 &&
    expected.every((m) => Array.isArray(m) && m.length > 0 && m.every((row) => Array.isArray(row)));
}

// Floats: rel = |a-b| / max(|b|, 1) <= rtol everywhere, and same shape.
// actual: typed array (row-major) with actualDims; expected: nested arrays.
function compareFloats({ actual, actualDims, expected, rtol }) {
  const result = {
    kind: 'float',
    ok: true,
    maxAbs: 0,
    maxRel: 0,
    rtol,
    reasons: [],
    worst: null,
  };
  const { data: want, dims: wantDims } = flatten(expected);
  if (!sameDims(actualDims, wantDims) || actual.length !== want.length) {
    result.ok = false;
    result.maxAbs = null; // printed as '-'
    result.maxRel = null;
    result.reasons.push(`shape ${dimsString(actualDims)}, expected ${dimsString(wantDims)}`);
    return result;
  }
  const cols = wantDims.length > 1 ? wantDims.slice(1).reduce((a, b) => a * b, 1) : 1;
  let worstRel = -1;
  for (let k = 0; k < want.length; k++) {
    const a = Number(actual[k]);
    // JSON has no NaN: expected NaN (OrdinalEncoder's unknown_value) is "NaN"
    const b = typeof want[k] === 'string' ? Number(want[k]) : want[k];
    let abs;
    let rel;
    if (Number.isNaN(a) && Number.isNaN(b)) {
      abs = 0; // NaN where scikit-learn gives NaN
      rel = 0;
    } else if (Number.isFinite(a) && Number.isFinite(b)) {
      abs = Math.abs(a - b);
      rel = abs / Math.max(Math.abs(b), 1);
    } else if (a === b) {
      abs = 0; // same infinity
      rel = 0;
    } else {
      abs = Infinity; // NaN, or an infinity where the other is not
      rel = Infinity;
    }
    if (abs > result.maxAbs) result.maxAbs = abs;
    if (rel > result.maxRel) result.maxRel = rel;
    if (rel > worstRel) {
      worstRel = rel;
      result.worst = { row: Math.floor(k / cols), col: k % cols, got: a, want: b, abs, rel };
    }
  }
  if (!(result.maxRel <= rtol)) {
    result.ok = false;
    result.reasons.push(`max_rel ${fmt(result.maxRel)} > ${fmt(rtol)}`);
  }
  return result;
}

// skl2onnx's zipmap output (sequence of maps, one per row) as stored in
// case.json -> nested matrix in the column order of the ZipMap node's
// class labels. Throws when the key sets differ.
function zipmapToMatrix(expectedMaps, classLabels) {
  const keys = classLabels.map(labelKey);
  return expectedMaps.map((m, row) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      throw new Error(`row ${row} of the expected zipmap output is not a map`);
    }
    const have = Object.keys(m);
    const missing = have.filter((k) => !keys.includes(k));
    if (have.length !== keys.length || missing.length > 0) {
      throw new Error(
        `ZipMap class labels [${keys.join(', ')}] differ from expected keys [${have.join(', ')}]`);
    }
    return keys.map((k) => m[k]);
  });
}

function isZipmapExpected(expected) {
  return Array.isArray(expected) && expected.length > 0 &&
    expected.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m));
}

function fmt(x) {
  if (x === null || x === undefined) return '-';
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toExponential(2);
}

// The row a failure report shows: the worst element, or the first wrong label.
function describeWorst(r, X) {
  if (!r.worst) return null;
  const w = r.worst;
  const xs = X && X[w.row] ? ` X[${w.row}]=[${X[w.row].map((v) => (typeof v === 'string' && Number.isNaN(Number(v)) ? JSON.stringify(v) : Number(v).toPrecision(6))).join(', ')}]` : '';
  if (r.kind === 'label') {
    return `worst row ${w.row}: got ${labelKey(w.got)}, expected ${labelKey(w.want)}${xs}`;
  }
  return `worst row ${w.row} col ${w.col}: got ${w.got}, expected ${w.want} ` +
    `(abs ${fmt(w.abs)}, rel ${fmt(w.rel)})${xs}`;
}

module.exports = {
  TOLERANCE,
  toleranceFor,
  flatten,
  sameDims,
  dimsString,
  expectedLabelType,
  labelKey,
  compareLabels,
  compareFloats,
  compareLabelMatrix,
  isTensorListExpected,
  zipmapToMatrix,
  isZipmapExpected,
  fmt,
  describeWorst,
};
