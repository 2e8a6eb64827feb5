// Vectors for the croner forms of issue #24: `#L` (FRI#L, SAT-SUN#L) and `#` on a weekday range
// (MON-FRI#1), including the Vixie day-of-month OR day-of-week rule (croner's legacyMode, on by
// default in croner 9).
//
//   mkdir -p /tmp/croner && cd /tmp/croner && npm install croner@9
//   NODE_PATH=/tmp/croner/node_modules node tests/conformance/tools/gen_issue24_croner.mjs \
//       > tests/conformance/issue24_croner.jsonl
//
// Run once by hand (network for npm); its output is checked in and CI only reads it through
// check.py. croner's nextRuns() is exclusive of its start and schedtool's --from is inclusive, so
// every start is at :30 seconds, where none of these expressions fires. Zones without DST: these
// vectors pin the grammar, not the DST rules.
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + "/" : import.meta.url);
const { Cron } = require("croner");
const version = require("croner/package.json").version;

const EXPRS = [
  "0 0 * * FRI#L",
  "0 0 0 * 2 FRI#L",
  "0 0 * * SAT-SUN#L",
  "30 23 * JAN MON-FRI#1",
  "0 9 * * MON-FRI#1",
  "0 12 * * 1-5#2",
  "0 0 1-7 * MON-FRI#1",
  "0 8 * * sun#L",
  "0 0 * * MON#1,FRI#L",
  "0 0 * * 5#L",
];
const STARTS = ["2028-01-27T10:00:30", "2028-02-24T23:59:30", "2027-02-20T00:00:30", "2026-12-28T00:00:30"];
const ZONES = [["UTC", "+00:00", 0], ["Asia/Tokyo", "+09:00", 9]];
const COUNT = 12;

// A Date as RFC 3339 in a fixed-offset zone: "2028-02-25T00:00:00+09:00".
function rfc3339(date, offset, hours) {
  return new Date(date.getTime() + hours * 3600e3).toISOString().replace(/\.\d+Z$/, offset);
}

let n = 0;
for (const expr of EXPRS) {
  for (const start of STARTS) {
    for (const [zone, offset, hours] of ZONES) {
      const from = new Date(Date.parse(start + offset));
      const runs = new Cron(expr, { timezone: zone }).nextRuns(COUNT, from);
      n += 1;
      console.log(JSON.stringify({
        id: `issue24-croner-${String(n).padStart(3, "0")}`, kind: "crontab", spec: { expr },
        tz: zone, start: start + offset, count: COUNT, expect: runs.map((d) => rfc3339(d, offset, hours)),
        dst: false, source: `croner ${version}`,
      }));
    }
  }
}
