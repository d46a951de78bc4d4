// The model writer (core/src/model_writer.cpp) and adopted attributes
// (ABI 1.1 add_node_adopting): the streamed bytes equal protobuf's
// deterministic serialization of the materialized model, and every adopted
// array is released exactly once, on success and on every failure path.
#include "graph_builder.h"
#include "model_writer.h"

#include <onnx/onnx_pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using onnxconv::BuiltModel;
using onnxconv::GraphBuilder;

// Heap data with a release callback that counts its calls per array.
class Arrays {
 public:
  template <class T>
  oc_adopted_array adopt(std::vector<T> v, int32_t elem, const std::vector<const char*>& dictionary = {}) {
    auto* owned = new Owned<T>{std::move(v), this, next_id_++};
    oc_adopted_array a{};
    a.struct_size = sizeof a;
    a.elem_type = elem;
    a.count = owned->data.size();
    a.data = owned->data.data();
    dictionaries_.push_back(dictionary);
    a.dictionary = dictionaries_.back().data();
    a.dictionary_size = dictionaries_.back().size();
    a.release = [](void* p) {
      auto* o = static_cast<Owned<T>*>(p);
      ++o->arrays->released_[o->id];
      delete o;
    };
    a.release_ctx = owned;
    return a;
  }
  int created() const { return next_id_; }
  // Every array created so far released exactly once?
  bool all_released_once() const {
    for (int id = 0; id < next_id_; ++id) {
      auto it = released_.find(id);
      if (it == released_.end() || it->second != 1) return false;
    }
    return true;
  }
  int released() const { return int(released_.size()); }

 private:
  template <class T>
  struct Owned {
    std::vector<T> data;
    Arrays* arrays;
    int id;
  };
  int next_id_ = 0;
  std::map<int, int> released_;
  std::vector<std::vector<const char*>> dictionaries_;
};

oc_attribute attr(const char* name, int32_t type) {
  oc_attribute a{};
  a.struct_size = sizeof a;
  a.name = name;
  a.type = type;
  return a;
}

struct NodeSpec {
  std::vector<oc_attribute> attributes;
  std::vector<oc_adopted_array> arrays;  // one per attribute; count = SIZE_MAX: not adopted
  std::vector<const oc_adopted_array*> adopted;
  const char* domain = "ai.onnx.ml";

  void plain(oc_attribute a) {
    attributes.push_back(a);
    arrays.push_back(oc_adopted_array{});
    arrays.back().count = SIZE_MAX;
  }
  void adopted_as(const char* name, int32_t type, oc_adopted_array data) {
    attributes.push_back(attr(name, type));
    arrays.push_back(data);
  }
  void add_to(GraphBuilder& g, const char* output) {
    adopted.clear();
    for (auto& a : arrays) adopted.push_back(a.count == SIZE_MAX ? nullptr : &a);
    const char* inputs[] = {"X"};
    const char* outputs[] = {output};
    oc_node n{};
    n.struct_size = sizeof n;
    n.op_type = "TreeEnsembleRegressor";
    n.domain = domain;
    n.inputs = inputs;
    n.n_inputs = 1;
    n.outputs = outputs;
    n.n_outputs = 1;
    n.attributes = attributes.data();
    n.n_attributes = attributes.size();
    g.add_node(n, adopted.data());
  }
};

std::string streamed(BuiltModel& m) {
  std::string out;
  google::protobuf::io::StringOutputStream raw(&out);
  onnxconv::write_model(m, raw);
  return out;
}

std::string protobuf_bytes(const onnx::ModelProto& m) {
  std::string out;
  google::protobuf::io::StringOutputStream raw(&out);
  google::protobuf::io::CodedOutputStream coded(&raw);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  return out;
}

oc_value_type float_matrix() {
  oc_value_type t{};
  t.struct_size = sizeof t;
  t.elem_type = OC_ELEM_FLOAT;
  t.rank = 2;
  t.dims[0] = -1;
  t.dims[1] = 3;
  return t;
}

