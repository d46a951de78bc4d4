// The manifest parser: plugin.yaml -> PluginManifest. Pure data, no
// loading. Every error names the file, the line and the field, because the
// person reading it is a plugin author looking at that file.
#include <onnxconv/registry.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace onnxconv::registry {
namespace {

namespace fs = std::filesystem;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// "module.sub.Class": at least one dot, every part a Python identifier.
bool is_qualified_class(const std::string& s) {
  if (s.find('.') == std::string::npos) return false;
  std::stringstream parts(s);
  std::string part;
  size_t n = 0;
  while (std::getline(parts, part, '.')) {
    if (!is_identifier(part)) return false;
    ++n;
  }
  return n >= 2 && s.back() != '.';
}

// How a value looks in an error message.
std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
    default: return "nothing (null)";
  }
}

// Reads one manifest file. Holds the path so every error can name it.
class ManifestReader {
 public:
  explicit ManifestReader(std::string path) : path_(std::move(path)) {}

  PluginManifest read() const;

 private:
  using Fields = std::map<std::string, YAML::Node>;

  YAML::Node load() const;
  [[noreturn]] void fail(const YAML::Node& at, const std::string& field,
                         const std::string& problem) const;
  Fields fields(const YAML::Node& map, const std::string& prefix,
                const std::set<std::string>& known) const;
  YAML::Node required(const Fields& f, const YAML::Node& map,
                      const std::string& prefix, const std::string& key) const;
  std::string text(const YAML::Node& n, const std::string& field) const;
  uint32_t unsigned_int(const YAML::Node& n, const std::string& field) const;
  int signed_int(const YAML::Node& n, const std::string& field) const;
  std::vector<std::string> names(const YAML::Node& n, const std::string& field) const;
  void read_abi(const YAML::Node& n, PluginManifest& m) const;
  std::vector<OptionOutputs> option_outputs(const YAML::Node& n, const std::string& field,
                                            const ConverterManifest& c) const;
  std::vector<std::vector<std::string>> model_outputs(const YAML::Node& n, const std::string& field) const;
  ConverterManifest converter(const YAML::Node& n, const std::string& prefix) const;
  std::vector<ConverterManifest> converters(const YAML::Node& n) const;

  std::string path_;
};

YAML::Node ManifestReader::load() const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw RegistryError(path_ + ": cannot read manifest: " + std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return YAML::Load(buffer.str());
  } catch (const YAML::Exception& e) {
    throw RegistryError(path_ + ":" + std::to_string(e.mark.line + 1) +
                        ": invalid YAML: " + e.msg);
  }
}

void ManifestReader::fail(const YAML::Node& at, const std::string& field,
                          const std::string& problem) const {
  // yaml-cpp lines are 0-based; a node without a position points at line 1.
  int line = at.IsDefined() ? at.Mark().line : -1;
  std::string where = path_ + ":" + std::to_string(line < 0 ? 1 : line + 1) + ": ";
  throw RegistryError(where + (field.empty() ? "" : "field '" + field + "': ") + problem);
}

// The keys of a mapping. Unknown and repeated keys are errors: a typo such
// as 'prority' would otherwise be ignored without a word.
ManifestReader::Fields ManifestReader::fields(const YAML::Node& map,
                                              const std::string& prefix,
                                              const std::set<std::string>& known) const {
  if (!map.IsMap())
    fail(map, prefix,
         std::string(prefix.empty() ? "expected a mapping of manifest fields"
                                    : "expected a mapping") +
             ", got " + describe(map));
  Fields out;
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : describe(kv.first);
    std::string field = prefix.empty() ? key : prefix + "." + key;
    if (known.count(key) == 0) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(kv.first, field, "unknown field (expected one of: " + list + ")");
    }
    if (!out.emplace(key, kv.second).second) fail(kv.first, field, "given twice");
  }
  return out;
}

YAML::Node ManifestReader::required(const Fields& f, const YAML::Node& map,
                                    const std::string& prefix,
                                    const std::string& key) const {
  auto it = f.find(key);
  std::string field = prefix.empty() ? key : prefix + "." + key;
  if (it == f.end()) fail(map, field, "missing");
  return it->second;
}

