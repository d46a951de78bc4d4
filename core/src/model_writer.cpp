#include "model_writer.h"

#include <onnxconv/engine.h>

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace onnxconv {
namespace {

// ---- protobuf wire format (the few pieces this writer needs) -------------

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// Field numbers in onnx.proto.
constexpr int kModelGraph = 7;
constexpr int kGraphNode = 1;
constexpr int kNodeAttribute = 5;
constexpr int kAttrName = 1, kAttrT = 5, kAttrFloats = 7, kAttrInts = 8, kAttrStrings = 9, kAttrType = 20;
constexpr int kTensorDims = 1, kTensorDataType = 2, kTensorRawData = 9, kTensorExternalData = 13,
              kTensorDataLocation = 14;
constexpr int kEntryKey = 1, kEntryValue = 2;
constexpr uint64_t kDataLocationExternal = 1;  // TensorProto.DataLocation.EXTERNAL

constexpr uint32_t tag(int field, WireType type) { return (uint32_t(field) << 3) | type; }

size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}

char* put_varint(char* p, uint64_t v) {
  while (v >= 0x80) *p++ = char(v | 0x80), v >>= 7;
  *p++ = char(v);
  return p;
}

// Size of a length-delimited field holding `body` bytes.
size_t field_size(int field, size_t body) {
  return varint_size(tag(field, kLengthDelimited)) + varint_size(body) + body;
}

uint64_t read_varint(const std::string& bytes, size_t& at) {
  uint64_t v = 0;
  for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
    const uint8_t b = uint8_t(bytes[at++]);
    v |= uint64_t(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
  throw std::logic_error("model writer: truncated varint in protobuf output");
}

// Offset of the first top-level field numbered above `field` in a message's
// serialized bytes (protobuf writes known fields in number order).
size_t offset_after_field(const std::string& bytes, int field) {
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t start = at;
    const uint64_t key = read_varint(bytes, at);
    if (int(key >> 3) > field) return start;
    switch (key & 7) {
      case kVarint: read_varint(bytes, at); break;
      case kFixed64: at += 8; break;
      case kLengthDelimited: at += read_varint(bytes, at); break;
      case kFixed32: at += 4; break;
      default: throw std::logic_error("model writer: unexpected wire type in protobuf output");
    }
  }
  return bytes.size();
}

std::string serialized(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream raw(&out);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  return out;
}

// A message's bytes around one field that is written separately.
struct Around {
  std::string head, tail;
  Around(const std::string& bytes, int field) {
    const size_t split = offset_after_field(bytes, field);
    head = bytes.substr(0, split);
    tail = bytes.substr(split);
  }
};

// ---- output ---------------------------------------------------------------

// Buffered output over protobuf's coded stream: small pieces are gathered
// here, messages go through protobuf's own serializer.
class Sink {
 public:
  explicit Sink(google::protobuf::io::ZeroCopyOutputStream& out) : coded_(&out), buffer_(1 << 16) {
    coded_.SetSerializationDeterministic(true);
  }
  // A cursor with room for `n` (small) bytes; hand it back to commit().
  char* room(size_t n) {
    if (buffer_.size() - used_ < n) flush();
    return buffer_.data() + used_;
  }
  void commit(char* end) { used_ = size_t(end - buffer_.data()); }

  void varint(uint64_t v) { commit(put_varint(room(10), v)); }
  void key(int field, WireType type) { varint(tag(field, type)); }
  void bytes(const void* data, size_t n) {
    if (n == 0) return;  // data may be null then (an empty array), and memcpy must not see it
    if (n <= buffer_.size() - used_) {
      std::memcpy(buffer_.data() + used_, data, n);
      used_ += n;
      return;
    }
    flush();
    for (auto* p = static_cast<const char*>(data); n > 0;) {  // WriteRaw takes an int
      const size_t chunk = std::min<size_t>(n, 1 << 30);
      coded_.WriteRaw(p, int(chunk));
      p += chunk, n -= chunk;
    }
  }
  void bytes(const std::string& s) { bytes(s.data(), s.size()); }
  void length_delimited(int field, const std::string& s) {
    key(field, kLengthDelimited);
    varint(s.size());
    bytes(s);
  }
  void message(int field, const google::protobuf::MessageLite& m) {
    key(field, kLengthDelimited);
    varint(m.ByteSizeLong());  // also caches the sizes SerializeWithCachedSizes needs
    flush();
    m.SerializeWithCachedSizes(&coded_);
  }
  bool finish() {
    flush();
    coded_.Trim();
    return !coded_.HadError();
  }

 private:
  void flush() {
    if (used_) coded_.WriteRaw(buffer_.data(), int(used_));
    used_ = 0;
  }
  google::protobuf::io::CodedOutputStream coded_;
  std::vector<char> buffer_;
  size_t used_ = 0;
};

// ---- adopted attributes -----------------------------------------------------

template <class T>
size_t ints_size(const void* data, size_t count) {
  size_t n = count * varint_size(tag(kAttrInts, kVarint));
  for (size_t i = 0; i < count; ++i) n += varint_size(uint64_t(int64_t(load_element<T>(data, i))));
  return n;
}

template <class T>
void write_ints(Sink& sink, const void* data, size_t count) {
  constexpr uint32_t key = tag(kAttrInts, kVarint);  // one byte
  for (size_t i = 0; i < count; ++i) {
    char* p = sink.room(11);
    *p++ = char(key);
    sink.commit(put_varint(p, uint64_t(int64_t(load_element<T>(data, i)))));
  }
}

template <class T>
void write_floats(Sink& sink, const void* data, size_t count) {
  constexpr uint32_t key = tag(kAttrFloats, kFixed32);  // one byte
  for (size_t i = 0; i < count; ++i) {
    char* p = sink.room(5);
    *p++ = char(key);
    const float f = static_cast<float>(load_element<T>(data, i));  // little-endian, as protobuf writes it here
    std::memcpy(p, &f, 4);
    sink.commit(p + 4);
  }
}

// Each dictionary string encoded once as a whole `strings` field; the
// elements then copy their entry.
void write_strings(Sink& sink, const AdoptedArray& a) {
  std::vector<std::string> encoded;
  for (const auto& s : a.dictionary()) {
    std::string e(10 + 10 + s.size(), '\0');
    char* p = put_varint(put_varint(e.data(), tag(kAttrStrings, kLengthDelimited)), s.size());
    std::memcpy(p, s.data(), s.size());
    e.resize(size_t(p - e.data()) + s.size());
    encoded.push_back(std::move(e));
  }
  const auto* index = static_cast<const uint8_t*>(a.data());
  for (size_t i = 0; i < a.count(); ++i) sink.bytes(encoded[index[i]]);
}

// Where each external tensor's bytes go in the data file: offsets assigned
// in the order the writer meets the arrays (node order, attribute order).
class ExternalPlan {
 public:
  ExternalPlan(const ExternalData& data, const onnx::GraphProto& graph, const AdoptedAttributes& adopted)
      : location_(data.location) {
    for (const auto& node : graph.node())
      for (const auto& attr : node.attribute()) {
        const AdoptedArray* a = adopted.find(attr);
        if (a == nullptr || a->attribute_type() != OC_ATTR_TENSOR) continue;
        const uint64_t bytes = uint64_t(a->count()) * a->elem_size();
        if (bytes < data.min_bytes) continue;
        offsets_.emplace_back(a, total_);
        total_ += bytes;
      }
  }
  // The entries (location, offset, length) of `a`, or nullptr: inline.
  const std::vector<std::pair<std::string, std::string>>* entries(const AdoptedArray& a) const {
    for (size_t i = 0; i < offsets_.size(); ++i)
      if (offsets_[i].first == &a) {
        if (entries_.size() != offsets_.size()) fill_entries();
        return &entries_[i];
      }
    return nullptr;
  }
  const std::vector<std::pair<const AdoptedArray*, uint64_t>>& arrays() const { return offsets_; }

 private:
  void fill_entries() const {
    entries_.clear();
    for (const auto& [a, offset] : offsets_)
      entries_.push_back({{"location", location_},
                          {"offset", std::to_string(offset)},
                          {"length", std::to_string(uint64_t(a->count()) * a->elem_size())}});
  }
  std::string location_;
  std::vector<std::pair<const AdoptedArray*, uint64_t>> offsets_;
  mutable std::vector<std::vector<std::pair<std::string, std::string>>> entries_;
  uint64_t total_ = 0;
};

size_t entry_size(const std::pair<std::string, std::string>& e) {
  return field_size(kEntryKey, e.first.size()) + field_size(kEntryValue, e.second.size());
}

size_t tensor_body_size(const AdoptedArray& a, const ExternalPlan* external) {
  size_t n = varint_size(tag(kTensorDims, kVarint)) + varint_size(a.count()) +
             varint_size(tag(kTensorDataType, kVarint)) + varint_size(uint64_t(a.elem_type()));
  const auto* entries = external ? external->entries(a) : nullptr;
  if (entries == nullptr) return n + field_size(kTensorRawData, a.count() * a.elem_size());
  for (const auto& e : *entries) n += field_size(kTensorExternalData, entry_size(e));
  return n + varint_size(tag(kTensorDataLocation, kVarint)) + varint_size(kDataLocationExternal);
}

// The elements' share of an adopted attribute's bytes.
size_t elements_size(const AdoptedArray& a, const ExternalPlan* external) {
  switch (a.attribute_type()) {
    case OC_ATTR_INTS:
      switch (a.elem_type()) {
        case OC_ELEM_UINT8: return ints_size<uint8_t>(a.data(), a.count());
        case OC_ELEM_INT32: return ints_size<int32_t>(a.data(), a.count());
        default: return ints_size<int64_t>(a.data(), a.count());
      }
    case OC_ATTR_FLOATS: return a.count() * (varint_size(tag(kAttrFloats, kFixed32)) + 4);
    case OC_ATTR_STRINGS: {
      std::vector<size_t> entry;
      for (const auto& s : a.dictionary()) entry.push_back(field_size(kAttrStrings, s.size()));
      size_t n = 0;
      for (size_t i = 0; i < a.count(); ++i) n += entry[static_cast<const uint8_t*>(a.data())[i]];
      return n;
    }
    default: return field_size(kAttrT, tensor_body_size(a, external));  // OC_ATTR_TENSOR
  }
}

void write_elements(Sink& sink, const AdoptedArray& a, const ExternalPlan* external) {
  switch (a.attribute_type()) {
    case OC_ATTR_INTS:
      switch (a.elem_type()) {
        case OC_ELEM_UINT8: return write_ints<uint8_t>(sink, a.data(), a.count());
        case OC_ELEM_INT32: return write_ints<int32_t>(sink, a.data(), a.count());
        default: return write_ints<int64_t>(sink, a.data(), a.count());
      }
    case OC_ATTR_FLOATS:
      if (a.elem_type() == OC_ELEM_FLOAT) return write_floats<float>(sink, a.data(), a.count());
      return write_floats<double>(sink, a.data(), a.count());
    case OC_ATTR_STRINGS:
      return write_strings(sink, a);
    default: {  // OC_ATTR_TENSOR: dims, data_type, raw_data, as GraphBuilder fills tensors
      sink.key(kAttrT, kLengthDelimited);
      sink.varint(tensor_body_size(a, external));
      sink.key(kTensorDims, kVarint);
      sink.varint(a.count());
      sink.key(kTensorDataType, kVarint);
      sink.varint(uint64_t(a.elem_type()));
      const auto* entries = external ? external->entries(a) : nullptr;
      if (entries == nullptr) {
        sink.key(kTensorRawData, kLengthDelimited);
        sink.varint(a.count() * a.elem_size());
        sink.bytes(a.data(), a.count() * a.elem_size());
        return;
      }
      // external_data (location, offset, length), then data_location
      for (const auto& e : *entries) {
        sink.key(kTensorExternalData, kLengthDelimited);
        sink.varint(entry_size(e));
        sink.length_delimited(kEntryKey, e.first);
        sink.length_delimited(kEntryValue, e.second);
      }
      sink.key(kTensorDataLocation, kVarint);
      sink.varint(kDataLocationExternal);
    }
  }
}

// ---- the model, taken apart along the path to the adopted attributes -------

class Writer {
 public:
  explicit Writer(const AdoptedAttributes& adopted, const ExternalPlan* external = nullptr)
      : adopted_(adopted), external_(external) {}

  size_t attribute_size(const onnx::AttributeProto& attr) const {
    const AdoptedArray* a = adopted_.find(attr);
    if (a == nullptr) return attr.ByteSizeLong();
    return field_size(kAttrName, attr.name().size()) + elements_size(*a, external_) +
           varint_size(tag(kAttrType, kVarint)) + varint_size(uint64_t(attr.type()));
  }

  void write_attribute(Sink& sink, const onnx::AttributeProto& attr, size_t size) const {
    const AdoptedArray* a = adopted_.find(attr);
    if (a == nullptr) return sink.message(kNodeAttribute, attr);
    sink.key(kNodeAttribute, kLengthDelimited);
    sink.varint(size);
    sink.length_delimited(kAttrName, attr.name());
    write_elements(sink, *a, external_);
    sink.key(kAttrType, kVarint);
    sink.varint(uint64_t(attr.type()));
  }

  bool has_adopted(const onnx::NodeProto& node) const {
    for (const auto& attr : node.attribute())
      if (adopted_.find(attr)) return true;
    return false;
  }

  // A node with adopted attributes: its other fields around its attributes.
  struct NodeParts {
    Around around;
    std::vector<size_t> attribute_sizes;
    size_t size = 0;
  };
  NodeParts node_parts(const onnx::NodeProto& node) const {
    onnx::NodeProto shell = node;  // small: the adopted elements are not in it
    shell.clear_attribute();
    NodeParts parts{Around(serialized(shell), kNodeAttribute), {}, 0};
    parts.size = parts.around.head.size() + parts.around.tail.size();
    for (const auto& attr : node.attribute()) {
      parts.attribute_sizes.push_back(attribute_size(attr));
      parts.size += field_size(kNodeAttribute, parts.attribute_sizes.back());
    }
    return parts;
  }

  // Nodes are field 1, so a graph is its nodes followed by everything else.
  // Sizes are worked out once (adopted arrays are scanned for their varint
  // sizes) and used again when writing.
  struct GraphParts {
    std::string rest;  // the graph's bytes without its nodes
    size_t size = 0;
    std::vector<std::optional<NodeParts>> nodes;  // set for nodes with adopted attributes
  };
  GraphParts graph_parts(onnx::GraphProto& graph) const {
    GraphParts parts{without_nodes(graph), 0, {}};
    parts.size = parts.rest.size();
    for (const auto& node : graph.node()) {
      parts.nodes.emplace_back();
      size_t size = 0;
      if (has_adopted(node)) {
        parts.nodes.back() = node_parts(node);
        size = parts.nodes.back()->size;
      } else {
        size = node.ByteSizeLong();
      }
      parts.size += field_size(kGraphNode, size);
    }
    return parts;
  }

  void write_graph(Sink& sink, const onnx::GraphProto& graph, const GraphParts& parts) const {
    sink.key(kModelGraph, kLengthDelimited);
    sink.varint(parts.size);
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      const auto& adopted = parts.nodes[size_t(i)];
      if (!adopted) {
        sink.message(kGraphNode, node);
        continue;
      }
      sink.key(kGraphNode, kLengthDelimited);
      sink.varint(adopted->size);
      sink.bytes(adopted->around.head);
      for (int k = 0; k < node.attribute_size(); ++k)
        write_attribute(sink, node.attribute(k), adopted->attribute_sizes[size_t(k)]);
      sink.bytes(adopted->around.tail);
    }
    sink.bytes(parts.rest);
  }

 private:
  static std::string without_nodes(onnx::GraphProto& graph) {
    google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
    nodes.Swap(graph.mutable_node());
    std::string rest;
    try {
      rest = serialized(graph);
    } catch (...) {
      nodes.Swap(graph.mutable_node());
      throw;
    }
    nodes.Swap(graph.mutable_node());
    return rest;
  }

  const AdoptedAttributes& adopted_;
  const ExternalPlan* external_;
};

