#include "control/socket_path.h"

#include <cstdlib>

namespace schedtool {

std::string default_control_path(const std::string& jobs_file) {
  if (const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR"); runtime_dir && *runtime_dir)
    return std::string(runtime_dir) + "/schedtool.sock";
  return jobs_file + ".sock";
}

}  // namespace schedtool
