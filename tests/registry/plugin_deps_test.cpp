// Every built plugin must stay off protobuf, onnx and Boost: a plugin with
// its own protobuf/onnx copy aborts the host inside dlopen, and Boost is a
// host-side detail. Reads each library's DT_NEEDED entries straight from the
// ELF file, so no binutils are needed.
//
// Which libraries: every target onnxconv_add_plugin() made (the list CMake
// writes at the end of configuration), plus any shared library under the
// build tree's plugin folder and the registry fixtures, in case one was
// built some other way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <elf.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace registry_test {
namespace {

namespace fs = std::filesystem;

// The DT_NEEDED names of a 64-bit little-endian ELF shared library. Uses
// program headers only (PT_DYNAMIC, PT_LOAD), which strip never removes.
class ElfNeeded {
 public:
  explicit ElfNeeded(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    bytes_.assign(std::istreambuf_iterator<char>(in), {});
  }

  std::vector<std::string> read() const {
    auto eh = at<Elf64_Ehdr>(0);
    if (!eh || std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
      throw std::runtime_error("not a 64-bit little-endian ELF file");
    std::vector<Elf64_Phdr> segments;
    for (size_t i = 0; i < eh->e_phnum; ++i) {
      auto ph = at<Elf64_Phdr>(eh->e_phoff + i * eh->e_phentsize);
      if (!ph) throw std::runtime_error("truncated program headers");
      segments.push_back(*ph);
    }
    return needed(segments);
  }

 private:
  template <class T>
  std::optional<T> at(uint64_t offset) const {
    if (offset > bytes_.size() || bytes_.size() - offset < sizeof(T)) return std::nullopt;
    T value;
    std::memcpy(&value, bytes_.data() + offset, sizeof(T));
    return value;
  }

  // DT_STRTAB holds a virtual address; find it in the file via PT_LOAD.
  uint64_t file_offset(const std::vector<Elf64_Phdr>& segments, uint64_t vaddr) const {
    for (const auto& s : segments)
      if (s.p_type == PT_LOAD && vaddr >= s.p_vaddr && vaddr < s.p_vaddr + s.p_filesz)
        return vaddr - s.p_vaddr + s.p_offset;
    throw std::runtime_error("DT_STRTAB outside every PT_LOAD segment");
  }

  std::string string_at(uint64_t offset) const {
    if (offset >= bytes_.size()) throw std::runtime_error("string outside the file");
    const char* begin = bytes_.data() + offset;
    return std::string(begin, strnlen(begin, bytes_.size() - offset));
  }

  std::vector<std::string> needed(const std::vector<Elf64_Phdr>& segments) const {
    std::vector<uint64_t> names;
    std::optional<uint64_t> strtab;
    for (const auto& s : segments) {
      if (s.p_type != PT_DYNAMIC) continue;
      for (uint64_t off = s.p_offset; off + sizeof(Elf64_Dyn) <= s.p_offset + s.p_filesz;
           off += sizeof(Elf64_Dyn)) {
        auto d = at<Elf64_Dyn>(off);
        if (!d || d->d_tag == DT_NULL) break;
        if (d->d_tag == DT_NEEDED) names.push_back(d->d_un.d_val);
        if (d->d_tag == DT_STRTAB) strtab = d->d_un.d_ptr;
      }
    }
    std::vector<std::string> out;
    if (names.empty()) return out;
    if (!strtab) throw std::runtime_error("DT_NEEDED without DT_STRTAB");
    uint64_t base = file_offset(segments, *strtab);
    for (uint64_t n : names) out.push_back(string_at(base + n));
    return out;
  }

  std::vector<char> bytes_;
};

// What a plugin must never need. libonnxconv too: plugins build against
// the SDK headers only and get everything from the host's table.
const std::regex kForbidden(R"(^lib(protobuf|onnx|boost_).*)");

std::set<fs::path> shared_libraries_under(const fs::path& dir) {
  std::set<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".so") out.insert(it->path());
  return out;
}

std::set<fs::path> plugin_libraries() {
  std::set<fs::path> out = shared_libraries_under(REGISTRY_PLUGIN_BUILD_DIR);
  for (const auto& p : shared_libraries_under(REGISTRY_FIXTURE_DIR)) out.insert(p);
  std::ifstream list(REGISTRY_PLUGIN_LIST);
  EXPECT_TRUE(list) << "missing " << REGISTRY_PLUGIN_LIST << " (written at configure time)";
  for (std::string line; std::getline(list, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

TEST(PluginDependencies, NoPluginNeedsProtobufOnnxOrBoost) {
  std::set<fs::path> libraries = plugin_libraries();
  // At least the fixtures; a short list means the collection broke.
  ASSERT_GE(libraries.size(), 9u);
  // The SDK-built fixture needs the C++ runtime: proof the reader reads.
  EXPECT_THAT(ElfNeeded(fs::path(REGISTRY_FIXTURE_DIR) / "fx_alpha/libfx_alpha.so").read(),
              ::testing::Contains("libstdc++.so.6"));
  for (const auto& lib : libraries) {
    SCOPED_TRACE(lib.string());
    ASSERT_TRUE(fs::exists(lib)) << "listed plugin was not built";
    std::vector<std::string> needed;
    ASSERT_NO_THROW(needed = ElfNeeded(lib).read());
    for (const auto& n : needed)
      EXPECT_FALSE(std::regex_match(n, kForbidden))
          << lib << " needs " << n << "; plugins must link only the converter SDK";
  }
}

// The check itself must see a forbidden dependency when there is one.
TEST(PluginDependencies, CheckerSeesTheTestBinarysOwnDependencies) {
  std::vector<std::string> needed = ElfNeeded("/proc/self/exe").read();
  EXPECT_THAT(needed, ::testing::Contains("libyaml-cpp.so.0.7"));
  EXPECT_THAT(needed, ::testing::Contains(::testing::StartsWith("libboost_filesystem")));
  bool flagged = false;
  for (const auto& n : needed) flagged = flagged || std::regex_match(n, kForbidden);
  EXPECT_TRUE(flagged);
}

}  // namespace
}  // namespace registry_test
