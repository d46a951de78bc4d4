// Files as users have them: estimators pickled by older scikit-learn
// releases (public module paths of 0.2x, no _sklearn_version before 0.18,
// no n_features_in_ before 0.24), dict bundles saved with joblib.dump, and
// plans of models one of whose classes has no converter.
#include "core_test_fixture.h"
#include "pickle_builder.h"

#include <onnxconv/engine.h>

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace {

using onnxconv::test::PickleBuilder;

// The 0.2x LogisticRegression the tests convert: binary, OvR, 3 features.
const std::vector<double> kCoef = {0.5, -1.25, 2.0};
const double kIntercept = 0.25;

// LogisticRegression as scikit-learn before 0.18 pickled it: the public
// module path, no _sklearn_version, no n_features_in_. `version` adds one.
std::string old_logistic_regression(const std::string& version = "", bool with_coef = true) {
  PickleBuilder p;
  p.begin_estimator("sklearn.linear_model.logistic", "LogisticRegression");
  p.str("multi_class").str("ovr").str("solver").str("liblinear").str("fit_intercept").op('\x88');
  p.str("classes_").int64s({0, 1}, {2});
  if (with_coef) p.str("coef_").doubles(kCoef, {1, 3});
  p.str("intercept_").doubles({kIntercept}, {1});
  if (!version.empty()) p.str("_sklearn_version").str(version);
  return p.end_estimator().finish();
}

// sklearn.pipeline.Pipeline([(name, onnxconv_test.Scale)...]) with versions.
void scale(PickleBuilder& p, double factor, const std::string& version, const std::string& cls = "Scale") {
  p.begin_estimator("onnxconv_test", cls).str("factor").real(factor).str("n_features_in_").integer(3);
  if (!version.empty()) p.str("_sklearn_version").str(version);
  p.end_estimator();
}

// The values of a float initializer, whichever way it stores them.
std::vector<double> values_of(const onnx::TensorProto& t) {
  std::vector<double> out(t.float_data().begin(), t.float_data().end());
  if (t.data_type() == onnx::TensorProto::FLOAT && out.empty()) {
    std::vector<float> f(t.raw_data().size() / sizeof(float));
    std::memcpy(f.data(), t.raw_data().data(), f.size() * sizeof(float));
    out.assign(f.begin(), f.end());
  }
  return out;
}

bool has_initializer(const onnx::ModelProto& m, const std::vector<double>& expected) {
  for (const auto& t : m.graph().initializer())
    if (values_of(t) == expected) return true;
  return false;
}

class LegacyModels : public onnxconv::test::CoreTestFixture {
 protected:
  LegacyModels() : CoreTestFixture("onnxconv_legacy_") {}

  // The coretest plugin and every plugin of the build.
  onnxconv::Engine& engine() {
    if (!engine_) {
      onnxconv::EngineConfig c = config();
      c.plugin_paths.push_back(BUILT_PLUGIN_DIR);
      engine_ = std::make_unique<onnxconv::Engine>(c);
    }
    return *engine_;
  }
  std::string file(const std::string& bytes, const std::string& name = "model.pkl") {
    std::string path = (dir_ / name).string();
    onnxconv::test::write_file(path, bytes);
    return path;
  }
  std::string error_of(const std::string& bytes, const onnxconv::ConvertOptions& options = {}) {
    try {
      engine().convert(engine().read(file(bytes)), options);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  }

 private:
  std::unique_ptr<onnxconv::Engine> engine_;
};

#define EXPECT_HAS(text, needle) EXPECT_NE((text).find(needle), std::string::npos) << (text)

TEST(LegacyClassNames, OldPublicModulesMapToTodaysPrivateOnes) {
  using onnxconv::current_class_name;
  EXPECT_EQ(current_class_name("sklearn.linear_model.logistic", "LogisticRegression"),
            "sklearn.linear_model._logistic.LogisticRegression");
  EXPECT_EQ(current_class_name("sklearn.tree.tree", "DecisionTreeClassifier"),
            "sklearn.tree._classes.DecisionTreeClassifier");
  EXPECT_EQ(current_class_name("sklearn.ensemble.forest", "RandomForestClassifier"),
            "sklearn.ensemble._forest.RandomForestClassifier");
  EXPECT_EQ(current_class_name("sklearn.ensemble.gradient_boosting", "GradientBoostingRegressor"),
            "sklearn.ensemble._gb.GradientBoostingRegressor");
  EXPECT_EQ(current_class_name("sklearn.ensemble.gradient_boosting", "BinomialDeviance"),
            "sklearn.ensemble._gb_losses.BinomialDeviance");
  EXPECT_EQ(current_class_name("sklearn.ensemble.iforest", "IsolationForest"), "sklearn.ensemble._iforest.IsolationForest");
  EXPECT_EQ(current_class_name("sklearn.cluster.k_means_", "KMeans"), "sklearn.cluster._kmeans.KMeans");
  EXPECT_EQ(current_class_name("sklearn.svm.classes", "LinearSVC"), "sklearn.svm._classes.LinearSVC");
  EXPECT_EQ(current_class_name("sklearn.linear_model.base", "LinearRegression"),
            "sklearn.linear_model._base.LinearRegression");
  EXPECT_EQ(current_class_name("sklearn.preprocessing.data", "StandardScaler"),
            "sklearn.preprocessing._data.StandardScaler");
  EXPECT_EQ(current_class_name("sklearn.impute", "SimpleImputer"), "sklearn.impute._base.SimpleImputer");
  // PolynomialFeatures left preprocessing._data in 1.0.
  EXPECT_EQ(current_class_name("sklearn.preprocessing.data", "PolynomialFeatures"),
            "sklearn.preprocessing._polynomial.PolynomialFeatures");
  EXPECT_EQ(current_class_name("sklearn.preprocessing._data", "PolynomialFeatures"),
            "sklearn.preprocessing._polynomial.PolynomialFeatures");
  // The families added later (0.21 module paths).
  EXPECT_EQ(current_class_name("sklearn.neural_network.multilayer_perceptron", "MLPClassifier"),
            "sklearn.neural_network._multilayer_perceptron.MLPClassifier");
  EXPECT_EQ(current_class_name("sklearn.mixture.gaussian_mixture", "GaussianMixture"),
            "sklearn.mixture._gaussian_mixture.GaussianMixture");
  EXPECT_EQ(current_class_name("sklearn.decomposition.fastica_", "FastICA"), "sklearn.decomposition._fastica.FastICA");
  EXPECT_EQ(current_class_name("sklearn.neighbors.classification", "KNeighborsClassifier"),
            "sklearn.neighbors._classification.KNeighborsClassifier");
}

TEST(LegacyClassNames, CurrentAndUnknownNamesAreKept) {
  using onnxconv::current_class_name;
  EXPECT_EQ(current_class_name("sklearn.linear_model._logistic", "LogisticRegression"),
            "sklearn.linear_model._logistic.LogisticRegression");
  EXPECT_EQ(current_class_name("sklearn.pipeline", "Pipeline"), "sklearn.pipeline.Pipeline");
  EXPECT_EQ(current_class_name("sklearn.tree._tree", "Tree"), "sklearn.tree._tree.Tree");
  EXPECT_EQ(current_class_name("sklearn.linear_model.logistic_extra", "X"), "sklearn.linear_model.logistic_extra.X");
  EXPECT_EQ(current_class_name("mypkg", "Model"), "mypkg.Model");
}

// A 0.2x-style LogisticRegression (old path, no _sklearn_version, no
// n_features_in_) converts with the linear plugin, whose manifest lists the
// current name only; the coefficients in the ONNX model are the file's.
TEST_F(LegacyModels, OldLogisticRegressionConvertsUnderItsCurrentName) {
  onnxconv::Model model = engine().read(file(old_logistic_regression()));
  onnxconv::ConversionPlan plan = engine().plan(model);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].estimator_class, "sklearn.linear_model._logistic.LogisticRegression");
  EXPECT_EQ(plan.steps[0].file_class, "sklearn.linear_model.logistic.LogisticRegression");
  EXPECT_EQ(plan.steps[0].plugin, "linear");
  EXPECT_EQ(plan.steps[0].problem, "");
  EXPECT_EQ(plan.inputs[0].type, "tensor(float)[N,3]") << "width from coef_, not n_features_in_";
  EXPECT_EQ(plan.sklearn_version, "");

  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(engine().convert(model)));
  EXPECT_TRUE(has_initializer(m, kCoef)) << "coef_ as written in the pickle";
  EXPECT_TRUE(has_initializer(m, {kIntercept}));
}

