#!/usr/bin/python3
"""Prints the node count of an ONNX model (by op type) and the size of its
tree ensembles: `nodes=7 ops=Cast:1,Gather:1,... tree_nodes=8000 trees=200
max_depth=5 onnx_bytes=...`.

usage: /usr/bin/python3 bench/woe/graph_stats.py MODEL.onnx
"""
import collections
import os
import sys

import onnx


def tree_depths(node):
    attrs = {a.name: a for a in node.attribute}
    trees = list(attrs["nodes_treeids"].ints)
    ids = list(attrs["nodes_nodeids"].ints)
    true_ids = list(attrs["nodes_truenodeids"].ints)
    false_ids = list(attrs["nodes_falsenodeids"].ints)
    modes = [m.decode() for m in attrs["nodes_modes"].strings]
    children = {}
    for t, i, a, b, m in zip(trees, ids, true_ids, false_ids, modes):
        children[(t, i)] = None if m == "LEAF" else (a, b)

    def depth(t, i):
        c = children[(t, i)]
        return 0 if c is None else 1 + max(depth(t, c[0]), depth(t, c[1]))

    return len(trees), len(set(trees)), max(depth(t, 0) for t in set(trees))


def main():
    path = sys.argv[1]
    model = onnx.load(path)
    ops = collections.Counter(n.op_type for n in model.graph.node)
    stats = ["nodes=%d" % len(model.graph.node),
             "ops=" + ",".join("%s:%d" % kv for kv in sorted(ops.items()))]
    for n in model.graph.node:
        if n.op_type.startswith("TreeEnsemble"):
            nodes, trees, depth = tree_depths(n)
            stats.append("tree_nodes=%d trees=%d max_depth=%d" % (nodes, trees, depth))
    stats.append("onnx_bytes=%d" % os.path.getsize(path))
    print(" ".join(stats))


if __name__ == "__main__":
    main()
