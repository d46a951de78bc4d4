// One binary member of OneVsRestClassifier / OneVsOneClassifier (fitted on
// 0/1 targets, so its classes_ are [0, 1]), or OvR's _ConstantPredictor (a
// label seen in every training row or in none: a stored 0 or 1). Gives the
// member's outputs as scikit-learn's multiclass module reads them, each
// member converted by the host at most once per set of options.
#ifndef ONNXCONV_PLUGINS_META_BINARY_MEMBER_HPP
#define ONNXCONV_PLUGINS_META_BINARY_MEMBER_HPP

#include "response_methods.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace onnxconv::meta {

class BinaryMember {
 public:
  BinaryMember(const sdk::Object& est, std::string path);

  const sdk::Object& estimator() const { return est_; }
  const std::string& path() const { return path_; }
  const ResponseMethods& methods() const { return methods_; }
  bool constant() const { return constant_.has_value(); }

  // infer: plans the conversions the outputs below will need and checks
  // their types (a [N, 2] probabilities tensor of the model's float type,
  // integer labels).
  void check(sdk::Context& ctx, const std::vector<sdk::ValueType>& inputs, bool positive_proba, bool label) const;

  // [N, 1] in the model's float type: _predict_binary, i.e.
  // decision_function where the estimator has one, else predict_proba[:, 1].
  std::string predict_binary(sdk::Context& ctx, const std::vector<std::string>& inputs);
  // [N, 1]: predict_proba[:, 1].
  std::string positive_proba(sdk::Context& ctx, const std::vector<std::string>& inputs);
  // [N] int64: predict (0 or 1).
  std::string label(sdk::Context& ctx, const std::vector<std::string>& inputs);

 private:
  // Whether _predict_binary's scores need the conversion with the
  // raw_scores option: the plain one gives decision_function in its
  // probabilities' second column ([-d, d]) when the estimator has no
  // predict_proba, and predict_proba when it has no decision_function.
  bool scores_raw() const { return methods_.decision_function && methods_.predict_proba; }
  // The member's path in the plan: the raw_scores conversion is named apart
  // so `inspect` and node names tell the two conversions of one member apart.
  std::string member_path(bool raw) const { return raw ? path_ + "(raw_scores)" : path_; }
  std::vector<sdk::ValueType> infer_conversion(sdk::Context& ctx, const std::vector<sdk::ValueType>& inputs,
                                               bool raw) const;
  const sdk::SubOutputs& converted(sdk::Context& ctx, const std::vector<std::string>& inputs, bool raw);
  std::string second_column(sdk::Context& ctx, const std::string& probabilities) const;
  std::string constant_column(sdk::Context& ctx, const std::vector<std::string>& inputs) const;
  std::string second_column_of(sdk::Context& ctx, const std::vector<std::string>& inputs, bool raw);

  sdk::Object est_;
  std::string path_;
  ResponseMethods methods_;
  std::optional<double> constant_;  // _ConstantPredictor.y_
  std::optional<sdk::SubOutputs> plain_, raw_;
  std::string plain_column_, raw_column_, constant_column_;
};

// The model's input types (as planned), for convert_sub.
std::vector<sdk::ValueType> planned_input_types(const sdk::Context& ctx, size_t n);

}  // namespace onnxconv::meta

#endif
