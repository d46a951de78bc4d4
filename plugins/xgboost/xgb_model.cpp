// Model documents of XGBoost 1.7 to 3.x (layout from XGBoost's
// doc/model.schema and what save_model writes).
#include "xgb_model.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

namespace onnxconv::xgboost {

namespace {

using sdk::Error;

// A number as a message shows it: whole numbers without decimals.
std::string number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(int64_t(v));
  return std::to_string(v);
}

// A path into the document for error messages: "<where>: learner.objective".
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& path, const DocNode* at, const std::string& what) const {
    std::string pos = at ? " (byte " + std::to_string(at->offset) + ")" : "";
    throw Error(where_ + ": " + path + pos + ": " + what);
  }

  const DocNode& member(const DocNode& obj, const std::string& path, const std::string& key) const {
    if (!obj.is_object()) fail(path, &obj, "expected an object");
    const DocNode* v = obj.find(key);
    if (!v) fail(path, &obj, "has no '" + key + "'");
    return *v;
  }

  std::string text(const DocNode& obj, const std::string& path, const std::string& key) const {
    const DocNode& v = member(obj, path, key);
    if (v.type != DocNode::Type::String) fail(path + "." + key, &v, "expected a string");
    return v.text;
  }

  // XGBoost writes parameters as strings ("5E-1", "3").
  double param(const DocNode& obj, const std::string& path, const std::string& key) const {
    return number_of(text(obj, path, key), path + "." + key, obj.find(key));
  }

  double number_of(const std::string& s, const std::string& path, const DocNode* at) const {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE) fail(path, at, "'" + s + "' is not a number");
    return v;
  }

  int64_t count(const DocNode& obj, const std::string& path, const std::string& key, int64_t max) const {
    const double v = param(obj, path, key);
    if (!(v >= 0 && v <= double(max)) || v != std::floor(v))
      fail(path + "." + key, obj.find(key), "is " + number_text(v) + " (expected a count up to " +
                                                 std::to_string(max) + ")");
    return int64_t(v);
  }

  // A numeric array of exactly `n` elements (n < 0: any).
  const std::vector<double>& numbers(const DocNode& obj, const std::string& path, const std::string& key,
                                     int64_t n) const {
    const DocNode& v = member(obj, path, key);
    if (!v.is_array() || !v.items.empty()) fail(path + "." + key, &v, "expected an array of numbers");
    if (n >= 0 && int64_t(v.numbers.size()) != n)
      fail(path + "." + key, &v, "has " + std::to_string(v.numbers.size()) + " values, expected " + std::to_string(n));
    return v.numbers;
  }

  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

struct ObjectiveInfo {
  Transform transform;
  enum class Link { Identity, Logit, Log } base_link;
};

// What predict() applies to the margin, and the link XGBoost's ProbToMargin
// applies to base_score. Only objectives whose prediction is exactly
// expressible are listed.
const ObjectiveInfo* objective_info(const std::string& name) {
  using L = ObjectiveInfo::Link;
  static const std::map<std::string, ObjectiveInfo> known = {
      {"reg:squarederror", {Transform::Identity, L::Identity}},
      {"reg:linear", {Transform::Identity, L::Identity}},  // the old name of squarederror
      {"reg:squaredlogerror", {Transform::Identity, L::Identity}},
      {"reg:pseudohubererror", {Transform::Identity, L::Identity}},
      {"reg:absoluteerror", {Transform::Identity, L::Identity}},
      {"reg:quantileerror", {Transform::Identity, L::Identity}},
      {"reg:logistic", {Transform::Sigmoid, L::Logit}},
      {"binary:logistic", {Transform::Sigmoid, L::Logit}},
      {"binary:logitraw", {Transform::Identity, L::Identity}},  // base_score is a margin
      {"binary:hinge", {Transform::Hinge, L::Identity}},
      {"count:poisson", {Transform::Exp, L::Log}},
      {"reg:gamma", {Transform::Exp, L::Log}},
      {"reg:tweedie", {Transform::Exp, L::Log}},
      {"multi:softprob", {Transform::Softmax, L::Identity}},
      {"multi:softmax", {Transform::ArgMax, L::Identity}},
      {"rank:pairwise", {Transform::Identity, L::Identity}},
      {"rank:ndcg", {Transform::Identity, L::Identity}},
      {"rank:map", {Transform::Identity, L::Identity}},
  };
  auto it = known.find(name);
  return it == known.end() ? nullptr : &it->second;
}

