// Unit tests of sdk/tree_ensemble.hpp: the float32/float64 threshold rule
// (checked on inputs exactly at and next to every threshold), tree
// validation and the emitted ai.onnx.ml attributes, through a fake host.
#include <onnxconv/sdk/tree_ensemble.hpp>

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace onnxconv::sdk;

// ------------------------------------------------------------------ fake host
struct oc_status {
  std::string message;
};

struct RecordedAttr {
  int32_t type = 0;
  int64_t i = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;
  int32_t tensor_elem = 0;
  std::vector<double> tensor_doubles;
  std::vector<float> tensor_floats;
};

struct RecordedNode {
  std::string op, domain;
  std::vector<std::string> inputs, outputs;
  std::map<std::string, RecordedAttr> attrs;
};

struct oc_context {
  int32_t float_type = OC_ELEM_FLOAT;
  int64_t ml_opset = 3;
  std::deque<std::string> names;
  std::vector<RecordedNode> nodes;
};

namespace {

oc_status* fake_make_status(const char* m) { return new oc_status{m ? m : ""}; }
const char* fake_status_message(const oc_status* s) { return s->message.c_str(); }
void fake_release_status(oc_status* s) { delete s; }
int32_t fake_float_type(oc_context* c) { return c->float_type; }
int64_t fake_opset(oc_context* c, const char* domain) {
  return domain && std::string(domain) == "ai.onnx.ml" ? c->ml_opset : 17;
}
const char* fake_option(oc_context*, const char*) { return nullptr; }
const char* fake_unique_name(oc_context* c, const char* hint) {
  c->names.push_back(std::string(hint) + "_" + std::to_string(c->names.size()));
  return c->names.back().c_str();
}
oc_status* fake_add_initializer(oc_context* c, const char* hint, const oc_tensor*, const char** out) {
  *out = fake_unique_name(c, hint);
  return nullptr;
}
oc_status* fake_add_node(oc_context* c, const oc_node* n) {
  RecordedNode r;
  r.op = n->op_type;
  r.domain = n->domain ? n->domain : "";
  for (size_t i = 0; i < n->n_inputs; ++i) r.inputs.push_back(n->inputs[i]);
  for (size_t i = 0; i < n->n_outputs; ++i) r.outputs.push_back(n->outputs[i]);
  for (size_t k = 0; k < n->n_attributes; ++k) {
    const oc_attribute& a = n->attributes[k];
    RecordedAttr ra;
    ra.type = a.type;
    ra.i = a.i;
    if (a.type == OC_ATTR_STRING) ra.s = a.s;
    if (a.type == OC_ATTR_INTS) ra.ints.assign(a.ints, a.ints + a.count);
    if (a.type == OC_ATTR_FLOATS) ra.floats.assign(a.floats, a.floats + a.count);
    if (a.type == OC_ATTR_STRINGS)
      for (size_t j = 0; j < a.count; ++j) ra.strings.push_back(a.strings[j]);
    if (a.type == OC_ATTR_TENSOR && a.tensor != nullptr) {  // (adopted: no tensor)
      ra.tensor_elem = a.tensor->elem_type;
      size_t count = 1;
      for (size_t d = 0; d < a.tensor->rank; ++d) count *= size_t(a.tensor->dims[d]);
      if (a.tensor->elem_type == OC_ELEM_DOUBLE) {
        auto p = static_cast<const double*>(a.tensor->data);
        ra.tensor_doubles.assign(p, p + count);
      } else if (a.tensor->elem_type == OC_ELEM_FLOAT) {
        auto p = static_cast<const float*>(a.tensor->data);
        ra.tensor_floats.assign(p, p + count);
      }
    }
    r.attrs[a.name] = ra;
  }
  c->nodes.push_back(std::move(r));
  return nullptr;
}

// Records an adopted array the way fake_add_node records a copied one,
// then releases it as the host does.
void record_adopted(RecordedAttr& ra, const oc_adopted_array& a) {
  auto at = [&](size_t i) -> double {
    switch (a.elem_type) {
      case OC_ELEM_UINT8: return static_cast<const uint8_t*>(a.data)[i];
      case OC_ELEM_INT32: return static_cast<const int32_t*>(a.data)[i];
      case OC_ELEM_INT64: return double(static_cast<const int64_t*>(a.data)[i]);
      case OC_ELEM_FLOAT: return static_cast<const float*>(a.data)[i];
      default: return static_cast<const double*>(a.data)[i];
    }
  };
  for (size_t i = 0; i < a.count; ++i) {
    if (ra.type == OC_ATTR_INTS) ra.ints.push_back(int64_t(at(i)));
    if (ra.type == OC_ATTR_FLOATS) ra.floats.push_back(at(i));
    if (ra.type == OC_ATTR_STRINGS) ra.strings.push_back(a.dictionary[static_cast<const uint8_t*>(a.data)[i]]);
    if (ra.type == OC_ATTR_TENSOR && a.elem_type == OC_ELEM_DOUBLE) ra.tensor_doubles.push_back(at(i));
    if (ra.type == OC_ATTR_TENSOR && a.elem_type == OC_ELEM_FLOAT) ra.tensor_floats.push_back(float(at(i)));
  }
  if (ra.type == OC_ATTR_TENSOR) ra.tensor_elem = a.elem_type;
  if (a.release) a.release(a.release_ctx);
}

oc_status* fake_add_node_adopting(oc_context* c, const oc_node* n, const oc_adopted_array* const* adopted) {
  fake_add_node(c, n);
  RecordedNode& r = c->nodes.back();
  for (size_t k = 0; k < n->n_attributes; ++k)
    if (adopted[k]) record_adopted(r.attrs[n->attributes[k].name], *adopted[k]);
  return nullptr;
}

oc_host_api make_api() {
  oc_host_api t{};
  t.struct_size = sizeof t;
  t.abi_major = OC_ABI_MAJOR;
  t.abi_minor = OC_ABI_MINOR;
  t.make_status = fake_make_status;
  t.status_message = fake_status_message;
  t.release_status = fake_release_status;
  t.option = fake_option;
  t.float_type = fake_float_type;
  t.opset = fake_opset;
  t.unique_name = fake_unique_name;
  t.add_initializer = fake_add_initializer;
  t.add_node = fake_add_node;
  t.add_node_adopting = fake_add_node_adopting;
  return t;
}

const oc_host_api kApi = make_api();

// --------------------------------------------------------- threshold helpers

// What scikit-learn computes: v <= t (or v < t) in double, where v is the
// input as given or rounded to the nearest float32.
bool source_goes_left(double x, double t, Compare cmp, SourceInput src) {
  double v = src == SourceInput::RoundedToFloat32 ? double(static_cast<float>(x)) : x;
  return cmp == Compare::LessOrEqual ? v <= t : v < t;
}

// What the ONNX node computes on its input type.
bool onnx_goes_left(double x, double t_enc, Compare cmp) {
  return cmp == Compare::LessOrEqual ? x <= t_enc : x < t_enc;
}

double next_up(double v) { return std::nextafter(v, INFINITY); }
double next_down(double v) { return std::nextafter(v, -INFINITY); }
float next_up(float v) { return std::nextafter(v, float(INFINITY)); }
float next_down(float v) { return std::nextafter(v, -float(INFINITY)); }

// Thresholds that stress the rule: exact floats (even and odd significands),
// exact midpoints between adjacent floats (ties), one double either side of
// those, random doubles at many scales, zeros, subnormals, the float range
// limits and infinities.
std::vector<double> interesting_thresholds() {
  std::vector<double> ts;
  auto around_float = [&](float f) {
    if (std::isinf(f)) {
      ts.push_back(double(f));
      return;
    }
    double d = f;
    ts.insert(ts.end(), {d, next_up(d), next_down(d)});
    float up = next_up(f);
    if (!std::isinf(up)) {
      double m = (d + double(up)) / 2;
      ts.insert(ts.end(), {m, next_up(m), next_down(m)});
    }
  };
  for (float f : {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 1.5f, 3.0f, 1e-3f, 2.5e7f, 16777216.0f, 16777217.0f,
                  -2.75f, 0.1f, 0.7f, 100.25f, 1e30f, -1e30f, FLT_MIN, -FLT_MIN, FLT_MAX, -FLT_MAX,
                  FLT_TRUE_MIN, -FLT_TRUE_MIN, 3 * FLT_TRUE_MIN, float(INFINITY), -float(INFINITY)}) {
    around_float(f);
    around_float(next_up(f));  // the neighbour has the other parity
  }
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-140, 127);
  for (int i = 0; i < 3000; ++i) {
    double t = std::ldexp(unit(rng), exponent(rng));
    ts.push_back(t);
    around_float(static_cast<float>(t));
  }
  // scikit-learn's own thresholds: midpoints Xf[p-1]/2 + Xf[p]/2 of float32
  // training values.
  std::uniform_real_distribution<float> feature(-50.0f, 50.0f);
  for (int i = 0; i < 2000; ++i) {
    float a = feature(rng), b = next_up(a);
    if (i % 3 == 0) b = feature(rng);
    if (b < a) std::swap(a, b);
    ts.push_back(double(a) / 2.0 + double(b) / 2.0);
  }
  ts.push_back(DBL_MAX);
  ts.push_back(-DBL_MAX);
  ts.push_back(double(FLT_MAX) * 1.5);
  ts.push_back(-double(FLT_MAX) * 1.5);
  ts.push_back(tree_threshold::float_overflow_midpoint());
  ts.push_back(-tree_threshold::float_overflow_midpoint());
  return ts;
}

