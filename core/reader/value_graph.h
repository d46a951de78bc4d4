// Making values, and keeping the object graph finite and shallow.
//
// A pickle can make a container contain itself (APPEND, SETITEMS or BUILD
// with a memoised value) and can nest containers arbitrarily deep. Our
// choice: the reader REFUSES cyclic graphs and graphs nested deeper than
// ReadLimits::max_container_depth, so everything downstream may assume a
// finite DAG of bounded depth (destroying it never overflows the stack).
// Shared values (the memo) are fine and stay shared.
//
// To get there without ever recursing, ValueFactory keeps a strong
// reference to every value that can have children while the read runs.
// finish() checks the graph reachable from the result with an explicit
// stack; whatever is not returned (unreachable values, or everything when
// the read fails) has its child links cut before the factory lets go, so no
// cycle leaks and no long chain is destroyed recursively.
#ifndef ONNXCONV_READER_VALUE_GRAPH_H
#define ONNXCONV_READER_VALUE_GRAPH_H

#include <onnxconv/model_reader.h>
#include <onnxconv/pyvalue.h>

#include "byte_cursor.h"

#include <cstddef>
#include <vector>

namespace onnxconv::reader {

class ValueFactory {
 public:
  ValueFactory(const ReadLimits& limits, const ErrorSite& site) : limits_(limits), site_(site) {}
  ~ValueFactory();
  ValueFactory(const ValueFactory&) = delete;
  ValueFactory& operator=(const ValueFactory&) = delete;

  // A new value of `kind`, made by the opcode at `offset` (kept for
  // messages about cycles).
  py::ValuePtr make(py::Kind kind, size_t offset);
  // None, True and False are shared (immutable, never counted).
  py::ValuePtr none() const { return none_; }
  py::ValuePtr boolean(bool b) const { return b ? true_ : false_; }

  // Checks that the graph under `root` has no cycle and is no deeper than
  // the limit (ReadError otherwise), then releases every value `root` does
  // not reach. After this the factory holds nothing.
  void finish(const py::ValuePtr& root);

 private:
  static bool can_have_children(py::Kind kind);
  [[noreturn]] void refuse(const py::Value* at, const std::string& detail) const;
  void cut_links();

  struct Made {
    py::ValuePtr value;
    size_t offset;
  };
  const ReadLimits& limits_;
  const ErrorSite& site_;
  size_t count_ = 0;
  std::vector<Made> made_;  // values that can have children
  py::ValuePtr none_ = make_constant(py::Kind::None, false);
  py::ValuePtr true_ = make_constant(py::Kind::Bool, true);
  py::ValuePtr false_ = make_constant(py::Kind::Bool, false);

  static py::ValuePtr make_constant(py::Kind kind, bool b);
};

// Calls f(child) for each non-null child of v (items, values, args, kwargs,
// state, array objects). The only definition of "child" in the reader.
template <class F>
void for_each_child(const py::Value& v, F&& f) {
  for (const auto& c : v.items)
    if (c) f(c.get());
  for (const auto& c : v.values)
    if (c) f(c.get());
  if (v.args) f(v.args.get());
  if (v.kwargs) f(v.kwargs.get());
  if (v.state) f(v.state.get());
  if (v.array)
    for (const auto& c : v.array->objects)
      if (c) f(c.get());
}

}  // namespace onnxconv::reader

#endif
