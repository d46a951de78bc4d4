#!/usr/bin/python3
"""DEV-ONLY stand-in for `onnxconv convert`, to self-test the parity runner
before the real converter exists. Never used by CI: it needs Python with
scikit-learn and python3-onnx (apt-get install python3-onnx), and it loads
the model with joblib (i.e. it executes the pickle: fixtures only).

    ref_convert.py convert MODEL -o OUT --dtype float32|float64
                   [--option k=v]... [--plugin-path DIR]...
    ref_convert.py batch FAMILY_DIR... -o OUTDIR
        converts every case of the families (its dtype and options) to
        OUTDIR/<case>.onnx in one process, for fake_onnxconv.sh's
        FAKE_ONNX_DIR mode (measures the runner without Python start-up)

Builds, with onnx.helper, the graph a skl2onnx-style converter would build
for the linear estimators of tests/fixtures/generate_fixtures.py: scores =
X @ W + b, then the link (regressors) or probabilities and labels
(classifiers). Coefficients are stored in the requested dtype, as the real
converter does, so the float32 tolerance is exercised for real.

REF_CONVERT_BREAK=<mode> sabotages the output, to prove the runner fails:
  fail     exit 1 with a message on stderr, write nothing
  coef     perturb the largest coefficient by 1e-3 relative
  label    swap the first two class labels
  shape    regressors: output variable as [N] instead of [N, 1]; classifiers:
           drop the last probability column
  name     name the probabilities output 'probs'
  nozipmap ignore the zipmap option
"""

import argparse
import json
import os
import sys

import joblib
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET, ML_OPSET = 17, 3


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["convert", "batch"])
    ap.add_argument("model", nargs="+")
    ap.add_argument("-o", dest="out", required=True)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--option", action="append", default=[])
    ap.add_argument("--plugin-path", action="append", default=[])
    return ap.parse_args()


class G:
    def __init__(self, np_dtype):
        self.nodes, self.inits, self.n = [], [], 0
        self.np_dtype = np_dtype

    def name(self, base):
        self.n += 1
        return "%s_%d" % (base, self.n)

    def const(self, base, value, dtype=None):
        arr = np.asarray(value, dtype=dtype or self.np_dtype)
        nm = self.name(base)
        self.inits.append(numpy_helper.from_array(arr, nm))
        return nm

    def op(self, op_type, inputs, out=None, domain="", **attrs):
        out = out or self.name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], domain=domain, **attrs))
        return out


def link_of(est):
    cls = type(est).__name__
    if cls in ("PoissonRegressor", "GammaRegressor"):
        return "log"
    if cls == "TweedieRegressor":
        if est.link == "auto":
            return "identity" if est.power <= 0 else "log"
        return est.link
    return "identity"


def proba_kind(est):
    """How predict_proba is computed, or None without predict_proba."""
    cls = type(est).__name__
    binary = len(est.classes_) == 2
    if cls == "LogisticRegression":
        mc = est.multi_class
        ovr = mc == "ovr" or (mc == "auto" and (binary or est.solver == "liblinear"))
        return "ovr_sigmoid" if ovr else "softmax"
    if cls == "SGDClassifier":
        if est.loss == "log_loss":
            return "ovr_sigmoid"
        if est.loss == "modified_huber":
            return "modified_huber"
    return None


def main():
    a = parse()
    brk = os.environ.get("REF_CONVERT_BREAK", "")
    if brk == "fail":
        sys.stderr.write("ref_convert: deliberate failure (REF_CONVERT_BREAK=fail)\n")
        return 1
    if a.cmd == "convert":
        if len(a.model) != 1:
            sys.exit("convert takes one model")
        opts = dict(o.split("=", 1) for o in a.option)
        convert(a.model[0], a.out, a.dtype, opts, brk)
        return 0
    os.makedirs(a.out, exist_ok=True)
    for fam in a.model:
        for name in json.load(open(os.path.join(fam, "index.json")))["cases"]:
            case = json.load(open(os.path.join(fam, name, "case.json")))
            convert(os.path.join(fam, name, case["model"]), os.path.join(a.out, name + ".onnx"),
                    case["dtype"], case["options"], brk)
    return 0


