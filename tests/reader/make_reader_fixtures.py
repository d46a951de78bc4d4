#!/usr/bin/python3
"""Make the fixtures of the reader tests (tests/reader) with real scikit-learn.

Usage:
    /usr/bin/python3 tests/reader/make_reader_fixtures.py OUTDIR

Run by ctest as the setup fixture of reader_tests; nothing it writes is
committed. Needs Debian's python3-sklearn (scikit-learn 1.2.1, numpy 1.24,
joblib 1.2): call /usr/bin/python3 explicitly.

OUTDIR/
  <case>.<variant>       one object written many ways: pickle protocols 2-5
                         (p2.pkl ... p5.pkl; also 0 and 1 for the legacy
                         case), joblib uncompressed (joblib),
                         joblib compressed (joblib.z .gz .bz2 .xz .lzma),
                         joblib with pickle protocol 2 (joblib.p2), joblib to
                         a non-seekable stream (joblib.noalign), lz4
                         (joblib.lz4, refused by the reader), and numpy 2.x
                         module names (np2.p2.pkl, np2.p4.pkl, np2.p5.pkl:
                         written by numpy 2 itself, or renamed under 1.x)
  <case>.json            what Python sees in the object: a list of checks
                         {"path": [...], "type": ..., ...} the C++ tests
                         replay (see describe() below)
  hostile/*.pkl          pickles whose REDUCE would run a command that
                         creates a file in OUTDIR/markers/ if executed
  index.json             cases and variants
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pickle  # noqa: E402
import pickletools  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import joblib  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

JOBLIB_COMPRESSIONS = {"z": "zlib", "gz": "gzip", "bz2": "bz2", "xz": "xz", "lzma": "lzma"}


# ---------------------------------------------------------------------------
# What the C++ tests check: one entry per value, addressed by a path of
# attribute / dict keys (str) and item indices (int, flat for object arrays).

def dtype_str(dt):
    """numpy dtype as onnxconv's DType::str() prints it (native order)."""
    if dt.subdtype is not None:
        base, shape = dt.subdtype
        dims = ",".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
        return "(" + dims + ")" + dtype_str(base)
    if dt.names:
        parts = []
        for name in dt.names:
            ft, off = dt.fields[name][:2]
            parts.append("%s:%s@%d" % (name, dtype_str(ft), off))
        return "{" + ",".join(parts) + "}"
    if dt.kind == "O":
        return "|O"
    order = "<" if dt.kind in "iufcMmU" and dt.itemsize > 1 else "|"
    size = dt.itemsize // 4 if dt.kind == "U" else dt.itemsize
    return "%s%s%d" % (order, dt.kind, size)


def json_number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def flat_values(a):
    """C-order element values of a non-object, non-structured array."""
    flat = np.ascontiguousarray(a).reshape(-1)
    k = a.dtype.kind
    if k == "f":
        return [json_number(v) for v in flat]
    if k in "iu":
        return [int(v) for v in flat]
    if k == "b":
        return [bool(v) for v in flat]
    if k == "c":
        return [[json_number(v.real), json_number(v.imag)] for v in flat]
    if k == "U":
        return [str(v) for v in flat]
    if k in "SV":
        return [bytes(v).hex() for v in flat]
    if k in "Mm":
        return [int(v.view("i8")) for v in flat]
    raise ValueError(a.dtype)


