// Naive Bayes classifiers (scikit-learn 0.24 to 1.9). Every one predicts
// the same way (_BaseNB): a joint log-likelihood jll [N, n_classes], then
// label = classes_[argmax(jll)] and probabilities = exp(jll - logsumexp(jll)).
// NaiveBayesConverter owns that tail; each class only says how its jll is
// computed (joint_log_likelihood.cpp). The graph is in README.md.
#ifndef ONNXCONV_PLUGINS_NAIVE_BAYES_NAIVE_BAYES_HPP
#define ONNXCONV_PLUGINS_NAIVE_BAYES_NAIVE_BAYES_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::naive_bayes {

using sdk::Context;
using sdk::Object;
using sdk::ValueType;

// ---- helpers every jll uses (naive_bayes.cpp) ----

// A float array of the file: its shape and, when read with values, its
// values as double (row-major).
struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<double> values;
};

// A 1-D or 2-D numeric array; `rows` (when >= 0) is the number of rows (or
// values) it must have. Non-finite values are refused unless
// `allow_minus_inf` (log-priors of a class that has no weight).
Matrix read_array(const Object& a, size_t ndim, int64_t rows, bool with_values, bool allow_minus_inf = false);

// A constant tensor of doubles (the jll is computed in double, see README).
std::string add_doubles(const Context& ctx, const std::string& hint, const std::vector<double>& values,
                        const std::vector<int64_t>& dims);

// ReduceSum over one axis without keepdims, at any opset (axes became an
// input in opset 13).
std::string reduce_sum(const Context& ctx, const std::string& x, int64_t axis);

// ---- the shared converter ----

// label [N] and probabilities [N, n_classes] (or the zipmap form) from the
// jll a subclass computes in double from X cast to double.
class NaiveBayesConverter : public sdk::Converter {
 public:
  std::vector<ValueType> infer(Context& ctx, const Object& est, const std::vector<ValueType>& inputs) override;
  void convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs) override;

 protected:
  // The input width the fitted state implies; checks every array against
  // n_classes (reads no values).
  virtual int64_t n_features(const Object& est, int64_t n_classes) const = 0;
  // jll [N, n_classes] (double) from xd [N, n_features] (double).
  virtual std::string joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                           const std::string& xd) const = 0;
};

// log P(c) - sum_f (log(2 pi var_cf) + (x_f - theta_cf)^2 / var_cf) / 2.
class GaussianNbConverter : public NaiveBayesConverter {
 protected:
  int64_t n_features(const Object& est, int64_t n_classes) const override;
  std::string joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                   const std::string& xd) const override;
};

// The discrete models whose jll is linear in (possibly binarized) X:
// x @ W.T + b. Each says what W, b and the threshold are.
struct LinearJll {
  Matrix weights;                 // [n_classes, n_features]
  std::vector<double> bias;       // [n_classes]
  bool binarize = false;          // x > threshold first (BernoulliNB)
  double threshold = 0.0;
};

class LinearNbConverter : public NaiveBayesConverter {
 protected:
  virtual LinearJll linear_jll(const Object& est, int64_t n_classes, bool with_values) const = 0;
  int64_t n_features(const Object& est, int64_t n_classes) const override;
  std::string joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                   const std::string& xd) const override;
};

// x @ feature_log_prob_.T + class_log_prior_.
class MultinomialNbConverter : public LinearNbConverter {
 protected:
  LinearJll linear_jll(const Object& est, int64_t n_classes, bool with_values) const override;
};

// x @ feature_log_prob_.T (the prior only counts with a single class).
class ComplementNbConverter : public LinearNbConverter {
 protected:
  LinearJll linear_jll(const Object& est, int64_t n_classes, bool with_values) const override;
};

// b(x) @ (flp - log(1 - exp(flp))).T + class_log_prior_ + sum log(1 - exp(flp)),
// b(x) = x > binarize (or x itself when binarize is None).
class BernoulliNbConverter : public LinearNbConverter {
 protected:
  LinearJll linear_jll(const Object& est, int64_t n_classes, bool with_values) const override;
};

// sum_f feature_log_prob_[f][:, int(x_f)] + class_log_prior_.
class CategoricalNbConverter : public NaiveBayesConverter {
 protected:
  int64_t n_features(const Object& est, int64_t n_classes) const override;
  std::string joint_log_likelihood(const Context& ctx, const Object& est, int64_t n_classes,
                                   const std::string& xd) const override;
};

}  // namespace onnxconv::naive_bayes

#endif  // ONNXCONV_PLUGINS_NAIVE_BAYES_NAIVE_BAYES_HPP
