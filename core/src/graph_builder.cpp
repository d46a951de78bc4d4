#include "graph_builder.h"

#include <onnx/common/constants.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>

namespace onnxconv {
namespace {

std::string domain_of(const char* domain) {
  return domain == nullptr ? std::string() : std::string(domain);
}

size_t element_count(const oc_tensor& t) {
  size_t n = 1;
  if (t.rank > 0 && t.dims == nullptr) throw std::runtime_error("tensor of rank " + std::to_string(t.rank) + " without dims");
  for (size_t i = 0; i < t.rank; ++i) {
    if (t.dims[i] < 0) throw std::runtime_error("tensor with a negative dimension");
    auto d = static_cast<size_t>(t.dims[i]);
    if (d != 0 && n > SIZE_MAX / d) throw std::runtime_error("tensor with more elements than memory can hold");
    n *= d;
  }
  return n;
}

size_t string_bytes(const char* const* strings, size_t n) {
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) bytes += strings[i] == nullptr ? 0 : std::strlen(strings[i]);
  return bytes;
}

// What an attribute's arrays will take in the graph (FLOATS are float32).
uint64_t array_attribute_bytes(const oc_attribute& a, const AdoptedArray* adopted) {
  size_t count = adopted ? adopted->count() : a.count;
  switch (a.type) {
    case OC_ATTR_FLOATS: return uint64_t{4} * count;
    case OC_ATTR_INTS: return uint64_t{8} * count;
    case OC_ATTR_STRINGS: {
      if (!adopted) return string_bytes(a.strings, count);
      uint64_t bytes = 0;
      for (size_t i = 0; i < count; ++i) bytes += adopted->string_at(i).size();
      return bytes;
    }
    default: return 0;
  }
}

// Name hints come from converters; keep them readable and safe.
std::string clean_hint(const std::string& hint) {
  std::string out;
  for (char c : hint) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("v") : out;
}

// A plugin's node must not send the host through a null pointer: every
// array its counts promise is there, and no name in it is null.
void check_pointers(const oc_node& node) {
  auto names = [&](const char* const* list, size_t n, const char* what) {
    if (n > 0 && list == nullptr) throw std::runtime_error(std::string("node has ") + std::to_string(n) + " " + what + " but no array of them");
    for (size_t i = 0; i < n; ++i)
      if (list[i] == nullptr) throw std::runtime_error(std::string("node ") + what + " " + std::to_string(i) + " is a null name");
  };
  names(node.inputs, node.n_inputs, "inputs");
  names(node.outputs, node.n_outputs, "outputs");
  if (node.n_attributes > 0 && node.attributes == nullptr) throw std::runtime_error("node attributes missing");
  for (size_t i = 0; i < node.n_attributes; ++i) {
    const oc_attribute& a = node.attributes[i];
    bool list = a.type == OC_ATTR_FLOATS || a.type == OC_ATTR_INTS || a.type == OC_ATTR_STRINGS;
    const void* items = a.type == OC_ATTR_FLOATS ? static_cast<const void*>(a.floats)
                        : a.type == OC_ATTR_INTS ? static_cast<const void*>(a.ints)
                                                 : static_cast<const void*>(a.strings);
    if (list && a.count > 0 && items == nullptr)
      throw std::runtime_error(std::string("attribute '") + (a.name ? a.name : "") + "' has " +
                               std::to_string(a.count) + " elements but no array of them");
    if (a.type == OC_ATTR_STRINGS)
      for (size_t k = 0; k < a.count; ++k)
        if (a.strings[k] == nullptr) throw std::runtime_error(std::string("attribute '") + (a.name ? a.name : "") + "' string " + std::to_string(k) + " is null");
  }
}

}  // namespace

GraphBuilder::GraphBuilder(int64_t onnx_opset, int64_t ml_opset, ConversionBudget* budget) : budget_(budget) {
  targets_[""] = onnx_opset;
  targets_[onnx::AI_ONNX_ML_DOMAIN] = ml_opset;
  used_domains_[""] = true;
}

void GraphBuilder::reserve_name(const std::string& name) {
  if (!names_.insert(name).second)
    throw std::runtime_error("graph name '" + name + "' is used twice");
}

const std::string& GraphBuilder::unique_name(const std::string& hint) {
  std::string base = clean_hint(hint);
  auto inserted = names_.insert(base);
  while (!inserted.second) {
    int& counter = hint_counters_[base];
    inserted = names_.insert(base + "_" + std::to_string(++counter));
  }
  return *inserted.first;  // unordered_set keeps element addresses stable
}