// float32 inputs at and next to everything that matters for t and t_enc.
std::vector<float> float_inputs(double t, double t_enc) {
  std::vector<float> xs;
  auto add = [&](float f) {
    xs.push_back(f);
    if (!std::isinf(f)) {
      xs.push_back(next_up(f));
      xs.push_back(next_down(f));
      xs.push_back(next_up(next_up(f)));
      xs.push_back(next_down(next_down(f)));
    }
  };
  for (double v : {t, t_enc}) {
    if (std::isnan(v)) continue;
    add(static_cast<float>(v));
    add(tree_threshold::float_at_or_below(v));
    add(tree_threshold::float_at_or_above(v));
  }
  xs.push_back(float(INFINITY));
  xs.push_back(-float(INFINITY));
  xs.push_back(0.0f);
  xs.push_back(-0.0f);
  return xs;
}

// float64 inputs at and next to t, t_enc, the float32 values around t and
// the midpoints between them (where rounding to float32 flips).
std::vector<double> double_inputs(double t, double t_enc) {
  std::vector<double> xs;
  auto add = [&](double d) {
    xs.push_back(d);
    if (!std::isinf(d)) {
      xs.insert(xs.end(), {next_up(d), next_down(d), next_up(next_up(d)), next_down(next_down(d))});
    }
  };
  add(t);
  add(t_enc);
  float lo = tree_threshold::float_at_or_below(t), hi = tree_threshold::float_at_or_above(t);
  for (float f : {lo, hi, next_down(lo), next_up(hi)}) {
    add(double(f));
    for (float g : {next_up(f), next_down(f)}) {
      if (std::isinf(f) || std::isinf(g)) continue;
      add((double(f) + double(g)) / 2);
    }
  }
  add(tree_threshold::float_overflow_midpoint());
  add(-tree_threshold::float_overflow_midpoint());
  xs.push_back(INFINITY);
  xs.push_back(-INFINITY);
  return xs;
}