def describe(path, obj, checks, depth=0):
    """Appends checks for obj at path; recurses into containers a little."""
    if isinstance(obj, np.ndarray):
        c = {"path": path, "type": "array", "dtype": dtype_str(obj.dtype), "shape": list(obj.shape)}
        if obj.dtype.kind == "O":
            c["objects"] = [type_of(v) for v in obj.reshape(-1)]
            checks.append(c)
            if depth < 2:
                for i, v in enumerate(obj.reshape(-1)):
                    describe(path + [i], v, checks, depth + 1)
            return
        if obj.dtype.names:
            # Per field, C order; a sub-array field's elements flattened.
            c["fields"] = {name: flat_values(obj[name]) for name in obj.dtype.names}
        else:
            c["values"] = flat_values(obj)
        checks.append(c)
        return
    if isinstance(obj, np.generic):
        c = {"path": path, "type": "numpy_scalar", "dtype": dtype_str(obj.dtype)}
        k = obj.dtype.kind
        if k == "f":
            c["value"] = json_number(obj)
        elif k in "iu":
            c["value"] = int(obj)
        elif k == "b":
            c["value"] = bool(obj)
        elif k == "U":
            c["value"] = str(obj)
        elif k == "c":
            c["value"] = [json_number(obj.real), json_number(obj.imag)]
        checks.append(c)
        return
    if isinstance(obj, bool):
        checks.append({"path": path, "type": "bool", "value": obj})
    elif isinstance(obj, int):
        if -(2 ** 63) <= obj < 2 ** 63:
            checks.append({"path": path, "type": "int", "value": obj})
        else:
            checks.append({"path": path, "type": "bigint", "value": str(obj)})
    elif isinstance(obj, float):
        checks.append({"path": path, "type": "float", "value": json_number(obj)})
    elif isinstance(obj, str):
        checks.append({"path": path, "type": "str", "value": obj})
    elif isinstance(obj, (bytes, bytearray)):
        checks.append({"path": path, "type": "bytes", "value": bytes(obj).hex()})
    elif obj is None:
        checks.append({"path": path, "type": "none"})
    elif isinstance(obj, (list, tuple)):
        checks.append({"path": path, "type": type(obj).__name__, "len": len(obj)})
        if depth < 3:
            for i, v in enumerate(obj):
                describe(path + [i], v, checks, depth + 1)
    elif isinstance(obj, (set, frozenset)):
        checks.append({"path": path, "type": "set", "len": len(obj)})
    elif isinstance(obj, dict):
        checks.append({"path": path, "type": "dict", "len": len(obj)})
        if depth < 3:
            for k, v in obj.items():
                if isinstance(k, str):
                    describe(path + [k], v, checks, depth + 1)
    elif isinstance(obj, type):
        checks.append({"path": path, "type": "global", "class": obj.__module__ + "." + obj.__qualname__})
    else:
        checks.append({"path": path, "type": "instance", "class": type_of(obj)})


def type_of(obj):
    t = type(obj)
    if t.__module__ == "builtins":
        return t.__name__
    return t.__module__ + "." + t.__qualname__


# ---------------------------------------------------------------------------
# The objects.

def iris():
    X, y = load_iris(return_X_y=True)
    return X, y


def logreg_case():
    X, y = iris()
    names = np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]
    m = LogisticRegression(max_iter=500).fit(X, names)
    checks = []
    describe([], m, checks)
    state = m.__getstate__()  # the instance dict plus _sklearn_version
    # multi_class is absent from 1.8 on.
    for attr in ("classes_", "coef_", "intercept_", "n_features_in_", "C", "multi_class", "_sklearn_version",
                 "n_iter_"):
        if attr in state:
            describe([attr], state[attr], checks)
    return m, checks


def tree_case():
    X, y = iris()
    m = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    checks = []
    describe([], m, checks)
    for attr in ("classes_", "n_classes_", "max_depth", "n_features_in_"):
        describe([attr], getattr(m, attr), checks)
    t = m.tree_
    checks.append({"path": ["tree_"], "type": "instance", "class": "sklearn.tree._tree.Tree"})
    state = t.__getstate__()
    for key in ("max_depth", "node_count", "nodes", "values"):
        describe(["tree_", key], state[key], checks)
    n_features, n_classes, n_outputs = t.__reduce__()[1]
    checks.append({"path": ["tree_", "#args"], "type": "tuple", "len": 3})
    describe(["tree_", "#args", 0], n_features, checks)
    describe(["tree_", "#args", 1], n_classes, checks)
    describe(["tree_", "#args", 2], n_outputs, checks)
    return m, checks


