#pragma once
// The two day fields of a crontab string, with their Quartz and croner items. Internal to cron/:
// crontab.cpp passes each field's syntax and collects the warnings.
//
//   day-of-month  L (last day), L-3 (three days before it; L-0 = L), LW (last weekday), 15W (the
//                 weekday nearest the 15th), and ranges to the last day: 29-L, 1-L/8
//   day-of-week   L alone (Quartz's 7: Saturday), 5L / friL (last Friday), fri#3 / 5#3 (third Friday),
//                 # on a range (MON-FRI#1: the first Monday, the first Tuesday, … of the month),
//                 #L (croner: FRI#L = 5L, SAT-SUN#L = the last Saturday and the last Sunday)
// Refused with the form to write instead: croniter's L5 (→ 5L or FRI#L).
#include <string_view>
#include <vector>

#include "cron/cron_expr.h"
#include "cron/field_grammar.h"

namespace schedtool::crontab_days {

// `parsed` receives the field as parse_field reads it (its canonical text, warnings, wrapped).
DaySelector day_of_month(std::string_view text, const cron_grammar::FieldSyntax& syntax,
                         cron_grammar::ParsedField& parsed);

DaySelector day_of_week(std::string_view text, const cron_grammar::FieldSyntax& syntax,
                        cron_grammar::ParsedField& parsed);

}  // namespace schedtool::crontab_days
