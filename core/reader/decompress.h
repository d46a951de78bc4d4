// Recognising the file's container from its first bytes, and
// decompressing it with a cap on the output size.
#ifndef ONNXCONV_READER_DECOMPRESS_H
#define ONNXCONV_READER_DECOMPRESS_H

#include <onnxconv/model_reader.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace onnxconv::reader {

// A malloc'd block of bytes, resized with realloc. Unlike a std::vector it
// never writes the bytes it adds, so room the decompressor never fills
// need not cost memory, growing a large block remaps its pages instead of
// copying them, and shrinking gives the tail back. Arrays view the
// decompressed stream for as long as the value tree lives: it must hold no
// slack.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ~ByteBuffer();
  ByteBuffer(ByteBuffer&& other) noexcept;
  ByteBuffer& operator=(ByteBuffer&& other) noexcept;
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  // Keeps the first min(size(), n) bytes; the others are unset. Throws
  // std::bad_alloc.
  void resize(size_t n);

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

enum class Container { kPickle, kZlib, kGzip, kBz2, kXz, kLzmaAlone };

const char* container_name(Container c);  // "pickle", "zlib", "gzip", ...

// What the file is; a ReadError naming the format for files we recognise
// but do not read (lz4, joblib's old ZF, .npy, zip) and for unknown ones.
Container sniff_container(const uint8_t* data, size_t size, const std::string& file);

// The whole decompressed stream. Concatenated streams are read one after
// the other (as Python's compression readers do); anything after the last
// one that is not a valid stream is an error.
ByteBuffer decompress(Container c, const uint8_t* data, size_t size, const ReadLimits& limits,
                                const std::string& file);

}  // namespace onnxconv::reader

#endif