def gb_case():
    X, y = iris()
    m = GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=0).fit(X, y)
    checks = []
    describe([], m, checks)
    describe(["estimators_"], m.estimators_, checks)
    describe(["classes_"], m.classes_, checks)
    first = m.estimators_[0, 0].tree_.__getstate__()
    for key in ("node_count", "nodes", "values"):
        describe(["estimators_", 0, "tree_", key], first[key], checks)
    last = m.estimators_[-1, -1].tree_.__getstate__()
    describe(["estimators_", m.estimators_.size - 1, "tree_", "nodes"], last["nodes"], checks)
    checks.append({"path": ["init_"], "type": "instance", "class": type_of(m.init_)})
    return m, checks


def hgb_case():
    X, y = iris()
    m = HistGradientBoostingClassifier(max_iter=3, max_leaf_nodes=5, random_state=0).fit(X, y)
    checks = []
    describe([], m, checks)
    for attr in ("n_trees_per_iteration_", "_baseline_prediction", "classes_"):
        describe([attr], getattr(m, attr), checks)
    checks.append({"path": ["_predictors"], "type": "list", "len": len(m._predictors)})
    checks.append({"path": ["_loss"], "type": "instance", "class": type_of(m._loss)})
    for i in (0, len(m._predictors) - 1):
        for k in range(len(m._predictors[i])):
            p = m._predictors[i][k]
            checks.append({"path": ["_predictors", i, k], "type": "instance", "class": type_of(p)})
            describe(["_predictors", i, k, "nodes"], p.nodes, checks)
    return m, checks


def arrays_case():
    """Arrays and scalars of every layout the reader must handle."""
    rng = np.random.RandomState(0)
    point = np.dtype([("x", ">f8"), ("n", ">i4"), ("tag", "S3"), ("v", ">f4", (2,))])
    points = np.zeros(3, dtype=point)
    points["x"] = [1.5, -2.25, 1e300]
    points["n"] = [1, -2, 2 ** 31 - 1]
    points["tag"] = [b"ab", b"xyz", b""]
    points["v"] = [[0.5, 1.5], [2.5, -3.5], [4.0, 5.0]]
    obj = {
        "big_endian_f8": np.arange(6, dtype=">f8").reshape(2, 3) / 7,
        "big_endian_i4": np.array([1, -2, 2 ** 31 - 1, -(2 ** 31)], dtype=">i4"),
        "big_endian_c16": np.array([1 + 2j, -0.5j], dtype=">c16"),
        "big_endian_u2": np.array([1, 258, 65535], dtype=">u2"),
        "fortran_f8": np.asfortranarray(np.arange(24, dtype="f8").reshape(2, 3, 4) * 1.5),
        "fortran_big_i2": np.asfortranarray(np.arange(12, dtype=">i2").reshape(3, 4) - 5),
        "fortran_objects": np.asfortranarray(np.array([[1, "a", 2.5], [None, "b", 3]], dtype=object)),
        "unicode": np.array(["setosa", "ü€𝄞", ""]),
        "bytes_s": np.array([b"ab", b"", b"xyz"]),
        "bools": np.array([True, False, True]),
        "zero_d": np.array(3.25),
        "empty_2d": np.zeros((0, 3)),
        "uint64": np.array([0, 2 ** 64 - 1, 2 ** 63], dtype="u8"),
        "float16": np.array([0.5, -2.0, 65504.0], dtype="f2"),
        "float32": rng.rand(5).astype("f4"),
        "int8": np.array([-128, 0, 127], dtype="i1"),
        "structured_big": points,
        "datetime": np.array(["2020-01-01", "1970-01-02"], dtype="M8[D]"),
        "scalar_f8": np.float64(-0.1),
        "scalar_i8": np.int64(-(2 ** 62)),
        "scalar_u8_big": np.uint64(2 ** 64 - 1),
        "scalar_bool": np.bool_(True),
        "scalar_str": np.str_("hello"),
        "scalar_f2": np.float16(1.5),
        "scalar_c16": np.complex128(1 - 2j),
        "py_big_int": 2 ** 70 + 1,
        "py_neg_big_int": -(2 ** 70),
        "py_int_long1": 2 ** 40,
        "py_float": 0.1,
        "py_str": "ß∂ƒ",
        "py_bytes": b"\x00\xff\x80 latin",
        "py_bytearray": bytearray(b"\x01\x02"),
        "py_set": {1, 2, 3},
        "py_frozenset": frozenset(["a"]),
        "py_tuple": (1, (2, (3, None)), [True, False]),
        "py_empty_bytes": b"",
        "dtype_obj": np.dtype(">i2"),
        "type_obj": np.float64,
    }
    shared = np.arange(3.0)
    obj["shared_a"] = shared
    obj["shared_b"] = shared
    checks = []
    for k, v in obj.items():
        if k == "dtype_obj":
            checks.append({"path": [k], "type": "dtype", "dtype": dtype_str(v)})
            continue
        describe([k], v, checks)
    return obj, checks


