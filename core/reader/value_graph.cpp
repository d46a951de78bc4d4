#include "value_graph.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace onnxconv::reader {

using py::Kind;
using py::Value;
using py::ValuePtr;

ValuePtr ValueFactory::make_constant(Kind kind, bool b) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  v->b = b;
  v->i = b ? 1 : 0;
  return v;
}

bool ValueFactory::can_have_children(Kind kind) {
  switch (kind) {
    case Kind::None: case Kind::Bool: case Kind::Int: case Kind::Float:
    case Kind::String: case Kind::Bytes: case Kind::Global:
      return false;
    default:
      return true;  // containers, arrays, instances, Other (may become a call)
  }
}

ValuePtr ValueFactory::make(Kind kind, size_t offset) {
  if (++count_ > limits_.max_values) {
    site_.fail(offset, "more than " + std::to_string(limits_.max_values) +
                           " values (ReadLimits::max_values)");
  }
  auto v = std::make_shared<Value>();
  v->kind = kind;
  // Track everything that can have children. numpy scalars may later be
  // given none, but Instances become Arrays in place, so track by kind.
  if (can_have_children(kind)) made_.push_back({v, offset});
  return v;
}

void ValueFactory::refuse(const Value* at, const std::string& detail) const {
  for (const auto& m : made_) {
    if (m.value.get() == at) {
      site_.fail(m.offset, "the " + at->type_name() + " made here " + detail);
    }
  }
  site_.fail(ReadError::kNoOffset, detail);
}

// Cuts the child links of every tracked value, then drops the references.
void ValueFactory::cut_links() {
  for (auto& m : made_) {
    Value& v = *m.value;
    v.items.clear();
    v.values.clear();
    v.args.reset();
    v.kwargs.reset();
    v.state.reset();
    v.array.reset();  // (an Array may be shared with a returned value: drop, never clear)
  }
  made_.clear();
}

ValueFactory::~ValueFactory() { cut_links(); }

void ValueFactory::finish(const ValuePtr& root) {
  // Iterative DFS. `height` holds, for finished values, the longest chain
  // below them (1 for a leaf container); values on the current path are in
  // `open`.
  std::unordered_map<const Value*, size_t> height;
  std::unordered_set<const Value*> open;
  struct Frame {
    const Value* v;
    std::vector<const Value*> children;
    size_t next = 0;
    size_t max_child = 0;
  };
  std::vector<Frame> path;
  const size_t limit = limits_.max_container_depth;

  auto enter = [&](const Value* v) {
    Frame f{v, {}};
    for_each_child(*v, [&](const Value* c) {
      if (can_have_children(c->kind)) f.children.push_back(c);
    });
    open.insert(v);
    path.push_back(std::move(f));
    if (path.size() > limit) {
      refuse(v, "is nested more than " + std::to_string(limit) +
                    " containers deep (ReadLimits::max_container_depth)");
    }
  };
  if (root && can_have_children(root->kind)) enter(root.get());
  while (!path.empty()) {
    Frame& f = path.back();
    if (f.next < f.children.size()) {
      const Value* c = f.children[f.next++];
      if (open.count(c)) {
        refuse(c, "contains itself (a cyclic object graph): refused");
      }
      auto done = height.find(c);
      if (done == height.end()) {
        enter(c);
        continue;
      }
      if (path.size() + done->second > limit) {
        refuse(c, "is nested more than " + std::to_string(limit) +
                      " containers deep (ReadLimits::max_container_depth)");
      }
      f.max_child = std::max(f.max_child, done->second);
      continue;
    }
    size_t h = f.max_child + 1;
    height.emplace(f.v, h);
    open.erase(f.v);
    path.pop_back();
    if (!path.empty()) path.back().max_child = std::max(path.back().max_child, h);
  }
  // Release: cut what the result does not reach, keep the rest intact.
  std::vector<Made> reachable;
  for (auto& m : made_) {
    if (height.count(m.value.get())) reachable.push_back(std::move(m));
  }
  made_.erase(std::remove_if(made_.begin(), made_.end(), [](const Made& m) { return !m.value; }),
              made_.end());
  cut_links();
  reachable.clear();
}

}  // namespace onnxconv::reader
