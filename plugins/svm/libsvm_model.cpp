#include "libsvm_model.hpp"

#include <onnxconv/sdk/sklearn_version.hpp>

#include <cmath>

namespace onnxconv::svm {

using sdk::Kind;

namespace {

// A dense float array of `ndim` dimensions; returns its shape.
std::vector<int64_t> float_array_shape(const Object& a, size_t ndim) {
  if (a.kind() != Kind::Array) {
    if (a.kind() == Kind::Instance)
      a.fail("is a " + a.class_name() + ", not a dense numpy array (models fitted on "
             "sparse input are not supported)");
    a.fail("expected a numpy array");
  }
  oc_array_info info = a.array_info();
  if (info.dtype_kind != 'f')
    a.fail(std::string("expected a float array, got dtype kind '") + info.dtype_kind + "'");
  if (size_t(info.ndim) != ndim)
    a.fail("expected " + std::to_string(ndim) + " dimensions, got " + std::to_string(info.ndim));
  return a.shape();
}

std::vector<double> finite_values(const Object& a) {
  std::vector<double> v = a.to_doubles();
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) a.fail("holds a non-finite value at flat index " + std::to_string(i));
  return v;
}

// A finite number (Python float or int, or a numpy scalar).
double finite_number(const Object& o) {
  double v = o.to_double();
  if (!std::isfinite(v)) o.fail("is not a finite number");
  return v;
}

std::string describe(const Object& est) { return sdk::SklearnVersion::of(est).describe(); }

// Every release from 0.22 writes these; their absence is a damaged file.
Object required(const Object& est, const char* name) {
  if (auto found = est.find(name)) return *found;
  est.fail(std::string("missing attribute '") + name + "', which " + describe(est) +
           " (the release the file names) always writes");
}

}  // namespace

KernelParams KernelParams::read(const Object& est) {
  KernelParams k;
  Object kernel = est.attr("kernel");
  if (kernel.kind() != Kind::String)
    kernel.fail("a callable kernel cannot be converted (its code is not in the file)");
  std::string name = kernel.to_string();
  if (name == "linear") k.type = KernelType::Linear;
  else if (name == "poly") k.type = KernelType::Poly;
  else if (name == "rbf") k.type = KernelType::Rbf;
  else if (name == "sigmoid") k.type = KernelType::Sigmoid;
  else if (name == "precomputed")
    kernel.fail("kernel 'precomputed' cannot be converted: its input is a kernel matrix "
                "against the training set, which the file does not hold");
  else
    kernel.fail("unknown kernel '" + name + "' (known: linear, poly, rbf, sigmoid)");
  if (k.type == KernelType::Linear) return k;
  k.gamma = finite_number(required(est, "_gamma"));
  if (k.type == KernelType::Rbf) return k;
  k.coef0 = finite_number(est.attr("coef0"));
  if (k.type == KernelType::Poly) {
    Object degree = est.attr("degree");
    double d = degree.to_double();
    if (!(d >= 0 && d <= 2147483647.0 && std::floor(d) == d))
      degree.fail("expected a whole number between 0 and 2^31 - 1");
    k.degree = int64_t(d);
  }
  return k;
}

LibsvmModel LibsvmModel::read(const Object& est, int64_t n_classes, bool with_values) {
  LibsvmModel m;
  m.kernel = KernelParams::read(est);
  if (auto sparse = est.find("_sparse"); sparse && sparse->to_bool())
    est.fail("was fitted on sparse input (_sparse is True): its support vectors are a "
             "scipy.sparse matrix, which this plugin does not read");

  Object sv = required(est, "support_vectors_");
  std::vector<int64_t> sv_shape = float_array_shape(sv, 2);
  m.n_sv = sv_shape[0];
  m.n_features = sv_shape[1];
  if (auto n_in = est.find("n_features_in_")) {
    int64_t n = n_in->to_int();
    // libsvm stores no support vectors as a [0, 0] array.
    if (m.n_sv == 0 && m.n_features == 0) m.n_features = n;
    if (n != m.n_features)
      sv.fail("has " + std::to_string(m.n_features) + " columns but n_features_in_ is " +
              std::to_string(n));
  }
  if (auto fit = est.find("shape_fit_"); fit && fit->size() == 2 && (*fit)[1].to_int() != m.n_features &&
                                         m.n_sv > 0)
    sv.fail("has " + std::to_string(m.n_features) + " columns but shape_fit_ says " +
            std::to_string((*fit)[1].to_int()) + " features");
  if (m.n_features < 1) sv.fail("has no feature columns (and n_features_in_ says none either)");

  const int64_t n_models = n_classes > 0 ? n_classes * (n_classes - 1) / 2 : 1;
  const int64_t want_rows = n_classes > 0 ? n_classes - 1 : 1;
  Object coef = required(est, "_dual_coef_");
  std::vector<int64_t> coef_shape = float_array_shape(coef, 2);
  m.coef_rows = coef_shape[0];
  if (coef_shape[0] != want_rows || coef_shape[1] != m.n_sv)
    coef.fail("has shape [" + std::to_string(coef_shape[0]) + ", " + std::to_string(coef_shape[1]) +
              "]; expected [" + std::to_string(want_rows) + ", " + std::to_string(m.n_sv) +
              "] (" + (n_classes > 0 ? std::to_string(n_classes) + " classes, " : std::string()) +
              std::to_string(m.n_sv) + " support vectors)");
  Object intercept = required(est, "_intercept_");
  std::vector<int64_t> b_shape = float_array_shape(intercept, 1);
  if (b_shape[0] != n_models)
    intercept.fail("has " + std::to_string(b_shape[0]) + " values; expected " +
                   std::to_string(n_models) + (n_classes > 0 ? " (one per pair of classes)" : ""));

  if (n_classes > 0) {
    Object ns = required(est, "_n_support");
    if (ns.kind() != Kind::Array || ns.array_info().ndim != 1)
      ns.fail("expected a 1-D integer array");
    if (int64_t(ns.array_info().size) != n_classes)
      ns.fail("has " + std::to_string(ns.array_info().size) + " entries for " +
              std::to_string(n_classes) + " classes");
    m.n_support = ns.to_int64s();
    int64_t total = 0;
    for (size_t i = 0; i < m.n_support.size(); ++i) {
      int64_t c = m.n_support[i];
      if (c < 0 || c > m.n_sv)
        ns.fail("holds " + std::to_string(c) + " for class " + std::to_string(i) + ", outside [0, " +
                std::to_string(m.n_sv) + "] (the rows of support_vectors_)");
      total += c;
    }
    if (total != m.n_sv)
      ns.fail("sums to " + std::to_string(total) + " but support_vectors_ has " +
              std::to_string(m.n_sv) + " rows");
  }
  if (!with_values) return m;
  m.support_vectors = finite_values(sv);
  m.dual_coef = finite_values(coef);
  m.intercept = finite_values(intercept);
  return m;
}

}  // namespace onnxconv::svm
