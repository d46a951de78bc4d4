// libsvm (sklearn/svm/src/libsvm/svm.cpp), per row:
//   r_ij = min(max(sigmoid_predict(dec_ij, A_ij, B_ij), 1e-7), 1 - 1e-7),
//   r_ji = 1 - r_ij;
//   p = multiclass_probability (Wu, Lin and Weng's method 2), an
//   iteration that stops as soon as max_t |(Q p)_t - p.Q p| < 0.005 / k,
//   at most max(100, k) times.
// scikit-learn's libsvm couples two classes too (later libsvm releases
// return [r_01, r_10] directly); with k = 2 the iteration stops after a
// step or two, up to 2e-3 away from r_01. The stopping rule is loose, so
// the answer is the iterate where libsvm stopped, not the exact solution:
// the graph runs the same iteration (unrolled: ONNX loops need a subgraph,
// which the plugin SDK cannot express) and freezes each row once its
// stopping test passes.
#include "coupling.hpp"

#include <onnxconv/sdk/reduce.hpp>

#include <algorithm>

namespace onnxconv::svm {

namespace {

// Constants the unrolled iterations share: one initializer each, not one
// per use.
struct Constants {
  std::string one, zero, eps, axis2, start0, end_k;
  std::vector<std::string> index;  // [t] as a 1-element int64 tensor, t < 2k
  std::vector<std::string> unit;   // e_t as [k]

