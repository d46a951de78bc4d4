// Text and number codecs the pickle opcodes need: UTF-8 checks, UTF-32 to
// UTF-8, protocol-0 string literals, integers of any size.
#ifndef ONNXCONV_READER_TEXT_CODECS_H
#define ONNXCONV_READER_TEXT_CODECS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace onnxconv::reader {

// Python writes str as UTF-8 with 'surrogatepass': lone surrogates allowed.
bool is_valid_utf8(std::string_view s);
void append_utf8(std::string& out, uint32_t code_point);

// numpy 'U' data: UTF-32LE code units, trailing NULs dropped. False when a
// unit is not a Unicode code point.
bool utf32le_to_utf8(const uint8_t* p, size_t bytes, std::string& out);

// Latin-1 text (code points 0..255) held as UTF-8, back to its bytes: what
// _codecs.encode(s, 'latin1') returns. False when a code point is > 255.
bool utf8_to_latin1(std::string_view utf8, std::string& out);

// The argument of protocol 0's STRING: a quoted Python 2 str literal.
bool unescape_string_literal(std::string_view quoted, std::string& out);
// The argument of protocol 0's UNICODE: raw-unicode-escape (\uXXXX,
// \UXXXXXXXX, other bytes are Latin-1), returned as UTF-8.
bool decode_raw_unicode_escape(std::string_view text, std::string& out);

// A signed little-endian two's-complement integer of any length (LONG1,
// LONG4). Fits in int64: returns true and sets *value; otherwise returns
// false and sets *text to the number in decimal (hex "0x..." beyond 64
// bytes, to keep the conversion linear).
bool long_to_int64(const uint8_t* p, size_t n, int64_t* value, std::string* text);

// Protocol 0 decimal integers ("-12", "+3", "12L" for LONG). Returns false
// when not a decimal integer. Fits in int64: *fits = true and *value set;
// otherwise *fits = false and *text holds the normalised digits.
bool parse_decimal(std::string_view s, bool* fits, int64_t* value, std::string* text);

// Python's float() of a protocol-0 FLOAT argument.
bool parse_float(std::string_view s, double* value);

// A plain dotted name: identifiers separated by single dots.
bool is_dotted_name(std::string_view s);

// For messages: s quoted, non-printable bytes escaped, cut at max_len.
std::string quoted(std::string_view s, size_t max_len = 60);

}  // namespace onnxconv::reader

#endif
