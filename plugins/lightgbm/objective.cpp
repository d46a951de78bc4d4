#include "objective.hpp"

#include <onnxconv/sdk/sdk.hpp>

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <vector>

namespace onnxconv::lightgbm {

namespace {

// Regression objectives whose output honours the "sqrt" flag
// (RegressionL2loss and the objectives that keep its ConvertOutput).
const std::set<std::string> kRegression = {"regression", "regression_l1", "huber", "fair", "quantile", "mape"};
const std::set<std::string> kExp = {"poisson", "gamma", "tweedie"};
const std::set<std::string> kRanking = {"lambdarank", "rank_xendcg"};

}  // namespace

Objective parse_objective(const std::string& line, const std::string& where) {
  std::istringstream words(line);
  std::vector<std::string> tokens;
  for (std::string w; words >> w;) tokens.push_back(w);
  Objective o;
  if (tokens.empty()) return o;  // custom objective: predict returns raw scores
  o.name = tokens[0];
  bool sqrt = false;
  for (size_t i = 1; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t == "sqrt") {
      sqrt = true;
    } else if (t.rfind("sigmoid:", 0) == 0) {
      char* end = nullptr;
      o.sigmoid = std::strtod(t.c_str() + 8, &end);
      if (*end != '\0' || !std::isfinite(o.sigmoid) || o.sigmoid <= 0)
        throw sdk::Error(where + ": objective '" + line + "': bad sigmoid parameter");
    }
    // num_class:K is read from the header's num_class.
  }
  if (kRegression.count(o.name)) {
    o.link = sqrt ? Link::SignedSquare : Link::Identity;
  } else if (kExp.count(o.name)) {
    o.link = Link::Exp;
  } else if (kRanking.count(o.name)) {
    o.link = Link::Identity;
  } else if (o.name == "binary") {
    o.link = Link::Sigmoid;
  } else if (o.name == "cross_entropy") {
    o.link = Link::Sigmoid;
    o.sigmoid = 1.0;
  } else if (o.name == "cross_entropy_lambda") {
    o.link = Link::Softplus;
  } else if (o.name == "multiclass") {
    o.link = Link::Softmax;
  } else if (o.name == "multiclassova") {
    o.link = Link::OvaSigmoid;
  } else {
    throw sdk::Error(where + ": objective '" + line + "' is not supported (its output transform is unknown to onnxconv)");
  }
  return o;
}

}  // namespace onnxconv::lightgbm