// A graph around the nodes: an input, an initializer, an ordinary node
// before and after, an output, so that every level has fields on both
// sides of the path to the adopted attributes.
BuiltModel build(Arrays& arrays, GraphBuilder& g) {
  g.add_input("X", float_matrix());
  double scale = 2.0;
  int64_t one = 1;
  oc_tensor t{};
  t.struct_size = sizeof t;
  t.elem_type = OC_ELEM_DOUBLE;
  t.rank = 1;
  t.dims = &one;
  t.data = &scale;
  g.add_initializer("scale", t);

  NodeSpec a;
  oc_attribute n_targets = attr("n_targets", OC_ATTR_INT);
  n_targets.i = 2;
  a.plain(n_targets);
  a.adopted_as("nodes_treeids", OC_ATTR_INTS, arrays.adopt(std::vector<int32_t>{0, 0, 0, 1, -7, 300000}, OC_ELEM_INT32));
  a.adopted_as("nodes_nodeids", OC_ATTR_INTS,
               arrays.adopt(std::vector<int64_t>{0, 1, INT64_MIN, INT64_MAX, -1, 1 << 20}, OC_ELEM_INT64));
  a.adopted_as("nodes_missing_value_tracks_true", OC_ATTR_INTS,
               arrays.adopt(std::vector<uint8_t>{0, 1, 255}, OC_ELEM_UINT8));
  a.adopted_as("nodes_modes", OC_ATTR_STRINGS,
               arrays.adopt(std::vector<uint8_t>{1, 0, 0, 2, 1}, OC_ELEM_UINT8, {"LEAF", "BRANCH_LEQ", ""}));
  oc_attribute post = attr("post_transform", OC_ATTR_STRING);
  post.s = "NONE";
  a.plain(post);
  a.adopted_as("nodes_values", OC_ATTR_FLOATS, arrays.adopt(std::vector<float>{0.5f, -1e30f, 3.25f}, OC_ELEM_FLOAT));
  a.adopted_as("target_weights", OC_ATTR_FLOATS, arrays.adopt(std::vector<double>{0.1, 1e300, -2.5}, OC_ELEM_DOUBLE));
  a.add_to(g, "Y1");

  NodeSpec b;
  b.adopted_as("nodes_values_as_tensor", OC_ATTR_TENSOR, arrays.adopt(std::vector<double>{0.1, 0.2, -0.3}, OC_ELEM_DOUBLE));
  b.adopted_as("base_values_as_tensor", OC_ATTR_TENSOR, arrays.adopt(std::vector<float>{1.5f}, OC_ELEM_FLOAT));
  b.adopted_as("target_ids", OC_ATTR_TENSOR, arrays.adopt(std::vector<int32_t>{}, OC_ELEM_INT32));
  b.adopted_as("target_treeids", OC_ATTR_TENSOR, arrays.adopt(std::vector<int64_t>{5, -5}, OC_ELEM_INT64));
  b.add_to(g, "Y2");

  g.add_output("Y1", float_matrix());
  g.graph().set_doc_string("the graph's doc string comes after its nodes");
  return g.finish();
}

TEST(ModelWriter, StreamsTheBytesProtobufWritesForTheMaterializedModel) {
  Arrays arrays;
  {
    GraphBuilder g(17, 3);
    BuiltModel m = build(arrays, g);
    const std::string bytes = streamed(m);
    onnxconv::materialize(m);
    EXPECT_EQ(bytes, protobuf_bytes(m.proto));

    onnx::ModelProto parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    const auto& attrs = parsed.graph().node(0).attribute();
    EXPECT_EQ(attrs.size(), 8);
    EXPECT_EQ(attrs.Get(2).ints().size(), 6);
    EXPECT_EQ(attrs.Get(2).ints(2), INT64_MIN);
    EXPECT_EQ(attrs.Get(4).strings(3), "");
    EXPECT_EQ(attrs.Get(4).strings(0), "BRANCH_LEQ");
    EXPECT_FLOAT_EQ(attrs.Get(7).floats(0), 0.1f);
    EXPECT_FALSE(attrs.Get(7).has_doc_string());
    EXPECT_EQ(parsed.graph().node(1).attribute(3).t().raw_data().size(), 16u);
    EXPECT_EQ(arrays.released(), 0);  // kept until the model goes
  }
  EXPECT_TRUE(arrays.all_released_once());
}

