#include "control/socket_path.h"

#include <cstdlib>
#include <string_view>

namespace schedtool {
namespace {

constexpr std::string_view kServiceConfigDir = "/etc/schedtool/";
constexpr std::string_view kServiceRuntimeDir = "/run/schedtool/";
constexpr std::string_view kServiceSuffix = ".toml";

// "/etc/schedtool/NAME.toml" → "NAME" (one level only, as schedtool@NAME.service reads it); else "".
std::string service_instance(std::string_view path) {
  if (!path.starts_with(kServiceConfigDir) || !path.ends_with(kServiceSuffix)) return "";
  path.remove_prefix(kServiceConfigDir.size());
  path.remove_suffix(kServiceSuffix.size());
  if (path.empty() || path.find('/') != std::string_view::npos) return "";
  return std::string(path);
}

}  // namespace

std::string default_control_path(const std::string& jobs_file) {
  if (const std::string instance = service_instance(jobs_file); !instance.empty())
    return std::string(kServiceRuntimeDir) + instance + ".sock";
  if (const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR"); runtime_dir && *runtime_dir)
    return std::string(runtime_dir) + "/schedtool.sock";
  return jobs_file + ".sock";
}

}  // namespace schedtool