// Writes the same model as a parity case (model.pkl + case.json, expected
// outputs computed here from coef_/intercept_) when LEGACY_CASES_DIR is set;
// tests/core/CMakeLists.txt runs it through ONNX Runtime (parity.legacy_files).
TEST_F(LegacyModels, WriteParityCase) {
  const char* out = std::getenv("LEGACY_CASES_DIR");
  if (out == nullptr) GTEST_SKIP() << "LEGACY_CASES_DIR not set";
  std::filesystem::path dir = std::filesystem::path(out) / "logreg_0_2x_no_version";
  std::filesystem::create_directories(dir);
  onnxconv::test::write_file((dir / "model.pkl").string(), old_logistic_regression());
  const std::vector<std::vector<double>> X = {{0, 0, 0}, {1, 2, 0.5}, {-1.5, 0.25, 1}, {2, -3, -0.75}, {0.5, 0.5, -2}};
  std::ostringstream xs, labels, probs;
  for (size_t r = 0; r < X.size(); ++r) {
    double d = kIntercept;
    for (size_t f = 0; f < 3; ++f) d += kCoef[f] * X[r][f];
    double p1 = 1 / (1 + std::exp(-d));
    const char* sep = r ? ", " : "";
    xs << sep << "[" << X[r][0] << ", " << X[r][1] << ", " << X[r][2] << "]";
    labels << sep << (d > 0 ? 1 : 0);
    probs.precision(17);
    probs << sep << "[" << 1 - p1 << ", " << p1 << "]";
  }
  std::ofstream(dir / "case.json") << "{\"family\": \"legacy\", \"case\": \"logreg_0_2x_no_version\", "
                                   << "\"model\": \"model.pkl\", \"dtype\": \"float32\", \"X\": [" << xs.str()
                                   << "], \"expected\": {\"label\": [" << labels.str() << "], \"probabilities\": ["
                                   << probs.str() << "]}}\n";
}

