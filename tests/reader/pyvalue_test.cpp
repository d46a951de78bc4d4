// The object model's own functions (pyvalue.h).
#include <onnxconv/pyvalue.h>
#include <onnxconv/sdk/c_api.h>

#include <gtest/gtest.h>

namespace {

using namespace onnxconv::py;

// pyvalue.h's Kind must stay numerically equal to the SDK's oc_kind.
static_assert(static_cast<int>(Kind::None) == OC_KIND_NONE && static_cast<int>(Kind::Bool) == OC_KIND_BOOL &&
              static_cast<int>(Kind::Int) == OC_KIND_INT && static_cast<int>(Kind::Float) == OC_KIND_FLOAT &&
              static_cast<int>(Kind::String) == OC_KIND_STRING && static_cast<int>(Kind::Bytes) == OC_KIND_BYTES &&
              static_cast<int>(Kind::List) == OC_KIND_LIST && static_cast<int>(Kind::Tuple) == OC_KIND_TUPLE &&
              static_cast<int>(Kind::Dict) == OC_KIND_DICT && static_cast<int>(Kind::Set) == OC_KIND_SET &&
              static_cast<int>(Kind::Array) == OC_KIND_ARRAY && static_cast<int>(Kind::Instance) == OC_KIND_INSTANCE &&
              static_cast<int>(Kind::Global) == OC_KIND_GLOBAL && static_cast<int>(Kind::Other) == OC_KIND_OTHER,
              "py::Kind and oc_kind differ");

ValuePtr make(Kind k) {
  auto v = std::make_shared<Value>();
  v->kind = k;
  return v;
}

ValuePtr text(const std::string& s) {
  auto v = make(Kind::String);
  v->s = s;
  return v;
}

ValuePtr integer(int64_t i) {
  auto v = make(Kind::Int);
  v->i = i;
  return v;
}

std::shared_ptr<DType> dtype(char kind, uint32_t size) {
  auto d = std::make_shared<DType>();
  d->kind = kind;
  d->itemsize = size;
  return d;
}

TEST(PyValue, DictGetLastKeyWins) {
  auto d = make(Kind::Dict);
  d->items = {text("a"), text("b"), text("a")};
  d->values = {integer(1), integer(2), integer(3)};
  EXPECT_EQ(d->get("a")->i, 3);
  EXPECT_EQ(d->get("b")->i, 2);
  EXPECT_EQ(d->get("c"), nullptr);
  EXPECT_EQ(make(Kind::List)->get("a"), nullptr);
}

TEST(PyValue, InstanceGetLooksInStateSlotsAndItems) {
  auto inst = make(Kind::Instance);
  auto state = make(Kind::Dict);
  state->items = {text("x")};
  state->values = {integer(1)};
  inst->state = state;
  EXPECT_EQ(inst->get("x")->i, 1);
  auto slots = make(Kind::Dict);
  slots->items = {text("y")};
  slots->values = {integer(2)};
  auto pair = make(Kind::Tuple);
  pair->items = {make(Kind::None), slots};
  inst->state = pair;
  EXPECT_EQ(inst->get("y")->i, 2);
  inst->items = {text("z")};
  inst->values = {integer(3)};
  EXPECT_EQ(inst->get("z")->i, 3);
}

TEST(PyValue, TypeNames) {
  auto inst = make(Kind::Instance);
  inst->module = "sklearn.tree._tree";
  inst->name = "Tree";
  EXPECT_EQ(inst->type_name(), "sklearn.tree._tree.Tree");
  auto g = make(Kind::Global);
  g->module = "numpy";
  g->name = "float64";
  EXPECT_EQ(g->type_name(), "global numpy.float64");
  auto f = make(Kind::Float);
  EXPECT_EQ(f->type_name(), "float");
  f->scalar_dtype = dtype('f', 4);
  EXPECT_EQ(f->type_name(), "numpy.float32");
  auto a = make(Kind::Array);
  a->array = std::make_shared<Array>();
  a->array->dtype = dtype('i', 8);
  a->array->shape = {2, 3};
  EXPECT_EQ(a->type_name(), "numpy.ndarray(<i8, shape (2, 3))");
  EXPECT_EQ(make(Kind::None)->type_name(), "None");
  EXPECT_EQ(make(Kind::Dict)->type_name(), "dict");
}

TEST(PyValue, DTypeStr) {
  EXPECT_EQ(dtype('f', 8)->str(), "<f8");
  EXPECT_EQ(dtype('u', 1)->str(), "|u1");
  EXPECT_EQ(dtype('b', 1)->str(), "|b1");
  EXPECT_EQ(dtype('U', 12)->str(), "<U3");
  EXPECT_EQ(dtype('S', 5)->str(), "|S5");
  EXPECT_EQ(dtype('O', 8)->str(), "|O");
  auto sub = dtype('V', 16);
  sub->subarray_base = dtype('f', 8);
  sub->subarray_shape = {2};
  EXPECT_EQ(sub->str(), "(2,)<f8");
  auto rec = dtype('V', 24);
  rec->fields = {{"a", dtype('i', 8), 0}, {"b", sub, 8}};
  EXPECT_EQ(rec->str(), "{a:<i8@0,b:(2,)<f8@8}");
}

TEST(PyValue, ArraySize) {
  Array a;
  EXPECT_EQ(a.size(), 1u);  // 0-d
  a.shape = {2, 3, 4};
  EXPECT_EQ(a.size(), 24u);
  a.shape = {5, 0};
  EXPECT_EQ(a.size(), 0u);
}

TEST(ArrayBytes, OwnsOrViews) {
  ArrayBytes owned(std::vector<uint8_t>{1, 2, 3});
  EXPECT_EQ(owned.size(), 3u);
  EXPECT_EQ(owned[1], 2);
  EXPECT_EQ(std::vector<uint8_t>(owned.begin(), owned.end()), (std::vector<uint8_t>{1, 2, 3}));
  auto buffer = std::make_shared<std::vector<uint8_t>>(100, 7);
  std::weak_ptr<std::vector<uint8_t>> watch = buffer;
  const uint8_t* base = buffer->data();
  ArrayBytes view(buffer, base + 10, 20);
  buffer.reset();
  ArrayBytes copy = view;  // shares, never copies
  view = ArrayBytes();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(copy.data(), base + 10);
  EXPECT_EQ(copy.size(), 20u);
  copy = ArrayBytes();
  EXPECT_TRUE(watch.expired());
  EXPECT_TRUE(copy.empty());
  EXPECT_EQ(copy.begin(), copy.end());
}

}  // namespace
