#include "runtime/listening_sink.h"

#include <unistd.h>

#include "events/event_json.h"
#include "events/listeners.h"
#include "events/vocabulary.h"

namespace schedtool {
namespace {

std::string this_instance() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(::getpid());
}

}  // namespace

ListeningSink::ListeningSink(EventSink& inner, const std::vector<ListenerConfig>& listeners, ListenerRunners& runners,
                             ZonePtr zone, std::function<std::string(const std::string&)> names)
    : inner_(inner), listeners_(listeners), runners_(runners), zone_(std::move(zone)), names_(std::move(names)),
      instance_(this_instance()) {}

bool ListeningSink::shows(const Event& e) const {
  return inner_.shows(e) || (!listeners_.empty() && event_kind(e).has_value());
}

void ListeningSink::event(const Event& e) {
  if (inner_.shows(e)) inner_.event(e);
  const auto kind = event_kind(e);
  if (!kind) return;
  std::string name;
  bool named = false;
  for (const ListenerConfig& l : listeners_) {
    if (!listener_wants(l, *kind, e)) continue;
    if (!named) name = e.job_id.empty() ? "" : names_(e.job_id), named = true;
    const EventContext context{*kind, name, instance_};
    runners_.for_listener(l).post({&l, std::string(*kind), event_json(e, context, *zone_), event_environment(e, context, *zone_)});
  }
}

void ListeningSink::tick(Instant now) {
  for (std::string& message : runners_.take_reports()) {
    Event note = make_event(EventKind::note, now);
    note.message = std::move(message);
    note.warning = true;
    inner_.event(note);
  }
}

}  // namespace schedtool
