// The host core end to end, with the coretest plugin: conversion, validation,
// determinism, atomic output, error messages, and hostile model files.
#include "core_test_fixture.h"
#include "pickle_builder.h"

#include <onnxconv/engine.h>

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using onnxconv::test::PickleBuilder;
using onnxconv::test::write_file;

namespace {

class EngineTest : public onnxconv::test::CoreTestFixture {
 protected:
  EngineTest() : CoreTestFixture("onnxconv_core_") {}

  std::string model_file(const std::string& name, const std::string& bytes) const {
    std::string path = (dir_ / name).string();
    write_file(path, bytes);
    return path;
  }
  std::string scale_model(double factor = 2.0) const {
    return model_file("scale.pkl",
                      PickleBuilder().estimator("onnxconv_test", "Scale", {{"n_features_in_", 3}, {"factor", factor}}).finish());
  }
  // Fitted on a DataFrame: feature_names_in_ lists the columns.
  std::string named_scale_model() const {
    PickleBuilder p;
    p.begin_estimator("onnxconv_test", "Scale").str("factor").real(2.0).str("n_features_in_").integer(3);
    p.str("feature_names_in_").op(']').op('(').str("age (years)").str("debt-ratio").str("1st").op('e');
    return model_file("named.pkl", p.end_estimator().finish());
  }
  static onnx::ModelProto parse(const std::string& bytes) {
    onnx::ModelProto m;
    EXPECT_TRUE(m.ParseFromString(bytes));
    return m;
  }
  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(EngineTest, ConvertsWithDeclaredTypesAndSklearnNames) {
  onnxconv::Engine engine(config());
  onnx::ModelProto m = parse(engine.convert(engine.read(scale_model())));
  ASSERT_EQ(m.graph().input_size(), 1);
  EXPECT_EQ(m.graph().input(0).name(), "X");
  const auto& x = m.graph().input(0).type().tensor_type();
  EXPECT_EQ(x.elem_type(), onnx::TensorProto::FLOAT);
  ASSERT_EQ(x.shape().dim_size(), 2);
  EXPECT_EQ(x.shape().dim(1).dim_value(), 3);
  ASSERT_EQ(m.graph().output_size(), 1);
  EXPECT_EQ(m.graph().output(0).name(), "variable");
  EXPECT_EQ(m.graph().value_info_size(), 0) << "inferred intermediate types are not kept";
  EXPECT_EQ(m.opset_import_size(), 1) << "only the domains used are imported";
}

TEST_F(EngineTest, DataFrameColumnsBecomeInputsNamedAsTheColumns) {
  onnxconv::Engine engine(config());
  onnxconv::Model model = engine.read(named_scale_model());
  onnxconv::ConvertOptions options;
  onnx::ModelProto single = parse(engine.convert(model, options));
  ASSERT_EQ(single.graph().input_size(), 1) << "all-numeric columns keep the one X";
  EXPECT_EQ(single.graph().input(0).name(), "X");

  options.inputs = onnxconv::InputLayout::PerColumn;
  onnx::ModelProto per = parse(engine.convert(model, options));
  ASSERT_EQ(per.graph().input_size(), 3);
  const char* names[] = {"age (years)", "debt-ratio", "1st"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(per.graph().input(i).name(), names[i]);
    const auto& t = per.graph().input(i).type().tensor_type();
    EXPECT_EQ(t.elem_type(), onnx::TensorProto::FLOAT);
    ASSERT_EQ(t.shape().dim_size(), 2);
    EXPECT_EQ(t.shape().dim(1).dim_value(), 1);
  }
  onnxconv::ConversionPlan plan = engine.plan(model, options);
  EXPECT_TRUE(plan.per_column);
  ASSERT_EQ(plan.columns.size(), 3u);
  EXPECT_EQ(plan.columns[2].name, "1st");
  EXPECT_EQ(plan.columns[2].type, "tensor(float)[N,1]");
  EXPECT_NE(plan.columns[2].reason.find("read as numbers by"), std::string::npos) << plan.columns[2].reason;

  options.input_types["1st"] = "double";
  plan = engine.plan(model, options);
  EXPECT_EQ(plan.columns[2].type, "tensor(double)[N,1]");
  EXPECT_EQ(plan.columns[2].reason, "--input 1st=double");
}

TEST_F(EngineTest, InputOptionsNameWhatIsWrong) {
  onnxconv::Engine engine(config());
  onnxconv::Model model = engine.read(named_scale_model());
  onnxconv::ConvertOptions options;
  options.input_types["age"] = "double";
  std::string message = error_of([&] { engine.convert(model, options); });
  EXPECT_NE(message.find("no column 'age'"), std::string::npos) << message;
  EXPECT_NE(message.find("'age (years)'"), std::string::npos) << message;

  onnxconv::ConvertOptions per_column;
  per_column.inputs = onnxconv::InputLayout::PerColumn;
  message = error_of([&] { engine.convert(engine.read(scale_model()), per_column); });
  EXPECT_NE(message.find("no feature_names_in_"), std::string::npos) << message;
}

TEST_F(EngineTest, Float64MakesTheWholeModelDouble) {
  onnxconv::Engine engine(config());
  onnxconv::ConvertOptions options;
  options.dtype = onnxconv::FloatType::Float64;
  onnx::ModelProto m = parse(engine.convert(engine.read(scale_model()), options));
  EXPECT_EQ(m.graph().input(0).type().tensor_type().elem_type(), onnx::TensorProto::DOUBLE);
  EXPECT_EQ(m.graph().output(0).type().tensor_type().elem_type(), onnx::TensorProto::DOUBLE);
  EXPECT_EQ(m.graph().initializer(0).data_type(), onnx::TensorProto::DOUBLE);
}

TEST_F(EngineTest, OutputIsByteIdenticalAcrossRunsAndEngines) {
  std::string path = scale_model();
  std::string first = onnxconv::Engine(config()).convert(onnxconv::Engine(config()).read(path));
  onnxconv::Engine engine(config());
  EXPECT_EQ(first, engine.convert(engine.read(path)));
  EXPECT_EQ(first, engine.convert(engine.read(path)));
}

TEST_F(EngineTest, ConverterFailureNamesPluginAndEstimatorAndHostKeepsWorking) {
  onnxconv::Engine engine(config());
  std::string bad = model_file("throws.pkl",
                               PickleBuilder().estimator("onnxconv_test", "Throws", {{"n_features_in_", 2}}).finish());
  std::string message = error_of([&] { engine.convert(engine.read(bad)); });
  EXPECT_NE(message.find("plugin 'coretest'"), std::string::npos) << message;
  EXPECT_NE(message.find("onnxconv_test.Throws"), std::string::npos) << message;
  EXPECT_NE(message.find("no_such_attribute_"), std::string::npos) << message;
  EXPECT_NO_THROW(engine.convert(engine.read(scale_model())));
}

TEST_F(EngineTest, ValidationCatchesTypesThatDisagreeWithTheDeclaration) {
  onnxconv::Engine engine(config());
  std::string path = model_file("wrong.pkl",
                                PickleBuilder().estimator("onnxconv_test", "WrongType", {{"n_features_in_", 2}}).finish());
  std::string message = error_of([&] { engine.convert(engine.read(path)); });
  EXPECT_NE(message.find("output 'variable'"), std::string::npos) << message;
  EXPECT_NE(message.find("disagree"), std::string::npos) << message;
}

TEST_F(EngineTest, OptionsMustBeOfferedByAConverter) {
  onnxconv::Engine engine(config());
  onnxconv::Model model = engine.read(scale_model());
  onnxconv::ConvertOptions options;
  options.options["zipmap"] = "true";
  std::string message = error_of([&] { engine.convert(model, options); });
  EXPECT_NE(message.find("option 'zipmap'"), std::string::npos) << message;
  EXPECT_NE(message.find("offered: factor"), std::string::npos) << message;
  options.options = {{"factor", "3"}};
  EXPECT_NO_THROW(engine.convert(model, options));
}

TEST_F(EngineTest, OpsetsBeyondWhatOnnxCanCheckAreRefused) {
  onnxconv::Engine engine(config());
  onnxconv::ConvertOptions options;
  options.opset = onnxconv::default_onnx_opset() + 1;
  std::string message = error_of([&] { engine.convert(engine.read(scale_model()), options); });
  EXPECT_NE(message.find("not available"), std::string::npos) << message;
  options.opset = 13;
  onnx::ModelProto m = parse(engine.convert(engine.read(scale_model()), options));
  EXPECT_EQ(m.opset_import(0).version(), 13);
}

TEST_F(EngineTest, UnclaimedClassNamesTheClassAndWhereItSits) {
  onnxconv::Engine engine(config());
  std::string path = model_file("foo.pkl", PickleBuilder().estimator("mypkg", "Foo", {}).finish());
  std::string message = error_of([&] { engine.convert(engine.read(path)); });
  EXPECT_NE(message.find("mypkg.Foo"), std::string::npos) << message;
}

// What a host application branches on (docs/errors.md): the kind, with
// the message unchanged.
TEST_F(EngineTest, ErrorsCarryAKind) {
  using onnxconv::ErrorKind;
  onnxconv::Engine engine(config());
  auto kind_of = [](auto&& body) {
    try {
      body();
    } catch (const onnxconv::Error& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no onnxconv::Error";
    return ErrorKind::Other;
  };
  std::string foo = model_file("foo.pkl", PickleBuilder().estimator("mypkg", "Foo", {}).finish());
  EXPECT_EQ(kind_of([&] { engine.convert(engine.read(foo)); }), ErrorKind::Unsupported);
  std::string throws = model_file("throws.pkl",
                                  PickleBuilder().estimator("onnxconv_test", "Throws", {{"n_features_in_", 2}}).finish());
  EXPECT_EQ(kind_of([&] { engine.convert(engine.read(throws)); }), ErrorKind::MalformedFile)
      << "a missing attribute, through the SDK's Object::attr";
  onnxconv::ConvertOptions zipmap;
  zipmap.options["zipmap"] = "true";
  EXPECT_EQ(kind_of([&] { engine.convert(engine.read(scale_model()), zipmap); }), ErrorKind::BadOption);
  EXPECT_EQ(kind_of([&] { engine.read((dir_ / "absent.pkl").string()); }), ErrorKind::Io);
  std::string truncated = model_file("truncated.pkl", std::string("\x80\x04\x95", 3));
  EXPECT_EQ(kind_of([&] { engine.read(truncated); }), ErrorKind::MalformedFile);
  EXPECT_STREQ(onnxconv::error_kind_name(ErrorKind::BadOption), "bad option");
}

// The roles infer returns must be the manifest's: `outputs`, or one of
// `model_outputs`, plus what each option that is on adds (`option_outputs`).
TEST_F(EngineTest, InferredRolesMustMatchTheManifest) {
  onnxconv::Engine engine(config());
  auto lies = [&](std::vector<std::string> roles) {
    PickleBuilder p;
    p.begin_estimator("onnxconv_test", "Lies").str("n_features_in_").integer(2).str("roles").op(']').op('(');
    for (const auto& r : roles) p.str(r);
    p.op('e');
    return engine.read(model_file("lies.pkl", p.end_estimator().finish()));
  };
  auto failure_of = [&](const onnxconv::Model& model, const onnxconv::ConvertOptions& options) -> onnxconv::Error {
    try {
      engine.convert(model, options);
    } catch (const onnxconv::Error& e) {
      return e;
    }
    ADD_FAILURE() << "the roles were accepted";
    return onnxconv::Error("", onnxconv::ErrorKind::Other);
  };
  onnxconv::ConvertOptions none, leaf, transform;
  leaf.options["leaf"] = "true";
  transform.options["transform"] = "1";
  EXPECT_NO_THROW(engine.convert(lies({"variable"}), none));
  EXPECT_NO_THROW(engine.convert(lies({"variable", "scores"}), none)) << "a model_outputs list";
  EXPECT_NO_THROW(engine.convert(lies({"variable", "leaf"}), leaf));
  EXPECT_NO_THROW(engine.convert(lies({"variable", "scores", "leaf"}), leaf));
  EXPECT_NO_THROW(engine.convert(lies({"projection"}), transform));
  leaf.options["leaf"] = "false";
  EXPECT_NO_THROW(engine.convert(lies({"variable"}), leaf));

  onnxconv::Error e = failure_of(lies({"scores"}), none);
  std::string message = e.what();
  EXPECT_EQ(e.kind(), onnxconv::ErrorKind::PluginFailure);
  EXPECT_NE(message.find("plugin 'coretest'"), std::string::npos) << message;
  EXPECT_NE(message.find("onnxconv_test.Lies"), std::string::npos) << message;
  EXPECT_NE(message.find("infer returned the outputs [scores]"), std::string::npos) << message;
  EXPECT_NE(message.find("declares [variable] or [variable, scores]"), std::string::npos) << message;
  EXPECT_NE(message.find("plugin.yaml"), std::string::npos) << message;

  leaf.options["leaf"] = "yes";
  message = failure_of(lies({"variable"}), leaf).what();
  EXPECT_NE(message.find("declares [variable, leaf] or [variable, scores, leaf]"), std::string::npos) << message;
  message = failure_of(lies({"leaf", "variable"}), leaf).what();
  EXPECT_NE(message.find("[leaf, variable]"), std::string::npos) << message << " (order matters)";
  message = failure_of(lies({"variable"}), transform).what();
  EXPECT_NE(message.find("declares [projection]"), std::string::npos) << message;

  // inspect still shows the step, with the disagreement as its problem.
  onnxconv::ConversionPlan plan = engine.plan(lies({"scores"}), none);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_NE(plan.steps[0].problem.find("infer returned the outputs [scores]"), std::string::npos) << plan.steps[0].problem;
  ASSERT_EQ(plan.steps[0].outputs.size(), 1u);
}

TEST_F(EngineTest, HostilePickleRunsNothingAndIsRefusedByName) {
  fs::path marker = dir_ / "pwned";
  std::string path = model_file("evil.pkl", PickleBuilder()
                                                .global("posix", "system")
                                                .str("touch " + marker.string())
                                                .op('\x85')  // TUPLE1
                                                .op('R')     // REDUCE
                                                .finish());
  fs::path out = dir_ / "evil.onnx";
  onnxconv::Engine engine(config());
  std::string message = error_of([&] { engine.convert_file(path, out.string()); });
  EXPECT_NE(message.find("posix.system"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(marker)) << "reading the model executed its payload";
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(EngineTest, FailedConversionLeavesNoFileAndKeepsAnExistingOne) {
  onnxconv::Engine engine(config());
  std::string bad = model_file("throws.pkl",
                               PickleBuilder().estimator("onnxconv_test", "Throws", {{"n_features_in_", 2}}).finish());
  fs::path out = dir_ / "out.onnx";
  EXPECT_THROW(engine.convert_file(bad, out.string()), std::exception);
  EXPECT_FALSE(fs::exists(out));
  write_file(out.string(), "previous");
  EXPECT_THROW(engine.convert_file(bad, out.string()), std::exception);
  std::ifstream in(out);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "previous");
  engine.convert_file(scale_model(), out.string());
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) ++files;
  EXPECT_EQ(files, 0u) << "temporary files left behind";
}

// --external-data: the model and OUT.data are written together or not at
// all (issue 19 part 4); convert() to bytes cannot hold external data.
TEST_F(EngineTest, ExternalDataWritesBothFilesOrNeither) {
  onnxconv::Engine engine(config());
  onnxconv::ConvertOptions options;
  options.external_data = true;
  std::string bad = model_file("throws.pkl",
                               PickleBuilder().estimator("onnxconv_test", "Throws", {{"n_features_in_", 2}}).finish());
  fs::path out = dir_ / "ext.onnx";
  fs::path data = dir_ / "ext.onnx.data";
  EXPECT_THROW(engine.convert_file(bad, out.string(), options), std::exception);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(data));
  engine.convert_file(scale_model(), out.string(), options);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_TRUE(fs::exists(data));  // empty here: this model has no large tensor attribute
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) ++files;
  EXPECT_EQ(files, 0u) << "temporary files left behind";
  onnxconv::Model model = engine.read(scale_model());
  EXPECT_THROW(engine.convert(model, options), onnxconv::Error);
}

// A plugin that misuses the C table (null pointers, counts past the arrays,
// indices past the end, huge tensors) gets an error status back; the host
// names the misuse and goes on converting.
TEST_F(EngineTest, MisbehavingPluginGetsAStatusAndTheHostKeepsRunning) {
  onnxconv::Engine engine(config());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"null_input_array", "no array of them"},
      {"null_input_name", "null name"},
      {"null_attributes", "attributes missing"},
      {"null_node", "the node is null"},
      {"list_without_items", "no array of them"},
      {"tensor_without_dims", "without dims"},
      {"tensor_too_large", "more elements than memory can hold"},
      {"index_past_end", "past the 2 items"},
      {"count_past_end", "asked for 1000000 elements of an array of 4"},
      {"null_object", "expected an object with attributes or a dict, got None"},
      {"absent_attribute_used", "expected an integer, got None"},
  };
  for (const auto& [how, expected] : cases) {
    PickleBuilder p;
    p.begin_estimator("onnxconv_test", "Garbage");
    p.str("n_features_in_").integer(2).str("how").str(how);
    p.str("items").op(']').op('(').integer(1).integer(2).op('e');
    p.str("weights").doubles({1, 2, 3, 4}, {4});
    std::string path = model_file(how + ".pkl", p.end_estimator().finish());
    std::string message = error_of([&] { engine.convert(engine.read(path)); });
    EXPECT_NE(message.find(expected), std::string::npos) << how << ": " << message;
    EXPECT_EQ(message.find("the host accepted"), std::string::npos) << how << ": " << message;
  }
  EXPECT_NO_THROW(engine.convert(engine.read(scale_model())));
}

