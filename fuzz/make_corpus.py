#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, built from the test suite (never checked in).

    fuzz/make_corpus.py --out build-fuzz/fuzz/corpus

writes one file per seed into <out>/<target>/ for the targets crontab, cron_fields, time_text,
duration, config, control, env_file, every_phrase, on_calendar (tests/differential/systemd_calendar.jsonl's
expressions) and crontab_file (tests/e2e/crontabs/). Sources: tests/conformance/*.jsonl (expressions, fields,
dates), tests/e2e/bad_inputs.py (every bad and warning jobs file), jobs.example.toml, the string
literals of the unit tests of each module, and the env files of tests/e2e/test_security.py.
A seed's file name is a hash of its content, so a re-run rewrites the same files, and libFuzzer's
own additions (also named by hash) sit beside them.
"""
import argparse
import hashlib
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIELDS = ["year", "month", "day", "week", "day_of_week", "hour", "minute", "second"]
INTERVAL_UNITS = ["weeks", "days", "hours", "minutes", "seconds"]
DURATION_KEYS = {"misfire_grace_time", "timeout", "jitter", "kill_timeout", "threshold"}
DATE_KEYS = {"start_date", "end_date", "run_date"}

# C++ string literals: raw strings R"(...)" and ordinary "..." with escapes.
RAW = re.compile(r'R"\((.*?)\)"', re.S)
PLAIN = re.compile(r'(?<![A-Za-z0-9_R])"((?:[^"\\\n]|\\.)*)"')
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "0": "\0"}


def unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "x":
                m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
                out.append(chr(int(m.group(0), 16)) if m else "x")
                i += 2 + (len(m.group(0)) if m else 0)
                continue
            out.append(ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def literals(*paths):
    found = []
    for path in paths:
        text = (TESTS / path).read_text()
        found += RAW.findall(text)
        found += [unescape(s) for s in PLAIN.findall(RAW.sub("", text)) if not s.startswith("#include")]
    return [s for s in found if 0 < len(s) <= 400]


def vectors():
    for name in ("vectors.jsonl", "calendarinterval_schedtool.jsonl", "issue24_croniter.jsonl", "issue24_croner.jsonl"):
        for line in (TESTS / "conformance" / name).read_text().splitlines():
            if line.strip():
                yield json.loads(line)


def toml_files():
    """Every jobs file the tests use: the bad and warning cases, and the example."""
    sys.path.insert(0, str(TESTS / "e2e"))
    import bad_inputs  # noqa: E402  (the e2e table, standard library only)
    texts = [text for _, text, _ in bad_inputs.CASES + bad_inputs.WARNINGS]
    texts.append((ROOT / "jobs.example.toml").read_text())
    import test_words  # noqa: E402  (every / tags / run_in cases of issue #22)
    texts += [test_words.FILE] + [text for _, text, _ in test_words.BAD]
    return texts


def walk_tables(node):
    """Every table of a parsed TOML document, [[jobs]] and triggers = [...] children included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk_tables(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk_tables(value)


def toml_value(v):
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def fields_seed(spec):
    return "".join(f"{k}={spec[k]}\n" for k in FIELDS if k in spec)


def job_toml(index, vector):
    """A jobs file with one job for a conformance vector."""
    spec, kind = vector["spec"], vector["kind"]
    lines = [f'[scheduler]\ntimezone = "{vector["tz"]}"\n', "[[jobs]]", f'id = "v{index}"', 'command = "true"']
    if kind == "crontab":
        lines += ['trigger = "cron"', f'crontab = {json.dumps(spec["expr"])}']
    elif kind == "cron_fields":
        lines.append('trigger = "cron"')
    else:
        lines.append(f'trigger = "{kind}"')
    lines += [f"{k} = {toml_value(v)}" for k, v in spec.items() if k != "expr"]
    return "\n".join(lines) + "\n"


def control_seeds():
    commands = ["jobs", "status", "pause", "resume", "pause-all", "resume-all", "run", "remove", "reload"]
    seeds = [json.dumps({"v": 1, "cmd": c, "id": "backup"}, separators=(",", ":")) for c in commands]
    seeds += [json.dumps({"cmd": c}) for c in commands]
    seeds += [
        '{"v":1,"ok":true,"message":"Paused job \\"backup\\"","text":"x"}',
        '{"v":1,"ok":false,"error":"unknown_job","message":"no job with id \'bakup\' (did you mean \'backup\'?)"}',
        '{"cmd":"status","extra":{"nested":[1,2,{"deep":[true,false,null]}]}}',
        '{"cmd":"pause","id":"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/\\b\\f\\r"}',
        '{"v":1.0e0,"cmd":"jobs"}', '{"v":-0,"cmd":"jobs"}', '{"v":2,"cmd":"jobs"}',
        b"\x00\xff garbage", '{"cmd":"status"}',
    ]
    return seeds + literals("unit/control/test_protocol.cpp")


def corpora():
    vs = list(vectors())
    tables = []
    for text in toml_files():
        try:
            tables += list(walk_tables(tomllib.loads(text)))
        except tomllib.TOMLDecodeError:
            pass
    strings = lambda keys: [str(t[k]) for t in tables for k in keys if k in t and not isinstance(t[k], (dict, list))]

    crontab = [v["spec"]["expr"] for v in vs if v["kind"] == "crontab"]
    crontab += strings({"crontab"})
    crontab += literals("unit/cron/test_crontab.cpp", "unit/cron/test_cron_expr.cpp", "unit/cron/test_cron_forms.cpp")

    cron_fields = [fields_seed(v["spec"]) for v in vs if v["kind"] == "cron_fields"]
    cron_fields += [fields_seed(t) for t in tables if any(k in t for k in FIELDS)]
    unit = (TESTS / "unit/cron/test_cron_fields.cpp").read_text()
    for line in unit.splitlines():  # spec({{"hour", "9"}, ...}) rows, and all_fields({...}) rows
        pairs = re.findall(r'\{"(\w+)",\s*"((?:[^"\\]|\\.)*)"\}', line)
        if pairs and all(k in FIELDS for k, _ in pairs):
            cron_fields.append("".join(f"{k}={unescape(v)}\n" for k, v in pairs))
    for row in re.findall(r"all_fields\(\{(.*?)\}\)", unit):
        values = [unescape(v) for v in PLAIN.findall(row)]
        cron_fields.append("".join(f"{k}={v}\n" for k, v in zip(FIELDS, values)))

    time_text = [t for v in vs[::4] for t in [v["start"]] + v["expect"][:1]]
    time_text += [str(v["spec"][k]) for v in vs for k in DATE_KEYS if k in v["spec"]]
    time_text += strings(DATE_KEYS)
    time_text += literals("unit/time/time_text_test.cpp")

    duration = ["90", "1.5", "500ms", "5m", "1h30m", "2d", "1w2d3h4m5s", "250us", "0", "0.000001", "1.5h", ".5s",
                "10m30s", "1w", "3d12h", "0.25ms", "100000d", "x", "5x", "1..5s", "1h1h", "1e3s"]
    duration += strings(DURATION_KEYS)

    config = toml_files() + [job_toml(i, v) for i, v in enumerate(vs) if i % 8 == 0]

    env_file = ["# database\nexport DB_PASSWORD='hunter2-do-not-log'\nPLAIN = x y \n",
                "OK=1\nthis-is-a-secret-without-equals\n", "A=1\n", 'export API_TOKEN="a b\\"c"\n',
                "GREETING='as $written'\n", 'X="a\\nb\\tc\\\\"\r\n\n#c\n  Y = 2  \n', "9X=1\n", 'Q="open\n',
                "R='open\n", 'S="x" y\n', "T='x' y\n", "export\n", "=1\n"]

    every_phrase = ["10 minutes", "minute", "hour at :30", "10 minutes at :15", "day at 10:30", "3 days at 23:59:30",
                    "2 weeks", "monday at 14:00", "weekday", "weekend at 10:00", "2 to 4 hours",
                    "15 minutes from 06:00 to 08:00", "10 minuts", "10 minutes at 10:30", "30 seconds at :10",
                    "2 mondays", "day at 24:00", "4 to 2 hours"]

    # The expressions of the systemd-analyze vectors, plus the unit tests' literals (good and bad).
    calendar_vectors = TESTS / "differential" / "systemd_calendar.jsonl"
    on_calendar = sorted({json.loads(line)["expression"] for line in calendar_vectors.read_text().splitlines()})
    on_calendar += literals("unit/cron/test_on_calendar.cpp", "unit/trigger/test_on_calendar_trigger.cpp")
    config += [f'[[jobs]]\nid = "c"\ncommand = "true"\ncalendar = {json.dumps(e)}\n' for e in on_calendar[:20]]
    config += ['[[jobs]]\nid = "c"\ncommand = "true"\ncalendar = ["Mon 9:00", "Sat..Sun 10:00 UTC"]\n']

    crontab_file = [p.read_text() for p in sorted((TESTS / "e2e" / "crontabs").iterdir())]
    crontab_file += literals("unit/config/test_crontab_file.cpp")

    return {"crontab_file": crontab_file, "on_calendar": on_calendar, "every_phrase": every_phrase, "env_file": env_file, "crontab": crontab, "cron_fields": cron_fields, "time_text": time_text, "duration": duration,
            "config": config, "control": control_seeds()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    out = parser.parse_args().out
    for target, seeds in corpora().items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        unique = {s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s for s in seeds}
        for seed in unique:
            (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
        print(f"make_corpus: {target}: {len(unique)} seeds")


if __name__ == "__main__":
    main()
