// Composition in the core: Pipeline, FeatureUnion and ColumnTransformer
// around the coretest plugin's converters. Checks the graph the core builds
// (glue nodes, names, no do-nothing nodes), the plan `inspect` shows, and the
// errors; numbers are checked against scikit-learn by the parity tests.
#include "core_test_fixture.h"
#include "pickle_builder.h"

#include <onnxconv/engine.h>

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <cstring>
#include <functional>

using onnxconv::test::PickleBuilder;

namespace {

// scikit-learn-shaped objects in pickle opcodes (protocol 2).
class Composer {
 public:
  // cls() with a state dict; `fill` writes its key/value pairs.
  Composer& object(const std::string& module, const std::string& name, const std::function<void()>& fill) {
    p_.global(module, name).op(')').op('\x81').op('}').op('(');
    fill();
    p_.op('u').op('b');
    return *this;
  }
  Composer& list(const std::function<void()>& items) {
    p_.op(']').op('(');
    items();
    p_.op('e');
    return *this;
  }
  Composer& dict(const std::function<void()>& items) {
    p_.op('}').op('(');
    items();
    p_.op('u');
    return *this;
  }
  // The object just built, memoized as `slot`; a later `memo(slot)` refers to it.
  Composer& object_in_memo(int slot, const std::string& module, const std::string& name,
                           const std::function<void()>& fill) {
    p_.global(module, name).op(')').op('\x81').op('q').op(static_cast<char>(slot)).op('}').op('(');
    fill();
    p_.op('u').op('b');
    return *this;
  }
  Composer& memo(int slot) { return raw([&] { p_.op('h').op(static_cast<char>(slot)); }); }
  Composer& str(const std::string& s) { return raw([&] { p_.str(s); }); }
  Composer& integer(int v) { return raw([&] { p_.integer(v); }); }
  // LONG1 with 8 little-endian bytes: ints past 32 bits.
  Composer& big(int64_t v) {
    p_.op('\x8a').op('\x08');
    for (int i = 0; i < 8; ++i) p_.op(static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF));
    return *this;
  }
  Composer& real(double v) { return raw([&] { p_.real(v); }); }
  Composer& boolean(bool b) { return raw([&] { p_.op(b ? '\x88' : '\x89'); }); }
  Composer& none() { return raw([&] { p_.op('N'); }); }
  Composer& pair() { return raw([&] { p_.op('\x86'); }); }
  Composer& triple() { return raw([&] { p_.op('\x87'); }); }
  // builtins.slice(start, stop, None), as scikit-learn's column specs pickle.
  Composer& slice(int start, int stop) {
    p_.global("builtins", "slice").integer(start).integer(stop).op('N').op('\x87').op('R');
    return *this;
  }
  // builtins.slice(0, None, None): every column.
  Composer& slice_all() {
    p_.global("builtins", "slice").integer(0).op('N').op('N').op('\x87').op('R');
    return *this;
  }
  Composer& scale(double factor, const std::string& cls = "Scale") {
    p_.estimator("onnxconv_test", cls, {{"factor", factor}});
    return *this;
  }
  Composer& ints(std::initializer_list<int> v) {
    return list([&] { for (int i : v) integer(i); });
  }
  std::string finish() { return p_.finish(); }

 private:
  Composer& raw(const std::function<void()>& f) {
    f();
    return *this;
  }
  PickleBuilder p_;
};

// Pipeline(steps=[(name, est), ...]); `steps` writes the (name, est) pairs.
void pipeline(Composer& c, int n_features, const std::function<void()>& steps) {
  c.object("sklearn.pipeline", "Pipeline", [&] {
    c.str("steps").list(steps);
    if (n_features > 0) c.str("n_features_in_").integer(n_features);
  });
}

// A fitted ColumnTransformer; `transformers` writes (name, est, columns).
void column_transformer(Composer& c, int n_features, const std::function<void()>& transformers,
                        const std::function<void()>& weights = nullptr) {
  c.object("sklearn.compose._column_transformer", "ColumnTransformer", [&] {
    c.str("transformers_").list(transformers);
    c.str("n_features_in_").integer(n_features);
    c.str("transformer_weights");
    if (weights) c.dict(weights);
    else c.none();
  });
}

