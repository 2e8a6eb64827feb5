#pragma once
// The calling end of the control protocol, for `schedtool ctl`: an edge (one socket, one request).
#include <string>

#include "base/error.h"
#include "time/instant.h"

namespace schedtool {

// No scheduler listens at the path (`ctl` exits 3).
struct ControlUnreachable : Error {
  using Error::Error;
};

// Sends one request line and returns the reply line (without its '\n'), waiting at most `timeout`.
// Throws ControlUnreachable, or Error for anything else (permission, time-out, a broken reply).
std::string control_exchange(const std::string& path, const std::string& request, Duration timeout);

}  // namespace schedtool
