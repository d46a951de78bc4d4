// Hand-assembled pickles: every opcode the reader interprets, the
// whitelisted reconstructors, numpy 2.x names, and the error paths of each.
#include "test_support.h"

#include <gtest/gtest.h>

#include <cstring>

namespace reader_test {
namespace {

using py::Kind;
using py::ValuePtr;

std::string error_of(const std::string& data) {
  try {
    read_bytes(data);
  } catch (const ReadError& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_ERROR(data, needle)                                       \
  do {                                                                   \
    std::string m_ = error_of(data);                                     \
    EXPECT_NE(m_.find(needle), std::string::npos) << "message: " << m_; \
  } while (0)

TEST(Opcodes, Protocol0Text) {
  // [1, True, 2**70, -3L, 1.5, 'a\n\x41', u'\u00e9x', {'k': (None,)}]
  std::string data =
      "(lp0\nI1\naI01\naL1180591620717411303424L\naL-3L\naF1.5\naS'a\\n\\x41'\naVx\\u00e9\na"
      "(dp1\nVk\n(Ntp2\nsag1\na.";
  ValuePtr v = read_bytes(data);
  ASSERT_EQ(v->kind, Kind::List);
  ASSERT_EQ(v->items.size(), 9u);
  EXPECT_EQ(v->items[0]->i, 1);
  EXPECT_EQ(v->items[1]->kind, Kind::Bool);
  EXPECT_EQ(v->items[2]->kind, Kind::Other);
  EXPECT_EQ(v->items[2]->s, "1180591620717411303424");
  EXPECT_EQ(v->items[3]->i, -3);
  EXPECT_EQ(v->items[4]->f, 1.5);
  EXPECT_EQ(v->items[5]->s, "a\nA");
  EXPECT_EQ(v->items[6]->s, "x\xc3\xa9");
  ASSERT_EQ(v->items[7]->kind, Kind::Dict);
  EXPECT_EQ(v->items[7]->get("k")->kind, Kind::Tuple);
  EXPECT_EQ(v->items[8], v->items[7]);  // g1 is the memoised dict
}

TEST(Opcodes, Protocol0InstAndObj) {
  // INST mod.C (1, 'x') with BUILD; OBJ with a class from the stack.
  ValuePtr v = read_bytes("(I1\nS'x'\nimod\nC\n(dp0\nS'a'\nI2\nsb.");
  EXPECT_EQ(v->type_name(), "mod.C");
  ASSERT_EQ(v->args->items.size(), 2u);
  EXPECT_EQ(v->get("a")->i, 2);
  Pickle p;
  p.proto(1).op('(').text_global("mod", "D").integer(7).op('o').stop();
  ValuePtr o = read_bytes(p.data());
  EXPECT_EQ(o->type_name(), "mod.D");
  EXPECT_EQ(o->args->items.at(0)->i, 7);
}

TEST(Opcodes, Python2NamesAreReadAsPython3) {
  ValuePtr v = read_bytes("c__builtin__\nset\n((lp0\nI1\naI2\natR.");
  EXPECT_EQ(v->kind, Kind::Set);
  EXPECT_EQ(v->items.size(), 2u);
  ValuePtr r = read_bytes(
      Pickle().proto(2).text_global("copy_reg", "_reconstructor").text_global("m", "K").text_global("__builtin__", "object")
          .op('N').op(0x87).op('R').stop().data());
  EXPECT_EQ(r->type_name(), "m.K");
  EXPECT_FALSE(r->args);
}

TEST(Opcodes, IntegersOfEverySize) {
  Pickle p;
  p.proto(2).op('(').op('K').u8(255).op('M').u16(65535).op('J').u32(0xFFFFFFFF);
  p.op(0x8a).u8(0).op(0x8a).u8(1).u8(0x80).op(0x8a).u8(9).u64(0).u8(1);  // 0, -128, 2**64
  p.op(0x8b).u32(2).u16(0xFF7F).op(0x8a).u8(8).u64(0x8000000000000000ull);
  p.op(0x8a).u8(9).u64(0x8000000000000000ull).u8(0xFF).op('l').stop();
  ValuePtr v = read_bytes(p.data());
  ASSERT_EQ(v->items.size(), 9u);
  EXPECT_EQ(v->items[0]->i, 255);
  EXPECT_EQ(v->items[1]->i, 65535);
  EXPECT_EQ(v->items[2]->i, -1);
  EXPECT_EQ(v->items[3]->i, 0);
  EXPECT_EQ(v->items[4]->i, -128);
  EXPECT_EQ(v->items[5]->s, "18446744073709551616");
  EXPECT_EQ(v->items[6]->i, -129);
  EXPECT_EQ(v->items[7]->i, INT64_MIN);
  EXPECT_EQ(v->items[8]->kind, Kind::Int);  // sign-extended 9 bytes that fit
  EXPECT_EQ(v->items[8]->i, INT64_MIN);
  // Beyond 64 bytes the text is hex.
  Pickle big;
  big.proto(2).op(0x8b).u32(100).raw(std::string(99, '\0')).u8(1).stop();
  EXPECT_EQ(read_bytes(big.data())->s.substr(0, 4), "0x01");
}

TEST(Opcodes, StringsAndBytes) {
  Pickle p;
  p.proto(5).op('(').str("short").op('X').u32(3).raw("\xc3\xa9!").op(0x8d).u64(1).raw("z");
  p.bytes(std::string("\x00\xff", 2)).op(0x8e).u64(2).raw("ab").op(0x96).u64(1).raw("c");
  p.op('U').u8(2).raw("hi").op('U').u8(1).raw("\xff").op('T').u32(1).raw("t").op('l').stop();
  ValuePtr v = read_bytes(p.data());
  ASSERT_EQ(v->items.size(), 9u);
  EXPECT_EQ(v->items[1]->s, "\xc3\xa9!");
  EXPECT_EQ(v->items[2]->s, "z");
  EXPECT_EQ(v->items[3]->kind, Kind::Bytes);
  EXPECT_EQ(v->items[3]->s, std::string("\x00\xff", 2));
  EXPECT_EQ(v->items[5]->kind, Kind::Bytes);  // bytearray
  EXPECT_EQ(v->items[6]->kind, Kind::String);  // Python 2 str, ASCII
  EXPECT_EQ(v->items[7]->kind, Kind::Bytes);   // Python 2 str, not ASCII
  EXPECT_ERROR(Pickle().proto(4).op(0x8c).u8(2).raw("\xff\xfe").stop().data(), "not valid UTF-8");
  EXPECT_ERROR(Pickle().proto(4).op(0x8c).u8(2).raw("\xc0\x80").stop().data(), "not valid UTF-8");  // overlong
}

TEST(Opcodes, SetsStackAndMemo) {
  Pickle p;
  p.proto(4).op(0x8f).op('(').integer(1).integer(2).op(0x90);            // {1, 2}
  p.op('(').str("f").op(0x91);                                            // frozenset({'f'})
  p.op('(').integer(9).op('1');                                           // MARK 9 POP_MARK
  p.integer(5).op('0');                                                   // POP
  p.op('(').op('0');                                                      // POP of a MARK
  p.op('2').op('r').u32(70000).op('0').op('j').u32(70000);                // DUP LONG_BINPUT POP LONG_BINGET
  p.op(0x87).stop();
  ValuePtr v = read_bytes(p.data());
  ASSERT_EQ(v->kind, Kind::Tuple);
  EXPECT_EQ(v->items[0]->kind, Kind::Set);
  EXPECT_EQ(v->items[0]->items.size(), 2u);
  EXPECT_EQ(v->items[1]->kind, Kind::Set);
  EXPECT_EQ(v->items[1], v->items[2]);
}

TEST(Opcodes, StackErrors) {
  EXPECT_ERROR(Pickle().proto(2).op('0').stop().data(), "pops from an empty stack");
  EXPECT_ERROR(Pickle().proto(2).integer(1).op('(').op(0x85).stop().data(), "pops past a MARK");
  EXPECT_ERROR(Pickle().proto(2).op('t').stop().data(), "needs a MARK");
  EXPECT_ERROR(Pickle().proto(2).op('h').u8(3).stop().data(), "memo entry 3 was never stored");
  EXPECT_ERROR(Pickle().proto(2).stop().data(), "pops from an empty stack");
  EXPECT_ERROR(Pickle().proto(2).op('N').data(), "ends without its STOP");
  EXPECT_ERROR(Pickle().proto(2).integer(1).integer(2).op('a').stop().data(), "APPEND to a int");
  EXPECT_ERROR(Pickle().proto(2).op(']').integer(1).op('b').stop().data(), "BUILD on a list");
  EXPECT_ERROR(Pickle().proto(2).op('}').op('(').integer(1).op('u').stop().data(), "odd number");
  EXPECT_ERROR(Pickle().proto(4).integer(1).integer(2).op(0x93).stop().data(), "STACK_GLOBAL needs two str");
  EXPECT_ERROR(Pickle().proto(2).text_global("m", "f").integer(1).op('R').stop().data(), "expected a tuple");
  EXPECT_ERROR(std::string("p-1\n."), "not a non-negative integer");
}

TEST(Opcodes, Frames) {
  // A frame must hold whole opcodes, and may not start inside another.
  Pickle ok;
  ok.proto(4).op(0x95).u64(2).op(']').op(0x94).op(0x95).u64(1).stop();
  EXPECT_EQ(read_bytes(ok.data())->kind, Kind::List);
  Pickle straddle;
  straddle.proto(4).op(0x95).u64(3).op(0x8c).u8(3).raw("abc").stop();
  EXPECT_ERROR(straddle.data(), "crosses the end of its FRAME");
  Pickle inside;
  inside.proto(4).op(0x95).u64(11).op(0x95).u64(1).op('N').stop();
  EXPECT_ERROR(inside.data(), "FRAME starts before the previous frame ends");
}

TEST(Opcodes, NewobjAndNewobjEx) {
  Pickle p;
  p.proto(4).global("m", "K").integer(1).op(0x85).op('}').str("k").integer(2).op('s').op(0x92).stop();
  ValuePtr v = read_bytes(p.data());
  EXPECT_EQ(v->type_name(), "m.K");
  EXPECT_EQ(v->args->items.at(0)->i, 1);
  ASSERT_TRUE(v->kwargs);
  EXPECT_EQ(v->kwargs->get("k")->i, 2);
  Pickle q;
  q.proto(2).global("copyreg", "__newobj__").global("m", "K").integer(3).op(0x86).op('R').stop();
  EXPECT_EQ(read_bytes(q.data())->args->items.at(0)->i, 3);
}

TEST(Opcodes, DictAndListSubclassItems) {
  // Bunch-like: NEWOBJ, SETITEMS on the instance, BUILD with its __dict__.
  Pickle p;
  p.proto(4).global("sklearn.utils._bunch", "Bunch").op(')').op(0x81).op('(').str("a").integer(1);
  p.op('u').op('}').str("b").integer(2).op('s').op('b').stop();
  ValuePtr v = read_bytes(p.data());
  EXPECT_EQ(v->get("a")->i, 1);  // dict item
  EXPECT_EQ(v->get("b")->i, 2);  // attribute
  Pickle l;
  l.proto(4).global("m", "L").op(')').op(0x81).op('(').integer(1).integer(2).op('e').stop();
  EXPECT_EQ(read_bytes(l.data())->items.size(), 2u);
}

TEST(Reconstructors, BytesAndCodecs) {
  Pickle p;
  p.proto(2).op('(').text_global("_codecs", "encode").str("\xc3\xbf\x01").str("latin1").op(0x86).op('R');
  p.text_global("__builtin__", "bytes").op(')').op('R');
  p.global("builtins", "bytearray").op(']').op('(').integer(104).integer(105).op('e').op(0x85).op('R');
  p.text_global("_codecs", "encode").str("x").str("rot13").op(0x86).op('R');  // other codecs: inert
  p.op('l').stop();
  ValuePtr v = read_bytes(p.data());
  EXPECT_EQ(v->items[0]->s, "\xff\x01");
  EXPECT_EQ(v->items[1]->kind, Kind::Bytes);
  EXPECT_EQ(v->items[1]->s, "");
  EXPECT_EQ(v->items[2]->s, "hi");
  EXPECT_EQ(v->items[3]->type_name(), "_codecs.encode");
  EXPECT_ERROR(Pickle().proto(2).text_global("_codecs", "encode").str("\xe2\x82\xac").str("latin1").op(0x86).op('R')
                   .stop().data(), "beyond Latin-1");
}

// numpy helpers -------------------------------------------------------------

Pickle& reconstruct(Pickle& p, std::string_view core = "numpy.core") {
  return p.global(std::string(core) + ".multiarray", "_reconstruct").global("numpy", "ndarray").integer(0).op(0x85)
      .bytes("b").op(0x87).op('R');
}

std::string le_doubles(std::initializer_list<double> v) {
  std::string s;
  for (double d : v) s.append(reinterpret_cast<const char*>(&d), 8);
  return s;
}

TEST(Numpy, FrombufferWithNumpy2NamesAndEveryOrder) {
  const std::string data = le_doubles({0, 1, 2, 3, 4, 5});
  auto frombuffer = [&](std::string_view core, std::string_view order, bool axes) {
    Pickle p;
    p.proto(5).global(std::string(core) + ".numeric", "_frombuffer").op('(').op(0x96).u64(data.size()).raw(data);
    p.dtype("f8").integer(2).integer(3).op(0x86).str(order);
    if (axes) p.integer(1).integer(0).op(0x86);
    p.op('t').op('R').stop();
    return read_bytes(p.data());
  };
  auto values = [](const ValuePtr& v) {
    std::vector<double> out(v->array->size());
    std::memcpy(out.data(), v->array->data.data(), out.size() * 8);
    return out;
  };
  for (std::string_view core : {"numpy.core", "numpy._core"}) {
    ValuePtr c = frombuffer(core, "C", false);
    EXPECT_EQ(c->array->shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(values(c), (std::vector<double>{0, 1, 2, 3, 4, 5}));
    ValuePtr f = frombuffer(core, "F", false);  // memory is column-major
    EXPECT_EQ(values(f), (std::vector<double>{0, 2, 4, 1, 3, 5}));
    // numpy >= 2.3: order 'K' + axis_order: C-order bytes of `shape`, transposed.
    ValuePtr k = frombuffer(core, "K", true);
    EXPECT_EQ(k->array->shape, (std::vector<int64_t>{3, 2}));
    EXPECT_EQ(values(k), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  }
}

TEST(Numpy, ScalarsWithNumpy2Names) {
  double d = -2.5;
  Pickle p;
  p.proto(4).op('(').global("numpy._core.multiarray", "scalar").dtype("f8").bytes(std::string(reinterpret_cast<char*>(&d), 8));
  p.op(0x86).op('R').global("numpy._core.multiarray", "scalar").dtype("i2", '>').bytes("\x01\x02").op(0x86).op('R');
  p.global("numpy._core.multiarray", "scalar").dtype("O8", '|').str("obj").op(0x86).op('R');
  p.global("numpy._core.multiarray", "scalar").dtype("u1", '|').bytes("\xff").op(0x86).op('R');
  p.global("numpy._core.multiarray", "scalar").dtype("U2").bytes(std::string("a\0\0\0\0\0\0\0", 8)).op(0x86).op('R');
  p.op('l').stop();
  ValuePtr v = read_bytes(p.data());
  EXPECT_EQ(v->items[0]->f, -2.5);
  EXPECT_EQ(v->items[0]->type_name(), "numpy.float64");
  EXPECT_EQ(v->items[1]->i, 0x0102);  // big-endian int16
  EXPECT_EQ(v->items[1]->scalar_dtype->str(), "<i2");
  EXPECT_EQ(v->items[2]->kind, Kind::String);  // scalar(dtype('O'), obj) is obj
  EXPECT_EQ(v->items[3]->i, 255);
  EXPECT_EQ(v->items[4]->s, "a");
  EXPECT_ERROR(Pickle().proto(4).global("numpy.core.multiarray", "scalar").dtype("f8").bytes("1234").op(0x86).op('R')
                   .stop().data(), "has 4 bytes, needs 8");
}

TEST(Numpy, ArrayStateErrors) {
  auto build = [](std::string_view spec, std::string data, int64_t n) {
    Pickle p;
    reconstruct(p.proto(4)).op('(').integer(1).integer(n).op(0x85).dtype(spec).op(0x89).bytes(data).op('t').op('b');
    return p.stop().data();
  };
  EXPECT_EQ(read_bytes(build("i4", std::string("\x01\0\0\0\x02\0\0\0", 8), 2))->array->size(), 2u);
  EXPECT_ERROR(build("i4", std::string("\x01\0\0", 3), 1), "array data has 3 bytes");
  EXPECT_ERROR(build("O8", "x", 1), "holds objects but has raw data");
  EXPECT_ERROR(build("q8", "x", 1), "unsupported type string 'q8'");
  EXPECT_ERROR(build("i3", "xxx", 1), "invalid size");
  // BUILD state that is not a 5-tuple.
  Pickle p;
  reconstruct(p.proto(4)).integer(1).op('b').stop();
  EXPECT_ERROR(p.data(), "ndarray state is a int");
  // A dtype state whose field does not fit.
  Pickle f;
  f.proto(4).global("numpy", "dtype").str("V4").op(0x89).op(0x88).op(0x87).op('R').op('(').integer(3).str("|").op('N');
  f.str("a").op(0x85).op('}').str("a").dtype("f8").integer(0).op(0x86).op('s').integer(4).integer(1).integer(0).op('t').op('b');
  EXPECT_ERROR(f.stop().data(), "does not fit in the item size 4");
}

TEST(Numpy, ZeroDimensionalAndEmpty) {
  Pickle p;
  reconstruct(p.proto(4)).op('(').integer(1).op(')').dtype("f8").op(0x89).bytes(le_doubles({7.5})).op('t').op('b').stop();
  ValuePtr v = read_bytes(p.data());
  EXPECT_TRUE(v->array->shape.empty());
  EXPECT_EQ(v->array->size(), 1u);
  Pickle e;
  reconstruct(e.proto(4)).op('(').integer(1).integer(0).integer(5).op(0x86).dtype("f8").op(0x89).bytes("").op('t').op('b').stop();
  EXPECT_EQ(read_bytes(e.data())->array->size(), 0u);
}

TEST(Numpy, JoblibPaddingMustBeFF) {
  Pickle p;
  p.proto(4).global("joblib.numpy_pickle", "NumpyArrayWrapper").op(')').op(0x81).op('}').op('(');
  p.str("shape").integer(1).op(0x85).str("order").str("C").str("dtype").dtype("f8");
  p.str("numpy_array_alignment_bytes").integer(16).op('u').op('b');
  std::string good = p.data() + std::string("\x02\xff\xff", 3) + le_doubles({4.5}) + ".";
  EXPECT_EQ(read_bytes(good)->array->size(), 1u);
  std::string bad = p.data() + std::string("\x02\xff\x00", 3) + le_doubles({4.5}) + ".";
  EXPECT_ERROR(bad, "padding byte is 0x00");
}

}  // namespace
}  // namespace reader_test