class CompositionTest : public onnxconv::test::CoreTestFixture {
 protected:
  CompositionTest() : CoreTestFixture("onnxconv_composition_") {}

  onnxconv::Model model(const std::string& bytes) {
    std::string path = (dir_ / "model.pkl").string();
    onnxconv::test::write_file(path, bytes);
    return engine_.read(path);
  }
  onnx::ModelProto convert(const std::string& bytes) {
    onnx::ModelProto m;
    EXPECT_TRUE(m.ParseFromString(engine_.convert(model(bytes))));
    return m;
  }
  std::string error_of(const std::string& bytes) {
    try {
      engine_.convert(model(bytes));
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  }
  static std::vector<std::string> op_types(const onnx::ModelProto& m) {
    std::vector<std::string> ops;
    for (const auto& n : m.graph().node()) ops.push_back(n.op_type());
    return ops;
  }
  static int64_t output_width(const onnx::ModelProto& m) {
    return m.graph().output(0).type().tensor_type().shape().dim(1).dim_value();
  }

  onnxconv::Engine engine_{config()};
};

using Ops = std::vector<std::string>;

TEST_F(CompositionTest, ColumnTransformerSelectsTransformsAndConcatenates) {
  Composer c;
  column_transformer(c, 4, [&] {
    c.str("a").scale(2).ints({2, 0}).triple();                  // Gather, then Scale
    c.str("b").str("passthrough").slice(1, 3).triple();         // contiguous: Slice
    c.str("gone").str("drop").ints({0}).triple();               // nothing
    c.str("m").scale(3).list([&] { c.boolean(true).boolean(false).boolean(false).boolean(true); }).triple();
    c.str("empty").scale(5).list([] {}).triple();               // skipped, as scikit-learn does
  });
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Gather", "Mul", "Slice", "Gather", "Mul", "Concat"}));
  EXPECT_EQ(output_width(m), 6);
  EXPECT_EQ(m.graph().output(0).name(), "variable");
  EXPECT_EQ(m.graph().node(0).name(), "a/Gather");
  EXPECT_EQ(m.graph().node(1).name(), "a/Mul");
  EXPECT_EQ(m.graph().node(2).name(), "b/Slice");
  EXPECT_EQ(m.graph().node(5).input(1), "b_columns") << "readable names for core values";
}

TEST_F(CompositionTest, NoNodeForGlueThatDoesNothing) {
  // Every column in order, passthrough steps, a weight of one: Scale's Mul only.
  Composer c;
  pipeline(c, 0, [&] {
    c.str("skip").str("passthrough").pair();
    c.str("ct");
    column_transformer(c, 3, [&] { c.str("all").scale(2).slice(0, 3).triple(); },
                       [&] { c.str("all").real(1.0); });
    c.pair();
    c.str("none").none().pair();
  });
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Mul"}));
  EXPECT_EQ(m.graph().node(0).input(0), "X");
  EXPECT_EQ(m.graph().node(0).output(0), "variable");
  EXPECT_EQ(m.graph().node(0).name(), "ct/all/Mul");
}

TEST_F(CompositionTest, OnlyPassthroughStepsGiveOneIdentity) {
  Composer c;
  pipeline(c, 2, [&] { c.str("a").str("passthrough").pair(); });
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Identity"})) << "the output must be a value of its own";
  EXPECT_EQ(m.graph().output(0).name(), "variable");
}

TEST_F(CompositionTest, ConverterNoOpsAreRemoved) {
  // Wordy emits Cast to the type X has, Identity, Mul, Identity to its output.
  Composer c;
  pipeline(c, 3, [&] {
    c.str("w").scale(2, "Wordy").pair();
    c.str("s").scale(3).pair();
  });
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Mul", "Mul"}));
  EXPECT_EQ(m.graph().node(0).input(0), "X");
  EXPECT_EQ(m.graph().node(0).output(0), m.graph().node(1).input(0));
  EXPECT_EQ(m.graph().node(1).output(0), "variable");
}

TEST_F(CompositionTest, WordyConverterAsTheLastStepWritesTheOutputDirectly) {
  Composer c;
  c.scale(2, "Wordy");
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Mul"}));
  EXPECT_EQ(m.graph().node(0).output(0), "variable");
}

TEST_F(CompositionTest, FeatureUnionWeightsBranchesAndSkipsDropped) {
  Composer c;
  c.object("sklearn.pipeline", "FeatureUnion", [&] {
    c.str("transformer_list").list([&] {
      c.str("a").scale(2).pair();
      c.str("b").str("passthrough").pair();
      c.str("c").str("drop").pair();
      c.str("d").object("sklearn.preprocessing._function_transformer", "FunctionTransformer",
                        [&] { c.str("func").none(); }).pair();
    });
    c.str("transformer_weights").dict([&] { c.str("a").real(1.0).str("b").real(0.5); });
    c.str("n_features_in_").integer(3);
  });
  onnx::ModelProto m = convert(c.finish());
  EXPECT_EQ(op_types(m), (Ops{"Mul", "Mul", "Concat"}));
  EXPECT_EQ(m.graph().node(1).name(), "b/Mul");
  EXPECT_EQ(m.graph().node(2).input(2), "X") << "FunctionTransformer(func=None) is the identity";
  EXPECT_EQ(output_width(m), 9);
}

TEST_F(CompositionTest, NestedStepsNameTheirNodesAndThePlanShowsTheCore) {
  Composer c;
  pipeline(c, 0, [&] {
    c.str("prep");
    pipeline(c, 0, [&] {
      c.str("ct");
      column_transformer(c, 4, [&] {
        c.str("num").scale(2).ints({3, 1}).triple();
        c.str("remainder").str("passthrough").ints({0, 2}).triple();
      });
      c.pair();
    });
    c.pair();
    c.str("last").scale(5).pair();
  });
  std::string bytes = c.finish();
  onnx::ModelProto m = convert(bytes);
  EXPECT_EQ(m.graph().node(0).name(), "prep/ct/num/Gather");
  EXPECT_EQ(m.graph().node(1).name(), "prep/ct/num/Mul");
  EXPECT_EQ(m.graph().input(0).type().tensor_type().shape().dim(1).dim_value(), 4)
      << "the input width comes from the first step";
  onnxconv::ConversionPlan plan = engine_.plan(model(bytes));
  ASSERT_EQ(plan.steps.size(), 5u);
  EXPECT_EQ(plan.steps[0].path, "Pipeline.steps[0] 'prep'.steps[0] 'ct'.transformers_[0] 'num' (columns)");
  EXPECT_EQ(plan.steps[0].plugin, "");
  EXPECT_EQ(plan.steps[0].operation, "Gather columns [3, 1]");
  EXPECT_EQ(plan.steps[1].plugin, "coretest");
  EXPECT_EQ(plan.steps[3].operation, "Concat columns");
  EXPECT_EQ(plan.steps[3].outputs[0].type, "tensor(float)[N,4]");
  EXPECT_EQ(engine_.convert(model(bytes)), engine_.convert(model(bytes))) << "deterministic";
}

TEST_F(CompositionTest, StepWithoutConverterNamesItsPathAndWhereItLooked) {
  Composer c;
  pipeline(c, 0, [&] {
    c.str("scale").scale(2).pair();
    c.str("clf").object("mypkg", "Foo", [] {}).pair();
  });
  std::string message = error_of(c.finish());
  EXPECT_NE(message.find("Pipeline.steps[1] 'clf': mypkg.Foo"), std::string::npos) << message;
  EXPECT_NE(message.find(CORETEST_PLUGIN_DIR), std::string::npos) << message;
  EXPECT_NE(message.find("plugins found: coretest"), std::string::npos) << message;
}

TEST_F(CompositionTest, ColumnSelectionsTheTensorCannotMakeAreRefusedByPath) {
  auto ct_with = [](const std::function<void(Composer&)>& columns) {
    Composer c;
    column_transformer(c, 3, [&] {
      c.str("t").scale(2);
      columns(c);
      c.triple();
    });
    return c.finish();
  };
  std::string by_name = error_of(ct_with([](Composer& c) { c.list([&] { c.str("age"); }); }));
  EXPECT_NE(by_name.find("ColumnTransformer.transformers_[0] 't'"), std::string::npos) << by_name;
  EXPECT_NE(by_name.find("by name"), std::string::npos) << by_name;
  std::string out_of_range = error_of(ct_with([](Composer& c) { c.ints({3}); }));
  EXPECT_NE(out_of_range.find("out of range for 3 columns"), std::string::npos) << out_of_range;
  std::string short_mask = error_of(ct_with([](Composer& c) { c.list([&] { c.boolean(true); }); }));
  EXPECT_NE(short_mask.find("boolean mask of 1 entries over 3 columns"), std::string::npos) << short_mask;
}

TEST_F(CompositionTest, HugeFittedWidthIsRefusedBeforeListingColumns) {
  // A hostile n_features_in_ with slice(0, None) once listed 10^12 column
  // indices (minutes, gigabytes); now the width is checked first.
  Composer c;
  c.object("sklearn.compose._column_transformer", "ColumnTransformer", [&] {
    c.str("transformers_").list([&] {
      c.str("t").str("passthrough");
      c.slice_all();
      c.triple();
    });
    c.str("n_features_in_").big(int64_t{1000000000000});
  });
  std::string message = error_of(c.finish());
  EXPECT_NE(message.find("ColumnTransformer: n_features_in_ is 1000000000000, over the limit of 1048576"),
            std::string::npos)
      << message;
}

TEST_F(CompositionTest, OutputIndicesDisagreeingWithTheConversionIsAnError) {
  Composer c;
  c.object("sklearn.compose._column_transformer", "ColumnTransformer", [&] {
    c.str("transformers_").list([&] { c.str("t").scale(2).ints({0, 1}).triple(); });
    c.str("n_features_in_").integer(3);
    c.str("output_indices_").dict([&] { c.str("t").slice(0, 3); });
  });
  std::string message = error_of(c.finish());
  EXPECT_NE(message.find("output_indices_ gives it 3 output columns, its conversion 2"), std::string::npos)
      << message;
}

// MemberOptions(inner, option, value): `inner` planned with option=value.
// An empty `option`: the member is planned with no option.
void member_options(Composer& c, const std::string& option, const std::string& value,
                    const std::function<void()>& inner) {
  c.object("onnxconv_test", "MemberOptions", [&] {
    c.str("inner");
    inner();
    c.str("option");
    if (option.empty()) c.none();
    else c.str(option);
    c.str("value").str(value);
  });
}

// The factor of each Mul, in node order.
std::vector<float> mul_factors(const onnx::ModelProto& m) {
  std::vector<float> factors;
  for (const auto& n : m.graph().node()) {
    if (n.op_type() != "Mul") continue;
    for (const auto& t : m.graph().initializer()) {
      if (t.name() != n.input(1)) continue;
      float f = t.float_data_size() ? t.float_data(0) : 0.0f;
      if (t.raw_data().size() >= sizeof f) std::memcpy(&f, t.raw_data().data(), sizeof f);
      factors.push_back(f);
    }
  }
  return factors;
}

TEST_F(CompositionTest, MemberOptionsOverrideTheModelsForThatMemberOnly) {
  Composer c;
  pipeline(c, 2, [&] {
    c.str("wrapped");
    member_options(c, "factor", "3", [&] {
      pipeline(c, 0, [&] {
        c.str("a").scale(2).pair();
        c.str("b").scale(4).pair();
      });
    });
    c.pair();
    c.str("after").scale(7).pair();
  });
  std::string bytes = c.finish();
  EXPECT_EQ(mul_factors(convert(bytes)), (std::vector<float>{3, 3, 7})) << "the member's whole plan, and only it";
  onnxconv::ConvertOptions model_factor;
  model_factor.options["factor"] = "5";
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(engine_.convert(model(bytes), model_factor)));
  EXPECT_EQ(mul_factors(m), (std::vector<float>{3, 3, 5})) << "the member's option wins over the model's";
}

