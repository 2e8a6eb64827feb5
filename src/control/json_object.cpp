#include "control/json_object.h"

#include <charconv>
#include <cstdint>

#include "base/error.h"

namespace schedtool {
namespace {

class Reader {
 public:
  Reader(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  JsonObject object_at_top() {
    skip_space();
    if (peek() != '{') fail("expected a JSON object ('{')");
    JsonObject out;
    read_members([&](std::string key, std::size_t at) {
      JsonValue v = value(1);
      if (!out.emplace(std::move(key), std::move(v)).second) fail_at(at, "duplicate key");
    });
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the JSON object");
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t at, const std::string& what) {
    throw Error(what, std::string(text_), at, 1);
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n'))
      ++pos_;
  }
  void expect(char c, const char* what) {
    skip_space();
    if (peek() != c) fail(std::string("expected ") + what);
    ++pos_;
  }

  // '{' members '}' with `member(key)` reading each value.
  template <class Member>
  void read_members(Member&& member) {
    expect('{', "'{'");
    skip_space();
    if (peek() == '}') return void(++pos_);
    for (;;) {
      skip_space();
      const std::size_t at = pos_;
      if (peek() != '"') fail("expected a key in double quotes");
      std::string key = string();
      expect(':', "':' after the key");
      member(std::move(key), at);
      skip_space();
      if (peek() == ',') { ++pos_; continue; }
      if (peek() == '}') return void(++pos_);
      fail("expected ',' or '}'");
    }
  }

  JsonValue value(std::size_t depth) {
    skip_space();
    JsonValue v;
    const char c = peek();
    if (c == '"') {
      v.type = JsonValue::Type::string;
      v.text = string();
    } else if (c == '{' || c == '[') {
      const std::size_t start = pos_;
      nested(depth + 1);
      v.type = JsonValue::Type::nested;
      v.text = std::string(text_.substr(start, pos_ - start));
    } else if (literal("true")) {
      v.type = JsonValue::Type::boolean, v.boolean = true;
    } else if (literal("false")) {
      v.type = JsonValue::Type::boolean;
    } else if (literal("null")) {
      v.type = JsonValue::Type::null;
    } else {
      v.type = JsonValue::Type::number;
      v.number = number(v.text);
    }
    return v;
  }

  void nested(std::size_t depth) {
    if (depth > max_depth_) fail("JSON nested too deeply");
    if (peek() == '{') return read_members([&](std::string, std::size_t) { value(depth); });
    ++pos_;  // '['
    skip_space();
    if (peek() == ']') return void(++pos_);
    for (;;) {
      value(depth);
      skip_space();
      if (peek() == ',') { ++pos_; continue; }
      if (peek() == ']') return void(++pos_);
      fail("expected ',' or ']'");
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  double number(std::string& raw) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (!digits()) fail_at(start, "expected a value (string, number, true, false, null, object or array)");
    if (peek() == '.' && (++pos_, !digits())) fail("expected digits after '.'");
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) fail("expected digits in the exponent");
    }
    raw = std::string(text_.substr(start, pos_ - start));
    double out = 0;
    std::from_chars(raw.data(), raw.data() + raw.size(), out);
    return out;
  }

  std::string string() {
    const std::size_t start = pos_++;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail_at(start, "unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail_at(pos_ - 1, "control character in a string");
      if (c != '\\') { out += c; continue; }
      escape(out);
    }
  }

  void escape(std::string& out) {
    const char e = peek();
    ++pos_;
    switch (e) {
      case '"': case '\\': case '/': out += e; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'u': return utf8(code_point(), out);
      default: fail_at(pos_ - 1, "invalid escape in a string");
    }
  }

  std::uint32_t hex4() {
    std::uint32_t v = 0;
    if (pos_ + 4 > text_.size()) fail("expected four hex digits after \\u");
    const auto r = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, v, 16);
    if (r.ptr != text_.data() + pos_ + 4) fail("expected four hex digits after \\u");
    pos_ += 4;
    return v;
  }

  std::uint32_t code_point() {
    const std::uint32_t first = hex4();
    if (first < 0xD800 || first > 0xDFFF) return first;
    if (first > 0xDBFF || !literal("\\u")) fail("unpaired surrogate in \\u escape");
    const std::uint32_t second = hex4();
    if (second < 0xDC00 || second > 0xDFFF) fail("unpaired surrogate in \\u escape");
    return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
  }

  static void utf8(std::uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6), out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12), out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18), out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
};

}  // namespace

JsonObject parse_json_object(std::string_view text, std::size_t max_depth) {
  return Reader(text, max_depth).object_at_top();
}

}  // namespace schedtool
