"""Shared by the bad-input tests (tests/trees/bad_models.py,
tests/woe/bad_inputs.py, plugins/isolation_forest/tests/bad_models.py): they
write broken models, run `onnxconv convert` on each and check that it exits
non-zero, writes no output file, and that stderr holds every expected
fragment. Prints one PASS/FAIL line per case and "N passed, M failed"; the
exit code is 0 only when every case passed and there was at least one.

Each script puts this folder on sys.path (relative to its own __file__, so
ctest can run it from anywhere) and imports it.
"""
import argparse
import os
import pickle
import shutil
import subprocess


def parse_args():
    """--onnxconv BIN OUTDIR."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnxconv", required=True)
    ap.add_argument("outdir")
    return ap.parse_args()


def fresh_dir(path):
    """An empty folder at `path` (what was there is removed)."""
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def write_pickle(path, model):
    with open(path, "wb") as f:
        pickle.dump(model, f, protocol=4)


def corrupt_tree(est, field, node, value):
    """Sets nodes[node][field] = value in est.tree_ through its pickle state
    (Tree.__setstate__ copies whatever node array it is given, as a broken
    or hostile file could hold). Returns est."""
    t = est.tree_
    state = t.__getstate__()
    nodes = state["nodes"].copy()
    nodes[node][field] = value
    state["nodes"] = nodes
    t.__setstate__(state)
    return est


def claim_tree_state(est, **fields):
    """Makes est.tree_ pickle with `fields` of its state replaced (e.g.
    node_count=-5): values Tree.__setstate__ itself would refuse, but a
    hand-made file can hold anything. Returns est."""
    from sklearn.tree._tree import Tree

    class ClaimingTree(Tree):
        def __reduce__(self):
            cls, args, state = Tree.__reduce__(self)
            return Tree, args, dict(state, **fields)

    t = est.tree_
    cls, args, state = t.__reduce__()
    claiming = ClaimingTree(*args)
    claiming.__setstate__(state)
    est.tree_ = claiming
    return est


def check_refused(cmd, out, fragments, cwd=None):
    """Runs `cmd` (an onnxconv convert that would write `out`); returns
    (problems, stripped stderr). No problems: it failed, wrote nothing and
    stderr holds every fragment."""
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60)
    problems = []
    if r.returncode == 0:
        problems.append("exit code 0")
    if os.path.exists(out):
        problems.append("wrote %s" % out)
    problems += ["stderr lacks %r" % f for f in fragments if f not in r.stderr]
    return problems, r.stderr.strip()


class Tally:
    """PASS/FAIL lines and the closing count. `label` formats the case name
    (e.g. "%-28s" or "%s:")."""

    def __init__(self, label="%s"):
        self.label = label
        self.passed = self.failed = 0

    def record(self, name, problems, stderr):
        if problems:
            self.failed += 1
            print("FAIL %s %s\n    stderr: %s" % (self.label % name, "; ".join(problems), stderr))
        else:
            self.passed += 1
            print("PASS %s %s" % (self.label % name, stderr.splitlines()[-1] if stderr else ""))

    def finish(self):
        """Prints "N passed, M failed"; returns the exit code."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 and self.passed > 0 else 1


def option_args(options):
    """{"k": "v", ...} -> ["--option", "k=v", ...]."""
    args = []
    for k, v in options.items():
        args += ["--option", "%s=%s" % (k, v)]
    return args


def run_pickled_cases(cases, label):
    """The whole test for cases() -> [(name, model, extra CLI args, stderr
    fragments)]: each model pickled to OUTDIR/<name>.pkl and converted to
    OUTDIR/<name>.onnx. Returns the exit code."""
    args = parse_args()
    fresh_dir(args.outdir)
    tally = Tally(label)
    for name, model, extra, fragments in cases():
        path = os.path.join(args.outdir, name + ".pkl")
        write_pickle(path, model)
        onnx = os.path.join(args.outdir, name + ".onnx")
        tally.record(name, *check_refused([args.onnxconv, "convert", path, "-o", onnx] + extra, onnx, fragments))
    return tally.finish()
