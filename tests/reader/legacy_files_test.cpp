// Shapes of real-world files beyond a bare estimator: pandas Index column
// lists read as their values; dill and cloudpickle files are refused by name.
#include "test_support.h"

#include <gtest/gtest.h>

#include <functional>

namespace reader_test {
namespace {

using py::Kind;

std::string error_of(const std::string& data) {
  try {
    read_bytes(data);
  } catch (const ReadError& e) {
    return e.what();
  }
  return "(no error)";
}

// _new_Index(cls, {"data": <data>, "name": None}), what pandas.Index pickles as.
Pickle pandas_index(const std::string& cls, const std::function<void(Pickle&)>& data) {
  Pickle p;
  p.proto().global("pandas.core.indexes.base", "_new_Index").global("pandas.core.indexes.base", cls);
  p.op('}').op('(');
  if (data) {
    p.str("data");
    data(p);
  }
  p.str("name").op('N').op('u').op(0x86).op('R');
  return p;
}

TEST(PandasIndex, ReadsAsItsValues) {
  Pickle p = pandas_index("Index", [](Pickle& q) { q.op(']').op('(').str("age").str("income").op('e'); });
  py::ValuePtr v = read_bytes(p.stop().data());
  ASSERT_EQ(v->kind, Kind::List) << v->type_name();
  ASSERT_EQ(v->items.size(), 2u);
  EXPECT_EQ(v->items[0]->s, "age");
  EXPECT_EQ(v->items[1]->s, "income");
}

TEST(PandasIndex, InsideAColumnTransformerEntry) {
  // ('num', 'passthrough', Index([0, 2])): the columns are the ints.
  Pickle p;
  p.proto().str("num").str("passthrough");
  Pickle idx = pandas_index("Index", [](Pickle& q) { q.op(']').op('(').integer(0).integer(2).op('e'); });
  p.raw(idx.data().substr(2)).op(0x87).stop();  // TUPLE3
  py::ValuePtr v = read_bytes(p.data());
  ASSERT_EQ(v->kind, Kind::Tuple);
  const py::Value& cols = *v->items[2];
  ASSERT_EQ(cols.kind, Kind::List) << cols.type_name();
  EXPECT_EQ(cols.items[1]->i, 2);
}

TEST(PandasIndex, Pandas3StringArrayReadsAsItsNdarray) {
  // data = __pyx_unpickle_NDArrayBacked(StringArray, checksum, None), then
  // BUILD((StringDtype('python', nan), ndarray)), as pandas 3.0 writes it
  // (the StringDtype is a stand-in str here: only the ndarray is read).
  Pickle p = pandas_index("Index", [](Pickle& q) {
    q.global("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked").global("pandas.arrays", "StringArray");
    q.integer(82904607).op('N').op(0x87).op('R');
    q.str("dtype stand-in").global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
    q.integer(0).op(0x85).bytes("b").op(0x87).op('R');
    q.op('(').integer(1).integer(2).op(0x85).dtype("O8").op(0x89).op(']').op('(').str("debt").str("age").op('e');
    q.op('t').op('b').op(0x86).op('b');
  });
  py::ValuePtr v = read_bytes(p.stop().data());
  ASSERT_EQ(v->kind, Kind::Array) << v->type_name();
  ASSERT_EQ(v->array->objects.size(), 2u);
  EXPECT_EQ(v->array->objects[0]->s, "debt");
}

TEST(PandasIndex, Pandas3StringArrayOutsideAnIndexReadsAsItsNdarrayEverywhere) {
  // An estimator's own StringArray (optbinning's _categories), memoized and
  // referenced again (its binning table shares it): both read as the array.
  Pickle p;
  p.proto().op('(');
  p.global("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked").global("pandas.arrays", "StringArray");
  p.integer(82904607).op('N').op(0x87).op('R').op('q').raw(std::string(1, '\0'));
  p.str("dtype stand-in").global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
  p.integer(0).op(0x85).bytes("b").op(0x87).op('R');
  p.op('(').integer(1).integer(2).op(0x85).dtype("O8").op(0x89).op(']').op('(').str("c").str("e").op('e');
  p.op('t').op('b').op(0x86).op('b');
  p.op('h').raw(std::string(1, '\0')).op('l');
  py::ValuePtr v = read_bytes(p.stop().data());
  ASSERT_EQ(v->kind, Kind::List) << v->type_name();
  ASSERT_EQ(v->items.size(), 2u);
  for (const auto& item : v->items) {
    ASSERT_EQ(item->kind, Kind::Array) << item->type_name();
    ASSERT_EQ(item->array->objects.size(), 2u);
    EXPECT_EQ(item->array->objects[1]->s, "e");
  }
}

TEST(PandasIndex, WithoutDataStaysAnInertInstance) {
  // RangeIndex pickles start/stop/step, not data: nothing to interpret.
  py::ValuePtr v = read_bytes(pandas_index("RangeIndex", nullptr).stop().data());
  EXPECT_EQ(v->kind, Kind::Instance);
  EXPECT_EQ(v->type_name(), "pandas.core.indexes.base._new_Index");
}

TEST(CodePicklers, DillIsRefusedSayingWhy) {
  Pickle p;
  p.proto().global("dill._dill", "_create_type").op(')').op('R').stop();
  std::string m = error_of(p.data());
  EXPECT_NE(m.find("dill._dill._create_type"), std::string::npos) << m;
  EXPECT_NE(m.find("written by dill"), std::string::npos) << m;
  EXPECT_NE(m.find("cannot be read safely"), std::string::npos) << m;
}

TEST(CodePicklers, EveryDillAndCloudpickleGlobalIsRefused) {
  const std::pair<const char*, const char*> globals[] = {
      {"dill._dill", "_load_type"},
      {"dill", "loads"},
      {"cloudpickle.cloudpickle", "_make_skeleton_class"},
      {"cloudpickle.cloudpickle", "_builtin_type"},
      {"cloudpickle.cloudpickle_fast", "_make_function"},
  };
  for (const auto& [module, name] : globals) {
    Pickle p;
    p.proto(2).text_global(module, name).stop();
    std::string m = error_of(p.data());
    std::string by = std::string(module).rfind("dill", 0) == 0 ? "written by dill" : "written by cloudpickle";
    EXPECT_NE(m.find(by), std::string::npos) << module << "." << name << ": " << m;
  }
}

TEST(CodePicklers, OnlyTheirOwnModulesAreRefused) {
  Pickle p;
  p.proto().global("dillon.models", "Thing").op(')').op('R').stop();
  EXPECT_EQ(read_bytes(p.data())->type_name(), "dillon.models.Thing");
}

}  // namespace
}  // namespace reader_test
