#pragma once
// The command line: subcommands (next, check, jobs, run) and the one place where errors become
// messages and exit codes.
//
// Exit codes: 0 ok · 1 runtime failure · 2 usage or configuration error.
namespace schedtool {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitUsage = 2;

int cli_main(int argc, char** argv);

}  // namespace schedtool
