// The reader's entry points: file -> container -> pickle stream -> values.
#include <onnxconv/model_reader.h>

#include "decompress.h"
#include "read_context.h"
#include "unpickler.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace onnxconv {

namespace {

std::string compose(const std::string& file, uint64_t offset, const std::string& detail,
                    const std::string& stream) {
  std::string m = file + ": ";
  if (offset != ReadError::kNoOffset) {
    m += "byte " + std::to_string(offset);
    if (!stream.empty()) m += " of the " + stream + " data";
    m += ": ";
  }
  return m + detail;
}

}  // namespace

ReadError::ReadError(std::string file, uint64_t offset, std::string detail, std::string stream)
    : std::runtime_error(compose(file, offset, detail, stream)),
      file_(std::move(file)),
      offset_(offset),
      detail_(std::move(detail)),
      stream_(std::move(stream)) {}

namespace {

using reader::ByteCursor;
using reader::ErrorSite;
using reader::ReadContext;
using reader::Unpickler;
using reader::ValueFactory;

py::ValuePtr read_stream(const uint8_t* data, size_t size, const ErrorSite& site, const ReadLimits& limits) {
  if (size == 0) site.fail(0, "no pickle data");
  if (size > limits.max_decompressed_bytes) {
    site.fail(ReadError::kNoOffset, "the pickle is " + std::to_string(size) + " bytes, more than " +
                                        std::to_string(limits.max_decompressed_bytes) +
                                        " (ReadLimits::max_decompressed_bytes)");
  }
  ByteCursor in(data, size, site);
  ValueFactory make(limits, site);
  ReadContext ctx{limits, in, make, {}};
  py::ValuePtr root = Unpickler(ctx, 0).load();
  if (!in.at_end()) {
    in.fail(in.pos(), std::to_string(in.remaining()) + " bytes of trailing data after the pickle's final STOP");
  }
  make.finish(root);
  return root;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::vector<uint8_t> read_whole_file(const std::string& path, const ReadLimits& limits) {
  auto fail = [&](const std::string& why) { throw ReadError(path, ReadError::kNoOffset, why); };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail(std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) fail("is a directory, not a model file");
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) fail(std::string("cannot open: ") + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  for (;;) {
    size_t n = std::fread(chunk, 1, sizeof chunk, f.get());
    if (bytes.size() + n > limits.max_decompressed_bytes) {
      fail("the file is larger than " + std::to_string(limits.max_decompressed_bytes) +
           " bytes (ReadLimits::max_decompressed_bytes)");
    }
    bytes.insert(bytes.end(), chunk, chunk + n);
    if (n < sizeof chunk) break;
  }
  if (std::ferror(f.get())) fail(std::string("read error: ") + std::strerror(errno));
  return bytes;
}

}  // namespace

py::ValuePtr read_pickle(const uint8_t* data, size_t size, const std::string& source_name,
                         const ReadLimits& limits) {
  ErrorSite site{source_name, {}};
  return read_stream(data, size, site, limits);
}

py::ValuePtr read_model_data(const uint8_t* data, size_t size, const std::string& source_name,
                             const ReadLimits& limits) {
  reader::Container c = reader::sniff_container(data, size, source_name);
  if (c == reader::Container::kPickle) return read_pickle(data, size, source_name, limits);
  std::vector<uint8_t> stream = reader::decompress(c, data, size, limits, source_name);
  ErrorSite site{source_name, std::string(reader::container_name(c)) + "-decompressed"};
  return read_stream(stream.data(), stream.size(), site, limits);
}

py::ValuePtr read_model_file(const std::string& path, const ReadLimits& limits) {
  std::vector<uint8_t> bytes = read_whole_file(path, limits);
  return read_model_data(bytes.data(), bytes.size(), path, limits);
}

}  // namespace onnxconv
