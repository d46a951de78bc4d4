// What every preprocessing converter shares: input checks, reading fitted
// per-column arrays, and emitting a chain of ops whose last one writes the
// host-chosen output name (so no Identity is needed at the end).
#ifndef ONNXCONV_PLUGINS_PREPROCESSING_COMMON_HPP
#define ONNXCONV_PLUGINS_PREPROCESSING_COMMON_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv::preprocessing {

using sdk::Attr;
using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// Lowest ai.onnx opset emitted for: Where (9), Clip with min/max inputs and
// Gather/Slice/ConstantOfShape as used here (11).
constexpr int64_t kMinOpset = 11;

// Checks the one [N, n] input (model float type, n = n_features_in_ when the
// estimator has it) and the target opset; returns n (-1 when unknown).
int64_t check_input(const Context& ctx, const Object& est, const std::vector<ValueType>& inputs);

// The transformer output: `variable` [N, columns] in the model float type.
std::vector<ValueType> transformed(const Context& ctx, const std::vector<ValueType>& inputs, int64_t columns);

// A fitted 1-D array attribute of `size` values (size < 0: any), or nothing
// when the attribute is None (e.g. StandardScaler.scale_ with with_std=False).
std::optional<std::vector<double>> column_values(const Object& est, const char* name, int64_t size);

// est.<name> as a bool, `fallback` when absent (older pickles).
bool flag(const Object& est, const char* name, bool fallback);

// Emits ops one after another on one value; the last op writes the output.
//
//   Chain(ctx, x).then("Sub", {mean}).then("Div", {scale}).into(out);
//
// With no op at all, into() copies with an Identity (the host drops it).
class Chain {
 public:
  Chain(const Context& ctx, std::string input) : ctx_(ctx), current_(std::move(input)) {}
  // current = op(current, extra...)
  Chain& then(const std::string& op, std::vector<std::string> extra = {}, std::vector<Attr> attrs = {});
  void into(const std::string& output);

 private:
  void flush(const std::string& output);
  const Context& ctx_;
  std::string current_;
  std::optional<std::string> op_;
  std::vector<std::string> extra_;
  std::vector<Attr> attrs_;
};

// A [N, 1] reduction over each row (ReduceL1, ReduceL2, ReduceMax...), with
// `axes` as an attribute or, from opset 18, as an input.
std::string reduce_rows(const Context& ctx, const std::string& op, const std::string& x);

// Columns `indices` of x (Gather along axis 1).
std::string gather_columns(const Context& ctx, const std::string& x, const std::vector<int64_t>& indices);

}  // namespace onnxconv::preprocessing

#endif
