// The converters of the svm plugin; see README.md for what each emits.
#ifndef ONNXCONV_PLUGINS_SVM_CONVERTERS_HPP
#define ONNXCONV_PLUGINS_SVM_CONVERTERS_HPP

#include "graph.hpp"

namespace onnxconv::svm {

// SVC, NuSVC: label [N] = predict (libsvm's one-vs-one votes, or with
// break_ties the argmax of the ovr decision function); probabilities =
// predict_proba with probability=True, else decision_function (binary as
// [-d, d]). Options: zipmap, raw_scores (decision_function whatever
// `probability` says).
class SvcConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// SVR, NuSVR: variable [N, 1] = predict.
class SvrConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

// OneClassSVM: label [N] = predict (1 inlier, -1 outlier), scores [N, 1] =
// decision_function.
class OneClassSvmConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est,
                               const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;
};

}  // namespace onnxconv::svm

#endif  // ONNXCONV_PLUGINS_SVM_CONVERTERS_HPP
