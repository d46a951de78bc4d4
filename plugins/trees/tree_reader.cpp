#include "tree_reader.hpp"

#include <string>

namespace onnxconv::trees {

namespace {

// The node array of a tree object, checked to be a 1-D structured array.
Object node_array(const Object& owner) {
  Object nodes = owner.attr("nodes");
  if (nodes.kind() != sdk::Kind::Array) nodes.fail("expected a numpy structured array of nodes");
  oc_array_info info = nodes.array_info();
  if (info.ndim != 1 || info.dtype_kind != 'V')
    nodes.fail("expected a 1-D structured array of nodes (dtype kind 'V'), got kind '" +
               std::string(1, info.dtype_kind) + "' with " + std::to_string(info.ndim) + " dimension(s)");
  return nodes;
}

std::vector<uint8_t> to_flags(const std::vector<int64_t>& v) {
  std::vector<uint8_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = v[i] != 0;
  return out;
}

}  // namespace

void SklearnTree::read_shape(const Object& tree, int64_t& n_outputs, int64_t& n_values) {
  Object values = tree.attr("values");
  if (values.kind() != sdk::Kind::Array) values.fail("expected a numpy array");
  std::vector<int64_t> shape = values.shape();
  if (shape.size() != 3)
    values.fail("expected a 3-D array [n_nodes, n_outputs, n_classes], got " + std::to_string(shape.size()) +
                " dimension(s)");
  n_outputs = shape[1];
  n_values = shape[2];
  if (n_outputs < 1 || n_values < 1) values.fail("empty output dimensions");
}

int64_t SklearnTree::checked_node_count(const Object& tree) {
  int64_t n = node_array(tree).shape()[0];
  if (auto claimed = tree.find("node_count"); claimed && claimed->to_int() != n)
    claimed->fail("is " + std::to_string(claimed->to_int()) + " but the node array holds " + std::to_string(n) +
                  " nodes");
  return n;
}

SklearnTree SklearnTree::read(const Object& tree, int* has_missing_field) {
  SklearnTree t;
  Object nodes = node_array(tree);
  t.left = nodes.to_int64s("left_child");
  t.right = nodes.to_int64s("right_child");
  t.feature = nodes.to_int64s("feature");
  t.threshold = nodes.to_doubles("threshold");
  t.n_nodes = checked_node_count(tree);
  // scikit-learn >= 1.3 records where missing values go; 1.2 files lack the
  // field (and 1.2 refuses NaN inputs). The SDK has no field listing: probe
  // once per model.
  int probe = has_missing_field ? *has_missing_field : -1;
  if (probe != 0) {
    try {
      t.missing_left = to_flags(nodes.to_int64s("missing_go_to_left"));
      probe = 1;
    } catch (const sdk::Error&) {
      if (probe == 1) throw;  // the other trees had it
      probe = 0;
    }
  }
  if (has_missing_field) *has_missing_field = probe;
  read_shape(tree, t.n_outputs, t.n_values);
  Object values = tree.attr("values");
  if (values.shape()[0] != t.n_nodes)
    values.fail("has " + std::to_string(values.shape()[0]) + " rows for " + std::to_string(t.n_nodes) + " nodes");
  t.values = values.to_doubles();
  return t;
}

sdk::TreeNodes NodeArrays::view() const {
  sdk::TreeNodes v = sdk::TreeNodes::of(left, right, feature, threshold);
  v.missing_left = missing_left.empty() ? nullptr : missing_left.data();
  return v;
}

HistTree HistTree::read(const Object& predictor) {
  HistTree t;
  Object nodes = node_array(predictor);
  t.left = nodes.to_int64s("left");
  t.right = nodes.to_int64s("right");
  t.feature = nodes.to_int64s("feature_idx");
  t.threshold = nodes.to_doubles("num_threshold");
  t.value = nodes.to_doubles("value");
  t.missing_left = to_flags(nodes.to_int64s("missing_go_to_left"));
  t.is_leaf = to_flags(nodes.to_int64s("is_leaf"));
  t.n_nodes = int64_t(t.left.size());
  t.is_categorical = to_flags(nodes.to_int64s("is_categorical"));
  for (size_t i = 0; i < t.is_categorical.size(); ++i)
    t.any_categorical = t.any_categorical || (t.is_categorical[i] && !t.is_leaf[i]);
  if (!t.any_categorical) return t;
  t.bitset_idx = nodes.to_int64s("bitset_idx");
  Object bitsets = predictor.attr("raw_left_cat_bitsets");
  std::vector<int64_t> shape = bitsets.kind() == sdk::Kind::Array ? bitsets.shape() : std::vector<int64_t>{};
  if (shape.size() != 2 || shape[1] != 8) bitsets.fail("expected a [n_bitsets, 8] array of uint32 words");
  t.left_cat_bitsets = bitsets.to_int64s();
  for (size_t i = 0; i < t.is_categorical.size(); ++i) {
    if (!t.is_categorical[i] || t.is_leaf[i]) continue;
    if (t.bitset_idx[i] < 0 || t.bitset_idx[i] >= shape[0])
      nodes.fail("node " + std::to_string(i) + " has bitset_idx " + std::to_string(t.bitset_idx[i]) + " but " +
                 bitsets.path() + " has " + std::to_string(shape[0]) + " rows");
  }
  return t;
}

sdk::TreeNodes HistTree::view() const {
  sdk::TreeNodes v = NodeArrays::view();
  v.is_leaf = is_leaf.data();
  if (!is_set.empty()) {
    v.is_set = is_set.data();
    v.set_values = set_values.data();
  }
  return v;
}

}  // namespace onnxconv::trees