def large_case():
    """Arrays and bytes of 4096 bytes or more (StreamBytes::kDeferFrom): the
    reader views those in C order and native byte order in the stream, and
    copies the others into that layout."""
    rng = np.random.RandomState(1)
    node = np.dtype([("left_child", "<i8"), ("right_child", "<i8"), ("feature", "<i8"),
                     ("threshold", "<f8"), ("missing_go_to_left", "u1")], align=True)
    nodes = np.zeros(300, dtype=node)
    nodes["left_child"] = np.arange(300) - 1
    nodes["right_child"] = np.arange(300) * 3
    nodes["feature"] = np.arange(300) % 7
    nodes["threshold"] = rng.rand(300)
    nodes["missing_go_to_left"] = np.arange(300) % 2
    c_f8 = rng.rand(40, 30)
    blob = bytes(range(256)) * 20
    obj = {
        "c_f8": c_f8,
        "c_f8_again": c_f8,
        "c_u1": (np.arange(5000) % 251).astype("u1"),
        "nodes": nodes,
        "big_endian_f8": rng.rand(700).astype(">f8"),
        "fortran_f8": np.asfortranarray(rng.rand(30, 40)),
        "fortran_big_i4": np.asfortranarray(np.arange(2400, dtype=">i4").reshape(40, 60) - 1000),
        "blob": blob,
        "blob_again": blob,
        "blob_array": bytearray(blob[::-1]),
    }
    checks = []
    for k, v in obj.items():
        describe([k], v, checks)
    return obj, checks


class Plain:
    """A plain class: protocols 0 and 1 write it with copy_reg._reconstructor."""

    def __init__(self):
        self.name = "plain"
        self.values = [1, 2.5, None]


def legacy_case():
    """Python values and a numpy array, for protocols 0 and 1 too."""
    obj = {
        "ints": [0, 1, -1, 255, 65536, -(2 ** 31), 2 ** 31, 2 ** 63 - 1, -(2 ** 63), 2 ** 64, -(2 ** 100)],
        "floats": [0.0, -1.5, 1e-310, 1e308, float("inf"), float("-inf")],
        "text": ["", "ascii", "quote ' and \" and \\ backslash", "line\nbreak", "é€𝄞"],
        "bytes": [b"", b"\x00\x01\xfe\xff", b"plain"],
        "bools": [True, False, None],
        "tuple": (1, ("nested", ()), {}),
        "set": {4, 5},
        "frozenset": frozenset([6]),
        "array": np.array([[1.5, 2.5], [3.5, 4.5]]),
        "array_objects": np.array(["a", "bc"], dtype=object),
        "plain": Plain(),
    }
    checks = []
    for k, v in obj.items():
        if k == "plain":
            checks.append({"path": [k], "type": "instance", "class": "__main__.Plain"})
            describe([k, "name"], v.name, checks)
            describe([k, "values"], v.values, checks)
            continue
        describe([k], v, checks)
    return obj, checks


CASES = {
    "logreg": logreg_case,
    "tree": tree_case,
    "gb": gb_case,
    "hgb": hgb_case,
    "arrays": arrays_case,
    "large": large_case,
    "legacy": legacy_case,
}


# ---------------------------------------------------------------------------
# Writing.

