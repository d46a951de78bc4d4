// What LightGBM's predict does to the summed raw scores, read from the
// model text's "objective=" line (ObjectiveFunction::ToString).
#ifndef ONNXCONV_PLUGINS_LIGHTGBM_OBJECTIVE_HPP
#define ONNXCONV_PLUGINS_LIGHTGBM_OBJECTIVE_HPP

#include <string>

namespace onnxconv::lightgbm {

enum class Link {
  Identity,      // regression, l1, huber, fair, quantile, mape, ranking; no objective (custom)
  SignedSquare,  // the same with "sqrt": sign(r) * r * r
  Sigmoid,       // binary (sigmoid:s), cross_entropy (s = 1): 1 / (1 + exp(-s r))
  Softmax,       // multiclass
  OvaSigmoid,    // multiclassova: a sigmoid per class, not normalised
  Exp,           // poisson, gamma, tweedie
  Softplus,      // cross_entropy_lambda: log1p(exp(r))
};

struct Objective {
  std::string name;  // first word of the line; empty for a custom objective
  Link link = Link::Identity;
  double sigmoid = 1.0;
  bool is_binary_classification() const { return name == "binary" || name == "cross_entropy"; }
  bool is_multiclass() const { return link == Link::Softmax || link == Link::OvaSigmoid; }
};

// Throws naming the objective when LightGBM's transform for it is unknown.
Objective parse_objective(const std::string& line, const std::string& where);

}  // namespace onnxconv::lightgbm

#endif  // ONNXCONV_PLUGINS_LIGHTGBM_OBJECTIVE_HPP
