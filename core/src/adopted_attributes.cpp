#include "adopted_attributes.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace onnxconv {
namespace {

// A placeholder's doc_string. Validation ignores doc strings, and the marker
// travels with the attribute when passes move nodes around; the writer
// replaces the whole attribute, so the marker never reaches a file.
constexpr const char* kMarker = "onnxconv-adopted:";

bool accepts(int32_t attribute_type, int32_t elem) {
  switch (attribute_type) {
    case OC_ATTR_INTS: return elem == OC_ELEM_INT64 || elem == OC_ELEM_INT32 || elem == OC_ELEM_UINT8;
    case OC_ATTR_FLOATS: return elem == OC_ELEM_FLOAT || elem == OC_ELEM_DOUBLE;
    case OC_ATTR_STRINGS: return elem == OC_ELEM_UINT8;
    case OC_ATTR_TENSOR:
      return elem == OC_ELEM_FLOAT || elem == OC_ELEM_DOUBLE || elem == OC_ELEM_INT32 || elem == OC_ELEM_INT64;
    default: return false;
  }
}

}  // namespace

AdoptedArray::AdoptedArray(const std::string& attribute, int32_t attribute_type, const oc_adopted_array& a)
    : attribute_type_(attribute_type),
      elem_type_(a.elem_type),
      count_(a.count),
      data_(a.data),
      release_(a.release),
      release_ctx_(a.release_ctx) {
  auto refuse = [&](const std::string& why) {
    if (release_) release_(release_ctx_);
    throw std::runtime_error("attribute '" + attribute + "': adopted data " + why);
  };
  if (!accepts(attribute_type, elem_type_))
    refuse("of element type " + std::to_string(elem_type_) + " cannot make an attribute of type " +
           std::to_string(attribute_type));
  if (count_ > 0 && data_ == nullptr) refuse("has " + std::to_string(count_) + " elements but no data");
  if (attribute_type == OC_ATTR_STRINGS) {
    if (a.dictionary_size > 0 && a.dictionary == nullptr) refuse("has no dictionary");
    for (size_t k = 0; k < a.dictionary_size; ++k) {
      if (a.dictionary[k] == nullptr) refuse("has a null dictionary string");
      dictionary_.emplace_back(a.dictionary[k]);
    }
    for (size_t i = 0; i < count_; ++i)
      if (static_cast<const uint8_t*>(data_)[i] >= dictionary_.size())
        refuse("element " + std::to_string(i) + " indexes past its " + std::to_string(dictionary_.size()) +
               "-string dictionary");
  }
}

AdoptedArray::~AdoptedArray() {
  if (release_) release_(release_ctx_);
}

size_t AdoptedArray::elem_size() const {
  switch (elem_type_) {
    case OC_ELEM_UINT8: return 1;
    case OC_ELEM_INT32: case OC_ELEM_FLOAT: return 4;
    default: return 8;
  }
}

int64_t AdoptedArray::int_at(size_t i) const {
  switch (elem_type_) {
    case OC_ELEM_UINT8: return static_cast<const uint8_t*>(data_)[i];
    case OC_ELEM_INT32: return load_element<int32_t>(data_, i);
    default: return load_element<int64_t>(data_, i);
  }
}

float AdoptedArray::float_at(size_t i) const {
  if (elem_type_ == OC_ELEM_FLOAT) return load_element<float>(data_, i);
  return static_cast<float>(load_element<double>(data_, i));
}

const std::string& AdoptedArray::string_at(size_t i) const {
  return dictionary_[static_cast<const uint8_t*>(data_)[i]];
}

void AdoptedAttributes::adopt(onnx::AttributeProto& proto, std::shared_ptr<const AdoptedArray> array) {
  fill_attribute(proto, *array, std::min<size_t>(array->count(), 1));
  proto.set_doc_string(kMarker + std::to_string(arrays_.size()));
  arrays_.push_back(std::move(array));
}

void fill_attribute(onnx::AttributeProto& attr, const AdoptedArray& a, size_t count) {
  attr.clear_ints();
  attr.clear_floats();
  attr.clear_strings();
  attr.clear_t();
  switch (a.attribute_type()) {
    case OC_ATTR_INTS:
      attr.mutable_ints()->Reserve(int(count));
      for (size_t i = 0; i < count; ++i) attr.add_ints(a.int_at(i));
      return;
    case OC_ATTR_FLOATS:
      attr.mutable_floats()->Reserve(int(count));
      for (size_t i = 0; i < count; ++i) attr.add_floats(a.float_at(i));
      return;
    case OC_ATTR_STRINGS:
      for (size_t i = 0; i < count; ++i) attr.add_strings(a.string_at(i));
      return;
    default: {
      auto* t = attr.mutable_t();
      t->add_dims(int64_t(count));
      t->set_data_type(a.elem_type());
      t->set_raw_data(static_cast<const char*>(a.data()), count * a.elem_size());
    }
  }
}

const AdoptedArray* AdoptedAttributes::find(const onnx::AttributeProto& proto) const {
  const std::string& doc = proto.doc_string();
  const size_t prefix = std::strlen(kMarker);
  if (doc.compare(0, prefix, kMarker) != 0) return nullptr;
  size_t index = std::stoul(doc.substr(prefix));
  if (index >= arrays_.size()) throw std::logic_error("adopted attribute marker out of range: " + doc);
  return arrays_[index].get();
}

}  // namespace onnxconv