// Limits a host sets (engine.h): each refusal names its limit, and
// convert_file writes nothing.
TEST_F(EngineTest, GraphLimitsAreEnforcedAndNamed) {
  fs::path out = dir_ / "limited.onnx";
  onnxconv::EngineConfig nodes = config();
  nodes.limits.max_graph_nodes = 0;
  std::string message = error_of([&] { onnxconv::Engine(nodes).convert_file(scale_model(), out.string()); });
  EXPECT_NE(message.find("Limits::max_graph_nodes"), std::string::npos) << message;
  EXPECT_NE(message.find("scale.pkl"), std::string::npos) << message;
  onnxconv::EngineConfig bytes = config();
  bytes.limits.max_graph_bytes = 3;  // the Scale factor is a 4-byte float
  message = error_of([&] { onnxconv::Engine(bytes).convert_file(scale_model(), out.string()); });
  EXPECT_NE(message.find("Limits::max_graph_bytes"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out));
  onnxconv::EngineConfig enough = config();
  enough.limits.max_graph_nodes = 1;
  enough.limits.max_graph_bytes = 64;
  EXPECT_NO_THROW(onnxconv::Engine(enough).convert_file(scale_model(), out.string()));
}

TEST_F(EngineTest, TimeBudgetStopsAConversionAndWritesNothing) {
  fs::path out = dir_ / "late.onnx";
  onnxconv::EngineConfig tight = config();
  tight.limits.timeout_seconds = 1e-9;  // over before the first check
  std::string message = error_of([&] { onnxconv::Engine(tight).convert_file(scale_model(), out.string()); });
  EXPECT_NE(message.find("time budget"), std::string::npos) << message;
  EXPECT_NE(message.find("--timeout"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out));
  onnxconv::EngineConfig roomy = config();
  roomy.limits.timeout_seconds = 60;
  EXPECT_NO_THROW(onnxconv::Engine(roomy).convert_file(scale_model(), out.string()));
}

