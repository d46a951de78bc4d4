#include "text_codecs.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

namespace onnxconv::reader {

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF) return false;  // overlong or too big
    i += len;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool utf32le_to_utf8(const uint8_t* p, size_t bytes, std::string& out) {
  size_t units = bytes / 4;
  while (units > 0) {  // numpy pads with NULs
    const uint8_t* u = p + 4 * (units - 1);
    if (u[0] | u[1] | u[2] | u[3]) break;
    --units;
  }
  out.clear();
  for (size_t i = 0; i < units; ++i) {
    const uint8_t* u = p + 4 * i;
    uint32_t c = uint32_t{u[0]} | uint32_t{u[1]} << 8 | uint32_t{u[2]} << 16 | uint32_t{u[3]} << 24;
    if (c > 0x10FFFF) return false;
    append_utf8(out, c);
  }
  return true;
}

bool utf8_to_latin1(std::string_view utf8, std::string& out) {
  out.clear();
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (p[i] < 0x80) {
      out += static_cast<char>(p[i]);
    } else if ((p[i] & 0xFE) == 0xC2 && i + 1 < utf8.size()) {  // U+0080..U+00FF
      out += static_cast<char>((p[i] & 0x03) << 6 | (p[i + 1] & 0x3F));
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits at s[i]; false when they are not there.
bool read_hex(std::string_view s, size_t i, size_t digits, uint32_t* value) {
  if (s.size() - i < digits) return false;
  uint32_t v = 0;
  for (size_t k = 0; k < digits; ++k) {
    int h = hex_value(s[i + k]);
    if (h < 0) return false;
    v = v << 4 | static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

}  // namespace

bool unescape_string_literal(std::string_view q, std::string& out) {
  if (q.size() < 2 || (q.front() != '\'' && q.front() != '"') || q.back() != q.front()) return false;
  std::string_view s = q.substr(1, q.size() - 2);
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) return false;  // a lone trailing backslash
    char c = s[i];
    switch (c) {
      case '\n': break;  // line continuation
      case '\\': case '\'': case '"': out += c; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        uint32_t v;
        if (!read_hex(s, i + 1, 2, &v)) return false;
        out += static_cast<char>(v);
        i += 2;
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          uint32_t v = 0;
          size_t k = 0;
          for (; k < 3 && i + k < s.size() && s[i + k] >= '0' && s[i + k] <= '7'; ++k)
            v = v * 8 + static_cast<uint32_t>(s[i + k] - '0');
          out += static_cast<char>(v & 0xFF);
          i += k - 1;
        } else {  // unknown escapes stay as written
          out += '\\';
          out += c;
        }
    }
  }
  return true;
}

bool decode_raw_unicode_escape(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    auto byte = static_cast<uint8_t>(s[i]);
    if (byte == '\\' && i + 1 < s.size() && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
      size_t digits = s[i + 1] == 'u' ? 4 : 8;
      uint32_t cp;
      if (!read_hex(s, i + 2, digits, &cp) || cp > 0x10FFFF) return false;
      append_utf8(out, cp);
      i += 1 + digits;
    } else {
      append_utf8(out, byte);  // Latin-1
    }
  }
  return true;
}

namespace {

// Magnitude (little-endian bytes, non-negative) to decimal by repeated
// division of base-1e9 limbs.
std::string magnitude_to_decimal(std::vector<uint8_t> mag) {
  std::vector<uint32_t> limbs;  // little-endian base 2^32
  for (size_t i = 0; i < mag.size(); i += 4) {
    uint32_t v = 0;
    for (size_t k = 0; k < 4 && i + k < mag.size(); ++k) v |= uint32_t{mag[i + k]} << (8 * k);
    limbs.push_back(v);
  }
  std::string digits;
  auto nonzero = [&] {
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
    return !limbs.empty();
  };
  while (nonzero()) {
    uint64_t rem = 0;
    for (size_t i = limbs.size(); i-- > 0;) {
      uint64_t cur = rem << 32 | limbs[i];
      limbs[i] = static_cast<uint32_t>(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    for (int k = 0; k < 9; ++k) {
      digits += static_cast<char>('0' + rem % 10);
      rem /= 10;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (digits.empty()) digits = "0";
  return std::string(digits.rbegin(), digits.rend());
}

std::string magnitude_to_hex(const std::vector<uint8_t>& mag) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  size_t top = mag.size();
  while (top > 1 && mag[top - 1] == 0) --top;
  for (size_t i = top; i-- > 0;) {
    s += kHex[mag[i] >> 4];
    s += kHex[mag[i] & 15];
  }
  return s;
}

}  // namespace

bool long_to_int64(const uint8_t* p, size_t n, int64_t* value, std::string* text) {
  if (n == 0) {
    *value = 0;
    return true;
  }
  bool negative = (p[n - 1] & 0x80) != 0;
  // Significant length: drop sign-extension bytes.
  size_t sig = n;
  uint8_t ext = negative ? 0xFF : 0x00;
  while (sig > 1 && p[sig - 1] == ext && ((p[sig - 2] & 0x80) != 0) == negative) --sig;
  if (sig <= 8) {
    uint64_t u = negative ? ~uint64_t{0} : 0;
    for (size_t i = 0; i < sig; ++i) {
      u &= ~(uint64_t{0xFF} << (8 * i));
      u |= uint64_t{p[i]} << (8 * i);
    }
    *value = static_cast<int64_t>(u);
    return true;
  }
  std::vector<uint8_t> mag(p, p + sig);
  if (negative) {  // two's complement negate
    unsigned carry = 1;
    for (auto& b : mag) {
      unsigned v = static_cast<uint8_t>(~b) + carry;
      b = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
  }
  std::string body = sig <= 64 ? magnitude_to_decimal(std::move(mag)) : magnitude_to_hex(mag);
  *text = negative ? "-" + body : body;
  return false;
}

bool parse_decimal(std::string_view s, bool* fits, int64_t* value, std::string* text) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
  uint64_t mag = 0;
  bool overflow = false;
  for (char c : s) {
    if (__builtin_mul_overflow(mag, 10u, &mag) ||
        __builtin_add_overflow(mag, static_cast<uint64_t>(c - '0'), &mag)) {
      overflow = true;
      break;
    }
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (!overflow && mag <= limit) {
    *fits = true;
    *value = negative ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
    return true;
  }
  *fits = false;
  *text = (negative ? "-" : "") + std::string(s);
  return true;
}

bool parse_float(std::string_view s, double* value) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s[0] == '+' || s[0] == '-') return false;
  double v;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Python rounds to 0 or inf rather than failing: which one is the
    // exponent's sign.
    size_t e = s.find_first_of("eE");
    bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    v = tiny ? 0.0 : HUGE_VAL;
  } else if (ec != std::errc()) {
    return false;
  }
  *value = negative ? -v : v;
  return true;
}

bool is_dotted_name(std::string_view s) {
  bool at_start = true;  // at the start of an identifier
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (at_start) return false;
      at_start = true;
    } else if (letter || (digit && !at_start)) {
      at_start = false;
    } else {
      return false;
    }
  }
  return !at_start && (s.empty() || is_valid_utf8(s));
}

std::string quoted(std::string_view s, size_t max_len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < max_len; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += s.size() > max_len ? "'..." : "'";
  return out;
}

}  // namespace onnxconv::reader
