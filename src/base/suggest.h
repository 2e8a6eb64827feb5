#pragma once
// "Did you mean" for unknown names (keys, zones, executors, trigger types), after ninja's
// SpellcheckString: the closest candidate by edit distance, if it is close enough to be a typo.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schedtool {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the word's length; nullopt if none.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

// What to append to "no job with id 'x'": " (did you mean 'y'?)", else the ids when there are few
// (" (its jobs: a, b)"), else " (`<list_command>` lists its 40 jobs)", else " (there are no jobs)".
std::string unknown_id_hint(std::string_view id, std::span<const std::string> ids, std::string_view list_command);

}  // namespace schedtool
