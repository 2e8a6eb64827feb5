#pragma once
// A job's TOML table as text, nested tables and tables in arrays inline, so the text is one
// table's keys: what the job store keeps of a run-time job and what `ctl get` prints.
#include <string>

#include "config/toml.h"

namespace schedtool {

std::string job_table_text(const toml::table& table);

}  // namespace schedtool