TEST_F(LegacyModels, ConverterFailuresNameTheReleaseThatWroteTheFile) {
  std::string m = error_of(old_logistic_regression("0.24.2", /*with_coef=*/false));
  EXPECT_HAS(m, "sklearn.linear_model.logistic.LogisticRegression (now sklearn.linear_model._logistic.");
  EXPECT_HAS(m, "coef_");
  EXPECT_HAS(m, "(file written by scikit-learn 0.24.2)");

  m = error_of(old_logistic_regression("", /*with_coef=*/false));
  EXPECT_HAS(m, "(no _sklearn_version in the file: written before 0.18)");

  PickleBuilder p;
  scale(p, 2.0, "0.23.1", "Throws");
  m = error_of(p.finish());
  EXPECT_HAS(m, "no_such_attribute_");
  EXPECT_HAS(m, "(file written by scikit-learn 0.23.1)");
}

// Pipeline([('a', Scale 1.6.1), ('b', Scale 0.24.2)]).
std::string pipeline_of_versions(const std::string& second_class = "Scale") {
  PickleBuilder p;
  p.begin_estimator("sklearn.pipeline", "Pipeline").str("steps").op(']').op('(');
  p.str("a");
  scale(p, 2.0, "1.6.1");
  p.op('\x86').str("b");
  scale(p, 3.0, "0.24.2", second_class);
  p.op('\x86').op('e').str("_sklearn_version").str("1.6.1");
  return p.end_estimator().finish();
}

TEST_F(LegacyModels, PlanReportsTheVersionAndDifferingNestedOnes) {
  onnxconv::ConversionPlan plan = engine().plan(engine().read(file(pipeline_of_versions())));
  EXPECT_EQ(plan.sklearn_version, "1.6.1");
  ASSERT_EQ(plan.other_versions.size(), 1u);
  EXPECT_EQ(plan.other_versions[0], "0.24.2 (onnxconv_test.Scale)");
}

TEST_F(LegacyModels, PlanMarksAStepWithoutConverterAndConvertRefusesIt) {
  std::string bytes = pipeline_of_versions("NoSuchConverter");
  onnxconv::ConversionPlan plan = engine().plan(engine().read(file(bytes)));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].problem, "");
  EXPECT_EQ(plan.steps[0].plugin, "coretest");
  EXPECT_HAS(plan.steps[1].problem, "no converter");
  EXPECT_HAS(plan.steps[1].problem, "onnxconv_test.NoSuchConverter");
  EXPECT_EQ(plan.outputs[0].type, "unknown");
  std::string m = error_of(bytes);
  EXPECT_HAS(m, "Pipeline.steps[1] 'b': onnxconv_test.NoSuchConverter");
  EXPECT_HAS(m, "no plugin converts");
}

TEST_F(LegacyModels, StepsAfterAnUnconvertibleOneAreStillListed) {
  PickleBuilder p;
  p.begin_estimator("sklearn.pipeline", "Pipeline").str("steps").op(']').op('(');
  p.str("first");
  scale(p, 2.0, "", "NoSuchConverter");
  p.op('\x86').str("then");
  scale(p, 3.0, "");
  p.op('\x86').op('e');
  onnxconv::ConversionPlan plan = engine().plan(engine().read(file(p.end_estimator().finish())));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_HAS(plan.steps[0].problem, "no converter");
  EXPECT_EQ(plan.steps[1].plugin, "coretest") << "its converter is found, its types are unknown";
  EXPECT_EQ(plan.steps[1].outputs[0].type, "unknown");
}