// Holds the graph outside its model for the writer, and puts it back.
class GraphOutside {
 public:
  explicit GraphOutside(onnx::ModelProto& model)
      : model_(model), graph_(model.has_graph() ? model.release_graph() : nullptr) {}
  ~GraphOutside() {
    if (graph_) model_.set_allocated_graph(graph_);
  }
  onnx::GraphProto* graph() { return graph_; }

 private:
  onnx::ModelProto& model_;
  onnx::GraphProto* graph_;
};

}  // namespace

void write_model(BuiltModel& model, google::protobuf::io::ZeroCopyOutputStream& out, const ExternalData* external) {
  Sink sink(out);
  std::optional<ExternalPlan> plan;
  if (external && model.proto.has_graph()) plan.emplace(*external, model.proto.graph(), model.adopted);
  Writer writer(model.adopted, plan ? &*plan : nullptr);
  {
    GraphOutside outside(model.proto);
    Around around(serialized(model.proto), kModelGraph);
    Writer::GraphParts graph;
    if (outside.graph()) graph = writer.graph_parts(*outside.graph());
    const size_t total = around.head.size() + around.tail.size() + (outside.graph() ? field_size(kModelGraph, graph.size) : 0);
    // protobuf (and so every ONNX loader) refuses messages of 2 GiB or more.
    if (total > size_t(std::numeric_limits<int32_t>::max()))
      throw Error("the ONNX model would be " + std::to_string(total) +
                  " bytes; protobuf cannot load a model of 2 GiB or more" +
                  (external ? std::string(" (even with its tensor attributes as external data)")
                            : std::string(" (--external-data moves large tensor attributes out of it)")));
    sink.bytes(around.head);
    if (outside.graph()) writer.write_graph(sink, *outside.graph(), graph);
    sink.bytes(around.tail);
  }
  if (!sink.finish()) throw Error("cannot write the ONNX model: the output stream failed");
  if (!plan) return;
  if (external->out == nullptr) throw Error("external data requested without a data stream");
  Sink data(*external->out);
  for (const auto& [a, offset] : plan->arrays()) data.bytes(a->data(), a->count() * a->elem_size());
  if (!data.finish()) throw Error("cannot write the external data: the output stream failed");
}

void materialize(BuiltModel& model) {
  for (auto& node : *model.proto.mutable_graph()->mutable_node())
    for (auto& attr : *node.mutable_attribute())
      if (const AdoptedArray* a = model.adopted.find(attr)) {
        fill_attribute(attr, *a, a->count());
        attr.clear_doc_string();
      }
}

}  // namespace onnxconv