  Constants(const Context& ctx, int64_t k) {
    one = scalar(ctx, 1.0);
    zero = scalar(ctx, 0.0);
    eps = scalar(ctx, 0.005 / double(k));
    axis2 = ctx.add_int64s("axes", {2}, {1});
    start0 = ctx.add_int64s("start", {0}, {1});
    end_k = ctx.add_int64s("end", {k}, {1});
    for (int64_t t = 0; t < 2 * k; ++t) index.push_back(ctx.add_int64s("index", {t}, {1}));
    for (int64_t t = 0; t < k; ++t) {
      std::vector<double> e(size_t(k), 0.0);
      e[size_t(t)] = 1.0;
      unit.push_back(ctx.add_floats("unit", e, {k}));
    }
  }
};

// Column `t` of x [N, k] as [N, 1].
std::string column(const Context& ctx, const Constants& c, const std::string& x, int64_t t) {
  return ctx.op("Gather", {x, c.index[size_t(t)]}, {Attr::i("axis", 1)});
}

// sigmoid_predict: f = dec A + B; exp(-f) / (1 + exp(-f)) for f >= 0,
// 1 / (1 + exp(f)) below (libsvm's two branches, against cancellation).
std::string sigmoid_predict(const Context& ctx, const std::string& decision,
                            const std::vector<double>& a, const std::vector<double>& b) {
  const int64_t pairs = int64_t(a.size());
  std::string f = ctx.op("Add", {ctx.op("Mul", {decision, ctx.add_floats("prob_a", a, {pairs})}),
                                 ctx.add_floats("prob_b", b, {pairs})});
  std::string e = ctx.op("Exp", {ctx.op("Neg", {ctx.op("Abs", {f})})});  // exp(-|f|)
  std::string one_plus = ctx.op("Add", {scalar(ctx, 1.0), e});
  std::string upper = ctx.op("Div", {e, one_plus});
  std::string lower = ctx.op("Div", {scalar(ctx, 1.0), one_plus});
  std::string non_negative = ctx.op("GreaterOrEqual", {f, scalar(ctx, 0.0)});
  return ctx.op("Where", {non_negative, upper, lower});
}

// R [N, k, k], R[i][j] = pairwise_prob[i][j] (0 on the diagonal), gathered
// from [r, 1 - r, 0].
std::string pairwise_matrix(const Context& ctx, const Constants& c, const std::string& r,
                            const std::string& one_minus_r, int64_t k) {
  const int64_t pairs = k * (k - 1) / 2;
  std::string zero = ctx.op("Mul", {column(ctx, c, r, 0), c.zero});
  std::string all = ctx.op("Concat", {r, one_minus_r, zero}, {Attr::i("axis", 1)});
  std::vector<int64_t> index(size_t(k * k), 2 * pairs);
  int64_t p = 0;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = i + 1; j < k; ++j, ++p) {
      index[size_t(i * k + j)] = p;
      index[size_t(j * k + i)] = pairs + p;
    }
  std::string flat = ctx.op("Gather", {all, ctx.add_int64s("pairwise_index", index, {k * k})},
                            {Attr::i("axis", 1)});
  return ctx.op("Reshape", {flat, ctx.add_int64s("shape", {-1, k, k}, {3})});
}

// Q as libsvm builds it, Q[t][t] = sum_{j != t} r_jt^2, Q[t][j] = -r_jt r_tj,
// kept in the shapes the iteration uses: p and Qp live as [N, 1, k] rows so
// that Qp = p Q^T is one MatMul.
struct CouplingMatrix {
  std::string q_transposed;       // Q^T [N, k, k]
  std::vector<std::string> diag;  // Q[t][t] as [N, 1, 1]
  std::vector<std::string> rows;  // [e_t | Q[t][:]] as [N, 1, 2k]: how row t moves [p | Qp]
};

CouplingMatrix coupling_matrix(const Context& ctx, const Constants& c, const std::string& r_matrix, int64_t k) {
  std::string transposed = ctx.op("Transpose", {r_matrix}, {Attr::ints("perm", {0, 2, 1})});
  std::string off_diagonal = ctx.op("Neg", {ctx.op("Mul", {transposed, r_matrix})});
  // Column sums of R^2 (the diagonal of R is 0): [N, 1, k].
  std::string diag = sdk::reduce(ctx, "ReduceSum", ctx.op("Mul", {r_matrix, r_matrix}), {1}, true);
  std::vector<double> eye(size_t(k * k), 0.0);
  for (int64_t t = 0; t < k; ++t) eye[size_t(t * k + t)] = 1.0;
  // Q is symmetric: Q^T = Q, built as -(R^T * R) + diag(Q[t][t]).
  std::string q = ctx.op("Add", {off_diagonal, ctx.op("Mul", {ctx.op("Transpose", {diag}, {Attr::ints("perm", {0, 2, 1})}),
                                                              ctx.add_floats("eye", eye, {k, k})})});
  CouplingMatrix out;
  out.q_transposed = q;
  for (int64_t t = 0; t < k; ++t) {
    out.diag.push_back(ctx.op("Gather", {diag, c.index[size_t(t)]}, {Attr::i("axis", 2)}));
    std::string row = ctx.op("Gather", {q, c.index[size_t(t)]}, {Attr::i("axis", 1)});  // [N, 1, k]
    std::string unit = ctx.op("Add", {ctx.op("Mul", {row, c.zero}), c.unit[size_t(t)]});  // e_t, [N, 1, k]
    out.rows.push_back(ctx.op("Concat", {unit, row}, {Attr::i("axis", 2)}));
  }
  return out;
}

// One pass of the inner loop of multiclass_probability over t = 0..k-1 on
// v = [p | Qp] ([N, 1, 2k]) and pQp ([N, 1, 1]):
//   diff = (-Qp[t] + pQp) / Q[t][t];  p[t] += diff;
//   pQp = (pQp + diff (diff Q[t][t] + 2 Qp[t])) / (1 + diff) / (1 + diff);
//   Qp[j] = (Qp[j] + diff Q[t][j]) / (1 + diff);  p[j] /= (1 + diff)
// p and Qp move the same way, (v + diff [e_t | Q[t]]) / (1 + diff): one
// update for both, exact as libsvm's (adding diff * 0 changes nothing).
std::string gauss_seidel_pass(const Context& ctx, const Constants& c, const CouplingMatrix& q, std::string v,
                              std::string pqp, int64_t k) {
  for (int64_t t = 0; t < k; ++t) {
    std::string qp_t = ctx.op("Gather", {v, c.index[size_t(k + t)]}, {Attr::i("axis", 2)});
    std::string diff = ctx.op("Div", {ctx.op("Sub", {pqp, qp_t}), q.diag[size_t(t)]});
    std::string one_plus = ctx.op("Add", {c.one, diff});
    std::string inner = ctx.op("Add", {ctx.op("Mul", {diff, q.diag[size_t(t)]}), ctx.op("Add", {qp_t, qp_t})});
    std::string sum = ctx.op("Add", {pqp, ctx.op("Mul", {diff, inner})});
    pqp = ctx.op("Div", {ctx.op("Div", {sum, one_plus}), one_plus});
    v = ctx.op("Div", {ctx.op("Add", {v, ctx.op("Mul", {diff, q.rows[size_t(t)]})}), one_plus});
  }
  return v;
}

// Nodes per iteration: 11 + 14 k. ONNX Runtime's session creation grows
// faster than linearly with a long chain of nodes (measured, ORT 1.20 and
// 1.30: 2000 chained nodes 0.5 s, 4000 2 s, 8000 20 s or more), so the
// iterations are capped to stay near kNodeBudget nodes. libsvm's rows
// stop after 2 to 4 iterations on the fixtures (k = 2 to 8), far below the
// cap (36 for 2 classes, 17 for 4, 12 for 8).
constexpr int64_t kNodeBudget = 1500;
constexpr int64_t kMinIterations = 4;

}  // namespace

