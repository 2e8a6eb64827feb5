#include "base/suggest.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace schedtool {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Case-insensitive Levenshtein distance, one row at a time.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

namespace {
template <class Range>
std::optional<std::string> closest_in(std::string_view word, const Range& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3 + 1);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}
}  // namespace

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_in(word, candidates);
}
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates) {
  return closest_in(word, candidates);
}

std::string unknown_id_hint(std::string_view id, std::span<const std::string> ids, std::string_view list_command) {
  if (const auto guess = closest_match(id, ids)) return " (did you mean '" + *guess + "'?)";
  if (ids.empty()) return " (there are no jobs)";
  if (ids.size() > 8) return " (`" + std::string(list_command) + "` lists its " + std::to_string(ids.size()) + " jobs)";
  std::string list;  // few enough to show: the right spelling is then in front of the user
  for (const std::string& known : ids) list.append(list.empty() ? "" : ", ").append(known);
  return " (its jobs: " + list + ")";
}

}  // namespace schedtool
