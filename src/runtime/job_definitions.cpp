// Jobs added and changed while the scheduler runs (config/runtime_jobs.h has the rules): `ctl
// add`, `modify`, `reschedule` and `get`, and the merge of the stored definitions with the file's
// at start and at each reload. Served between two waits of the loop, like every ctl request.
#include <sstream>

#include <fmt/format.h>

#include "config/toml.h"
#include "runtime/scheduler_loop.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

StoredDefinition to_stored(const RuntimeJob& r) { return {r.id, r.definition, r.base_fingerprint, r.changed_at}; }

// Every diagnostic, one per line, for the reply's text; lines after `base_lines` are the patch's.
ControlReply invalid(const std::vector<Diagnostic>& errors, int base_lines = 0) {
  std::string text;
  for (Diagnostic d : errors) {
    if (d.line > base_lines) d.line -= base_lines;
    if (!text.empty()) text += '\n';
    text += format_diagnostic(d, false);
  }
  ControlReply reply = control_failure("invalid_job", errors.empty() ? "invalid job" : errors.front().message);
  reply.text = text;
  return reply;
}

// The reply to a change that took: its message, and the definition's warnings below it.
ControlReply changed(std::string message, const std::vector<Diagnostic>& warnings, int base_lines = 0) {
  ControlReply reply{true, "", std::move(message), "", ""};
  if (warnings.empty()) return reply;
  reply.text = reply.message + "\n";
  for (Diagnostic d : warnings) {
    if (d.line > base_lines) d.line -= base_lines;
    reply.text += format_diagnostic(d, true) + "\n";
  }
  return reply;
}

std::string json_of_table(std::string_view toml_text) {
  std::ostringstream out;
  out << toml::json_formatter{toml::parse(toml_text), toml::format_flags::none};
  std::string json = out.str();
  std::erase(json, '\n');  // the reply is one line; newlines in values are escaped
  return json;
}

}  // namespace

LoadContext SchedulerLoop::load_context(Instant now) const {
  LoadContext context;
  context.now = now;
  context.default_zone = base_.zone;
  context.format = FileFormat::toml;
  return context;
}

// The file's jobs with the run-time definitions laid over them; what the rule drops is
// forgotten by the store and said once.
void SchedulerLoop::merge_runtime(Config& config, Instant now) {
  std::vector<RuntimeJob> records;
  for (auto& [id, record] : runtime_) records.push_back(std::move(record));
  runtime_.clear();
  std::vector<std::string> before;
  for (const RuntimeJob& r : records) before.push_back(r.id);
  std::vector<std::string> notes;
  merge_runtime_jobs(config, records, load_context(now), notes);
  for (RuntimeJob& r : records) runtime_.emplace(r.id, std::move(r));
  for (const std::string& id : before)
    if (!runtime_.count(id)) state_.remove_definition(id, now);
  for (const std::string& n : notes) note(now, n, true);
}

// The job's table as TOML: its run-time definition, else the file's own.
std::optional<std::string> SchedulerLoop::definition_of(const std::string& id) const {
  if (const auto stored = runtime_.find(id); stored != runtime_.end()) return stored->second.definition;
  return options_.file_definition ? options_.file_definition(id) : std::nullopt;
}

std::string SchedulerLoop::next_run_text(const std::string& id) const {
  const JobConfig* job = schedule_.job(id);
  if (!job) return "";
  if (schedule_.paused(id)) return "paused";
  const auto next = schedule_.next_run_time(id);
  return next ? "next run at " + format_local(*next, job->trigger->zone()) : "no run left";
}

void SchedulerLoop::apply_definition(JobConfig job, RuntimeJob record, bool keep_next, Instant now) {
  const std::string id = job.id;
  record.changed_at = now;
  state_.save_definition(to_stored(record), now);
  runtime_.insert_or_assign(id, std::move(record));
  fingerprints_[id] = job.fingerprint;
  const bool existed = schedule_.contains(id);
  if (existed) job.run_on_start = false;  // a change is not a start
  const std::optional<Instant> next = schedule_.next_fire_time(id);
  JobPtr changed = std::make_shared<const JobConfig>(std::move(job));
  Event e = keep_next && existed ? schedule_.resume(std::move(changed), next, now, schedule_.paused(id))
                                 : schedule_.add(std::move(changed), now);
  if (existed) e.kind = EventKind::job_modified;  // listeners hear APScheduler's job_modified
  sink_.event(e);
  persist(id, now);
}

