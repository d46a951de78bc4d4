#include "targets.h"

#include <onnxconv/engine.h>
#include <onnxconv/model_reader.h>
#include <onnxconv/registry.h>

#include <bzlib.h>
#include <lzma.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

// Defined in core/src (not a public header): the scorecard YAML reader.
namespace onnxconv {
py::ValuePtr read_scorecard_file(const std::string& path);
}

namespace onnxconv::fuzz {
namespace {

// Limits small enough that a fuzzer cannot spend seconds on one input.
ReadLimits fuzz_limits() {
  ReadLimits l;
  l.max_decompressed_bytes = 16 << 20;
  l.decompression_ratio_grace = 1 << 20;
  l.max_values = 1 << 18;
  return l;
}

// The path-based readers get the input through one scratch file per process.
std::string scratch_file(const uint8_t* data, size_t size, const char* suffix) {
  static const std::string base = [] {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/onnxconv-fuzz-" + std::to_string(getpid());
  }();
  std::string path = base + suffix;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                static_cast<std::streamsize>(size));
  return path;
}

std::string zlib_like(const uint8_t* data, size_t size, int window_bits) {
  z_stream s{};
  if (deflateInit2(&s, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&s, size) + 32, '\0');
  s.next_in = const_cast<Bytef*>(data);
  s.avail_in = static_cast<uInt>(size);
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

std::string bzip2(const uint8_t* data, size_t size) {
  std::string out(size + size / 100 + 600, '\0');
  auto n = static_cast<unsigned>(out.size());
  if (BZ2_bzBuffToBuffCompress(out.data(), &n, reinterpret_cast<char*>(const_cast<uint8_t*>(data)),
                               static_cast<unsigned>(size), 1, 0, 0) != BZ_OK)
    std::abort();
  out.resize(n);
  return out;
}

std::string xz(const uint8_t* data, size_t size) {
  std::string out(lzma_stream_buffer_bound(size), '\0');
  size_t used = 0;
  if (lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, nullptr, data, size, reinterpret_cast<uint8_t*>(out.data()),
                              &used, out.size()) != LZMA_OK)
    std::abort();
  out.resize(used);
  return out;
}

void read_memory(const uint8_t* data, size_t size) {
  try {
    read_model_data(data, size, "fuzz-input", fuzz_limits());
  } catch (const ReadError&) {
  }
}

std::string& plugin_dir() {
  static std::string dir;
  return dir;
}

}  // namespace

void read_file_bytes(const uint8_t* data, size_t size) { read_memory(data, size); }

void read_compressed(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const uint8_t* pickle = data + 1;
  size_t n = size - 1;
  std::string packed;
  switch (data[0] % 4) {
    case 0: packed = zlib_like(pickle, n, 15); break;
    case 1: packed = zlib_like(pickle, n, 31); break;  // gzip
    case 2: packed = bzip2(pickle, n); break;
    default: packed = xz(pickle, n); break;
  }
  read_memory(reinterpret_cast<const uint8_t*>(packed.data()), packed.size());
}

void read_manifest(const uint8_t* data, size_t size) {
  try {
    registry::read_manifest(scratch_file(data, size, ".plugin.yaml"));
  } catch (const registry::RegistryError&) {
  }
}

void read_scorecard(const uint8_t* data, size_t size) {
  try {
    read_scorecard_file(scratch_file(data, size, ".scorecard.yaml"));
  } catch (const Error&) {
  } catch (const ReadError&) {
  }
}

void set_plugin_dir(const std::string& dir) { plugin_dir() = dir; }

void convert(const uint8_t* data, size_t size) {
  static Engine engine = [] {
    EngineConfig config;
    config.plugin_paths = {plugin_dir()};
    config.use_environment = false;
    config.use_default_directory = false;
    config.limits.read = fuzz_limits();
    config.limits.max_graph_bytes = 64 << 20;
    config.limits.timeout_seconds = 5;
    return Engine(config);
  }();
  try {
    Model model("fuzz-input", read_model_data(data, size, "fuzz-input", fuzz_limits()));
    engine.convert(model);
  } catch (const Error&) {
  } catch (const ReadError&) {
  }
}

}  // namespace onnxconv::fuzz