int64_t GraphBuilder::target_opset(const std::string& domain) const {
  auto it = targets_.find(domain);
  return it == targets_.end() ? 0 : it->second;
}

void GraphBuilder::fill_type(onnx::TypeProto* type, const oc_value_type& t) const {
  if (t.kind == OC_VALUE_SEQUENCE_OF_MAPS) {
    auto* map = type->mutable_sequence_type()->mutable_elem_type()->mutable_map_type();
    map->set_key_type(t.key_type);
    map->mutable_value_type()->mutable_tensor_type()->set_elem_type(t.elem_type);
    return;
  }
  if (t.kind == OC_VALUE_SEQUENCE_OF_TENSORS) {  // items of differing shapes: no shape
    type->mutable_sequence_type()->mutable_elem_type()->mutable_tensor_type()->set_elem_type(t.elem_type);
    return;
  }
  auto* tensor = type->mutable_tensor_type();
  tensor->set_elem_type(t.elem_type);
  if (t.rank < 0) return;
  auto* shape = tensor->mutable_shape();
  for (int32_t i = 0; i < t.rank; ++i) {
    auto* dim = shape->add_dim();
    if (t.dims[i] >= 0) dim->set_dim_value(t.dims[i]);
    else if (i == 0) dim->set_dim_param("N");  // the batch
  }
}

void GraphBuilder::add_input(const std::string& name, const oc_value_type& type) {
  auto* input = graph().add_input();
  input->set_name(name);
  fill_type(input->mutable_type(), type);
}

void GraphBuilder::add_output(const std::string& name, const oc_value_type& type) {
  auto* output = graph().add_output();
  output->set_name(name);
  fill_type(output->mutable_type(), type);
}

void GraphBuilder::take_bytes(uint64_t bytes, const std::string& what) {
  if (budget_ != nullptr) budget_->take_bytes(bytes, what);
}

void GraphBuilder::fill_tensor(onnx::TensorProto* proto, const oc_tensor& t) {
  size_t n = element_count(t);  // checks dims first
  if (n > 0 && t.data == nullptr) throw std::runtime_error("tensor without data");
  proto->set_data_type(t.elem_type);
  for (size_t i = 0; i < t.rank; ++i) proto->add_dims(t.dims[i]);
  size_t itemsize = 0;
  switch (t.elem_type) {
    case OC_ELEM_FLOAT: case OC_ELEM_INT32: itemsize = 4; break;
    case OC_ELEM_DOUBLE: case OC_ELEM_INT64: itemsize = 8; break;
    case OC_ELEM_UINT8: case OC_ELEM_INT8: case OC_ELEM_BOOL: itemsize = 1; break;
    case OC_ELEM_STRING: {
      auto strings = static_cast<const char* const*>(t.data);
      for (size_t i = 0; i < n; ++i)
        if (strings[i] == nullptr) throw std::runtime_error("string tensor element " + std::to_string(i) + " is null");
      take_bytes(string_bytes(strings, n), "a string tensor of " + std::to_string(n) + " elements");
      for (size_t i = 0; i < n; ++i) proto->add_string_data(strings[i]);
      return;
    }
    default:
      throw std::runtime_error("unsupported tensor element type " +
                               std::to_string(t.elem_type));
  }
  // raw_data is little-endian by ONNX's definition, as is this host.
  if (n > SIZE_MAX / itemsize) throw std::runtime_error("tensor with more bytes than memory can hold");
  take_bytes(uint64_t{n} * itemsize, "a tensor of " + std::to_string(n) + " elements");
  proto->set_raw_data(static_cast<const char*>(t.data), n * itemsize);
}

const std::string& GraphBuilder::add_initializer(const std::string& hint,
                                                 const oc_tensor& tensor) {
  const std::string& name = unique_name(hint);
  auto* init = graph().add_initializer();
  init->set_name(name);
  fill_tensor(init, tensor);
  return name;
}

