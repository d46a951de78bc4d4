// Where array data comes from, and what keeps it alive: the reader's way of
// not copying numpy data out of the stream.
//
// When something owns the stream past the read (the model file's mapping,
// the decompressed buffer), an array whose bytes are already in C order and
// native byte order views the stream (py::ArrayBytes) and keeps that owner
// alive. Otherwise it copies them.
//
// Large bytes payloads (BINBYTES and co.: numpy's array data) are not
// copied when read either, since the array made from them would copy or
// view them again. Their Bytes value is "deferred": its `s` stays empty
// while the read runs, so reader code reads a Bytes value through content()
// or source(), never `s`. When the read ends, the deferred values the
// result still reaches get their copy, so callers always see `s` filled.
#ifndef ONNXCONV_READER_STREAM_BYTES_H
#define ONNXCONV_READER_STREAM_BYTES_H

#include <onnxconv/pyvalue.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace onnxconv::reader {

// Bytes an array can be made from. `owner` keeps them alive past the read,
// or is null when nothing does (a small Bytes value's `s`, the caller's
// buffer): the array must then copy them.
struct SourceBytes {
  const uint8_t* data = nullptr;
  size_t size = 0;
  std::shared_ptr<const void> owner;

  // The bytes as an array may keep them: a view when owned, else a copy.
  py::ArrayBytes keep() const;
};

class StreamBytes {
 public:
  // Bytes payloads at least this long are deferred; shorter ones are copied
  // at once (not worth a table entry).
  static constexpr size_t kDeferFrom = 4096;

  // The stream [data, data + size); `owner` (may be null) keeps it alive.
  StreamBytes(const uint8_t* data, size_t size, std::shared_ptr<const void> owner)
      : data_(data), size_(size), owner_(std::move(owner)) {}

  // [p, p + n) of the stream, which it must lie in.
  SourceBytes slice(const uint8_t* p, size_t n) const;

  // Makes the Bytes value v hold [p, p + n) of the stream (deferred when long).
  void set_bytes(const py::ValuePtr& v, const uint8_t* p, size_t n);
  // Makes the Bytes value `to` hold what the Bytes value `from` holds.
  void copy_bytes(const py::Value& from, const py::ValuePtr& to);

  // What a Bytes or String value holds, deferred or not.
  std::string_view content(const py::Value& v) const;
  SourceBytes source(const py::Value& v) const;

  // After ValueFactory::finish: copies each deferred payload the result
  // still reaches into its value's `s`, and forgets the rest.
  void finish();

 private:
  struct Deferred {
    py::ValuePtr value;  // held, so its address is never reused while listed
    const uint8_t* data;
    size_t size;
  };
  const Deferred* deferred(const py::Value& v) const;

  const uint8_t* data_;
  size_t size_;
  std::shared_ptr<const void> owner_;
  std::unordered_map<const py::Value*, Deferred> deferred_;
};

}  // namespace onnxconv::reader

#endif