TEST_F(CompositionTest, MembersDoNotGetTheModelsOptions) {
  Composer c;
  pipeline(c, 2, [&] {
    c.str("wrapped");
    member_options(c, "", "", [&] { c.scale(2); });
    c.pair();
    c.str("after").scale(7).pair();
  });
  onnxconv::ConvertOptions model_factor;
  model_factor.options["factor"] = "5";
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(engine_.convert(model(c.finish()), model_factor)));
  EXPECT_EQ(mul_factors(m), (std::vector<float>{2, 5})) << "the model's option shapes its own steps only";

  Composer alone;
  member_options(alone, "", "", [&] { alone.scale(2); });
  try {
    engine_.convert(model(alone.finish()), model_factor);
    FAIL() << "an option only a member offers was accepted";
  } catch (const onnxconv::Error& e) {
    EXPECT_EQ(e.kind(), onnxconv::ErrorKind::BadOption);
    EXPECT_NE(std::string(e.what()).find("option 'factor' is not offered by any converter of this model"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(CompositionTest, MemberOptionNoConverterOfTheMemberOffersIsABadOption) {
  Composer c;
  member_options(c, "raw_scores", "true", [&] { c.scale(2); });
  try {
    engine_.convert(model(c.finish()));
    FAIL() << "converted";
  } catch (const onnxconv::Error& e) {
    EXPECT_EQ(e.kind(), onnxconv::ErrorKind::BadOption);
    std::string message = e.what();
    EXPECT_NE(message.find("MemberOptions.inner: option 'raw_scores' (set by its composite) is not offered"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("(offered: factor)"), std::string::npos) << message;
  }
}

// The roles check reads the options a member is planned with: those its
// composite set, not only the model's.
TEST_F(CompositionTest, MemberRolesAreCheckedAgainstTheMembersOwnOptions) {
  auto lies = [](Composer& c, std::initializer_list<const char*> roles) {
    c.object("onnxconv_test", "Lies", [&] { c.str("roles").list([&] { for (const char* r : roles) c.str(r); }); });
  };
  Composer honest;
  member_options(honest, "leaf", "true", [&] { lies(honest, {"variable", "leaf"}); });
  EXPECT_NO_THROW(convert(honest.finish()));
  Composer lying;
  member_options(lying, "leaf", "true", [&] { lies(lying, {"variable"}); });
  try {
    engine_.convert(model(lying.finish()));
    FAIL() << "converted";
  } catch (const onnxconv::Error& e) {
    EXPECT_EQ(e.kind(), onnxconv::ErrorKind::PluginFailure);
    std::string message = e.what();
    EXPECT_NE(message.find("MemberOptions.inner"), std::string::npos) << message;
    EXPECT_NE(message.find("infer returned the outputs [variable] but the manifest"), std::string::npos) << message;
    EXPECT_NE(message.find("declares [variable, leaf] or [variable, scores, leaf]"), std::string::npos) << message;
  }
}

}  // namespace

// The input schema follows a meta-estimator's fitted members fitted on the
// same DataFrame; a file whose member is the estimator itself (a cycle
// through the memo) is walked once, then refused for want of a converter.
TEST_F(CompositionTest, MembersOfTheSameDataFrameAreWalkedOnceEvenInACycle) {
  Composer c;
  c.object_in_memo(0, "mypkg", "Meta", [&] {
    c.str("feature_names_in_").list([&] { c.str("a").str("b"); });
    c.str("estimators_").list([&] { c.memo(0).memo(0); });
  });
  std::string message = error_of(c.finish());
  EXPECT_NE(message.find("mypkg.Meta"), std::string::npos) << message;
  EXPECT_EQ(message.find("deeper"), std::string::npos) << message;
}