// base_score -> margin as XGBoost computes it, in float32.
double to_margin(double base, ObjectiveInfo::Link link) {
  const float b = float(base);
  switch (link) {
    case ObjectiveInfo::Link::Logit: return double(-std::log(1.0f / b - 1.0f));
    case ObjectiveInfo::Link::Log: return double(std::log(b));
    default: return double(b);
  }
}

// "5E-1" (every release) or "[5E-1,2E-1]" (3.1+: one per output).
std::vector<double> base_scores(const Reader& r, const DocNode& param, const std::string& path) {
  std::string s = r.text(param, path, "base_score");
  std::vector<double> out;
  const bool vec = !s.empty() && s.front() == '[';
  if (vec) {
    if (s.back() != ']') r.fail(path + ".base_score", param.find("base_score"), "unterminated vector '" + s + "'");
    s = s.substr(1, s.size() - 2);
  }
  size_t start = 0;
  for (;;) {
    const size_t comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    out.push_back(double(float(r.number_of(item, path + ".base_score", param.find("base_score")))));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

XgbTree read_tree(const Reader& r, const DocNode& t, const std::string& path, int64_t n_features) {
  const DocNode& tp = r.member(t, path, "tree_param");
  const std::string tp_path = path + ".tree_param";
  if (const DocNode* leaf_vec = tp.find("size_leaf_vector")) {
    const int64_t k = r.count(tp, tp_path, "size_leaf_vector", int64_t(1) << 30);
    if (k > 1) r.fail(tp_path, leaf_vec, "vector leaves (multi_strategy='multi_output_tree') are not supported");
  }
  // Every array must hold num_nodes values; the document's own arrays bound it.
  const DocNode& left_node = r.member(t, path, "left_children");
  const int64_t n = r.count(tp, tp_path, "num_nodes", int64_t(left_node.length()));
  if (n < 1) r.fail(tp_path, &tp, "num_nodes is 0");
  XgbTree tree;
  auto ints = [&](const char* key) {
    const std::vector<double>& v = r.numbers(t, path, key, n);
    std::vector<int64_t> out(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] != std::floor(v[i]) || std::fabs(v[i]) > 2147483647.0)
        r.fail(path + "." + key, t.find(key), "value " + std::to_string(v[i]) + " at " + std::to_string(i) +
                                                 " is not a node or feature index");
      out[i] = int64_t(v[i]);
    }
    return out;
  };
  tree.left = ints("left_children");
  tree.right = ints("right_children");
  tree.feature = ints("split_indices");
  tree.split = r.numbers(t, path, "split_conditions", n);
  for (double& v : tree.split) v = double(float(v));  // XGBoost keeps them as float32
  const std::vector<double>& dl = r.numbers(t, path, "default_left", n);
  tree.default_left.resize(size_t(n));
  for (size_t i = 0; i < dl.size(); ++i) tree.default_left[i] = dl[i] != 0;
  tree.categorical.assign(size_t(n), 0);
  tree.categories.resize(size_t(n));
  if (const DocNode* st = t.find("split_type")) {
    const std::vector<double>& types = r.numbers(t, path, "split_type", n);
    for (size_t i = 0; i < types.size(); ++i) {
      if (types[i] != 0 && types[i] != 1)
        r.fail(path + ".split_type", st, "unknown split type " + std::to_string(types[i]) + " at node " +
                                             std::to_string(i));
      tree.categorical[i] = types[i] == 1;
    }
  }
  // Categorical splits: categories_nodes[j]'s set is
  // categories[segments[j] : segments[j] + sizes[j]].
  if (t.find("categories_nodes")) {
    const std::vector<double>& nodes = r.numbers(t, path, "categories_nodes", -1);
    const std::vector<double>& seg = r.numbers(t, path, "categories_segments", int64_t(nodes.size()));
    const std::vector<double>& sizes = r.numbers(t, path, "categories_sizes", int64_t(nodes.size()));
    const std::vector<double>& cats = r.numbers(t, path, "categories", -1);
    for (size_t j = 0; j < nodes.size(); ++j) {
      const double node = nodes[j], s = seg[j], k = sizes[j];
      if (!(node >= 0 && node < double(n)) || !tree.categorical[size_t(node)])
        r.fail(path + ".categories_nodes", t.find("categories_nodes"),
               "entry " + std::to_string(j) + " is not a categorical split node");
      if (!(s >= 0 && k >= 0 && s + k <= double(cats.size())))
        r.fail(path + ".categories_segments", t.find("categories_segments"),
               "segment " + std::to_string(j) + " lies outside the " + std::to_string(cats.size()) + " categories");
      tree.categories[size_t(node)].assign(cats.begin() + int64_t(s), cats.begin() + int64_t(s + k));
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    const bool leaf = tree.left[size_t(i)] == -1;
    if (!leaf && (tree.feature[size_t(i)] < 0 || tree.feature[size_t(i)] >= n_features))
      r.fail(path + ".split_indices", t.find("split_indices"),
             "node " + std::to_string(i) + " splits on feature " + std::to_string(tree.feature[size_t(i)]) +
                 "; the model has " + std::to_string(n_features));
  }
  return tree;
}

}  // namespace

