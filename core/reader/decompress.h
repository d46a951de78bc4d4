// Recognising the file's container from its first bytes, and
// decompressing it with a cap on the output size.
#ifndef ONNXCONV_READER_DECOMPRESS_H
#define ONNXCONV_READER_DECOMPRESS_H

#include <onnxconv/model_reader.h>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxconv::reader {

enum class Container { kPickle, kZlib, kGzip, kBz2, kXz, kLzmaAlone };

const char* container_name(Container c);  // "pickle", "zlib", "gzip", ...

// What the file is; a ReadError naming the format for files we recognise
// but do not read (lz4, joblib's old ZF, .npy, zip) and for unknown ones.
Container sniff_container(const uint8_t* data, size_t size, const std::string& file);

// The whole decompressed stream. Concatenated streams are read one after
// the other (as Python's compression readers do); anything after the last
// one that is not a valid stream is an error.
std::vector<uint8_t> decompress(Container c, const uint8_t* data, size_t size, const ReadLimits& limits,
                                const std::string& file);

}  // namespace onnxconv::reader

#endif
