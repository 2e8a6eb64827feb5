#pragma once
// Shared by the fuzz targets (fuzz/README.md). Each target feeds the input to one parser and
// catches only the error type that parser documents (schedtool::Error, or ControlError for
// parse_control_request). Anything else is a finding: another exception (libFuzzer reports it as a
// deadly signal from std::terminate), a crash, a leak, undefined behaviour, or a failed round-trip
// check, which calls finding() and aborts.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "time/zone.h"

#ifndef SCHEDTOOL_FUZZ_TZDIR
#error "SCHEDTOOL_FUZZ_TZDIR must name the fuzz build's small zoneinfo copy (fuzz/CMakeLists.txt)"
#endif

namespace schedtool::fuzz {

// A broken invariant that is not a crash by itself: print it and abort, so libFuzzer saves the input.
[[noreturn]] inline void finding(std::string_view what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "\n==FINDING== %.*s\n  input:  \"%.*s\"\n  detail: %s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(input.size()), input.data(), detail.c_str());
  std::abort();
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Zones come from a handful of TZif files copied into the build tree (unless $TZDIR is set), so a
// fuzzed unknown zone name walks a small directory for its "did you mean" instead of all of
// /usr/share/zoneinfo, and runs do not depend on the machine's tzdata version.
inline void use_fuzz_zoneinfo() { setenv("TZDIR", SCHEDTOOL_FUZZ_TZDIR, /*overwrite=*/0); }

// The zones the time targets resolve naive times in: no DST, US DST, a 30-minute DST shift,
// negative DST (Irish winter time), and a +05:45 offset.
inline constexpr std::string_view kFuzzZones[] = {"UTC", "America/New_York", "Australia/Lord_Howe",
                                                  "Europe/Dublin", "Asia/Kathmandu"};

}  // namespace schedtool::fuzz
