// The fuzz targets' bodies, shared by the libFuzzer executables (built with
// clang, ONNXCONV_FUZZ=ON) and by `fuzz_replay`, which runs the saved
// regression inputs (fuzz/regressions/<target>/) in the ordinary build.
//
// Each body feeds one input to one entry point and swallows the errors that
// entry point documents (onnxconv::Error, ReadError, RegistryError): any
// other exception, crash, hang or sanitizer report is a finding.
#ifndef ONNXCONV_FUZZ_TARGETS_H
#define ONNXCONV_FUZZ_TARGETS_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace onnxconv::fuzz {

// A pickle or joblib file as it is on disk (plain or compressed).
void read_file_bytes(const uint8_t* data, size_t size);
// data[0] picks zlib, gzip, bz2 or xz; the rest is compressed with it and
// read: mutations act on the pickle inside a valid compressed stream.
void read_compressed(const uint8_t* data, size_t size);
// A plugin.yaml.
void read_manifest(const uint8_t* data, size_t size);
// A scorecard YAML file.
void read_scorecard(const uint8_t* data, size_t size);
// A model file read, converted by the real plugins and validated, in memory.
// `plugin_dir`: where the plugins are (set once, before the first call).
void set_plugin_dir(const std::string& plugin_dir);
void convert(const uint8_t* data, size_t size);

}  // namespace onnxconv::fuzz

#endif