std::string describe(double t, double enc, double x) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "t=%.17g encoded=%.17g x=%.17g", t, enc, x);
  return buf;
}

}  // namespace

// ============================================================== the rule

TEST(ThresholdRule, Float32InputsTakeScikitLearnsPathAtAndNextToEveryThreshold) {
  for (Compare cmp : {Compare::LessOrEqual, Compare::Less}) {
    for (SourceInput src : {SourceInput::AsIs, SourceInput::RoundedToFloat32}) {
      size_t checked = 0;
      for (double t : interesting_thresholds()) {
        double enc = encode_threshold(t, cmp, src, OC_ELEM_FLOAT);
        // The encoded threshold is a float32 (the host rounds floats to
        // nearest: it must not move).
        ASSERT_EQ(double(static_cast<float>(enc)), enc) << describe(t, enc, 0);
        for (float x : float_inputs(t, enc)) {
          float enc_f = static_cast<float>(enc);
          bool onnx = cmp == Compare::LessOrEqual ? x <= enc_f : x < enc_f;  // float compare, as ORT
          ASSERT_EQ(source_goes_left(double(x), t, cmp, src), onnx)
              << describe(t, enc, x) << (cmp == Compare::LessOrEqual ? " LEQ" : " LT");
          ++checked;
        }
      }
      EXPECT_GT(checked, 100000u);
    }
  }
}

TEST(ThresholdRule, Float64InputsRoundedLikeScikitLearnAtAndNextToEveryThreshold) {
  for (Compare cmp : {Compare::LessOrEqual, Compare::Less}) {
    for (double t : interesting_thresholds()) {
      double enc = encode_threshold(t, cmp, SourceInput::RoundedToFloat32, OC_ELEM_DOUBLE);
      for (double x : double_inputs(t, enc)) {
        ASSERT_EQ(source_goes_left(x, t, cmp, SourceInput::RoundedToFloat32), onnx_goes_left(x, enc, cmp))
            << describe(t, enc, x) << (cmp == Compare::LessOrEqual ? " LEQ" : " LT");
      }
    }
  }
}

TEST(ThresholdRule, Float64InputsAsIsKeepTheThreshold) {
  for (double t : interesting_thresholds()) {
    EXPECT_EQ(encode_threshold(t, Compare::LessOrEqual, SourceInput::AsIs, OC_ELEM_DOUBLE), t);
    EXPECT_EQ(encode_threshold(t, Compare::Less, SourceInput::AsIs, OC_ELEM_DOUBLE), t);
  }
}

// Exhaustive over a window of consecutive floats: every float threshold,
// every midpoint (a tie) and one double either side, against every float
// input in the window and every double at/next to every midpoint.
TEST(ThresholdRule, ExhaustiveWindow) {
  for (float start : {1.0f, -3.0f, 0.0f, 8388607.0f, FLT_MIN}) {
    std::vector<float> window;
    float f = start;
    for (int i = 0; i < 64; ++i, f = next_up(f)) window.push_back(f);
    std::vector<double> ts, xs64;
    for (size_t i = 0; i + 1 < window.size(); ++i) {
      double a = window[i], m = (a + double(window[i + 1])) / 2;
      ts.insert(ts.end(), {a, next_up(a), next_down(a), m, next_up(m), next_down(m)});
      xs64.insert(xs64.end(), {a, next_up(a), next_down(a), m, next_up(m), next_down(m)});
    }
    for (Compare cmp : {Compare::LessOrEqual, Compare::Less}) {
      for (double t : ts) {
        float enc32 = static_cast<float>(encode_threshold(t, cmp, SourceInput::RoundedToFloat32, OC_ELEM_FLOAT));
        double enc64 = encode_threshold(t, cmp, SourceInput::RoundedToFloat32, OC_ELEM_DOUBLE);
        for (float x : window) {
          bool onnx = cmp == Compare::LessOrEqual ? x <= enc32 : x < enc32;
          ASSERT_EQ(source_goes_left(x, t, cmp, SourceInput::AsIs), onnx) << describe(t, enc32, x);
        }
        for (double x : xs64)
          ASSERT_EQ(source_goes_left(x, t, cmp, SourceInput::RoundedToFloat32), onnx_goes_left(x, enc64, cmp))
              << describe(t, enc64, x);
      }
    }
  }
}

