// Real scikit-learn models (and numpy/Python values) written by Python in
// every format the reader supports, compared with what Python saw.
#include "test_support.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace reader_test {
namespace {

using py::Kind;

const std::vector<std::string> kCases = {"logreg", "tree", "gb", "hgb", "arrays", "large", "legacy"};
const std::vector<std::string> kVariants = {
    "p2.pkl",   "p3.pkl",    "p4.pkl",     "p5.pkl",   "joblib",      "joblib.z",       "joblib.gz",
    "joblib.bz2", "joblib.xz", "joblib.lzma", "joblib.p2", "joblib.noalign", "np2.p2.pkl", "np2.p4.pkl",
    "np2.p5.pkl"};
const std::vector<std::string> kLegacyVariants = {"p0.pkl", "p1.pkl"};

struct Case {
  std::string name, variant;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& c : kCases) {
    for (const auto& v : kVariants) out.push_back({c, v});
    if (c == "legacy")
      for (const auto& v : kLegacyVariants) out.push_back({c, v});
  }
  return out;
}

// Readable parameter names in test output.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name << "." << c.variant; }

class ModelFile : public testing::TestWithParam<Case> {};

TEST_P(ModelFile, MatchesWhatPythonSaw) {
  const Case& c = GetParam();
  const std::string path = fixture(c.name + "." + c.variant);
  py::ValuePtr root;
  try {
    root = onnxconv::read_model_file(path);
  } catch (const ReadError& e) {
    FAIL() << e.what();
  }
  ASSERT_TRUE(root);
  replay_checks(*root, read_json(fixture(c.name + ".json")), c.name + "." + c.variant);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, ModelFile, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           std::string s = info.param.name + "_" + info.param.variant;
                           std::replace(s.begin(), s.end(), '.', '_');
                           return s;
                         });

// The list above and the generator's must not drift apart.
TEST(ModelFiles, IndexListsTheSameCases) {
  mini_json::Json index = read_json(fixture("index.json"));
  std::vector<std::string> generated;
  for (const auto& [name, variants] : index["cases"].members)
    for (const auto& v : variants.items) generated.push_back(name + "." + v.text);
  std::vector<std::string> expected;
  for (const auto& c : all_cases()) expected.push_back(c.name + "." + c.variant);
  std::sort(generated.begin(), generated.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(generated, expected);
}

// Beyond the sidecar: what converters will rely on. Node records change
// across releases, so the layout expected is the one Python reported for
// the release that wrote the fixtures (index.json "layouts").
void expect_layout(const py::DType& d, const mini_json::Json& expected, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(d.itemsize, expected["itemsize"].uint64());
  const auto& fields = expected["fields"].items;
  ASSERT_EQ(d.fields.size(), fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(d.fields[i].name, fields[i].items.at(0).text);
    EXPECT_EQ(d.fields[i].offset, fields[i].items.at(1).uint64());
    EXPECT_EQ(d.fields[i].type->str(), fields[i].items.at(2).text);
  }
}

TEST(ModelFiles, TreeNodesReadByFieldName) {
  const mini_json::Json index = read_json(fixture("index.json"));
  for (const char* variant : {"p2.pkl", "p5.pkl", "joblib.gz"}) {
    py::ValuePtr m = onnxconv::read_model_file(fixture(std::string("tree.") + variant));
    const py::Value* tree = m->get("tree_");
    ASSERT_NE(tree, nullptr);
    ASSERT_EQ(tree->type_name(), "sklearn.tree._tree.Tree");
    ASSERT_TRUE(tree->args);
    EXPECT_EQ(tree->args->items.size(), 3u);  // (n_features, n_classes, n_outputs)
    const py::Value* nodes = tree->get("nodes");
    ASSERT_NE(nodes, nullptr);
    expect_layout(*nodes->array->dtype, index["layouts"]["tree"], variant);
  }
}

TEST(ModelFiles, HistGradientBoostingPackedNodes) {
  const mini_json::Json index = read_json(fixture("index.json"));
  py::ValuePtr m = onnxconv::read_model_file(fixture("hgb.joblib.xz"));
  const py::Value* predictors = m->get("_predictors");
  ASSERT_NE(predictors, nullptr);
  ASSERT_EQ(predictors->kind, Kind::List);
  const py::Value& first = *predictors->items.at(0)->items.at(0);
  EXPECT_EQ(first.type_name(), "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor");
  expect_layout(*first.get("nodes")->array->dtype, index["layouts"]["hgb"], "hgb");
}

TEST(ModelFiles, GradientBoostingObjectArrayOfTrees) {
  for (const char* variant : {"p4.pkl", "joblib", "joblib.bz2"}) {
    py::ValuePtr m = onnxconv::read_model_file(fixture(std::string("gb.") + variant));
    const py::Value* est = m->get("estimators_");
    ASSERT_NE(est, nullptr);
    ASSERT_EQ(est->kind, Kind::Array);
    EXPECT_EQ(est->array->shape, (std::vector<int64_t>{4, 3}));
    for (const auto& tree : est->array->objects)
      EXPECT_EQ(tree->type_name(), "sklearn.tree._classes.DecisionTreeRegressor") << variant;
  }
}

// Another process truncating the model file while it is converted must not
// kill us: the bytes were read, not mapped (a mapped page past the new end
// raises SIGBUS on access).
TEST(ModelFiles, TruncatingTheFileAfterReadingIsHarmless) {
  std::string path = ::testing::TempDir() + "/truncated_tree.p5.pkl";
  {
    std::ifstream in(fixture("tree.p5.pkl"), std::ios::binary);
    std::ofstream out(path, std::ios::binary);
    out << in.rdbuf();
  }
  py::ValuePtr m = onnxconv::read_model_file(path);
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  const py::Value* nodes = m->get("tree_")->get("nodes");
  ASSERT_NE(nodes, nullptr);
  const auto& data = nodes->array->data;
  ASSERT_GT(data.size(), 0u);
  unsigned sum = 0;
  for (size_t i = 0; i < data.size(); ++i) sum += data.data()[i];  // every byte still readable
  EXPECT_GT(sum, 0u);
  std::remove(path.c_str());
}

TEST(ModelFiles, SharedArraysStayShared) {
  py::ValuePtr m = onnxconv::read_model_file(fixture("arrays.p4.pkl"));
  EXPECT_EQ(m->get("shared_a"), m->get("shared_b"));
}

TEST(ModelFiles, Lz4IsRefusedByName) {
  std::string path = fixture("logreg.joblib.lz4");
  if (read_json(fixture("index.json"))["lz4"].type == mini_json::Json::Null) {
    path = fixture("fake.lz4");  // python3-lz4 absent: a bare lz4 frame header
    write_file(path, std::string("\x04\x22\x4d\x18\x64\x40\xa7", 7));
  }
  try {
    onnxconv::read_model_file(path);
    FAIL() << "lz4 accepted";
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("lz4"), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), path);
  }
}

}  // namespace
}  // namespace reader_test
