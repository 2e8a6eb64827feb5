#include "config/postgres_url.h"

#include <cctype>
#include <string>

namespace schedtool {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[i]) != prefix[i]) return false;
  return true;
}

// libpq's URI prefixes (it compares them case-sensitively; we do not, to refuse more, never less).
std::size_t uri_prefix_length(std::string_view url) {
  for (const std::string_view prefix : {"postgresql://", "postgres://"})
    if (starts_with_nocase(url, prefix)) return prefix.size();
  return 0;
}

// "password" (which "sslpassword" ends with), in any case, then blanks and '='. In the keyword form
// libpq needs no blank between a quoted value and the next keyword, so no word boundary is asked.
bool names_password_keyword(std::string_view text) {
  constexpr std::string_view kWord = "password";
  for (std::size_t at = 0; at + kWord.size() <= text.size(); ++at) {
    if (!starts_with_nocase(text.substr(at), kWord)) continue;
    std::size_t i = at + kWord.size();
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && text[i] == '=') return true;
  }
  return false;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// A URI's %XX escapes decoded, as libpq decodes its query's keywords ("pass%77ord=" is "password=").
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int high = text[i] == '%' && i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) {
      out += text[i];
      continue;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// postgresql://[user[:password]@]host…: as libpq reads it, the user part ends at the first '@'
// before any '/'.
bool uri_user_has_password(std::string_view rest) {
  const auto end = rest.find_first_of("@/");
  if (end == std::string_view::npos || rest[end] != '@') return false;
  const auto colon = rest.substr(0, end).find(':');
  return colon != std::string_view::npos && colon + 1 < end;
}

}  // namespace

bool url_holds_password(std::string_view url) {
  const std::size_t prefix = uri_prefix_length(url);
  if (prefix == 0) return names_password_keyword(url);
  const std::string_view rest = url.substr(prefix);
  return uri_user_has_password(rest) || names_password_keyword(percent_decoded(rest));
}

}  // namespace schedtool
