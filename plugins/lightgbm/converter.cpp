#include "converter.hpp"

#include "model_text.hpp"
#include "objective.hpp"
#include "tree_routing.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace onnxconv::lightgbm {

namespace {

using sdk::Attr;
using sdk::ClassLabels;
using sdk::Context;
using sdk::Error;
using sdk::Object;
using sdk::ValueType;

enum class Role { Booster, Regressor, Classifier };

// Everything predict() depends on, read and checked.
struct Model {
  Role role = Role::Booster;
  std::string name;  // for errors
  ModelText text;
  Objective objective;
  int64_t n_iterations = 0;  // the iterations predict uses
  std::optional<ClassLabels> classes;

  int64_t n_outputs() const { return text.num_tree_per_iteration; }
};

Role role_of(const Object& est) {
  const std::string name = est.short_class_name();
  if (name == "LGBMClassifier") return Role::Classifier;
  if (name == "LGBMRegressor" || name == "LGBMRanker") return Role::Regressor;
  return Role::Booster;
}

// A pickled Booster keeps its model text under "_handle" (LightGBM 4) or
// "handle" (3.x); a model text file arrives the same way (host reader).
Object model_string(const Object& booster) {
  for (const char* key : {"_handle", "handle"})
    if (auto h = booster.find(key); h && h->kind() == sdk::Kind::String) return *h;
  booster.fail("holds no model text ('_handle' or 'handle' string): was it pickled before training?");
}

// The iterations Booster.predict uses by default: best_iteration when early
// stopping set one, else all.
int64_t iterations_used(const Object& booster, const std::optional<Object>& wrapper, int64_t total) {
  int64_t best = 0;
  if (auto b = booster.find("best_iteration"); b && b->kind() == sdk::Kind::Int) best = b->to_int();
  else if (wrapper)
    if (auto w = wrapper->find("_best_iteration"); w && w->kind() == sdk::Kind::Int) best = w->to_int();
  return best > 0 ? std::min(best, total) : total;
}

ClassLabels read_classes(const Object& est) {
  for (const char* key : {"_classes", "classes_"})
    if (auto c = est.find(key); c && !c->is_none()) return ClassLabels::read(*c);
  est.fail("has no '_classes': an unfitted LGBMClassifier?");
}

void check_classifier(const Model& m, const Object& est) {
  const size_t n = m.classes->size();
  if (n < 2) est.fail("has " + std::to_string(n) + " class(es)");
  if (n == 2) {
    if (!m.objective.is_binary_classification() || m.n_outputs() != 1)
      est.fail("2 classes but objective '" + m.text.objective + "' with " + std::to_string(m.n_outputs()) +
               " trees per iteration (expected binary or cross_entropy)");
  } else if (!m.objective.is_multiclass() || m.n_outputs() != int64_t(n)) {
    est.fail(std::to_string(n) + " classes but objective '" + m.text.objective + "' with " +
             std::to_string(m.n_outputs()) + " trees per iteration");
  }
}

Model read_model(const Object& est) {
  Model m;
  m.role = role_of(est);
  m.name = est.path();
  std::optional<Object> wrapper;
  Object booster = est;
  if (m.role != Role::Booster || est.short_class_name() != "Booster") {
    wrapper = est;
    booster = est.attr("_Booster");
  }
  Object handle = model_string(booster);
  const bool from_file = booster.has("_onnxconv_source");
  const std::string where = from_file ? "LightGBM model text" : handle.path();
  m.text = parse_model_text(handle.to_string(), where);
  m.objective = parse_objective(m.text.objective, where);
  if (m.objective.is_multiclass() != (m.text.num_tree_per_iteration > 1) ||
      (m.objective.is_multiclass() && m.text.num_class != m.text.num_tree_per_iteration))
    throw Error(where + ": objective '" + m.text.objective + "' with num_class " + std::to_string(m.text.num_class) +
                " and " + std::to_string(m.text.num_tree_per_iteration) + " trees per iteration is inconsistent");
  m.n_iterations = iterations_used(booster, wrapper, m.text.n_iterations());
  if (m.role == Role::Classifier) {
    if (m.objective.name.empty()) est.fail("a custom objective: predict_proba returns raw scores; not supported");
    m.classes = read_classes(est);
    check_classifier(m, est);
  }
  return m;
}

int64_t output_columns(const Model& m) { return m.n_outputs(); }

// The input as LightGBM's trees see it: categorical columns are truncated
// toward zero (CategoricalDecision casts to int) so that set membership
// (BRANCH_EQ on whole numbers) is exact for any value.
std::string tree_input(const Context& ctx, const Model& m, const std::string& x) {
  const int64_t n = m.text.n_features();
  std::vector<uint8_t> categorical(size_t(n), 0), numerical(size_t(n), 0);
  for (const Tree& t : m.text.trees) categorical_features(t, categorical, numerical);
  bool any = false;
  for (int64_t f = 0; f < n; ++f) {
    if (categorical[size_t(f)] && numerical[size_t(f)])
      throw Error(m.name + ": feature " + std::to_string(f) + " has both categorical and numerical splits");
    any = any || categorical[size_t(f)];
  }
  if (!any) return x;
  std::string truncated =
      ctx.op("Mul", {ctx.op("Sign", {x}), ctx.op("Floor", {ctx.op("Abs", {x})})});
  std::vector<uint8_t> mask(categorical.begin(), categorical.end());
  std::string is_cat = ctx.add_initializer("categorical_columns", OC_ELEM_BOOL, {n}, mask.data());
  return ctx.op("Where", {is_cat, truncated, x});
}

bool is_linear(const Model& m) {
  for (const Tree& t : m.text.trees)
    if (t.is_linear) return true;
  return false;
}

// Per-node tables of a linear model, rows indexed by (first node of the
// tree) + node: the leaf's constant, its coefficient on every feature, which
// features it uses (1/0), and its plain value (taken when one is NaN).
struct LinearTables {
  std::vector<double> leaf_const, coeff, uses, leaf_value;
  std::vector<int64_t> first_node;  // per tree
  int64_t n_nodes = 0;
};

void add_linear_tree(LinearTables& lt, const Tree& t, const RoutedTree& r, int64_t n_features) {
  lt.first_node.push_back(lt.n_nodes);
  const size_t n = r.left.size();
  lt.n_nodes += int64_t(n);
  const size_t f = size_t(n_features);
  lt.leaf_const.resize(size_t(lt.n_nodes), 0.0);
  lt.leaf_value.resize(size_t(lt.n_nodes), 0.0);
  lt.coeff.resize(size_t(lt.n_nodes) * f, 0.0);
  lt.uses.resize(size_t(lt.n_nodes) * f, 0.0);
  const size_t base = size_t(lt.first_node.back());
  for (size_t i = 0; i < n; ++i) {
    const int64_t leaf = r.leaf_index[i];
    if (leaf < 0) continue;
    lt.leaf_value[base + i] = r.leaf_value[i];
    if (!t.is_linear) {  // a constant tree in a linear model
      lt.leaf_const[base + i] = r.leaf_value[i];
      continue;
    }
    lt.leaf_const[base + i] = t.leaf_const[size_t(leaf)];
    const auto& feats = t.leaf_features[size_t(leaf)];
    for (size_t j = 0; j < feats.size(); ++j) {
      lt.coeff[(base + i) * f + size_t(feats[j])] += t.leaf_coeff[size_t(leaf)][j];
      lt.uses[(base + i) * f + size_t(feats[j])] = 1.0;
    }
  }
}

// Linear trees: each tree's leaf (TreeEnsemble leaf indices), then
// const + coeff . x, or the leaf value where a feature the leaf uses is NaN
// (Tree::Predict). x is the input with |x| <= kZeroThreshold read as 0, as
// LightGBM's predict reads it. Sums the trees of each class: [N, K].
std::string linear_scores(const Context& ctx, const Model& m, sdk::TreeEnsemble& ens, const LinearTables& lt,
                          const std::string& x_trees, const std::string& x) {
  const int64_t n_trees = int64_t(lt.first_node.size()), f = m.text.n_features();
  std::string leaves = ens.emit_leaf_indices(ctx, x_trees, "", /*release=*/true);
  std::string rows = ctx.op("Add", {leaves, ctx.add_int64s("tree_first_node", lt.first_node, {n_trees})});
  const std::string zero = ctx.add_floats("zero", {0.0}, {});
  const std::string tiny = ctx.add_floats("zero_threshold", {double(1e-35f)}, {});
  std::string snapped = ctx.op("Where", {ctx.op("LessOrEqual", {ctx.op("Abs", {x}), tiny}), zero, x});
  std::string is_nan = ctx.op("IsNaN", {snapped});
  std::string x0 = ctx.op("Where", {is_nan, zero, snapped});
  std::string nan01 = ctx.op("Cast", {is_nan}, {Attr::i("to", ctx.float_type())});
  const std::string row_shape = ctx.add_int64s("row_shape", {-1, 1, f}, {3});
  auto per_tree = [&](const char* hint, const std::vector<double>& table, const std::string& v) {
    std::string t = ctx.add_floats(hint, table, {lt.n_nodes, f});
    std::string g = ctx.op("Gather", {t, rows}, {Attr::i("axis", 0)});  // [N, T, F]
    return sdk::reduce(ctx, "ReduceSum", ctx.op("Mul", {g, ctx.op("Reshape", {v, row_shape})}), {2}, false);
  };
  std::string dot = per_tree("leaf_coeff", lt.coeff, x0);
  std::string nan_used = ctx.op("Greater", {per_tree("leaf_uses", lt.uses, nan01), zero});
  auto gather = [&](const char* hint, const std::vector<double>& table) {
    return ctx.op("Gather", {ctx.add_floats(hint, table, {lt.n_nodes}), rows}, {Attr::i("axis", 0)});
  };
  std::string linear = ctx.op("Add", {gather("leaf_const", lt.leaf_const), dot});
  std::string per_tree_out = ctx.op("Where", {nan_used, gather("leaf_value", lt.leaf_value), linear});
  const int64_t k = m.n_outputs();
  std::string by_class = ctx.op("Reshape", {per_tree_out, ctx.add_int64s("class_shape", {-1, n_trees / k, k}, {3})});
  return sdk::reduce(ctx, "ReduceSum", by_class, {1}, false);
}

// The raw scores [N, K] of the first n_iterations iterations.
std::string raw_scores(const Context& ctx, const Model& m, const std::string& x) {
  sdk::TreeEnsemble::Options o;
  o.estimator = m.name;
  o.n_features = m.text.n_features();
  o.n_targets = m.n_outputs();
  o.float_type = ctx.float_type();
  o.compare = sdk::Compare::LessOrEqual;
  o.source_input = sdk::SourceInput::AsIs;  // LightGBM compares the input (as double) itself
  sdk::TreeEnsemble ens(o);
  const bool linear = is_linear(m);
  LinearTables tables;
  const size_t n_trees = size_t(m.n_iterations * m.n_outputs());
  for (size_t i = 0; i < n_trees; ++i) {
    const std::string where = "Tree=" + std::to_string(i);
    RoutedTree r = route_tree(m.text.trees[i], m.name + ": " + where + " (model text line " +
                                                    std::to_string(m.text.trees[i].line) + ")");
    sdk::TreeNodes nodes = sdk::TreeNodes::of(r.left, r.right, r.feature, r.threshold);
    nodes.missing_left = r.missing_left.data();
    nodes.is_leaf = r.is_leaf.data();
    if (r.any_set) {
      nodes.is_set = r.is_set.data();
      nodes.set_values = r.set_values.data();
    }
    const int64_t target = int64_t(i) % m.n_outputs();
    ens.add_tree(nodes, [&](int64_t node, auto&& emit) { emit(target, r.leaf_value[size_t(node)]); }, where);
    if (linear) add_linear_tree(tables, m.text.trees[i], r, m.text.n_features());
  }
  const std::string input = tree_input(ctx, m, x);
  std::string sums = linear           ? linear_scores(ctx, m, ens, tables, input, x)
                     : ctx.is_double() ? ens.emit_exact_sums(ctx, input)
                                       : ens.emit_regressor(ctx, input);
  if (m.text.average_output)  // boosting=rf: predict divides by the iterations used
    sums = ctx.op("Div", {sums, ctx.add_floats("iterations", {double(m.n_iterations)}, {})});
  return sums;
}

std::string sigmoid(const Context& ctx, const std::string& raw, double s) {
  const std::string scaled = s == 1.0 ? raw : ctx.op("Mul", {raw, ctx.add_floats("sigmoid", {s}, {})});
  return ctx.op("Sigmoid", {scaled});
}

// predict()'s output from the raw scores (ObjectiveFunction::ConvertOutput).
std::string transformed(const Context& ctx, const Model& m, const std::string& raw) {
  switch (m.objective.link) {
    case Link::Identity: return raw;
    case Link::SignedSquare: return ctx.op("Mul", {raw, ctx.op("Abs", {raw})});
    case Link::Sigmoid:
    case Link::OvaSigmoid: return sigmoid(ctx, raw, m.objective.sigmoid);
    case Link::Softmax: return ctx.op("Softmax", {raw}, {Attr::i("axis", 1)});
    case Link::Exp: return ctx.op("Exp", {raw});
    case Link::Softplus:
      return ctx.op("Log", {ctx.op("Add", {ctx.op("Exp", {raw}), ctx.add_floats("one", {1.0}, {})})});
  }
  throw Error(m.name + ": unknown link");
}

}  // namespace