void GraphBuilder::fill_attribute(onnx::AttributeProto* proto, const oc_attribute& a,
                                  std::shared_ptr<const AdoptedArray> adopted) {
  if (a.name == nullptr || *a.name == '\0') throw std::runtime_error("attribute without a name");
  proto->set_name(a.name);
  proto->set_type(static_cast<onnx::AttributeProto_AttributeType>(a.type));
  take_bytes(array_attribute_bytes(a, adopted.get()), std::string("attribute '") + a.name + "'");
  if (adopted) {
    adopted_.adopt(*proto, std::move(adopted));
    return;
  }
  switch (a.type) {
    case OC_ATTR_FLOAT: proto->set_f(static_cast<float>(a.f)); break;
    case OC_ATTR_INT: proto->set_i(a.i); break;
    case OC_ATTR_STRING: proto->set_s(a.s == nullptr ? "" : a.s); break;
    case OC_ATTR_FLOATS:
      proto->mutable_floats()->Reserve(static_cast<int>(a.count));
      for (size_t i = 0; i < a.count; ++i) proto->add_floats(static_cast<float>(a.floats[i]));
      break;
    case OC_ATTR_INTS:
      proto->mutable_ints()->Reserve(static_cast<int>(a.count));
      for (size_t i = 0; i < a.count; ++i) proto->add_ints(a.ints[i]);
      break;
    case OC_ATTR_STRINGS:
      for (size_t i = 0; i < a.count; ++i) proto->add_strings(a.strings[i]);
      break;
    case OC_ATTR_TENSOR:
      if (a.tensor == nullptr) throw std::runtime_error(std::string("attribute '") + a.name + "' has no tensor");
      fill_tensor(proto->mutable_t(), *a.tensor);
      break;
    default:
      throw std::runtime_error(std::string("attribute '") + a.name + "' has unsupported type " +
                               std::to_string(a.type));
  }
}

std::vector<std::shared_ptr<const AdoptedArray>> GraphBuilder::take_adopted(
    const oc_node& node, const oc_adopted_array* const* adopted) {
  std::vector<std::shared_ptr<const AdoptedArray>> taken(node.n_attributes);
  if (adopted == nullptr) return taken;
  // Take every adopted array before anything can fail, so that each one is
  // released exactly once whatever happens next (c_api.h).
  std::exception_ptr first_error;
  for (size_t i = 0; i < node.n_attributes; ++i) {
    if (adopted[i] == nullptr) continue;
    const char* name = node.attributes != nullptr && node.attributes[i].name ? node.attributes[i].name : "";
    try {
      taken[i] = std::make_shared<const AdoptedArray>(name, node.attributes ? node.attributes[i].type : 0,
                                                      *adopted[i]);
    } catch (...) {  // a refused array has released itself
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
  return taken;
}

void GraphBuilder::add_node(const oc_node& node, const oc_adopted_array* const* adopted_arrays) {
  std::vector<std::shared_ptr<const AdoptedArray>> adopted = take_adopted(node, adopted_arrays);
  check_pointers(node);
  if (node.op_type == nullptr || *node.op_type == '\0') throw std::runtime_error("node without op_type");
  if (budget_ != nullptr) {
    budget_->check_time("converting " + (node_prefix_.empty() ? std::string("the model") : node_prefix_));
    budget_->take_node();
  }
  std::string domain = domain_of(node.domain);
  if (target_opset(domain) == 0)
    throw std::runtime_error("node '" + std::string(node.op_type) + "' uses domain '" + domain +
                             "', which is not a target of this conversion");
  used_domains_[domain] = true;
  auto* proto = graph().add_node();
  proto->set_op_type(node.op_type);
  if (!domain.empty()) proto->set_domain(domain);
  std::string hint = node.name_hint != nullptr && *node.name_hint ? node.name_hint : node.op_type;
  std::string prefix = node_prefix_.empty() ? std::string() : node_prefix_ + "/";
  proto->set_name(unique_name(prefix + hint));
  for (size_t i = 0; i < node.n_inputs; ++i) proto->add_input(node.inputs[i]);
  for (size_t i = 0; i < node.n_outputs; ++i) proto->add_output(node.outputs[i]);
  try {
    for (size_t i = 0; i < node.n_attributes; ++i)
      fill_attribute(proto->add_attribute(), node.attributes[i], std::move(adopted[i]));
  } catch (...) {
    graph().mutable_node()->RemoveLast();
    throw;
  }
}

BuiltModel GraphBuilder::finish() {
  model_.set_ir_version(onnx::IR_VERSION);
  model_.set_producer_name("onnxconv");
  model_.set_producer_version(ONNXCONV_VERSION);
  if (graph().name().empty()) graph().set_name("onnxconv");  // the checker requires a name
  for (const auto& [domain, used] : used_domains_) {
    if (!used) continue;
    auto* op = model_.add_opset_import();
    op->set_domain(domain);
    op->set_version(targets_.at(domain));
  }
  return BuiltModel{std::move(model_), std::move(adopted_)};
}

}  // namespace onnxconv
