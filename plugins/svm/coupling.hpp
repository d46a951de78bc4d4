// libsvm's probability estimates (svm_predict_probability) for SVC and
// NuSVC fitted with probability=True, from the one-vs-one decision values.
#ifndef ONNXCONV_PLUGINS_SVM_COUPLING_HPP
#define ONNXCONV_PLUGINS_SVM_COUPLING_HPP

#include "graph.hpp"

namespace onnxconv::svm {

// More classes than this are refused with probability=True: the coupling
// below is unrolled, ~17 k nodes per iteration for max(100, k) iterations.
constexpr int64_t kMaxProbabilityClasses = 50;

// How many iterations of libsvm's coupling the graph unrolls for k
// classes: max(100, k) as libsvm, capped to keep the graph near 1500 nodes
// (see coupling.cpp). A row libsvm iterates on for longer gets the capped
// iterate.
int64_t unrolled_iterations(int64_t k);

// decision: [N, P] libsvm's decision values, pairs (i, j), i < j, in
// order; prob_a, prob_b: _probA, _probB ([P]). Returns [N, n_classes].
std::string emit_libsvm_probabilities(const Context& ctx, const std::string& decision,
                                      int64_t n_classes, const std::vector<double>& prob_a,
                                      const std::vector<double>& prob_b);

}  // namespace onnxconv::svm

#endif  // ONNXCONV_PLUGINS_SVM_COUPLING_HPP