int64_t unrolled_iterations(int64_t k) {
  int64_t libsvm_max = std::max<int64_t>(100, k);
  return std::min(libsvm_max, std::max(kMinIterations, kNodeBudget / (11 + 14 * k)));
}

namespace {

std::string multiclass_probability(const Context& ctx, const Constants& c, const std::string& r_matrix,
                                   int64_t k) {
  CouplingMatrix q = coupling_matrix(ctx, c, r_matrix, k);
  // p = 1/k, broadcast from [1, 1, k] and [N, 1, 1] to [N, 1, k].
  std::string uniform = ctx.add_floats("uniform", std::vector<double>(size_t(k), 1.0 / double(k)), {1, 1, k});
  std::string p = ctx.op("Expand", {uniform, ctx.op("Shape", {q.diag[0]})});
  std::string running;  // [N, 1, 1] bool: the row's iteration has not stopped
  for (int64_t iter = 0, n = unrolled_iterations(k); iter < n; ++iter) {
    // Stopping test, on Qp and pQp recomputed from p (as libsvm does).
    std::string qp = ctx.op("MatMul", {p, q.q_transposed});
    std::string pqp = sdk::reduce(ctx, "ReduceSum", ctx.op("Mul", {p, qp}), {2}, true);
    std::string error = sdk::reduce(ctx, "ReduceMax", ctx.op("Abs", {ctx.op("Sub", {qp, pqp})}), {2}, true);
    std::string go_on = ctx.op("GreaterOrEqual", {error, c.eps});
    running = running.empty() ? go_on : ctx.op("And", {running, go_on});
    std::string v = gauss_seidel_pass(ctx, c, q, ctx.op("Concat", {p, qp}, {Attr::i("axis", 2)}), pqp, k);
    std::string next = ctx.op("Slice", {v, c.start0, c.end_k, c.axis2});
    p = ctx.op("Where", {running, next, p});
  }
  return ctx.op("Reshape", {p, ctx.add_int64s("shape", {-1, k}, {2})});
}

}  // namespace

std::string emit_libsvm_probabilities(const Context& ctx, const std::string& decision, int64_t n_classes,
                                      const std::vector<double>& prob_a, const std::vector<double>& prob_b) {
  std::string sig = sigmoid_predict(ctx, decision, prob_a, prob_b);
  const double min_prob = 1e-7;
  std::string r = ctx.op("Min", {ctx.op("Max", {sig, scalar(ctx, min_prob)}), scalar(ctx, 1.0 - min_prob)});
  std::string one_minus_r = ctx.op("Sub", {scalar(ctx, 1.0), r});
  Constants c(ctx, n_classes);
  return multiclass_probability(ctx, c, pairwise_matrix(ctx, c, r, one_minus_r, n_classes), n_classes);
}

}  // namespace onnxconv::svm
