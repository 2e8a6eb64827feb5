#pragma once
// One cron field's text → the values it selects. Internal to cron/: crontab.cpp and cron_fields.cpp
// share it and differ only in their tables (ranges, names) and in the items a hook takes first
// (Quartz `L`, `15W`, `fri#3`; APScheduler `last`, `3rd fri`).
//
//   field := item (',' item)*          spaces around items are ignored (APScheduler allows "1, 2")
//   item  := '*' ['/' n] | value ['-' value] ['/' n]       `a/n` means a-max/n
//   value := digits | letters (a name from the table, any case)
//
// A reversed range wraps (Quartz's meaning): `nov-mar` runs to the field's end and on from its
// start, and a step counts positions through the wrap on the field's fixed scale (hours `22-2/2` =
// 22, 0, 2). A field whose maximum is another name for its minimum (crontab's day-of-week, where 7
// is Sunday like 0) lets a range end on 0 (`fri-0` = fri-7) and start on 7 (`7-mon` = 0-1). A
// numeric wrap-around is accepted with a warning, since `10-5` is often a typo; a named one is not.
//
// Errors are FieldError, positioned within the field's text; each grammar adds its field label and
// shifts the position into the text it reports (a whole crontab line, or one APScheduler field).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace schedtool::cron_grammar {

struct FieldError {
  std::string message;        // "25 is out of range 0-23", "unknown name 'jam' (did you mean 'jan'?)"
  std::size_t offset = 0;     // within the field's text
  std::size_t length = 0;
  bool out_of_range = false;  // crontab words these "hour 25 is out of range 0-23" (no colon)
};

struct FieldSyntax {
  int min = 0, max = 0;
  std::span<const std::string_view> names = {};  // names[i] is the value name_base + i (lower case)
  int name_base = 0;
  std::span<const std::string_view> keywords = {};  // words a hook accepts, offered as suggestions
  bool step_within_span = false;  // APScheduler rejects a numeric step larger than its range's span
  bool wraps = true;              // a reversed range wraps; false: it is an error (years)
  int cycle_max = -1;             // the scale's last value before it starts again; -1: max. When
                                  // max > cycle_max, max is another name for min (crontab's 7 = 0)
  std::string_view last_word = {};  // as a range's end ("29-L", "29-last"), the field's maximum
  std::string_view unit = {};       // plural noun for the wrap-around warning: "hours"

  int scale_max() const { return cycle_max < 0 ? max : cycle_max; }
};

// One comma-list item, resolved: the values first, first+step, … up to last.
// A wrap-around span has last < first: it selects first, first+step, … through scale_max, where the
// positions go on as min, min+1, … (position scale_max+1 is min) up to last.
struct Span {
  int first = 0, last = 0, step = 1;
  bool star = false;    // written as `*` or `*/n`
  int scale_min = 0;    // set for a wrap-around span: the field's scale
  int scale_max = 0;

  bool wraps() const { return last < first; }
};

// One item's text with the spaces around it trimmed, and where it starts in the field's text.
struct Item {
  std::string_view text;
  std::size_t offset = 0;
};

// Takes an item the common grammar does not know ("L", "15W", "last fri"): returns its canonical
// text when it took it, nullopt to let the common grammar parse it. May throw FieldError.
using ItemHook = std::function<std::optional<std::string>(const Item&)>;

struct ParsedField {
  std::vector<Span> spans;  // the common items; hook items are recorded by the hook
  std::string canonical;    // APScheduler's str(field): "1,2" for "1, 2", "mon" for "MON", "5" for "05";
                            // a wrap-around as ascending pieces: "nov-mar" → "jan-mar,nov-dec"
  std::vector<FieldError> warnings;  // "range 10-5 wraps past 23: hours 10-23 and 0-5"
  bool wrapped = false;     // some item wrapped around
};

ParsedField parse_field(std::string_view text, const FieldSyntax& syntax, const ItemHook& hook = {});

// One common item ("mon-fri", "22-2/2", "*/5"), as parse_field reads it; also for hooks that take a
// range inside a bigger item (Quartz `mon-fri#1`).
struct ParsedItem {
  Span span;
  std::string canonical;
  std::optional<FieldError> warning;  // a numeric wrap-around
};
ParsedItem parse_item(const Item& item, const FieldSyntax& syntax);

// Bit v set for every value v one span selects (values must be below 64).
std::uint64_t span_bits(const Span& span);

// A number or a name (any case) at `offset` in the field, checked against [min, max].
int parse_value(const Item& token, const FieldSyntax& syntax);

// Bit v set for every value v the spans select (values must be below 64).
std::uint64_t value_bits(std::span<const Span> spans);

bool iequals(std::string_view a, std::string_view b);

// "unknown name 'jam' (did you mean 'jan'?)", without the hint when nothing is close.
std::string unknown_name(std::string_view what, std::string_view word, std::span<const std::string_view> candidates);

}  // namespace schedtool::cron_grammar