// Why a plain cast is wrong: scikit-learn's threshold between two float32
// training values a < b may round up to b, and then x = b goes left in ONNX
// but right in scikit-learn.
TEST(ThresholdRule, NaiveCastWouldSendTheUpperNeighbourLeft) {
  float a = 0.1f, b = next_up(a);
  double t = double(a) / 2 + double(b) / 2;  // the tie between a and b
  ASSERT_FALSE(double(b) <= t);
  float naive = static_cast<float>(t);  // round to nearest even
  float ours = static_cast<float>(encode_threshold(t, Compare::LessOrEqual, SourceInput::RoundedToFloat32,
                                                   OC_ELEM_FLOAT));
  EXPECT_EQ(ours, a);
  // whichever of a, b is even, the naive cast sends one of them wrong
  bool naive_b_left = b <= naive;
  bool naive_a_left = a <= naive;
  EXPECT_TRUE(naive_b_left || !naive_a_left);
  EXPECT_FALSE(b <= ours);
  EXPECT_TRUE(a <= ours);
}

TEST(ThresholdRule, SpecialValues) {
  auto enc64 = [](double t) {
    return encode_threshold(t, Compare::LessOrEqual, SourceInput::RoundedToFloat32, OC_ELEM_DOUBLE);
  };
  auto enc32 = [](double t) {
    return encode_threshold(t, Compare::LessOrEqual, SourceInput::RoundedToFloat32, OC_ELEM_FLOAT);
  };
  EXPECT_EQ(enc32(INFINITY), INFINITY);  // HistGradientBoosting's "split on NaN"
  EXPECT_EQ(enc64(INFINITY), INFINITY);
  EXPECT_EQ(enc32(1e300), double(FLT_MAX));
  EXPECT_EQ(enc32(-1e300), -INFINITY);
  EXPECT_EQ(enc64(-1e300), -tree_threshold::float_overflow_midpoint());
  // 1.0f is even: the tie above it rounds down to 1.0f and goes left.
  double m = (1.0 + double(next_up(1.0f))) / 2;
  EXPECT_EQ(enc64(1.0), m);
  EXPECT_THROW(encode_threshold(NAN, Compare::LessOrEqual, SourceInput::AsIs, OC_ELEM_FLOAT), Error);
}

// ============================================================ validation