std::string ManifestReader::text(const YAML::Node& n, const std::string& field) const {
  if (!n.IsScalar() || n.Scalar().empty())
    fail(n, field, "expected a non-empty string, got " + describe(n));
  return n.Scalar();
}

uint32_t ManifestReader::unsigned_int(const YAML::Node& n, const std::string& field) const {
  const std::string bad = "expected an unsigned integer, got " + describe(n);
  if (!n.IsScalar() || n.Scalar().empty() || n.Scalar().size() > 10) fail(n, field, bad);
  for (char c : n.Scalar())
    if (c < '0' || c > '9') fail(n, field, bad);
  unsigned long long v = std::stoull(n.Scalar());
  if (v > std::numeric_limits<uint32_t>::max()) fail(n, field, bad);
  return static_cast<uint32_t>(v);
}

int ManifestReader::signed_int(const YAML::Node& n, const std::string& field) const {
  const std::string bad = "expected an integer, got " + describe(n);
  if (!n.IsScalar()) fail(n, field, bad);
  const std::string& s = n.Scalar();
  size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (s.size() == start || s.size() - start > 9) fail(n, field, bad);
  for (size_t i = start; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') fail(n, field, bad);
  return std::stoi(s);
}

// A list of distinct non-empty strings (outputs, options).
std::vector<std::string> ManifestReader::names(const YAML::Node& n,
                                               const std::string& field) const {
  if (!n.IsSequence()) fail(n, field, "expected a list of names, got " + describe(n));
  std::vector<std::string> out;
  for (size_t i = 0; i < n.size(); ++i) {
    std::string item = text(n[i], field + "[" + std::to_string(i) + "]");
    for (const auto& seen : out)
      if (seen == item) fail(n[i], field, "'" + item + "' listed twice");
    out.push_back(item);
  }
  return out;
}

void ManifestReader::read_abi(const YAML::Node& n, PluginManifest& m) const {
  Fields f = fields(n, "abi", {"major", "minor"});
  m.abi_major = unsigned_int(required(f, n, "abi", "major"), "abi.major");
  m.abi_minor = unsigned_int(required(f, n, "abi", "minor"), "abi.minor");
}

// option_outputs: {OPTION: [roles added], OPTION: {instead: [roles]}}, each
// OPTION one of the converter's options, no role named twice.
std::vector<OptionOutputs> ManifestReader::option_outputs(const YAML::Node& n, const std::string& field,
                                                          const ConverterManifest& c) const {
  if (!n.IsMap()) fail(n, field, "expected a mapping of option names to roles, got " + describe(n));
  std::vector<OptionOutputs> out;
  for (const auto& kv : n) {
    OptionOutputs o;
    o.option = text(kv.first, field);
    std::string at = field + "." + o.option;
    if (std::find(c.options.begin(), c.options.end(), o.option) == c.options.end())
      fail(kv.first, at, "'" + o.option + "' is not one of this converter's options");
    for (const auto& seen : out)
      if (seen.option == o.option) fail(kv.first, at, "given twice");
    YAML::Node roles = kv.second;
    if (roles.IsMap()) {
      Fields f = fields(roles, at, {"adds", "instead"});
      if (f.size() != 1) fail(roles, at, "expected exactly one of 'adds' or 'instead'");
      o.instead = f.count("instead") > 0;
      at += o.instead ? ".instead" : ".adds";
      roles = f.begin()->second;
    }
    o.roles = names(roles, at);
    if (o.roles.empty()) fail(roles, at, "must name at least one output");
    if (!o.instead)
      for (const auto& role : o.roles)
        if (std::find(c.outputs.begin(), c.outputs.end(), role) != c.outputs.end())
          fail(roles, at, "'" + role + "' is already in outputs");
    out.push_back(std::move(o));
  }
  return out;
}

// model_outputs: [[roles], ...], the lists some models give instead of `outputs`.
std::vector<std::vector<std::string>> ManifestReader::model_outputs(const YAML::Node& n,
                                                                    const std::string& field) const {
  if (!n.IsSequence() || n.size() == 0)
    fail(n, field, "expected a non-empty list of output lists, got " + describe(n));
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < n.size(); ++i) {
    std::string at = field + "[" + std::to_string(i) + "]";
    out.push_back(names(n[i], at));
    if (out.back().empty()) fail(n[i], at, "must name at least one output");
  }
  return out;
}

