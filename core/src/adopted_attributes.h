// Attribute data the host adopted from a plugin instead of copying it
// (oc_attribute.adopted, ABI 1.1).
//
// A 1000-tree forest has ~6M nodes and seven per-node attributes. As
// protobuf repeated fields they would cost ~100 bytes a node (a heap string
// per node for nodes_modes), as much again as the plugin's own arrays. So
// the graph keeps a placeholder AttributeProto (name, type and a marker, no
// elements) that validation sees like any other attribute, and the adopted
// array stays in the plugin's compact element type until model_writer.cpp
// encodes it into the output bytes.
#ifndef ONNXCONV_CORE_ADOPTED_ATTRIBUTES_H
#define ONNXCONV_CORE_ADOPTED_ATTRIBUTES_H

#include <onnxconv/sdk/c_api.h>

#include <onnx/onnx_pb.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace onnxconv {

// Element i of an adopted array's data, read with memcpy (the plugin's
// pointer carries no alignment promise).
template <class T>
T load_element(const void* data, size_t i) {
  T v;
  std::memcpy(&v, static_cast<const char*>(data) + i * sizeof(T), sizeof v);
  return v;
}

// One adopted array. Releases the plugin's memory when destroyed.
class AdoptedArray {
 public:
  // Checks `a` against the element types its attribute type accepts
  // (c_api.h); on error the array is released and std::runtime_error
  // thrown naming the attribute.
  AdoptedArray(const std::string& attribute, int32_t attribute_type, const oc_adopted_array& a);
  ~AdoptedArray();
  AdoptedArray(const AdoptedArray&) = delete;
  AdoptedArray& operator=(const AdoptedArray&) = delete;

  int32_t attribute_type() const { return attribute_type_; }
  int32_t elem_type() const { return elem_type_; }
  size_t count() const { return count_; }
  const void* data() const { return data_; }
  // STRINGS: the strings the uint8 elements index.
  const std::vector<std::string>& dictionary() const { return dictionary_; }

  // Element i widened (INTS, and integer tensors).
  int64_t int_at(size_t i) const;
  // Element i as ONNX stores it in FLOATS (float32).
  float float_at(size_t i) const;
  const std::string& string_at(size_t i) const;
  // Size of one element in data().
  size_t elem_size() const;

 private:
  int32_t attribute_type_;
  int32_t elem_type_;
  size_t count_;
  const void* data_;
  std::vector<std::string> dictionary_;
  void (*release_)(void*);
  void* release_ctx_;
};

// Sets attr's elements to the first `count` elements of `a` (the
// encoding model_writer.cpp reproduces byte for byte).
void fill_attribute(onnx::AttributeProto& attr, const AdoptedArray& a, size_t count);

// The conversion's adopted arrays, found from their placeholders.
class AdoptedAttributes {
 public:
  // Turns `proto` (name and type set) into a placeholder for `array`: a
  // marker, and the array's first element only, so that the onnx checker
  // (which refuses empty lists) and shape inference see a well-formed
  // attribute of the right type.
  void adopt(onnx::AttributeProto& proto, std::shared_ptr<const AdoptedArray> array);
  // The array behind a placeholder, or nullptr for an ordinary attribute.
  const AdoptedArray* find(const onnx::AttributeProto& proto) const;
  bool empty() const { return arrays_.empty(); }

 private:
  std::vector<std::shared_ptr<const AdoptedArray>> arrays_;
};

// The product of a conversion: the graph with placeholders, and what they
// stand for. model_writer.h turns it into bytes.
struct BuiltModel {
  onnx::ModelProto proto;
  AdoptedAttributes adopted;
};

}  // namespace onnxconv

#endif