namespace {

struct Tree {
  std::vector<int64_t> left, right, feature;
  std::vector<double> threshold;
  std::vector<uint8_t> missing;
  TreeNodes view() const {
    TreeNodes v;
    v.n_nodes = left.size();
    v.left = left.data();
    v.right = right.data();
    v.feature = feature.data();
    v.threshold = threshold.data();
    v.missing_left = missing.empty() ? nullptr : missing.data();
    return v;
  }
};

// node 0: x1 <= 0.5 ? node 1 (leaf) : node 2
// node 2: x0 <= 2.25 ? node 3 (leaf) : node 4 (leaf)
Tree small_tree() {
  Tree t;
  t.left = {1, -1, 3, -1, -1};
  t.right = {2, -1, 4, -1, -1};
  t.feature = {1, -2, 0, -2, -2};
  t.threshold = {0.5, -2, 2.25, -2, -2};
  return t;
}

TreeEnsemble::Options options(int32_t float_type = OC_ELEM_FLOAT) {
  TreeEnsemble::Options o;
  o.estimator = "RandomForestRegressor";
  o.n_features = 3;
  o.n_targets = 2;
  o.float_type = float_type;
  o.source_input = SourceInput::RoundedToFloat32;
  return o;
}

auto leaf_values = [](int64_t node, auto&& emit) {
  emit(0, double(node));
  emit(1, 10.0 * double(node));
};

std::string add_error(Tree t, const std::string& where = "RandomForestRegressor.estimators_[1].tree_") {
  TreeEnsemble ens(options());
  ens.add_tree(small_tree().view(), leaf_values, "RandomForestRegressor.estimators_[0].tree_");
  try {
    ens.add_tree(t.view(), leaf_values, where);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(TreeValidation, ChildOutOfRange) {
  Tree t = small_tree();
  t.right[2] = 17;
  std::string e = add_error(t);
  EXPECT_NE(e.find("RandomForestRegressor: tree 1 (RandomForestRegressor.estimators_[1].tree_): node 2"),
            std::string::npos) << e;
  EXPECT_NE(e.find("child 17 is out of range [0, 5)"), std::string::npos) << e;
}

TEST(TreeValidation, Cycle) {
  Tree t = small_tree();
  t.left[2] = 0;  // back to the root
  std::string e = add_error(t);
  EXPECT_NE(e.find("tree 1"), std::string::npos) << e;
  EXPECT_NE(e.find("reached twice"), std::string::npos) << e;
}

TEST(TreeValidation, SharedChild) {
  Tree t = small_tree();
  t.left[2] = 1;  // node 1 has two parents, node 3 none
  std::string e = add_error(t);
  EXPECT_NE(e.find("reached twice"), std::string::npos) << e;
}

TEST(TreeValidation, MissingLeaf) {
  Tree t = small_tree();
  t.right[3] = 2;  // node 3: left -1, right 2: neither a leaf nor a split
  std::string e = add_error(t);
  EXPECT_NE(e.find("node 3: has left child -1 and right child 2"), std::string::npos) << e;
}

TEST(TreeValidation, Unreachable) {
  Tree t = small_tree();
  t.left.push_back(-1);
  t.right.push_back(-1);
  t.feature.push_back(-2);
  t.threshold.push_back(-2);
  std::string e = add_error(t);
  EXPECT_NE(e.find("node 5: is not reachable from the root"), std::string::npos) << e;
}

TEST(TreeValidation, SelfLoop) {
  Tree t = small_tree();
  t.left[0] = 0;
  std::string e = add_error(t);
  EXPECT_NE(e.find("node 0"), std::string::npos) << e;
  EXPECT_NE(e.find("reached twice"), std::string::npos) << e;
}

TEST(TreeValidation, NaNThreshold) {
  Tree t = small_tree();
  t.threshold[2] = NAN;
  std::string e = add_error(t);
  EXPECT_NE(e.find("tree 1 (RandomForestRegressor.estimators_[1].tree_): node 2: has a NaN threshold"),
            std::string::npos) << e;
}

TEST(TreeValidation, FeatureOutOfRange) {
  Tree t = small_tree();
  t.feature[0] = 3;
  std::string e = add_error(t);
  EXPECT_NE(e.find("node 0: splits on feature 3 but the model has 3 features"), std::string::npos) << e;
  t.feature[0] = -1;
  e = add_error(t);
  EXPECT_NE(e.find("splits on feature -1"), std::string::npos) << e;
}

TEST(TreeValidation, EmptyTreeAndBadLeafTargets) {
  Tree empty;
  EXPECT_NE(add_error(empty).find("tree 1 (RandomForestRegressor.estimators_[1].tree_): has no nodes"),
            std::string::npos);
  TreeEnsemble ens(options());
  try {
    ens.add_tree(small_tree().view(), [](int64_t, auto&& emit) { emit(2, 1.0); }, "t");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("leaf weight for target 2 of 2"), std::string::npos) << e.what();
  }
}

TEST(TreeValidation, AFailedTreeIsTakenBackOut) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble ens(options());
  ens.add_tree(small_tree().view(), leaf_values);
  Tree t = small_tree();
  t.missing = {0, 0, 1, 0, 0};  // would start missing-value tracking
  EXPECT_THROW(ens.add_tree(t.view(), [](int64_t node, auto&& emit) {
    emit(0, 1.0);
    if (node == 4) emit(0, INFINITY);  // the last leaf is bad
  }), Error);
  EXPECT_EQ(ens.n_trees(), 1u);
  EXPECT_EQ(ens.n_nodes(), 5u);
  EXPECT_EQ(ens.n_weights(), 6u);
  ens.add_tree(small_tree().view(), leaf_values);
  ens.emit_regressor(ctx, "X");
  const RecordedNode& n = c.nodes[0];
  EXPECT_EQ(n.attrs.at("nodes_treeids").ints, (std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(n.attrs.count("nodes_missing_value_tracks_true"), 0u);
  EXPECT_EQ(n.attrs.at("target_treeids").ints.size(), 12u);
}

TEST(TreeValidation, AThrowingLeafCallbackPoisonsTheEnsemble) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble ens(options());
  ens.add_tree(small_tree().view(), leaf_values);
  EXPECT_THROW(ens.add_tree(small_tree().view(), [](int64_t, auto&&) { throw Error("reading failed"); }), Error);
  EXPECT_THROW(ens.add_tree(small_tree().view(), leaf_values), Error);
  try {
    ens.emit_regressor(ctx, "X");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unusable after a failed add_tree"), std::string::npos);
  }
  EXPECT_TRUE(c.nodes.empty());
}

// ============================================================== emission

TEST(TreeEmission, Float32RegressorAttributes) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble ens(options());
  Tree t = small_tree();
  t.threshold[0] = double(0.1f) / 2 + double(next_up(0.1f)) / 2;
  ens.add_tree(t.view(), leaf_values);
  ens.add_tree(small_tree().view(), leaf_values);
  ens.set_base_values({1.5, 0.0});
  EXPECT_EQ(ens.n_nodes(), 10u);
  std::string y = ens.emit_regressor(ctx, "X", "Y");
  EXPECT_EQ(y, "Y");
  ASSERT_EQ(c.nodes.size(), 1u);
  const RecordedNode& n = c.nodes[0];
  EXPECT_EQ(n.op, "TreeEnsembleRegressor");
  EXPECT_EQ(n.domain, "ai.onnx.ml");
  EXPECT_EQ(n.attrs.at("nodes_treeids").ints, (std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(n.attrs.at("nodes_nodeids").ints, (std::vector<int64_t>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}));
  EXPECT_EQ(n.attrs.at("nodes_featureids").ints, (std::vector<int64_t>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(n.attrs.at("nodes_truenodeids").ints, (std::vector<int64_t>{1, 0, 3, 0, 0, 1, 0, 3, 0, 0}));
  EXPECT_EQ(n.attrs.at("nodes_falsenodeids").ints, (std::vector<int64_t>{2, 0, 4, 0, 0, 2, 0, 4, 0, 0}));
  EXPECT_EQ(n.attrs.at("nodes_modes").strings[0], "BRANCH_LEQ");
  EXPECT_EQ(n.attrs.at("nodes_modes").strings[1], "LEAF");
  EXPECT_EQ(n.attrs.at("nodes_values").type, OC_ATTR_FLOATS);
  EXPECT_EQ(n.attrs.at("nodes_values").floats[0], double(0.1f));  // rounded down, not to nearest
  EXPECT_EQ(n.attrs.at("nodes_values").floats[2], 2.25);
  EXPECT_EQ(n.attrs.count("nodes_values_as_tensor"), 0u);
  EXPECT_EQ(n.attrs.count("nodes_missing_value_tracks_true"), 0u);
  EXPECT_EQ(n.attrs.at("n_targets").i, 2);
  // leaves 1, 3, 4 of each tree, two targets each, as the callback gave them
  EXPECT_EQ(n.attrs.at("target_nodeids").ints, (std::vector<int64_t>{1, 1, 3, 3, 4, 4, 1, 1, 3, 3, 4, 4}));
  EXPECT_EQ(n.attrs.at("target_ids").ints, (std::vector<int64_t>{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
  EXPECT_EQ(n.attrs.at("target_weights").floats[5], 40.0);
  EXPECT_EQ(n.attrs.at("base_values").floats, (std::vector<double>{1.5, 0.0}));
  // consumed
  EXPECT_THROW(ens.emit_regressor(ctx, "X"), Error);
}

TEST(TreeEmission, Float64UsesTensorAttributesAndMissingTracking) {
  oc_context c;
  c.float_type = OC_ELEM_DOUBLE;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options(OC_ELEM_DOUBLE);
  o.source_input = SourceInput::AsIs;
  TreeEnsemble ens(o);
  ens.add_tree(small_tree().view(), leaf_values);
  Tree t = small_tree();
  t.missing = {0, 0, 1, 0, 0};
  ens.add_tree(t.view(), leaf_values);
  ens.set_base_values({0.25, -1.0});
  ens.emit_leaf_indices(ctx, "X", "leaves");
  ens.emit_regressor(ctx, "X", "Y");
  ASSERT_EQ(c.nodes.size(), 3u);
  // decision_leaf: a regressor with one target per tree, then a Cast
  const RecordedNode& leaves = c.nodes[0];
  EXPECT_EQ(leaves.attrs.at("n_targets").i, 2);
  EXPECT_EQ(leaves.attrs.at("target_ids").ints, (std::vector<int64_t>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(leaves.attrs.at("target_weights_as_tensor").tensor_doubles,
            (std::vector<double>{1, 3, 4, 1, 3, 4}));
  EXPECT_EQ(leaves.attrs.count("base_values_as_tensor"), 0u);
  EXPECT_EQ(c.nodes[1].op, "Cast");
  EXPECT_EQ(c.nodes[1].outputs[0], "leaves");
  const RecordedNode& n = c.nodes[2];
  EXPECT_EQ(n.attrs.count("nodes_values"), 0u);
  EXPECT_EQ(n.attrs.at("nodes_values_as_tensor").tensor_elem, OC_ELEM_DOUBLE);
  EXPECT_EQ(n.attrs.at("nodes_values_as_tensor").tensor_doubles[0], 0.5);
  EXPECT_EQ(n.attrs.at("target_weights_as_tensor").tensor_doubles.size(), 12u);
  EXPECT_EQ(n.attrs.at("base_values_as_tensor").tensor_doubles, (std::vector<double>{0.25, -1.0}));
  EXPECT_EQ(n.attrs.at("nodes_missing_value_tracks_true").ints,
            (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));
}

TEST(TreeEmission, MissingFlagOnTheVeryFirstNode) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble ens(options());
  Tree t = small_tree();
  t.missing = {1, 0, 0, 0, 0};  // the ensemble's first node: nothing to backfill
  ens.add_tree(t.view(), leaf_values);
  ens.add_tree(small_tree().view(), leaf_values);  // no flags at all: zeros
  Tree u = small_tree();
  u.missing = {0, 0, 1, 0, 0};
  ens.add_tree(u.view(), leaf_values);
  ens.emit_regressor(ctx, "X");
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_missing_value_tracks_true").ints,
            (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));
}

TEST(TreeEmission, HistStyleLeafFlags) {
  // HistGradientBoosting marks leaves with a flag and leaves 0 in their
  // child fields.
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options();
  o.n_targets = 1;
  TreeEnsemble ens(o);
  std::vector<int64_t> left{1, 0, 0}, right{2, 0, 0}, feature{2, 0, 0};
  std::vector<double> thr{INFINITY, 0, 0};
  std::vector<uint8_t> leaf{0, 1, 1}, miss{0, 0, 0};
  TreeNodes v;
  v.n_nodes = 3;
  v.left = left.data();
  v.right = right.data();
  v.feature = feature.data();
  v.threshold = thr.data();
  v.is_leaf = leaf.data();
  v.missing_left = miss.data();
  ens.add_tree(v, [](int64_t node, auto&& emit) { emit(0, node == 1 ? -0.5 : 0.5); });
  ens.emit_regressor(ctx, "X");
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_values").floats[0], INFINITY);
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_modes").strings, (std::vector<std::string>{"BRANCH_LEQ", "LEAF", "LEAF"}));
}

std::vector<RecordedNode> emit_all(int32_t float_type) {
  oc_context c;
  c.float_type = float_type;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options(float_type);
  o.n_targets = 3;
  TreeEnsemble ens(o);
  Tree t = small_tree();
  t.missing = {0, 0, 1, 0, 0};
  ens.add_tree(small_tree().view(), leaf_values);
  ens.add_tree(t.view(), leaf_values);
  ens.set_base_values({0.5, 0.0, -2.0});
  ens.emit_leaf_indices(ctx, "X", "leaves");
  ens.emit_regressor(ctx, "X", "Y", /*release=*/false);
  ens.emit_classifier(ctx, "X", ClassLabels::from_strings({"a", "b", "c"}), "L", "S");
  return c.nodes;
}

TEST(TreeEmission, EveryEmitReachesTheHostWithItsAttributes) {
  for (int32_t ft : {OC_ELEM_FLOAT, OC_ELEM_DOUBLE}) {
    std::vector<RecordedNode> b = emit_all(ft);
    ASSERT_EQ(b.size(), 4u);
    EXPECT_EQ(b[3].op, "TreeEnsembleClassifier");
    EXPECT_EQ(b[3].attrs.at("classlabels_strings").strings, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(b[2].attrs.at("nodes_modes").strings.size(), 10u);
    EXPECT_EQ(b[2].attrs.at("nodes_modes").strings[2], "BRANCH_LEQ");
  }
}

TEST(TreeEmission, RefusesWithoutMlOpset3) {
  oc_context c;
  c.ml_opset = 2;
  Context ctx(&c, &kApi);
  TreeEnsemble ens(options());
  ens.add_tree(small_tree().view(), leaf_values);
  EXPECT_THROW(ens.emit_regressor(ctx, "X"), Error);
}

// sdk::Attr::adopted through Context::add_node: the host receives the
// compact elements, and data handed over once cannot be handed over again.
TEST(AdoptedAttr, ReachesTheHostOnceThroughContext) {
  oc_context c;
  Context ctx(&c, &kApi);
  Attr ids = Attr::adopted("nodes_treeids", OC_ATTR_INTS, AdoptedVector(std::vector<int32_t>{7, -1, 300000}));
  Attr modes = Attr::adopted("nodes_modes", OC_ATTR_STRINGS,
                             AdoptedVector(std::vector<uint8_t>{1, 0}, {"LEAF", "BRANCH_LEQ"}));
  ctx.add_node("TreeEnsembleRegressor", {"X"}, {"Y"}, {Attr::i("n_targets", 1), ids, modes}, "ai.onnx.ml");
  ASSERT_EQ(c.nodes.size(), 1u);
  EXPECT_EQ(c.nodes[0].attrs["nodes_treeids"].ints, (std::vector<int64_t>{7, -1, 300000}));
  EXPECT_EQ(c.nodes[0].attrs["nodes_modes"].strings, (std::vector<std::string>{"BRANCH_LEQ", "LEAF"}));
  EXPECT_EQ(c.nodes[0].attrs["n_targets"].i, 1);
  try {
    ctx.add_node("TreeEnsembleRegressor", {"X"}, {"Z"}, {ids}, "ai.onnx.ml");
    FAIL() << "adopted data was handed over twice";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'nodes_treeids': its adopted data was already handed over"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(c.nodes.size(), 1u);
}

// ============================================================ set splits

TEST(SetSplits, BecomeBranchEqChainsSharingTheMatchChild) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options();
  o.source_input = SourceInput::AsIs;
  TreeEnsemble ens(o);
  Tree t = small_tree();
  std::vector<uint8_t> is_set{1, 0, 1, 0, 0};
  // node 0: {3, 0.1, 1.5} (0.1: no float32 equals it, dropped); node 2: {} (never matches)
  std::vector<std::vector<double>> values{{3.0, 0.1, 1.5}, {}, {double(0.1f) + 1e-12}, {}, {}};
  TreeNodes v = t.view();
  v.is_set = is_set.data();
  v.set_values = values.data();
  ens.add_tree(v, leaf_values);
  EXPECT_EQ(ens.n_nodes(), 6u);  // one extra chain node, after the tree's own
  ens.emit_regressor(ctx, "X");
  const RecordedNode& n = c.nodes[0];
  EXPECT_EQ(n.attrs.at("nodes_nodeids").ints, (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(n.attrs.at("nodes_modes").strings,
            (std::vector<std::string>{"BRANCH_EQ", "LEAF", "BRANCH_LT", "LEAF", "LEAF", "BRANCH_EQ"}));
  EXPECT_EQ(n.attrs.at("nodes_values").floats[0], 3.0);
  EXPECT_EQ(n.attrs.at("nodes_values").floats[5], 1.5);
  EXPECT_EQ(n.attrs.at("nodes_values").floats[2], -INFINITY);
  EXPECT_EQ(n.attrs.at("nodes_featureids").ints[5], 1);
  EXPECT_EQ(n.attrs.at("nodes_truenodeids").ints, (std::vector<int64_t>{1, 0, 3, 0, 0, 1}));  // 0 and 5 share 1
  EXPECT_EQ(n.attrs.at("nodes_falsenodeids").ints, (std::vector<int64_t>{5, 0, 4, 0, 0, 2}));
  // leaves keep their ids
  EXPECT_EQ(n.attrs.at("target_nodeids").ints, (std::vector<int64_t>{1, 1, 3, 3, 4, 4}));
}

// A tree whose only set split has one member: no chain node is added, but
// the member must still be the node's value (it once stayed 0).
TEST(SetSplits, OneMemberSetsKeepTheirValueWithoutChains) {
  oc_context c;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options();
  o.source_input = SourceInput::AsIs;
  TreeEnsemble ens(o);
  Tree t = small_tree();
  std::vector<uint8_t> is_set{1, 0, 0, 0, 0};
  std::vector<std::vector<double>> values{{4.0}, {}, {}, {}, {}};
  TreeNodes v = t.view();
  v.is_set = is_set.data();
  v.set_values = values.data();
  ens.add_tree(v, leaf_values);
  EXPECT_EQ(ens.n_nodes(), 5u);
  ens.emit_regressor(ctx, "X");
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_modes").strings[0], "BRANCH_EQ");
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_values").floats[0], 4.0);
}

TEST(SetSplits, DoubleModelsKeepEveryMemberAndRefuseRoundedInputs) {
  oc_context c;
  c.float_type = OC_ELEM_DOUBLE;
  Context ctx(&c, &kApi);
  TreeEnsemble::Options o = options(OC_ELEM_DOUBLE);
  o.source_input = SourceInput::AsIs;
  TreeEnsemble ens(o);
  Tree t = small_tree();
  std::vector<uint8_t> is_set{1, 0, 0, 0, 0};
  std::vector<std::vector<double>> values{{0.1, 2.0}, {}, {}, {}, {}};
  TreeNodes v = t.view();
  v.is_set = is_set.data();
  v.set_values = values.data();
  ens.add_tree(v, leaf_values);
  ens.emit_regressor(ctx, "X");
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_values_as_tensor").tensor_doubles[0], 0.1);
  EXPECT_EQ(c.nodes[0].attrs.at("nodes_values_as_tensor").tensor_doubles[5], 2.0);
  TreeEnsemble rounded(options(OC_ELEM_DOUBLE));  // RoundedToFloat32
  EXPECT_THROW(rounded.add_tree(v, leaf_values), Error);
  std::vector<std::vector<double>> nan_values{{NAN}, {}, {}, {}, {}};
  v.set_values = nan_values.data();
  TreeEnsemble nan_ens(o);
  EXPECT_THROW(nan_ens.add_tree(v, leaf_values), Error);
}

// ===================================================== exact double sums

// Every level but the last sums exactly in float32 on every path, and the
// levels add up to the exact sum (fsum-like: long double here, checked to
// 2^-60 of the total magnitude).
TEST(ExactSums, EachLevelIsExactInFloat32AndTheLevelsAddUp) {
  for (int n_trees : {1, 7, 300}) {
    oc_context c;
    c.float_type = OC_ELEM_DOUBLE;
    Context ctx(&c, &kApi);
    TreeEnsemble::Options o = options(OC_ELEM_DOUBLE);
    o.source_input = SourceInput::AsIs;
    TreeEnsemble ens(o);
    std::mt19937_64 rng(n_trees);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<std::map<int64_t, std::vector<double>>> leaves(static_cast<size_t>(n_trees));  // tree -> leaf -> targets
    for (int k = 0; k < n_trees; ++k) {
      ens.add_tree(small_tree().view(), [&](int64_t node, auto&& emit) {
        for (int64_t target = 0; target < 2; ++target) {
          double w = u(rng) * std::ldexp(1.0, int(rng() % 40) - 10) + (target ? 556000.0 : 0.0);
          leaves[size_t(k)][node].push_back(w);
          emit(target, w);
        }
      });
    }
    ens.set_base_values({0.5, 0.0});
    ens.emit_exact_sums(ctx, "X", "Y");
    const RecordedNode& n = c.nodes[0];
    const int64_t columns = n.attrs.at("n_targets").i;
    ASSERT_EQ(columns % 2, 0);
    const int64_t levels = columns / 2;
    EXPECT_GE(levels, 3);
    EXPECT_LE(levels, 6);
    EXPECT_EQ(c.nodes[1].op, "Cast");
    EXPECT_EQ(c.nodes[2].op, "Reshape");
    EXPECT_EQ(c.nodes[3].op, "ReduceSum");
    EXPECT_EQ(c.nodes[4].op, "Add");
    EXPECT_EQ(c.nodes[4].outputs[0], "Y");
    const auto& tree_ids = n.attrs.at("target_treeids").ints;
    const auto& node_ids = n.attrs.at("target_nodeids").ints;
    const auto& ids = n.attrs.at("target_ids").ints;
    const auto& weights = n.attrs.at("target_weights_as_tensor").tensor_doubles;
    for (int path = 0; path < 50; ++path) {
      std::vector<int64_t> leaf(static_cast<size_t>(n_trees));
      for (auto& l : leaf) l = std::vector<int64_t>{1, 3, 4}[rng() % 3];
      std::vector<double> sums(size_t(columns), 0.0);
      for (size_t i = 0; i < weights.size(); ++i)
        if (node_ids[i] == leaf[size_t(tree_ids[i])]) sums[size_t(ids[i])] += weights[i];
      for (int64_t target = 0; target < 2; ++target) {
        long double exact = 0, got = 0, magnitude = 0;
        for (int k = 0; k < n_trees; ++k) {
          double w = leaves[size_t(k)][leaf[size_t(k)]][size_t(target)];
          exact += w;
          magnitude += std::fabs(w);
        }
        for (int64_t level = 0; level < levels; ++level) {
          double s = sums[size_t(level * 2 + target)];
          if (level + 1 < levels) {
            EXPECT_EQ(double(float(s)), s) << "level " << level << " of " << n_trees;
          }
          got += double(float(s));  // what the float32 output holds
        }
        EXPECT_LE(std::fabs(double(got - exact)), std::ldexp(double(magnitude), -60)) << n_trees << " trees";
      }
    }
  }
}
