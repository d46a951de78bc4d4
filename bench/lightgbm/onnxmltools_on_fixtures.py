"""onnxmltools on a few of the lightgbm fixture cases (bench only, private venv
as in bench_onnxmltools.py; fixtures from `generate_fixtures.py OUT --family lightgbm`
in the 1.9.1 environment, here read from /tmp/lgbm-fx/1.9.1). Prints, per case,
the largest relative difference to LightGBM, the rows off by more than 1e-4
and the label mismatches."""
import json, pickle, warnings, numpy as np, onnxmltools, onnxruntime as ort
from onnxmltools.convert.common.data_types import FloatTensorType
warnings.filterwarnings("ignore")
for case in ["clf_binary_neg_sigmoid_f32", "clf_multiclassova_neg_f32", "reg_zero_as_missing_f32", "clf_categorical_multi_str_f32", "reg_l2_f32"]:
    d = "/tmp/lgbm-fx/1.9.1/lightgbm/" + case
    c = json.load(open(d + "/case.json"))
    m = pickle.load(open(d + "/model.pkl", "rb"))
    X = np.array([[np.nan if v == "NaN" else v for v in r] for r in c["X"]], dtype=np.float32)
    try:
        onx = onnxmltools.convert_lightgbm(m, initial_types=[("X", FloatTensorType([None, X.shape[1]]))], zipmap=False, target_opset=15)
    except Exception as e:
        print(case, "onnxmltools refused:", str(e)[:100]); continue
    s = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    out = s.run(None, {"X": X})
    if "probabilities" in c["expected"]:
        exp = np.array(c["expected"]["probabilities"]); got = np.asarray(out[1])
        lab = sum(str(a) != str(b) for a, b in zip(out[0], c["expected"]["label"]))
    else:
        exp = np.array(c["expected"]["variable"]); got = np.asarray(out[0]).reshape(exp.shape); lab = "-"
    err = np.abs(got - exp) / np.maximum(np.abs(exp), 1)
    print(case, "max rel %.3g" % err.max(), "rows > 1e-4:", int((err.max(axis=1) > 1e-4).sum()), "label mismatches", lab)