std::vector<ValueType> LightGBMConverter::infer(Context& ctx, const Object& est,
                                                const std::vector<ValueType>& inputs) {
  Model m = read_model(est);
  if (inputs.size() != 1 || inputs[0].kind != OC_VALUE_TENSOR || inputs[0].dims.size() != 2 ||
      inputs[0].elem_type != ctx.float_type())
    est.fail("expects one 2-D tensor of the model's float type");
  const int64_t cols = inputs[0].dim(1);
  if (cols != -1 && cols != m.text.n_features())
    est.fail("expects " + std::to_string(m.text.n_features()) + " features (max_feature_idx " +
             std::to_string(m.text.max_feature_idx) + "); its input has " + std::to_string(cols));
  if (m.role == Role::Classifier) return sdk::classifier_outputs(ctx, *m.classes, sdk::zipmap_option(ctx));
  return {ValueType::tensor("variable", ctx.float_type(), {inputs[0].dim(0), output_columns(m)})};
}

void LightGBMConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs) {
  Model m = read_model(est);
  const std::string y = transformed(ctx, m, raw_scores(ctx, m, inputs[0]));
  if (m.role != Role::Classifier) {
    ctx.add_node("Identity", {y}, {outputs[0]});
    return;
  }
  std::string probs = y;
  if (m.classes->size() == 2)  // predict_proba: [1 - p, p]
    probs = ctx.op("Concat", {ctx.op("Sub", {ctx.add_floats("one", {1.0}, {}), y}), y}, {Attr::i("axis", 1)});
  sdk::emit_label(ctx, probs, *m.classes, outputs[0]);
  sdk::emit_probabilities(ctx, probs, *m.classes, sdk::zipmap_option(ctx), outputs[1]);
}

}  // namespace onnxconv::lightgbm
