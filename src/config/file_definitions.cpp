#include "config/file_definitions.h"

#include <sys/stat.h>

#include "config/crontab_file.h"
#include "config/job_table_text.h"
#include "config/text_file.h"
#include "config/toml.h"

namespace schedtool {

std::optional<std::string> FileDefinitions::find(const std::string& id) {
  struct stat st {};
  const bool changed = stat(path_.c_str(), &st) != 0 || st.st_size != size_ || st.st_mtim.tv_sec != modified_.tv_sec ||
                       st.st_mtim.tv_nsec != modified_.tv_nsec;
  if (!read_once_ || changed) {
    size_ = st.st_size;
    modified_ = st.st_mtim;
    read();
  }
  const auto it = tables_.find(id);
  if (it == tables_.end()) return std::nullopt;
  return it->second;
}

void FileDefinitions::read() {
  read_once_ = true;
  tables_.clear();
  TextFile file = read_text_file(path_);
  if (!file.ok()) return;
  std::string text = std::move(file.text);
  if (const FileFormat format = file_format(text, path_, format_); format != FileFormat::toml)
    text = crontab_to_toml(parse_crontab_file(text, path_, format == FileFormat::system_crontab), path_);
  toml::table root;
  try {
    root = toml::parse(text, path_);
  } catch (const toml::parse_error&) {
    return;  // the loaded schedule came from a valid file; a broken edit is reload's to report
  }
  const toml::array* jobs = root["jobs"].as_array();
  if (!jobs) return;
  for (const toml::node& node : *jobs) {
    const toml::table* table = node.as_table();
    if (!table) continue;
    if (const auto id = (*table)["id"].value<std::string>()) tables_.emplace(*id, job_table_text(*table));
  }
}

}  // namespace schedtool