def convert(model_path, out, dtype, opts, brk):
    est = joblib.load(model_path)
    npd = np.float32 if dtype == "float32" else np.float64
    T = TensorProto.FLOAT if dtype == "float32" else TensorProto.DOUBLE
    g = G(npd)
    W = np.atleast_2d(np.asarray(est.coef_, dtype=np.float64))
    b = np.asarray(est.intercept_, dtype=np.float64).reshape(-1)
    if W.shape[0] != b.shape[0]:
        b = np.broadcast_to(b, (W.shape[0],))
    if brk == "coef":
        W = W.copy()
        W.flat[np.argmax(np.abs(W))] *= 1.001
    n_features = W.shape[1]
    scores = g.op("Add", [g.op("MatMul", ["X", g.const("coef", W.T)]), g.const("intercept", b)])
    outputs = []
    if not hasattr(est, "classes_"):
        var = scores if link_of(est) == "identity" else g.op("Exp", [scores])
        if brk == "shape":
            var = g.op("Reshape", [var, g.const("shape", [-1], np.int64)])
            outputs.append(helper.make_tensor_value_info("variable", T, [None]))
        else:
            outputs.append(helper.make_tensor_value_info("variable", T, [None, W.shape[0]]))
        g.op("Identity", [var], out="variable")
    else:
        classes = est.classes_
        k = len(classes)
        if k == 2:
            two = g.op("Concat", [g.op("Neg", [scores]), scores], axis=1)
        else:
            two = scores
        kind = proba_kind(est)
        if kind is None or opts.get("raw_scores") == "true":
            probs = two
        elif kind == "softmax":
            probs = g.op("Softmax", [two], axis=1)
        elif kind == "ovr_sigmoid":
            if k == 2:
                probs = g.op("Sigmoid", [two])
            else:
                # sigmoid(s_k) / sum_j sigmoid(s_j), computed as a softmax of
                # log-sigmoids: the naive form underflows to 0/0 in float32
                # when every score is very negative (SGD log_loss does that)
                # log sigmoid(s) = min(s, 0) - log(1 + exp(-|s|)); ORT has no
                # float64 Softplus kernel
                e = g.op("Exp", [g.op("Neg", [g.op("Abs", [scores])])])
                ls = g.op("Sub", [g.op("Min", [scores, g.const("zero", 0.0)]),
                                  g.op("Log", [g.op("Add", [e, g.const("one", 1.0)])])])
                probs = g.op("Softmax", [ls], axis=1)
        elif kind == "modified_huber":
            lo, hi = g.const("lo", -1.0), g.const("hi", 1.0)
            c = g.op("Clip", [two, lo, hi])
            p = g.op("Div", [g.op("Add", [c, g.const("one", 1.0)]), g.const("two", 2.0)])
            if k == 2:
                probs = p
            else:
                # rows summing to 0 become uniform 1/k (sklearn's rule)
                ssum = g.op("ReduceSum", [p, g.const("axes", [1], np.int64)], keepdims=1)
                zero = g.op("Equal", [ssum, g.const("zero", 0.0)])
                safe = g.op("Where", [zero, g.const("one", 1.0), ssum])
                norm = g.op("Div", [p, safe])
                uniform = g.op("Mul", [g.op("Add", [g.op("Mul", [p, g.const("z", 0.0)]),
                                                    g.const("one", 1.0)]),
                                       g.const("inv_k", 1.0 / k)])
                probs = g.op("Where", [zero, uniform, norm])
        else:
            raise SystemExit("unknown proba kind %s" % kind)
        if brk == "shape":
            probs = g.op("Slice", [probs, g.const("st", [0], np.int64),
                                   g.const("en", [k - 1], np.int64),
                                   g.const("ax", [1], np.int64)])
        idx = g.op("ArgMax", [two], axis=1, keepdims=0)
        if classes.dtype.kind in "iu":
            labels = classes.astype(np.int64)
            LT = TensorProto.INT64
        else:
            labels = np.array([str(c) for c in classes], dtype=object)
            LT = TensorProto.STRING
        if brk == "label":
            labels = labels.copy()
            labels[[0, 1]] = labels[[1, 0]]
        lab_init = g.name("classes")
        g.inits.append(helper.make_tensor(lab_init, LT, [k],
                                          labels.tolist() if LT == TensorProto.INT64
                                          else [s.encode() for s in labels]))
        g.op("Gather", [lab_init, idx], out="label", axis=0)
        outputs.append(helper.make_tensor_value_info("label", LT, [None]))
        pname = "probs" if brk == "name" else "probabilities"
        if opts.get("zipmap") == "true" and brk != "nozipmap":
            pf = probs if T == TensorProto.FLOAT else g.op("Cast", [probs], to=TensorProto.FLOAT)
            zm = {"classlabels_int64s": labels.tolist()} if LT == TensorProto.INT64 \
                else {"classlabels_strings": [str(s) for s in labels]}
            g.op("ZipMap", [pf], out=pname, domain="ai.onnx.ml", **zm)
            st = onnx.TypeProto()
            st.sequence_type.elem_type.map_type.key_type = LT
            st.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
            outputs.append(helper.make_value_info(pname, st))
        else:
            g.op("Identity", [probs], out=pname)
            outputs.append(helper.make_tensor_value_info(pname, T, [None, k - (brk == "shape")]))
    graph = helper.make_graph(g.nodes, "ref_convert", [
        helper.make_tensor_value_info("X", T, [None, n_features])], outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                    helper.make_opsetid("ai.onnx.ml", ML_OPSET)],
                              producer_name="ref_convert(dev)")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    sys.exit(main())
