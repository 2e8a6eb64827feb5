#include "config/job_command.h"

#include <fmt/format.h>

namespace schedtool {

std::optional<JobCommand> read_command(TomlReader& reader, const toml::node& node, std::string_view key) {
  if (const auto* text = node.as_string()) {
    if (text->get().empty()) {
      reader.error(node.source(), fmt::format("'{}' is empty: give a shell command or an argv array", key));
      return std::nullopt;
    }
    return JobCommand{{"/bin/sh", "-c", text->get()}, true};
  }
  const auto* array = node.as_array();
  if (!array) {
    reader.error(node.source(), fmt::format("'{}' must be a string (run by /bin/sh -c) or an array of "
                                            "strings (argv), not {}", key, toml_type_name(node)));
    return std::nullopt;
  }
  if (array->empty()) {
    reader.error(node.source(), fmt::format("'{}' is an empty array: give the program and its arguments", key));
    return std::nullopt;
  }
  JobCommand command;
  for (const toml::node& arg : *array) {
    const auto text = reader.string(arg, fmt::format("{}[]", key));
    if (!text) return std::nullopt;
    command.argv.push_back(*text);
  }
  if (command.argv[0].empty()) {
    reader.error(array->get(0)->source(), fmt::format("'{}' starts with an empty program name", key));
    return std::nullopt;
  }
  return command;
}

}  // namespace schedtool
