#pragma once
// A command as a job's `command`, a listener's `command` and a job's on_failure / on_success write
// it: a string run by /bin/sh -c, or an argv array run directly.
#include <optional>
#include <string_view>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

// Reports a mistake through `reader`, naming `key`; nullopt then.
std::optional<JobCommand> read_command(TomlReader& reader, const toml::node& node, std::string_view key);

}  // namespace schedtool