class NonSeekable(io.RawIOBase):
    """A write-only stream without tell(): joblib then writes no padding."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def seekable(self):
        return False

    def write(self, b):
        self.data += b
        return len(b)


NUMPY_MAJOR = int(np.__version__.split(".")[0])

NUMPY2_NAMES = {
    "numpy.core.multiarray": "numpy._core.multiarray",
    "numpy.core.numeric": "numpy._core.numeric",
}


def numpy2_names(data):
    """The same pickle with numpy 2.x module names (numpy._core.*).

    Re-emits the opcodes, renaming the module strings of GLOBAL and
    STACK_GLOBAL; FRAMEs are dropped (they are optional)."""
    out = bytearray()
    ops = list(pickletools.genops(data))
    for i, (op, arg, pos) in enumerate(ops):
        end = ops[i + 1][2] if i + 1 < len(ops) else len(data)
        raw = data[pos:end]
        if op.name == "FRAME":
            continue
        if op.name == "GLOBAL":
            module, name = arg.split(" ", 1)
            module = NUMPY2_NAMES.get(module, module)
            raw = b"c" + module.encode() + b"\n" + name.encode() + b"\n"
        elif op.name in ("SHORT_BINUNICODE", "BINUNICODE") and arg in NUMPY2_NAMES:
            new = NUMPY2_NAMES[arg].encode()
            raw = b"\x8c" + bytes([len(new)]) + new
        out += raw
    return bytes(out)


def load_with_numpy2_aliases(data):
    import numpy.core.multiarray
    import numpy.core.numeric
    saved = {k: sys.modules.get(k) for k in ("numpy._core", "numpy._core.multiarray", "numpy._core.numeric")}
    sys.modules["numpy._core"] = np.core
    sys.modules["numpy._core.multiarray"] = numpy.core.multiarray
    sys.modules["numpy._core.numeric"] = numpy.core.numeric
    try:
        return pickle.loads(data)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def write_case(outdir, name, obj):
    variants = []
    for proto in ((0, 1, 2, 3, 4, 5) if name == "legacy" else (2, 3, 4, 5)):
        write(os.path.join(outdir, "%s.p%d.pkl" % (name, proto)), pickle.dumps(obj, protocol=proto))
        variants.append("p%d.pkl" % proto)
    joblib.dump(obj, os.path.join(outdir, name + ".joblib"))
    variants.append("joblib")
    for ext, method in JOBLIB_COMPRESSIONS.items():
        joblib.dump(obj, os.path.join(outdir, "%s.joblib.%s" % (name, ext)), compress=(method, 3))
        variants.append("joblib." + ext)
    joblib.dump(obj, os.path.join(outdir, name + ".joblib.p2"), protocol=2)
    variants.append("joblib.p2")
    stream = NonSeekable()
    joblib.dump(obj, stream)
    write(os.path.join(outdir, name + ".joblib.noalign"), bytes(stream.data))
    variants.append("joblib.noalign")
    for proto in (2, 4, 5):
        patched = pickle.dumps(obj, protocol=proto)
        if NUMPY_MAJOR < 2:  # numpy 2 writes these names itself
            patched = numpy2_names(patched)
            load_with_numpy2_aliases(patched)  # Python reads it back
        assert b"numpy.core" not in patched
        write(os.path.join(outdir, "%s.np2.p%d.pkl" % (name, proto)), patched)
        variants.append("np2.p%d.pkl" % proto)
    return variants


def concatenated_streams(outdir):
    """logreg.joblib split in two, each half compressed on its own, joined.

    joblib reads such bz2, xz and lzma files whole (Python's readers go on
    to the next stream). Its zlib and gzip readers do not: joblib 1.2 runs
    out of memory on them (checked), so those are not loaded back here; the
    reader accepts them as gzip/zlib tools do."""
    import bz2
    import gzip
    import lzma
    import zlib
    with open(os.path.join(outdir, "logreg.joblib"), "rb") as f:
        raw = f.read()
    halves = (raw[: len(raw) // 2], raw[len(raw) // 2:])
    makers = {
        "gz": lambda b: gzip.compress(b, mtime=0),
        "z": zlib.compress,
        "bz2": bz2.compress,
        "xz": lambda b: lzma.compress(b, format=lzma.FORMAT_XZ),
        "lzma": lambda b: lzma.compress(b, format=lzma.FORMAT_ALONE),
    }
    names = []
    for ext, make in makers.items():
        name = "logreg.concat." + ext
        data = make(halves[0]) + make(halves[1])
        if ext in ("bz2", "xz", "lzma"):
            assert type(joblib.load(io.BytesIO(data))).__name__ == "LogisticRegression"
        write(os.path.join(outdir, name), data)
        names.append(name)
    return names


# ---------------------------------------------------------------------------
# Hostile pickles: if anything ever ran them, a file appears in markers/.

class Call:
    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


def hostile(outdir):
    markers = os.path.join(outdir, "markers")
    os.makedirs(markers, exist_ok=True)
    hdir = os.path.join(outdir, "hostile")
    os.makedirs(hdir, exist_ok=True)
    touch = lambda tag: "touch " + os.path.join(markers, tag)  # noqa: E731
    files = {}
    for proto in (0, 2, 4, 5):
        files["posix_system.p%d" % proto] = (pickle.dumps(Call(os.system, touch("posix%d" % proto)), protocol=proto),
                                             "posix.system")
    files["builtins_eval.p4"] = (pickle.dumps(Call(eval, "__import__('os').system(%r)" % touch("eval")),
                                              protocol=4), "builtins.eval")
    files["builtins_exec.p2"] = (pickle.dumps(Call(exec, "import os; os.system(%r)" % touch("exec")),
                                              protocol=2), "builtins.exec")
    files["subprocess_popen.p4"] = (pickle.dumps(Call(subprocess.Popen, ["touch", os.path.join(markers, "popen")]),
                                                 protocol=4), "subprocess.Popen")
    # os.system spelled with the os module (as hand-written exploits do).
    files["os_system.p0"] = (b"cos\nsystem\n(V" + touch("os").encode() + b"\ntR.", "os.system")
    # Inside a real estimator: the model reads, the attribute stays inert.
    m = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    m.evil_ = Call(os.system, touch("in_model"))
    files["in_model.p4"] = (pickle.dumps(m, protocol=4), "sklearn.linear_model._logistic.LogisticRegression")
    names = {}
    for name, (data, what) in files.items():
        write(os.path.join(hdir, name + ".pkl"), data)
        names[name] = what
    return names


def dtype_layout(dtype):
    """itemsize and [name, offset, type] of a structured dtype, in order."""
    fields = sorted(dtype.fields.items(), key=lambda kv: kv[1][1])
    return {"itemsize": dtype.itemsize,
            "fields": [[name, f[1], f[0].str] for name, f in fields]}


def node_layouts():
    """The node records this release writes (they change across releases:
    1.3 adds missing_go_to_left to trees, HistGradientBoosting's widen)."""
    tree = CASES["tree"]()[0].tree_.__getstate__()["nodes"].dtype
    hgb = CASES["hgb"]()[0]._predictors[0][0].nodes.dtype
    return {"tree": dtype_layout(tree), "hgb": dtype_layout(hgb)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    warnings.simplefilter("ignore")
    index = {"cases": {}, "lz4": None}
    for name, make in CASES.items():
        obj, checks = make()
        index["cases"][name] = write_case(outdir, name, obj)
        with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(checks, f, allow_nan=False, ensure_ascii=False)
            f.write("\n")
    try:
        joblib.dump(CASES["logreg"]()[0], os.path.join(outdir, "logreg.joblib.lz4"), compress="lz4")
        index["lz4"] = "logreg.joblib.lz4"
    except ValueError:  # lz4 not installed: the test makes its own header
        pass
    index["layouts"] = node_layouts()
    index["concatenated"] = concatenated_streams(outdir)
    index["hostile"] = hostile(outdir)
    with open(os.path.join(outdir, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
