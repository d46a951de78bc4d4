// The manifest parser: what it accepts, and that every refusal names the
// file, the line and the field.
#include "support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace registry_test {
namespace {

using onnxconv::registry::expected_outputs;
using onnxconv::registry::read_manifest;
using ::testing::HasSubstr;

TEST(Manifest, ReadsEveryField) {
  Sandbox box;
  fs::path file = box.write("acme/plugin.yaml", R"(name: acme_linear
version: 0.1.0
abi: {major: 1, minor: 2}
library: lib/libacme.so
priority: -3
converters:
  - class: sklearn.linear_model._logistic.LogisticRegression
    outputs: [label, probabilities]
    options: [zipmap, raw_scores]
  - class: acme.models.Custom
    outputs: [variable]
)");
  auto m = read_manifest(file.string());
  EXPECT_EQ(m.name, "acme_linear");
  EXPECT_EQ(m.version, "0.1.0");
  EXPECT_EQ(m.abi_major, 1u);
  EXPECT_EQ(m.abi_minor, 2u);
  EXPECT_EQ(m.priority, -3);
  EXPECT_EQ(m.manifest_path, file.string());
  // Relative to the manifest's folder, never to the current directory.
  EXPECT_EQ(m.library_path, (box.root() / "acme/lib/libacme.so").string());
  ASSERT_EQ(m.converters.size(), 2u);
  EXPECT_EQ(m.converters[0].estimator_class,
            "sklearn.linear_model._logistic.LogisticRegression");
  EXPECT_THAT(m.converters[0].outputs, ::testing::ElementsAre("label", "probabilities"));
  EXPECT_THAT(m.converters[0].options, ::testing::ElementsAre("zipmap", "raw_scores"));
  EXPECT_TRUE(m.converters[1].options.empty());
}

// Optional fields for outputs that depend on options or on the model.
TEST(Manifest, ReadsOptionAndModelOutputs) {
  Sandbox box;
  fs::path file = box.write("acme/plugin.yaml", R"(name: acme
version: 0.1.0
abi: {major: 1, minor: 0}
library: libacme.so
converters:
  - class: acme.Forest
    outputs: [label, probabilities]
    options: [zipmap, decision_leaf, transform]
    option_outputs: {decision_leaf: [decision_leaf], transform: {instead: [variable]}}
    model_outputs: [[label]]
)");
  const auto c = read_manifest(file.string()).converters.at(0);
  ASSERT_EQ(c.option_outputs.size(), 2u);
  EXPECT_EQ(c.option_outputs[0].option, "decision_leaf");
  EXPECT_FALSE(c.option_outputs[0].instead);
  EXPECT_TRUE(c.option_outputs[1].instead);
  using Lists = std::vector<std::vector<std::string>>;
  auto on = [](std::set<std::string> names) { return [names](const std::string& n) { return names.count(n) > 0; }; };
  EXPECT_EQ(expected_outputs(c, on({})), (Lists{{"label", "probabilities"}, {"label"}}));
  EXPECT_EQ(expected_outputs(c, on({"decision_leaf", "zipmap"})),
            (Lists{{"label", "probabilities", "decision_leaf"}, {"label", "decision_leaf"}}));
  EXPECT_EQ(expected_outputs(c, on({"transform"})), (Lists{{"variable"}}));
}

TEST(Manifest, KeepsAnAbsoluteLibraryPathAndDefaultsPriority) {
  Sandbox box;
  fs::path file = box.write("p/plugin.yaml", R"(name: p
version: "1"
abi: {major: 1, minor: 0}
library: /opt/acme/libp.so
converters: [{class: a.B, outputs: [label]}]
)");
  auto m = read_manifest(file.string());
  EXPECT_EQ(m.library_path, "/opt/acme/libp.so");
  EXPECT_EQ(m.priority, 0);
}

TEST(Manifest, MissingFileIsReported) {
  Sandbox box;
  std::string path = (box.root() / "nowhere/plugin.yaml").string();
  EXPECT_EQ(error_of([&] { read_manifest(path); }),
            path + ": cannot read manifest: No such file or directory");
}

// One bad manifest per case: the error must start with FILE:LINE: and
// contain `expect`.
struct BadManifest {
  const char* test_name;
  const char* text;
  int line;
  const char* expect;
};

// Names the case in ctest output instead of dumping its bytes.
void PrintTo(const BadManifest& b, std::ostream* os) { *os << b.test_name; }

class BadManifestTest : public ::testing::TestWithParam<BadManifest> {};

TEST_P(BadManifestTest, NamesFileLineAndField) {
  Sandbox box;
  fs::path file = box.write("acme/plugin.yaml", GetParam().text);
  std::string error = error_of([&] { read_manifest(file.string()); });
  EXPECT_THAT(error, ::testing::StartsWith(file.string() + ":" +
                                           std::to_string(GetParam().line) + ": "));
  EXPECT_THAT(error, HasSubstr(GetParam().expect));
}

#define HEAD "name: acme\nversion: 1.0.0\n"
#define ABI "abi: {major: 1, minor: 0}\n"
#define LIB "library: libacme.so\n"
#define CONV "converters:\n  - class: acme.Model\n    outputs: [label]\n"

const BadManifest kBadManifests[] = {
    {"MalformedYaml", HEAD ABI "library: libacme.so: extra\n" CONV, 4,
     "invalid YAML: illegal map value"},
    {"MistypedInteger", HEAD LIB "abi:\n  major: two\n  minor: 0\n" CONV, 5,
     "field 'abi.major': expected an unsigned integer, got 'two'"},
    {"NegativeAbi", HEAD LIB "abi: {major: 1, minor: -1}\n" CONV, 4,
     "field 'abi.minor': expected an unsigned integer, got '-1'"},
    {"MissingTopLevelField", "name: acme\n" ABI LIB CONV, 1, "field 'version': missing"},
    {"MissingNestedField", HEAD LIB "abi: {major: 1}\n" CONV, 4, "field 'abi.minor': missing"},
    {"UnknownTopLevelKey", HEAD ABI LIB "prioirty: 3\n" CONV, 5,
     "field 'prioirty': unknown field (expected one of: abi, converters, library, name, "
     "priority, version)"},
    {"UnknownConverterKey", HEAD ABI LIB CONV "  - class: acme.Other\n    outputs: [label]\n"
     "    option: [zipmap]\n", 10, "field 'converters[1].option': unknown field"},
    {"RepeatedKey", HEAD ABI LIB LIB CONV, 5, "field 'library': given twice"},
    {"BadName", "name: Acme-Plugin\nversion: 1.0.0\n" ABI LIB CONV, 1,
     "field 'name': expected lower-case letters, digits and '_', got 'Acme-Plugin'"},
    {"EmptyLibrary", HEAD ABI "library: \"\"\n" CONV, 4,
     "field 'library': expected a non-empty string, got ''"},
    {"PriorityNotInteger", HEAD ABI LIB "priority: high\n" CONV, 5,
     "field 'priority': expected an integer, got 'high'"},
    {"NoConverters", HEAD ABI LIB "converters: []\n", 5,
     "field 'converters': expected a non-empty list, got a list"},
    {"UnqualifiedClass", HEAD ABI LIB "converters:\n  - class: LogisticRegression\n"
     "    outputs: [label]\n", 6, "field 'converters[0].class': expected a fully qualified class"},
    {"RepeatedClass", HEAD ABI LIB CONV "  - class: acme.Model\n    outputs: [label]\n", 8,
     "field 'converters[1].class': 'acme.Model' is already listed"},
    {"OutputsNotAList", HEAD ABI LIB "converters:\n  - class: acme.Model\n    outputs: label\n",
     7, "field 'converters[0].outputs': expected a list of names, got 'label'"},
    {"MissingOutputs", HEAD ABI LIB "converters:\n  - class: acme.Model\n", 6,
     "field 'converters[0].outputs': missing"},
    {"OptionOutputsOfAnUnofferedOption", HEAD ABI LIB CONV "    options: [zipmap]\n"
     "    option_outputs:\n      leaf: [leaf]\n", 10,
     "field 'converters[0].option_outputs.leaf': 'leaf' is not one of this converter's options"},
    {"OptionOutputsAddsAndInstead", HEAD ABI LIB CONV "    options: [leaf]\n"
     "    option_outputs: {leaf: {adds: [a], instead: [b]}}\n", 9,
     "field 'converters[0].option_outputs.leaf': expected exactly one of 'adds' or 'instead'"},
    {"OptionOutputsAddsADeclaredRole", HEAD ABI LIB CONV "    options: [leaf]\n"
     "    option_outputs: {leaf: {adds: [label]}}\n", 9,
     "field 'converters[0].option_outputs.leaf.adds': 'label' is already in outputs"},
    {"ModelOutputsNotListsOfLists", HEAD ABI LIB CONV "    model_outputs: [label]\n", 8,
     "field 'converters[0].model_outputs[0]': expected a list of names, got 'label'"},
    {"NotAMapping", "- just\n- a list\n", 1, "expected a mapping of manifest fields, got a list"},
    {"EmptyFile", "", 1, "expected a mapping of manifest fields, got nothing (null)"},
};

INSTANTIATE_TEST_SUITE_P(Manifest, BadManifestTest, ::testing::ValuesIn(kBadManifests),
                         [](const auto& info) { return std::string(info.param.test_name); });

}  // namespace
}  // namespace registry_test