void SchedulerLoop::forget_definition(const std::string& id, Instant now) {
  if (runtime_.erase(id)) state_.remove_definition(id, now);
}

ControlReply SchedulerLoop::add_job(const ControlRequest& request, Instant now) {
  JobText read = read_job_text(request.toml, "ctl add", base_, load_context(now));
  if (!read.job) return invalid(read.errors);
  JobConfig& job = *read.job;
  if (schedule_.contains(job.id)) {
    const JobConfig* existing = schedule_.job(job.id);
    return control_failure("job_exists",
                           fmt::format("job \"{}\" exists already ({}): change it with `ctl modify` or `ctl reschedule`",
                                       job.id, existing->origin != JobOrigin::added ? "defined in " + base_.path
                                                                                    : std::string("added at run time")));
  }
  job.origin = JobOrigin::added;
  const std::string id = job.id;
  apply_definition(std::move(job), {id, std::move(read.definition), "", now}, false, now);
  note(now, "Added job \"" + id + "\" (control)");
  std::string message = fmt::format("Added job \"{}\", {}", id, next_run_text(id));
  if (!state_.persistent()) message += " (kept until the scheduler exits: the memory job store keeps nothing)";
  return changed(std::move(message), read.warnings);
}

// modify keeps the job's place in its series (APScheduler's modify_job); reschedule computes the
// next run from now (reschedule_job).
ControlReply SchedulerLoop::change_job(const ControlRequest& request, Instant now) {
  const std::string& id = request.job_id;
  const JobConfig* current = schedule_.job(id);
  if (!current) throw unknown_job(id);
  const auto stored = runtime_.find(id);
  const std::optional<std::string> definition = definition_of(id);
  if (!definition)
    return control_failure("not_changeable", fmt::format("job \"{}\": its definition in {} cannot be read", id, base_.path));
  const bool reschedule = request.command == ControlCommand::reschedule;
  const std::string label = reschedule ? "ctl reschedule" : "ctl modify";
  Patched patched = patch_job_text(*definition, request.toml, reschedule ? PatchKind::reschedule : PatchKind::modify, label);
  if (!patched.errors.empty()) return invalid(patched.errors);
  JobText read = read_job_text(patched.text, label, base_, load_context(now));
  if (!read.job) return invalid(read.errors, patched.base_lines);
  const bool from_file = current->origin != JobOrigin::added;
  read.job->origin = from_file ? JobOrigin::modified : JobOrigin::added;
  const std::string base = stored != runtime_.end() ? stored->second.base_fingerprint
                           : from_file                ? fingerprints_[id]
                                                      : "";
  apply_definition(std::move(*read.job), {id, std::move(read.definition), base, now}, !reschedule, now);
  const std::string verb = reschedule ? "Rescheduled" : "Modified";
  note(now, fmt::format("{} job \"{}\" (control)", verb, id));
  std::string message = fmt::format("{} job \"{}\", {}", verb, id, next_run_text(id));
  if (!state_.persistent()) message += " (kept until the scheduler exits: the memory job store keeps nothing)";
  return changed(std::move(message), read.warnings, patched.base_lines);
}

ControlReply SchedulerLoop::get_job(const std::string& id) {
  const JobConfig* job = schedule_.job(id);
  if (!job) throw unknown_job(id);
  const auto stored = runtime_.find(id);
  const std::optional<std::string> definition = definition_of(id);
  if (!definition)
    return control_failure("not_changeable", fmt::format("job \"{}\": its definition in {} cannot be read", id, base_.path));
  std::string origin;
  switch (job->origin) {
    case JobOrigin::file: origin = "from " + base_.path; break;
    case JobOrigin::added: origin = "added at run time (" + format_rfc3339(stored->second.changed_at, *zone_) + ")"; break;
    case JobOrigin::modified:
      origin = "from " + base_.path + ", changed at run time (" + format_rfc3339(stored->second.changed_at, *zone_) + ")";
      break;
  }
  ControlReply reply{true, "", fmt::format("Job \"{}\" ({}), {}", id, origin, next_run_text(id)), "", ""};
  reply.text = fmt::format("# Job \"{}\": {}; {}\n[[jobs]]\n{}", id, origin, next_run_text(id), *definition);
  reply.fields = fmt::format(",\"origin\":\"{}\",\"definition\":{}", origin_name(job->origin), json_of_table(*definition));
  return reply;
}

}  // namespace schedtool