ConverterManifest ManifestReader::converter(const YAML::Node& n,
                                            const std::string& prefix) const {
  Fields f = fields(n, prefix, {"class", "outputs", "options", "option_outputs", "model_outputs"});
  ConverterManifest c;
  YAML::Node cls = required(f, n, prefix, "class");
  c.estimator_class = text(cls, prefix + ".class");
  if (!is_qualified_class(c.estimator_class))
    fail(cls, prefix + ".class",
         "expected a fully qualified class as scikit-learn pickles it "
         "(e.g. 'sklearn.linear_model._logistic.LogisticRegression'), got '" +
             c.estimator_class + "'");
  YAML::Node outputs = required(f, n, prefix, "outputs");
  c.outputs = names(outputs, prefix + ".outputs");
  if (c.outputs.empty()) fail(outputs, prefix + ".outputs", "must name at least one output");
  if (f.count("options")) c.options = names(f.at("options"), prefix + ".options");
  if (f.count("option_outputs"))
    c.option_outputs = option_outputs(f.at("option_outputs"), prefix + ".option_outputs", c);
  if (f.count("model_outputs")) c.model_outputs = model_outputs(f.at("model_outputs"), prefix + ".model_outputs");
  return c;
}

std::vector<ConverterManifest> ManifestReader::converters(const YAML::Node& n) const {
  if (!n.IsSequence() || n.size() == 0)
    fail(n, "converters", "expected a non-empty list, got " + describe(n));
  std::vector<ConverterManifest> out;
  for (size_t i = 0; i < n.size(); ++i) {
    std::string prefix = "converters[" + std::to_string(i) + "]";
    ConverterManifest c = converter(n[i], prefix);
    for (const auto& seen : out)
      if (seen.estimator_class == c.estimator_class)
        fail(n[i]["class"], prefix + ".class",
             "'" + c.estimator_class + "' is already listed");
    out.push_back(std::move(c));
  }
  return out;
}

PluginManifest ManifestReader::read() const {
  YAML::Node root = load();
  Fields f = fields(root, "",
                    {"name", "version", "abi", "library", "priority", "converters"});
  PluginManifest m;
  m.manifest_path = path_;
  YAML::Node name = required(f, root, "", "name");
  m.name = text(name, "name");
  for (char c : m.name)
    if (!is_name_char(c))
      fail(name, "name", "expected lower-case letters, digits and '_', got '" + m.name + "'");
  m.version = text(required(f, root, "", "version"), "version");
  read_abi(required(f, root, "", "abi"), m);
  // A relative library is relative to the manifest, never to the current
  // directory (which is what dlopen would use).
  fs::path library = text(required(f, root, "", "library"), "library");
  m.library_path = (fs::path(path_).parent_path() / library).lexically_normal().string();
  if (f.count("priority")) m.priority = signed_int(f.at("priority"), "priority");
  m.converters = converters(required(f, root, "", "converters"));
  return m;
}

}  // namespace

std::vector<std::vector<std::string>> expected_outputs(
    const ConverterManifest& converter, const std::function<bool(const std::string&)>& option_on) {
  std::vector<std::vector<std::string>> lists{converter.outputs};
  lists.insert(lists.end(), converter.model_outputs.begin(), converter.model_outputs.end());
  std::vector<std::string> added;
  for (const auto& o : converter.option_outputs) {
    if (!option_on(o.option)) continue;
    if (o.instead) lists = {o.roles};
    else added.insert(added.end(), o.roles.begin(), o.roles.end());
  }
  for (auto& list : lists) list.insert(list.end(), added.begin(), added.end());
  return lists;
}

PluginManifest read_manifest(const std::string& path) {
  std::string absolute = fs::absolute(path).lexically_normal().string();
  return ManifestReader(absolute).read();
}

}  // namespace onnxconv::registry