TEST(ModelWriter, PlaceholdersHoldTheFirstElementForValidation) {
  Arrays arrays;
  GraphBuilder g(17, 3);
  BuiltModel m = build(arrays, g);
  const auto& node = m.proto.graph().node(0);
  EXPECT_EQ(node.attribute(1).ints_size(), 1);
  EXPECT_EQ(node.attribute(1).ints(0), 0);
  EXPECT_EQ(node.attribute(4).strings(0), "BRANCH_LEQ");
  EXPECT_NE(m.adopted.find(node.attribute(1)), nullptr);
  EXPECT_EQ(m.adopted.find(node.attribute(0)), nullptr);
}

TEST(ModelWriter, WritingTwiceGivesTheSameBytesAndLeavesTheModelIntact) {
  Arrays arrays;
  GraphBuilder g(17, 3);
  BuiltModel m = build(arrays, g);
  const std::string before = protobuf_bytes(m.proto);
  const std::string first = streamed(m);
  EXPECT_EQ(protobuf_bytes(m.proto), before);
  EXPECT_EQ(streamed(m), first);
}

TEST(AdoptedAttributes, AWrongElementTypeIsRefusedAndReleasedAtOnce) {
  Arrays arrays;
  GraphBuilder g(17, 3);
  g.add_input("X", float_matrix());
  NodeSpec n;
  n.adopted_as("nodes_treeids", OC_ATTR_INTS, arrays.adopt(std::vector<float>{1.f}, OC_ELEM_FLOAT));
  n.adopted_as("nodes_nodeids", OC_ATTR_INTS, arrays.adopt(std::vector<int32_t>{1}, OC_ELEM_INT32));
  try {
    n.add_to(g, "Y");
    FAIL() << "a float array for an INTS attribute was accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("attribute 'nodes_treeids': adopted data of element type 1"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(arrays.all_released_once());
  EXPECT_EQ(g.graph().node_size(), 0);
}

TEST(AdoptedAttributes, ANodeRefusedForItsDomainStillReleasesItsArrays) {
  Arrays arrays;
  GraphBuilder g(17, 3);
  NodeSpec n;
  n.domain = "com.example";
  n.adopted_as("nodes_treeids", OC_ATTR_INTS, arrays.adopt(std::vector<int32_t>{1, 2}, OC_ELEM_INT32));
  EXPECT_THROW(n.add_to(g, "Y"), std::runtime_error);
  EXPECT_TRUE(arrays.all_released_once());
}

TEST(AdoptedAttributes, AStringIndexPastTheDictionaryIsRefused) {
  Arrays arrays;
  GraphBuilder g(17, 3);
  NodeSpec n;
  n.adopted_as("nodes_modes", OC_ATTR_STRINGS, arrays.adopt(std::vector<uint8_t>{0, 3}, OC_ELEM_UINT8, {"LEAF"}));
  try {
    n.add_to(g, "Y");
    FAIL() << "an index past the dictionary was accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("element 1 indexes past its 1-string dictionary"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(arrays.all_released_once());
}

TEST(AdoptedAttributes, AnUnfinishedConversionReleasesWhatItAdopted) {
  Arrays arrays;
  {
    GraphBuilder g(17, 3);
    NodeSpec n;
    n.adopted_as("nodes_treeids", OC_ATTR_INTS, arrays.adopt(std::vector<int32_t>{1, 2}, OC_ELEM_INT32));
    n.add_to(g, "Y");
    EXPECT_EQ(arrays.released(), 0);
  }  // no finish(): the builder goes with its arrays
  EXPECT_TRUE(arrays.all_released_once());
}

}  // namespace
