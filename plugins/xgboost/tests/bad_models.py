#!/usr/bin/python3
"""Broken XGBoost model files must be refused clearly, naming the place.

usage: python bad_models.py --onnxconv BIN OUTDIR

Writes a small model document in XGBoost's layout (one depth-1 tree, the
fields save_model writes; no xgboost needed), as JSON and as UBJSON
(encoded here as XGBoost encodes it: typed arrays, int64 lengths), then
damaged variants: truncated files, a length past the end, array sizes
that disagree with num_nodes, out-of-range features and groups, cycles,
an unsupported objective / booster. Each must make `onnxconv convert` exit
non-zero, write nothing, and say what and where on stderr.
"""
import copy
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests"))
import bad_input_harness as harness  # noqa: E402


def model():
    tree = {
        "base_weights": [0.0, -0.5, 0.5], "categories": [], "categories_nodes": [],
        "categories_segments": [], "categories_sizes": [], "default_left": [1, 0, 0], "id": 0,
        "left_children": [1, -1, -1], "loss_changes": [1.0, 0.0, 0.0], "parents": [2147483647, 0, 0],
        "right_children": [2, -1, -1], "split_conditions": [0.25, -0.5, 0.5], "split_indices": [1, 0, 0],
        "split_type": [0, 0, 0], "sum_hessian": [10.0, 5.0, 5.0],
        "tree_param": {"num_deleted": "0", "num_feature": "3", "num_nodes": "3", "size_leaf_vector": "1"},
    }
    return {
        "learner": {
            "attributes": {}, "feature_names": [], "feature_types": [],
            "gradient_booster": {"model": {"gbtree_model_param": {"num_parallel_tree": "1", "num_trees": "1"},
                                           "iteration_indptr": [0, 1], "tree_info": [0], "trees": [tree]},
                                 "name": "gbtree"},
            "learner_model_param": {"base_score": "5E-1", "boost_from_average": "1", "num_class": "0",
                                    "num_feature": "3", "num_target": "1"},
            "objective": {"name": "reg:squarederror", "reg_loss_param": {"scale_pos_weight": "1"}},
        },
        "version": [2, 1, 4],
    }


# --------------------------------------------------------------- UBJSON

def ub_int(n):
    return b"L" + struct.pack(">q", n)


def ub_key(k):
    k = k.encode()
    return ub_int(len(k)) + k


def ubjson(v):
    """XGBoost's encoding: objects with int64 key lengths, numeric arrays typed."""
    if isinstance(v, dict):
        return b"{" + b"".join(ub_key(k) + ubjson(x) for k, x in v.items()) + b"}"
    if isinstance(v, str):
        return b"S" + ub_key(v)
    if isinstance(v, bool):
        return b"T" if v else b"F"
    if isinstance(v, int):
        return ub_int(v)
    if isinstance(v, float):
        return b"d" + struct.pack(">f", v)
    if isinstance(v, list):
        if v and all(isinstance(x, float) for x in v):
            return b"[$d#" + ub_int(len(v)) + b"".join(struct.pack(">f", x) for x in v)
        if v and all(isinstance(x, int) for x in v):
            return b"[$l#" + ub_int(len(v)) + b"".join(struct.pack(">i", x) for x in v)
        return b"[" + b"".join(ubjson(x) for x in v) + b"]"
    raise TypeError(v)


def tree(doc):
    return doc["learner"]["gradient_booster"]["model"]["trees"][0]


def changed(edit):
    doc = copy.deepcopy(model())
    edit(doc)
    return doc


def cases():
    """(name, file bytes, stderr fragments)."""
    good_json = json.dumps(model()).encode()
    good_ubj = ubjson(model())
    huge_count = good_ubj.replace(b"[$d#" + ub_int(3), b"[$d#" + ub_int(1 << 40), 1)
    return [
        ("truncated_json", good_json[:len(good_json) // 2],
         ["truncated_json.json: byte", "ends early (truncated?)"]),
        ("truncated_ubjson", good_ubj[:len(good_ubj) // 2], ["truncated_ubjson.ubj: byte", "truncated"]),
        ("ubjson_count_past_end", huge_count, ["ubjson_count_past_end.ubj: byte", "length 1099511627776 exceeds"]),
        ("json_trailing_garbage", good_json + b"}", ["unexpected bytes after the document"]),
        ("short_split_indices", json.dumps(changed(lambda d: tree(d).update(split_indices=[1, 0]))).encode(),
         ["trees[0].split_indices", "has 2 values, expected 3"]),
        ("feature_out_of_range", ubjson(changed(lambda d: tree(d).update(split_indices=[7, 0, 0]))),
         ["trees[0].split_indices", "splits on feature 7; the model has 3"]),
        ("num_nodes_past_arrays", json.dumps(changed(lambda d: tree(d)["tree_param"].update(num_nodes="99"))).encode(),
         ["tree_param.num_nodes", "is 99"]),
        ("cycle", json.dumps(changed(lambda d: tree(d).update(left_children=[1, 0, -1], right_children=[2, 0, -1]))).encode(),
         ["node 1", "both children are node 0"]),
        ("group_out_of_range", json.dumps(changed(
            lambda d: d["learner"]["gradient_booster"]["model"].update(tree_info=[4]))).encode(),
         ["tree_info", "tree 0 writes output 4 of 1"]),
        ("num_trees_disagrees", json.dumps(changed(
            lambda d: d["learner"]["gradient_booster"]["model"]["gbtree_model_param"].update(num_trees="5"))).encode(),
         ["num_trees", "is 5"]),
        ("unsupported_objective", json.dumps(changed(
            lambda d: d["learner"]["objective"].update(name="survival:cox"))).encode(),
         ["objective 'survival:cox' is not supported"]),
        ("gblinear", json.dumps(changed(
            lambda d: d["learner"]["gradient_booster"].update(name="gblinear"))).encode(),
         ["booster 'gblinear' is not supported"]),
        ("huge_num_class", json.dumps(changed(
            lambda d: d["learner"]["learner_model_param"].update(num_class="16000000"))).encode(),
         ["learner_model_param", "16000000 outputs cannot have their trees"]),
        ("huge_num_feature", json.dumps(changed(
            lambda d: d["learner"]["learner_model_param"].update(num_feature="4000000000"))).encode(),
         ["num_feature", "is 4000000000 (expected a count up to 16777216)"]),
        ("bad_base_score", json.dumps(changed(
            lambda d: d["learner"]["learner_model_param"].update(base_score="[5E-1,oops]"))).encode(),
         ["base_score", "'oops' is not a number"]),
    ]


def main():
    args = harness.parse_args()
    harness.fresh_dir(args.outdir)
    tally = harness.Tally("%-24s")
    for name, data, fragments in cases():
        ext = ".ubj" if data[:1] == b"{" and data[1:2] == b"L" else ".json"
        path = os.path.join(args.outdir, name + ext)
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(args.outdir, name + ".onnx")
        tally.record(name, *harness.check_refused([args.onnxconv, "convert", path, "-o", out], out, fragments))
    # The undamaged documents convert (the damage is what is refused).
    for name, data in (("good_json", json.dumps(model()).encode()), ("good_ubjson", ubjson(model()))):
        path = os.path.join(args.outdir, name + ".model")
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(args.outdir, name + ".onnx")
        import subprocess
        r = subprocess.run([args.onnxconv, "convert", path, "-o", out], capture_output=True, text=True, timeout=60)
        tally.record(name, [] if r.returncode == 0 and os.path.exists(out) else ["did not convert"], r.stderr.strip())
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
