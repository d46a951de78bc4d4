// onnxconv converter SDK: the scikit-learn release that wrote an estimator.
//
// Every estimator pickles `_sklearn_version` ("1.6.1", "1.4.1.post1",
// "1.7.dev0"). Converters branch on it where a release changed what
// `predict` computes rather than only how the state is laid out (layout
// differences are read by looking at the state itself). Header-only; no
// ABI involved.
#pragma once

#include <onnxconv/sdk/sdk.hpp>

#include <string>
#include <tuple>

namespace onnxconv::sdk {

struct SklearnVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  // False for files without `_sklearn_version` (written before 0.18) or
  // with one that does not start with "N.N": they compare as 0.0.0, the
  // oldest semantics.
  bool known = false;
  std::string text;

  static SklearnVersion of(const Object& est) {
    SklearnVersion v;
    auto found = est.find("_sklearn_version");
    if (!found || found->kind() != Kind::String) return v;
    v.text = found->to_string();
    v.known = parse(v.text, v);
    if (!v.known) v.major = v.minor = v.patch = 0;
    return v;
  }

  bool at_least(int major_, int minor_) const {
    return std::tie(major, minor) >= std::tie(major_, minor_);
  }
  // "scikit-learn 1.6.1", or what the file lacks, for error messages.
  std::string describe() const {
    if (text.empty()) return "a scikit-learn release without _sklearn_version";
    return "scikit-learn " + text;
  }

 private:
  static bool parse(const std::string& s, SklearnVersion& v) {
    size_t pos = 0;
    int* parts[] = {&v.major, &v.minor, &v.patch};
    for (int i = 0; i < 3; ++i) {
      size_t start = pos;
      int value = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 6)
        value = value * 10 + (s[pos++] - '0');
      if (pos == start) return i >= 2;  // "1.7.dev0": no patch number
      *parts[i] = value;
      if (i < 2 && (pos >= s.size() || s[pos] != '.')) return i >= 1;
      ++pos;
    }
    return true;
  }
};

}  // namespace onnxconv::sdk
