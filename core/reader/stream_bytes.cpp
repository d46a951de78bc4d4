#include "stream_bytes.h"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace onnxconv::reader {

py::ArrayBytes SourceBytes::keep() const {
  if (owner) return py::ArrayBytes(owner, data, size);
  return py::ArrayBytes(std::vector<uint8_t>(data, data + size));
}

SourceBytes StreamBytes::slice(const uint8_t* p, size_t n) const {
  // Callers pass what ByteCursor::take returned; a view must never reach
  // outside the stream, so check anyway (a bug, not a bad file).
  const auto start = reinterpret_cast<uintptr_t>(data_);
  const auto at = reinterpret_cast<uintptr_t>(p);
  if (at < start || at - start > size_ || n > size_ - (at - start)) {
    throw std::logic_error("reader: a slice outside the pickle stream");
  }
  return SourceBytes{p, n, owner_};
}

void StreamBytes::set_bytes(const py::ValuePtr& v, const uint8_t* p, size_t n) {
  if (n < kDeferFrom) {
    v->s.assign(reinterpret_cast<const char*>(p), n);
    return;
  }
  SourceBytes checked = slice(p, n);
  deferred_[v.get()] = Deferred{v, checked.data, checked.size};
}

void StreamBytes::copy_bytes(const py::Value& from, const py::ValuePtr& to) {
  if (const Deferred* d = deferred(from)) {
    deferred_[to.get()] = Deferred{to, d->data, d->size};
  } else {
    to->s = from.s;
  }
}

const StreamBytes::Deferred* StreamBytes::deferred(const py::Value& v) const {
  auto it = deferred_.find(&v);
  return it == deferred_.end() ? nullptr : &it->second;
}

std::string_view StreamBytes::content(const py::Value& v) const {
  if (const Deferred* d = deferred(v)) return {reinterpret_cast<const char*>(d->data), d->size};
  return v.s;
}

SourceBytes StreamBytes::source(const py::Value& v) const {
  if (const Deferred* d = deferred(v)) return SourceBytes{d->data, d->size, owner_};
  return SourceBytes{reinterpret_cast<const uint8_t*>(v.s.data()), v.s.size(), nullptr};
}

void StreamBytes::finish() {
  for (auto& entry : deferred_) {
    Deferred& d = entry.second;
    // The table's reference is the only one left unless the result reaches
    // the value: finish() runs after the interpreter's stack and memo are
    // gone and ValueFactory::finish has cut every unreachable container.
    if (d.value.use_count() > 1) d.value->s.assign(reinterpret_cast<const char*>(d.data), d.size);
  }
  deferred_.clear();
}

}  // namespace onnxconv::reader
