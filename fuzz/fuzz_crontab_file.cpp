// Crontab files (config/crontab_file.h) on arbitrary text: parse_crontab_file never throws, its
// diagnostics are well formed, and a crontab without errors converts to a jobs file that loads
// without errors (the promise of `schedtool convert`), with one job per entry.
#include <cstdint>

#include "config/crontab_file.h"
#include "fuzz_support.h"

using namespace schedtool;

namespace {

LoadContext context;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::use_fuzz_zoneinfo();
  using namespace date::literals;
  context.now = Instant{date::sys_days{2026_y / 3 / 8}} + std::chrono::hours{6};
  context.default_zone = find_zone("America/New_York");
  context.format = FileFormat::toml;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  for (const bool system : {false, true}) {
    const CrontabFile file = parse_crontab_file(text, "crontab", system);
    for (const Diagnostic& d : file.errors)
      if (d.line <= 0 || d.column <= 0 || d.message.empty()) fuzz::finding("malformed diagnostic", text, d.message);
    if (!file.errors.empty()) continue;
    const std::string toml = crontab_to_toml(file, "crontab");
    const LoadResult loaded = parse_config(toml, "converted.toml", context);
    if (!loaded.config)
      fuzz::finding("a valid crontab converts to a jobs file with errors", text,
                    toml + "\n" + (loaded.errors.empty() ? "" : format_diagnostic(loaded.errors.front(), false)));
    else if (loaded.config->jobs.size() != file.entries.size())
      fuzz::finding("the converted jobs file lost or gained jobs", text, toml);
  }
  return 0;
}