TEST_F(LegacyModels, ACompositeAfterAnUnconvertibleStepIsStillPlanned) {
  // Pipeline([('first', NoSuchConverter), ('ct', ColumnTransformer([('s', Scale, [0, 2])]))])
  PickleBuilder p;
  p.begin_estimator("sklearn.pipeline", "Pipeline").str("steps").op(']').op('(');
  p.str("first");
  scale(p, 2.0, "", "NoSuchConverter");
  p.op('\x86').str("ct").begin_estimator("sklearn.compose._column_transformer", "ColumnTransformer");
  p.str("n_features_in_").integer(3).str("transformers_").op(']').op('(').str("s");
  scale(p, 3.0, "");
  p.op(']').op('(').integer(0).integer(2).op('e').op('\x87').op('e').end_estimator();
  p.op('\x86').op('e');
  onnxconv::ConversionPlan plan = engine().plan(engine().read(file(p.end_estimator().finish())));
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_HAS(plan.steps[0].problem, "no converter");
  EXPECT_EQ(plan.steps[1].operation, "Gather columns [0, 2]");
  EXPECT_EQ(plan.steps[2].plugin, "coretest");
}

// ColumnTransformer fitted on a DataFrame: columns a pandas Index of names.
std::string column_transformer_by_name(const std::string& second_name) {
  PickleBuilder p;
  p.begin_estimator("sklearn.compose._column_transformer", "ColumnTransformer");
  p.str("n_features_in_").integer(3);
  p.str("feature_names_in_").op(']').op('(').str("a").str("b").str("c").op('e');
  p.str("transformers_").op(']').op('(').str("s");
  scale(p, 3.0, "");
  p.global("pandas.core.indexes.base", "_new_Index").global("pandas.core.indexes.base", "Index");
  p.op('}').op('(').str("data").op(']').op('(').str("c").str(second_name).op('e').str("name").none().op('u');
  p.op('\x86').op('R').op('\x87').op('e');
  return p.end_estimator().finish();
}

TEST_F(LegacyModels, ColumnNamesFromAPandasIndexSelectByFeatureNamesIn) {
  onnxconv::ConversionPlan plan = engine().plan(engine().read(file(column_transformer_by_name("a"))));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].operation, "Gather columns [2, 0]");
  std::string m = error_of(column_transformer_by_name("zz"));
  EXPECT_HAS(m, "ColumnTransformer.transformers_[0] 's': column 'zz' is not in the ColumnTransformer's feature_names_in_");
}

// {"model": Scale, "features": ["a", "b", "c"], "threshold": 0.5}, plus a
// second estimator under "scaler" when asked.
std::string bundle(bool second_estimator) {
  PickleBuilder p;
  p.op('}').op('(').str("model");
  scale(p, 2.0, "1.6.1");
  p.str("features").op(']').op('(').str("a").str("b").str("c").op('e');
  p.str("threshold").real(0.5);
  if (second_estimator) {
    p.str("scaler");
    scale(p, 3.0, "1.6.1");
  }
  return p.op('u').finish();
}

TEST_F(LegacyModels, ADictWithOneEstimatorConvertsIt) {
  onnxconv::Model model = engine().read(file(bundle(false)));
  onnxconv::ConversionPlan plan = engine().plan(model);
  EXPECT_EQ(plan.key, "model");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].path, "['model'] Scale");
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(engine().convert(model)));
  EXPECT_TRUE(has_initializer(m, {2.0}));
}

TEST_F(LegacyModels, SeveralEstimatorsNeedAKey) {
  std::string m = error_of(bundle(true));
  EXPECT_HAS(m, "model.pkl");
  EXPECT_HAS(m, "several estimators (keys 'model', 'scaler'");
  EXPECT_HAS(m, "--key");

  onnxconv::ConvertOptions options;
  options.key = "scaler";
  onnx::ModelProto out;
  ASSERT_TRUE(out.ParseFromString(engine().convert(engine().read(file(bundle(true))), options)));
  EXPECT_TRUE(has_initializer(out, {3.0}));
}

TEST_F(LegacyModels, KeyErrorsListTheKeys) {
  onnxconv::ConvertOptions options;
  options.key = "clf";
  std::string m = error_of(bundle(false), options);
  EXPECT_HAS(m, "no key 'clf' (keys: 'model', 'features', 'threshold')");

  PickleBuilder p;
  scale(p, 2.0, "");
  m = error_of(p.finish(), options);
  EXPECT_HAS(m, "--key 'clf'");
  EXPECT_HAS(m, "not a dict");

  PickleBuilder none;
  none.op('}').op('(').str("features").op(']').str("threshold").real(0.5).op('u');
  m = error_of(none.finish());
  EXPECT_HAS(m, "no value of it is an estimator");
}

}  // namespace