TEST_F(EngineTest, PipelineChainsStepsAndNamesNodesAfterThem) {
  PickleBuilder p;
  p.global("sklearn.pipeline", "Pipeline").op(')').op('\x81').op('}').op('(').str("steps").op(']').op('(');
  p.str("first").estimator("onnxconv_test", "Scale", {{"factor", 2}}).op('\x86');
  p.str("skip").op('N').op('\x86');
  p.str("second").estimator("onnxconv_test", "Scale", {{"factor", 5}}).op('\x86');
  p.op('e').str("n_features_in_").integer(4).op('u').op('b');
  std::string path = model_file("pipe.pkl", p.finish());
  onnxconv::Engine engine(config());
  onnx::ModelProto m = parse(engine.convert(engine.read(path)));
  ASSERT_EQ(m.graph().node_size(), 2);
  EXPECT_EQ(m.graph().node(0).name().rfind("first/", 0), 0u) << m.graph().node(0).name();
  EXPECT_EQ(m.graph().node(1).name().rfind("second/", 0), 0u) << m.graph().node(1).name();
  EXPECT_EQ(m.graph().node(1).output(0), "variable");
  EXPECT_EQ(m.graph().input(0).type().tensor_type().shape().dim(1).dim_value(), 4);
  onnxconv::ConversionPlan plan = engine.plan(engine.read(path));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[1].path, "Pipeline.steps[2] 'second'");
  EXPECT_EQ(plan.steps[1].plugin, "coretest");
}

}  // namespace