XgbModel read_model(const std::string& bytes, const std::string& where, bool use_best_iteration) {
  Reader r(where);
  DocNode doc = parse_document(bytes, where);
  const DocNode* root = &doc;
  std::string rp;
  if (doc.is_object() && doc.find("Model")) {  // Booster pickles: {"Config": ..., "Model": ...}
    root = &r.member(doc, "document", "Model");
    rp = "Model.";
  }
  if (!root->is_object() || !root->find("learner"))
    r.fail("document", root, "not an XGBoost model: no top-level 'learner'");
  XgbModel m;
  if (const DocNode* v = root->find("version"); v && v->is_array())
    for (double x : v->numbers) m.version.push_back(int64_t(x));
  if (!m.version.empty() && (m.version[0] < 1 || (m.version[0] == 1 && m.version.size() > 1 && m.version[1] < 6)))
    r.fail(rp + "version", root->find("version"), "written by XGBoost " + std::to_string(m.version[0]) + "." +
                                                       std::to_string(m.version.size() > 1 ? m.version[1] : 0) +
                                                       "; files from 1.6 on are supported");

  const std::string lp = rp + "learner";
  const DocNode& learner = r.member(*root, rp.empty() ? "document" : "Model", "learner");
  const DocNode& param = r.member(learner, lp, "learner_model_param");
  const std::string pp = lp + ".learner_model_param";
  // Sizes read here allocate per feature / per output before any tree is
  // read: bound them (2^24 features; an output per 16 bytes of document,
  // every output needing at least one tree).
  m.n_features = r.count(param, pp, "num_feature", int64_t(1) << 24);
  if (m.n_features < 1) r.fail(pp, &param, "num_feature is 0");
  m.n_classes = r.count(param, pp, "num_class", int64_t(1) << 24);
  const int64_t n_targets = param.find("num_target") ? r.count(param, pp, "num_target", int64_t(1) << 24) : 1;
  if (m.n_classes > 0 && n_targets > 1) r.fail(pp, &param, "num_class and num_target are both set");
  m.n_outputs = m.n_classes > 0 ? m.n_classes : std::max<int64_t>(n_targets, 1);
  if (uint64_t(m.n_outputs) > bytes.size() / 16)
    r.fail(pp, &param, std::to_string(m.n_outputs) + " outputs cannot have their trees in a document of " +
                           std::to_string(bytes.size()) + " bytes");

  const DocNode& objective = r.member(learner, lp, "objective");
  m.objective = r.text(objective, lp + ".objective", "name");
  const ObjectiveInfo* info = objective_info(m.objective);
  if (!info)
    r.fail(lp + ".objective.name", &objective,
           "objective '" + m.objective + "' is not supported (its prediction is not expressible exactly here)");
  m.transform = info->transform;
  if ((m.transform == Transform::Softmax || m.transform == Transform::ArgMax) && m.n_classes < 1)
    r.fail(pp, &param, m.objective + " without num_class");

  const ObjectiveInfo::Link link = info->base_link;
  std::vector<double> base = base_scores(r, param, pp);
  if (base.size() == 1) base.assign(size_t(m.n_outputs), base[0]);
  if (int64_t(base.size()) != m.n_outputs)
    r.fail(pp + ".base_score", param.find("base_score"), "has " + std::to_string(base.size()) + " values for " +
                                                             std::to_string(m.n_outputs) + " outputs");
  for (double& b : base) {
    const double margin = to_margin(b, link);
    if (!std::isfinite(margin))
      r.fail(pp + ".base_score", param.find("base_score"), "base_score " + std::to_string(b) +
                                                               " has no finite margin for " + m.objective);
    b = margin;
  }
  m.base_margin = base;

  if (const DocNode* attrs = learner.find("attributes"); attrs && attrs->is_object())
    if (const DocNode* best = attrs->find("best_iteration"); best && best->type == DocNode::Type::String)
      m.best_iteration = int64_t(r.number_of(best->text, lp + ".attributes.best_iteration", best));

  // gbtree, or dart around a gbtree.
  const DocNode& gb = r.member(learner, lp, "gradient_booster");
  std::string gp = lp + ".gradient_booster";
  m.booster = r.text(gb, gp, "name");
  const DocNode* trees_owner = &gb;
  const std::vector<double>* weight_drop = nullptr;
  if (m.booster == "dart") {
    weight_drop = &r.numbers(gb, gp, "weight_drop", -1);
    trees_owner = &r.member(gb, gp, "gbtree");
    gp += ".gbtree";
  } else if (m.booster != "gbtree") {
    r.fail(gp + ".name", &gb, "booster '" + m.booster + "' is not supported (gbtree and dart are)");
  }
  const DocNode& model = r.member(*trees_owner, gp, "model");
  const std::string mp = gp + ".model";
  const DocNode& trees = r.member(model, mp, "trees");
  if (!trees.is_array() || !trees.numbers.empty()) r.fail(mp + ".trees", &trees, "expected an array of trees");
  const DocNode& gparam = r.member(model, mp, "gbtree_model_param");
  const int64_t n_trees = r.count(gparam, mp + ".gbtree_model_param", "num_trees", int64_t(trees.items.size()));
  if (n_trees != int64_t(trees.items.size()))
    r.fail(mp + ".trees", &trees, "holds " + std::to_string(trees.items.size()) + " trees; num_trees is " +
                                      std::to_string(n_trees));
  const std::vector<double>& tree_info = r.numbers(model, mp, "tree_info", n_trees);
  if (weight_drop && int64_t(weight_drop->size()) != n_trees)
    r.fail(gp, &gb, "weight_drop has " + std::to_string(weight_drop->size()) + " weights for " +
                        std::to_string(n_trees) + " trees");

  // Rounds: iteration_indptr (2.0+), else num_parallel_tree * groups trees each.
  std::vector<int64_t> round_end;
  if (model.find("iteration_indptr")) {
    const std::vector<double>& ptr = r.numbers(model, mp, "iteration_indptr", -1);
    for (size_t i = 1; i < ptr.size(); ++i) {
      if (!(ptr[i] >= ptr[i - 1] && ptr[i] <= double(n_trees)))
        r.fail(mp + ".iteration_indptr", model.find("iteration_indptr"), "is not increasing within the trees");
      round_end.push_back(int64_t(ptr[i]));
    }
  } else {
    const int64_t parallel = gparam.find("num_parallel_tree")
                                 ? r.count(gparam, mp + ".gbtree_model_param", "num_parallel_tree", int64_t(1) << 30)
                                 : 1;
    const int64_t layer = std::max<int64_t>(parallel, 1) * m.n_outputs;
    for (int64_t e = layer; e <= n_trees; e += layer) round_end.push_back(e);
  }
  if (!round_end.empty()) m.trees_per_iteration = round_end[0];
  int64_t used = n_trees;
  if (use_best_iteration && m.best_iteration >= 0) {
    if (m.best_iteration >= int64_t(round_end.size()))
      r.fail(lp + ".attributes.best_iteration", &learner,
             "is " + std::to_string(m.best_iteration) + " but the model has " + std::to_string(round_end.size()) +
                 " rounds");
    used = round_end[size_t(m.best_iteration)];
  }

  m.categorical_features.assign(size_t(m.n_features), 0);
  m.trees.reserve(size_t(used));
  for (int64_t i = 0; i < used; ++i) {
    const std::string tpath = mp + ".trees[" + std::to_string(i) + "]";
    XgbTree t = read_tree(r, trees.items[size_t(i)], tpath, m.n_features);
    const double g = tree_info[size_t(i)];
    if (!(g >= 0 && g < double(m.n_outputs)) || g != std::floor(g))
      r.fail(mp + ".tree_info", model.find("tree_info"), "tree " + std::to_string(i) + " writes output " +
                                                             number_text(g) + " of " + std::to_string(m.n_outputs));
    t.group = int64_t(g);
    if (weight_drop) t.weight = double(float((*weight_drop)[size_t(i)]));
    for (size_t k = 0; k < t.left.size(); ++k)
      if (t.left[k] != -1 && t.categorical[k]) m.categorical_features[size_t(t.feature[k])] = 1;
    m.trees.push_back(std::move(t));
  }
  // A feature split both ways cannot take the categorical input rewrite.
  for (size_t ti = 0; ti < m.trees.size(); ++ti) {
    const XgbTree& t = m.trees[ti];
    for (size_t k = 0; k < t.left.size(); ++k)
      if (t.left[k] != -1 && !t.categorical[k] && m.categorical_features[size_t(t.feature[k])])
        r.fail(mp + ".trees[" + std::to_string(ti) + "]", nullptr,
               "node " + std::to_string(k) + " splits feature " + std::to_string(t.feature[k]) +
                   " numerically, other nodes split it as a category");
  }
  return m;
}

}  // namespace onnxconv::xgboost
