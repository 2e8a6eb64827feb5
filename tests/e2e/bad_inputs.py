"""Bad jobs files and the exact diagnostics `schedtool check` must print for them.

Each case: (name, file text, expected stderr lines before the summary line). `J` starts a job with
an id and a command so each case shows only its own mistake.
"""
J = '[[jobs]]\nid = "a"\ncommand = "true"\n'

CASES = [
    ("toml_syntax", 'x = [1,\n', [
        'jobs.toml:1:9: invalid TOML: Error while parsing array: encountered end-of-file',
    ]),
    ("unknown_top_level_key", 'job = 1\n', [
        "jobs.toml:1:1: unknown key 'job' in the jobs file (did you mean 'jobs'?)",
    ]),
    ("scheduler_unknown_key", '[scheduler]\ntimezon = "UTC"\n', [
        "jobs.toml:2:1: unknown key 'timezon' in [scheduler] (did you mean 'timezone'?)",
    ]),
    ("scheduler_unknown_zone", '[scheduler]\ntimezone = "Asia/Shangai"\n', [
        "jobs.toml:2:12: 'timezone': unknown time zone 'Asia/Shangai' (did you mean 'Asia/Shanghai'?)",
    ]),
    ("job_defaults_unknown_key", '[job_defaults]\ncoalesc = true\n', [
        "jobs.toml:2:1: unknown key 'coalesc' in [job_defaults] (did you mean 'coalesce'?)",
    ]),
    ("job_defaults_bad_grace", '[job_defaults]\nmisfire_grace_time = "soon"\n', [
        'jobs.toml:2:23: \'misfire_grace_time\': invalid duration \'soon\': expected a duration like 90, "30s", "5m" or "1h30m"',
    ]),
    ("executor_unknown_type", '[executors.batch]\ntype = "threadpoll"\n', [
        "jobs.toml:2:8: unknown executor type 'threadpoll' (expected threadpool or subprocess; did you mean 'threadpool'?)",
    ]),
    ("executor_zero_workers", '[executors.default]\nmax_workers = 0\n', [
        "jobs.toml:2:15: 'max_workers' must be at least 1, not 0",
    ]),
    ("executor_workers_string", '[executors.default]\nmax_workers = "4"\n', [
        "jobs.toml:2:15: 'max_workers' must be an integer, not a string",
    ]),
    ("executor_unknown_key", '[executors.default]\nworkers = 4\n', [
        "jobs.toml:2:1: unknown key 'workers' in [executors.default]",
    ]),
    ("jobstore_unknown_type", '[jobstores.default]\ntype = "postgres"\n', [
        "jobs.toml:2:8: unknown job store type 'postgres' (expected memory, sqlite or postgresql; did you mean 'postgresql'?)",
    ]),
    ("jobstore_url_on_sqlite", '[jobstores.default]\ntype = "sqlite"\npath = "s.db"\nurl = "host=db"\n', [
        "jobs.toml:4:1: 'url' is for a postgresql job store; this one is sqlite",
    ]),
    ("jobstore_lease_on_default_memory", '[jobstores.default]\nlease = "10s"\n', [
        "jobs.toml:2:1: 'lease' is for a postgresql job store; this one is memory (the default: add type = \"postgresql\")",
    ]),
    ("jobstore_path_on_postgresql", '[jobstores.default]\ntype = "postgresql"\npath = "s.db"\n', [
        "jobs.toml:3:1: 'path' is for a sqlite job store; this one is postgresql",
    ]),
    ("jobstore_url_and_url_env", '[jobstores.default]\ntype = "postgresql"\nurl = "host=db"\nurl_env = "DB"\n', [
        "jobs.toml:4:1: 'url' and 'url_env' are both set: give the connection string one way (url_env names the environment variable that holds it)",
    ]),
    ("jobstore_url_password", '[jobstores.default]\ntype = "postgresql"\nurl = "postgresql://sched:hunter2@db/schedtool"\n', [
        "jobs.toml:3:7: job store 'url' must not hold a password: secrets never live in the jobs file (use url_env, PGPASSFILE or ~/.pgpass)",
    ]),
    ("jobstore_url_keyword_password", '[jobstores.default]\ntype = "postgresql"\nurl = "host=db password=hunter2"\n', [
        "jobs.toml:3:7: job store 'url' must not hold a password: secrets never live in the jobs file (use url_env, PGPASSFILE or ~/.pgpass)",
    ]),
    ("jobstore_url_env_not_a_name", '[jobstores.default]\ntype = "postgresql"\nurl_env = "DB-URL"\n', [
        "jobs.toml:3:11: 'url_env' must be an environment variable name: letters, digits and _, not starting with a digit (e.g. \"SCHEDTOOL_DB\")",
    ]),
    ("jobstore_url_env_holds_the_url", '[jobstores.default]\ntype = "postgresql"\nurl_env = "host=db"\n', [
        "jobs.toml:3:11: 'url_env' names the environment variable that holds the connection string, not the string itself (e.g. url_env = \"SCHEDTOOL_DB\")",
    ]),
    ("jobstore_lease_too_short", '[jobstores.default]\ntype = "postgresql"\nlease = "500ms"\n', [
        "jobs.toml:3:9: 'lease' must be at least 1s, not 0.5s",
    ]),
    ("jobstore_max_clock_offset_zero", '[jobstores.default]\ntype = "postgresql"\nmax_clock_offset = 0\n', [
        "jobs.toml:3:20: 'max_clock_offset' must be more than 0s",
    ]),
    ("jobstore_instance_with_space", '[jobstores.default]\ntype = "postgresql"\ninstance = "web 1"\n', [
        "jobs.toml:3:12: 'instance' must not contain whitespace or control characters",
    ]),
    ("jobstore_instance_empty", '[jobstores.default]\ntype = "postgresql"\ninstance = ""\n', [
        "jobs.toml:3:12: 'instance' is empty (leave it out to be named HOST:PID)",
    ]),
    ("jobs_not_tables", 'jobs = 1\n', [
        "jobs.toml:1:8: 'jobs' must be written as [[jobs]] tables",
    ]),
    ("missing_id", '[[jobs]]\ntrigger = "interval"\ncommand = "true"\n', [
        "jobs.toml:1:1: missing 'id' (every job needs a unique id)",
    ]),
    ("empty_id", '[[jobs]]\nid = ""\ntrigger = "interval"\ncommand = "true"\n', [
        "jobs.toml:2:6: 'id' is empty",
    ]),
    ("id_not_string", '[[jobs]]\nid = 5\ntrigger = "interval"\ncommand = "true"\n', [
        "jobs.toml:2:6: 'id' must be a string, not an integer",
    ]),
    ("duplicate_id", J + 'trigger = "interval"\n' + J + 'trigger = "interval"\n', [
        "jobs.toml:6:6: duplicate job id 'a' (first defined on line 1)",
    ]),
    ("missing_trigger", J, [
        'jobs.toml:1:1: missing \'trigger\' (expected one of: cron, interval, date, calendarinterval, and, or) (job "a")',
    ]),
    ("unknown_trigger", J + 'trigger = "crn"\n', [
        'jobs.toml:4:11: unknown trigger \'crn\' (expected one of: cron, interval, date, calendarinterval, and, or; did you mean \'cron\'?) (job "a")',
    ]),
    ("missing_command", '[[jobs]]\nid = "a"\ntrigger = "interval"\n', [
        'jobs.toml:1:1: missing \'command\' (a shell string, or an argv array) (job "a")',
    ]),
    ("empty_command", '[[jobs]]\nid = "a"\ntrigger = "interval"\ncommand = ""\n', [
        'jobs.toml:4:11: \'command\' is empty: give a shell command or an argv array (job "a")',
    ]),
    ("empty_argv", '[[jobs]]\nid = "a"\ntrigger = "interval"\ncommand = []\n', [
        'jobs.toml:4:11: \'command\' is an empty array: give the program and its arguments (job "a")',
    ]),
    ("command_wrong_type", '[[jobs]]\nid = "a"\ntrigger = "interval"\ncommand = 5\n', [
        'jobs.toml:4:11: \'command\' must be a string (run by /bin/sh -c) or an array of strings (argv), not an integer (job "a")',
    ]),
    ("argv_not_strings", '[[jobs]]\nid = "a"\ntrigger = "interval"\ncommand = ["ls", 1]\n', [
        'jobs.toml:4:18: \'command[]\' must be a string, not an integer (job "a")',
    ]),
    ("unknown_executor", J + 'trigger = "interval"\nexecutor = "batc"\n[executors.batch]\ntype = "subprocess"\n', [
        'jobs.toml:5:12: unknown executor \'batc\' (job "a"; defined: default, batch; did you mean \'batch\'?)',
    ]),
    ("interval_arg_on_cron", J + 'trigger = "cron"\nseconds = 5\n', [
        'jobs.toml:5:1: \'seconds\' is not an argument of the cron trigger (it belongs to interval; did you mean \'second\'?) (job "a")',
    ]),
    ("field_with_crontab", J + 'trigger = "cron"\ncrontab = "* * * * *"\nhour = 3\n', [
        'jobs.toml:6:8: \'hour\' cannot be combined with \'crontab\' (give the fields or a crontab string) (job "a")',
    ]),
    ("typo_hours_on_cron", J + 'trigger = "cron"\nhours = 3\n', [
        'jobs.toml:5:1: \'hours\' is not an argument of the cron trigger (it belongs to interval; did you mean \'hour\'?) (job "a")',
    ]),
    ("unknown_key", J + 'trigger = "cron"\npriority = 3\n', [
        'jobs.toml:5:1: unknown key \'priority\' (job "a")',
    ]),
    ("date_arg_on_cron", J + 'trigger = "cron"\nrun_date = "2027-01-01"\n', [
        'jobs.toml:5:1: \'run_date\' is not an argument of the cron trigger (it belongs to date; did you mean \'end_date\'?) (job "a")',
    ]),
    ("start_date_on_date", J + 'trigger = "date"\nstart_date = "2027-01-01"\n', [
        'jobs.toml:5:1: \'start_date\' is not an argument of the date trigger (it belongs to cron, interval and calendarinterval) (job "a")',
    ]),
    ("max_instances_zero", J + 'trigger = "interval"\nmax_instances = 0\n', [
        'jobs.toml:5:17: \'max_instances\' must be at least 1, not 0 (job "a")',
    ]),
    ("coalesce_not_bool", J + 'trigger = "interval"\ncoalesce = "yes"\n', [
        'jobs.toml:5:12: \'coalesce\' must be true or false, not a string (job "a")',
    ]),
    ("grace_bad_string", J + 'trigger = "interval"\nmisfire_grace_time = "forever"\n', [
        'jobs.toml:5:23: \'misfire_grace_time\': invalid duration \'forever\': expected a duration like 90, "30s", "5m" or "1h30m" (job "a")',
    ]),
    ("retries_negative", J + 'trigger = "interval"\nretries = -1\n', [
        'jobs.toml:5:11: \'retries\' must be at least 0, not -1 (job "a")',
    ]),
    ("retries_too_many", J + 'trigger = "interval"\nretries = 1001\n', [
        'jobs.toml:5:11: \'retries\' must be at most 1000, not 1001 (job "a")',
    ]),
    ("retry_backoff_below_one", J + 'trigger = "interval"\nretries = 2\nretry_backoff = 0.5\n', [
        'jobs.toml:6:17: \'retry_backoff\' must be between 1 (the same wait each time) and 100, not 0.5 (job "a")',
    ]),
    ("retry_backoff_string", J + 'trigger = "interval"\nretries = 2\nretry_backoff = "2x"\n', [
        'jobs.toml:6:17: \'retry_backoff\' must be a number like 2.0 (each wait twice the one before), not a string (job "a")',
    ]),
    ("retry_delay_bad_unit", J + 'trigger = "interval"\nretries = 2\nretry_delay = "5x"\n', [
        'jobs.toml:6:17: \'retry_delay\': invalid duration \'5x\': unknown unit \'x\' (expected w, d, h, m, s, ms or us, or a word such as minutes) (job "a")',
    ]),
    ("retry_key_typo", J + 'trigger = "interval"\nretires = 2\n', [
        'jobs.toml:5:1: unknown key \'retires\' (did you mean \'retries\'?) (job "a")',
    ]),
    ("job_defaults_retries_negative", '[job_defaults]\nretries = -2\n', [
        "jobs.toml:2:11: 'retries' must be at least 0, not -2",
    ]),
    ("timeout_bad_unit", J + 'trigger = "interval"\ntimeout = "5x"\n', [
        'jobs.toml:5:13: \'timeout\': invalid duration \'5x\': unknown unit \'x\' (expected w, d, h, m, s, ms or us, or a word such as minutes) (job "a")',
    ]),
    ("jitter_negative", J + 'trigger = "interval"\njitter = -5\n', [
        'jobs.toml:5:10: \'jitter\': invalid duration -5: must be zero or more seconds (job "a")',
    ]),
    ("env_not_table", J + 'trigger = "interval"\nenv = "LANG=C"\n', [
        'jobs.toml:5:7: \'env\' must be a table like { LANG = "C.UTF-8" }, not a string (job "a")',
    ]),
    ("env_value_not_string", J + 'trigger = "interval"\nenv = { N = 1 }\n', [
        'jobs.toml:5:13: \'env.N\' must be a string, not an integer (job "a")',
    ]),
    ("cron_hour_out_of_range", J + 'trigger = "cron"\nhour = 25\n', [
        'jobs.toml:5:8: cron field \'hour\': 25 is out of range 0-23 (job "a")',
    ]),
    ("cron_unknown_weekday_in_list", J + 'trigger = "cron"\nday_of_week = "mon-fri,fooday"\n', [
        'jobs.toml:5:24: cron field \'day_of_week\': unknown name \'fooday\' (job "a")',
    ]),
    ("cron_day_trailing_garbage", J + 'trigger = "cron"\nday = "lastx"\n', [
        'jobs.toml:5:8: cron field \'day\': unknown name \'lastx\' (did you mean \'last\'?) (job "a")',
    ]),
    ("cron_day_sixth_weekday", J + 'trigger = "cron"\nday = "6th fri"\n', [
        'jobs.toml:5:8: cron field \'day\': unknown position \'6th\' (expected 1st, 2nd, 3rd, 4th, 5th or last) (job "a")',
    ]),
    ("cron_step_zero", J + 'trigger = "cron"\nminute = "*/0"\n', [
        'jobs.toml:5:13: cron field \'minute\': a step of 0 is not allowed (job "a")',
    ]),
    # Since #24 a reversed hour range wraps around (see WARNINGS); only a year range cannot.
    ("cron_reversed_year_range", J + 'trigger = "cron"\nyear = "2030-2020"\n', [
        'jobs.toml:5:9: cron field \'year\': range 2030-2020 is reversed (job "a")',
    ]),
    ("cron_field_float", J + 'trigger = "cron"\nhour = 1.5\n', [
        'jobs.toml:5:8: \'hour\' must be a string or an integer, not a float (job "a")',
    ]),
    ("crontab_field_count", J + 'trigger = "cron"\ncrontab = "* * * *"\n', [
        'jobs.toml:5:12: \'crontab\': invalid crontab expression: expected 5, 6 or 7 fields, found 4 (job "a")',
    ]),
    ("crontab_out_of_range", J + 'trigger = "cron"\ncrontab = "0 25 * * *"\n', [
        'jobs.toml:5:14: \'crontab\': invalid crontab expression: hour 25 is out of range 0-23 (job "a")',
    ]),
    ("crontab_unknown_month", J + 'trigger = "cron"\ncrontab = "0 0 1 jam *"\n', [
        'jobs.toml:5:18: \'crontab\': invalid crontab expression: month: unknown name \'jam\' (did you mean \'jan\'?) (job "a")',
    ]),
    ("crontab_croniter_last_weekday", J + 'trigger = "cron"\ncrontab = "0 0 ? * L5"\n', [
        'jobs.toml:5:20: \'crontab\': invalid crontab expression: day-of-week: \'L5\' (croniter\'s last-weekday form) is not supported: write 5L or FRI#L (job "a")',
    ]),
    ("crontab_question_mark_in_minute", J + 'trigger = "cron"\ncrontab = "? 0 * * *"\n', [
        'jobs.toml:5:12: \'crontab\': invalid crontab expression: minute: \'?\' means "no specific value" and, as in Quartz, only in day-of-month or day-of-week (croner\'s "current value" is not supported): write * or the value you mean (job "a")',
    ]),
    ("interval_negative", J + 'trigger = "interval"\nminutes = -1\n', [
        'jobs.toml:5:11: \'minutes\' must be zero or more, not -1 (job "a")',
    ]),
    ("interval_string", J + 'trigger = "interval"\nminutes = "5"\n', [
        'jobs.toml:5:11: \'minutes\' must be a number, not a string (job "a")',
    ]),
    ("job_unknown_zone", J + 'trigger = "cron"\ntimezone = "Europe/Berln"\n', [
        'jobs.toml:5:12: \'timezone\': unknown time zone \'Europe/Berln\' (did you mean \'Europe/Berlin\'?) (job "a")',
    ]),
    ("run_date_invalid_day", J + 'trigger = "date"\nrun_date = "2026-02-30"\n', [
        'jobs.toml:5:21: \'run_date\': invalid date \'2026-02-30\': day 30 is out of range for February 2026 (job "a")',
    ]),
    ("start_date_malformed", J + 'trigger = "interval"\nstart_date = "next monday"\n', [
        'jobs.toml:5:15: \'start_date\': invalid date-time \'next monday\': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00] (job "a")',
    ]),
    ("end_date_wrong_type", J + 'trigger = "interval"\nend_date = true\n', [
        'jobs.toml:5:12: \'end_date\' must be a date-time (2026-12-31T23:59:00, or a string like "2026-12-31 23:59:00"), not a boolean (job "a")',
    ]),
    ("calendarinterval_without_step", J + 'trigger = "calendarinterval"\nhour = 9\n', [
        'jobs.toml:1:1: calendarinterval needs at least one of \'years\', \'months\', \'weeks\' or \'days\' (job "a")',
    ]),
    ("calendarinterval_hour_out_of_range", J + 'trigger = "calendarinterval"\ndays = 1\nhour = 24\n', [
        'jobs.toml:6:8: \'hour\' must be 0-23, not 24 (job "a")',
    ]),
    ("calendarinterval_start_not_a_date", J + 'trigger = "calendarinterval"\ndays = 1\nstart_date = "2026-01-01 09:00"\n', [
        'jobs.toml:6:14: \'start_date\' must be a date like 2026-01-31 for calendarinterval, not \'2026-01-01 09:00\' (job "a")',
    ]),
    ("calendarinterval_bad_month_end", J + 'trigger = "calendarinterval"\nmonths = 1\nmonth_end = "wrap"\n', [
        'jobs.toml:6:13: \'month_end\' must be "skip" or "clamp", not \'wrap\' (job "a")',
    ]),
    ("or_without_triggers", J + 'trigger = "or"\n', [
        'jobs.toml:1:1: \'or\' needs \'triggers\' = [{ trigger = "cron", hour = 9 }, …] with at least one trigger (job "a")',
    ]),
    ("or_child_with_job_option", J + 'trigger = "or"\ntriggers = [{ trigger = "cron", hour = 9, command = "x" }]\n', [
        'jobs.toml:5:43: \'command\' is a job option: put it beside \'triggers\', not inside (job "a")',
    ]),
    ("and_child_unknown_type", J + 'trigger = "and"\ntriggers = [{ trigger = "crn" }]\n', [
        'jobs.toml:5:25: each of \'triggers\' needs a \'trigger\': one of cron, interval, date, calendarinterval, and, or (job "a")',
    ]),
    ("and_child_bad_field", J + 'trigger = "and"\ntriggers = [{ trigger = "cron", hour = 24 }, { trigger = "interval", hours = 1 }]\n', [
        'jobs.toml:5:40: cron field \'hour\': 24 is out of range 0-23 (job "a")',
    ]),
    ("every_error_in_one_pass", J + 'trigger = "cron"\nhour = 25\n' + J.replace('"a"', '"b"') +
     'trigger = "interval"\nmax_instances = 0\nseconds = "x"\n', [
        'jobs.toml:5:8: cron field \'hour\': 25 is out of range 0-23 (job "a")',
        'jobs.toml:10:17: \'max_instances\' must be at least 1, not 0 (job "b")',
        'jobs.toml:11:11: \'seconds\' must be a number, not a string (job "b")',
    ]),
]

# Valid files that warn: (name, text, expected warning lines).
WARNINGS = [
    ("end_before_start", J + 'trigger = "interval"\nstart_date = "2027-01-01"\nend_date = "2026-01-01"\n', [
        'jobs.toml:6:12: warning: \'end_date\' 2026-01-01 00:00:00 UTC is before \'start_date\' 2027-01-01 00:00:00 UTC: the job will never fire (job "a")',
    ]),
    ("date_in_the_past", J + 'trigger = "date"\nrun_date = "2020-01-01 00:00:00"\n', [
        'jobs.toml:5:12: warning: \'run_date\' 2020-01-01 00:00:00 UTC is in the past: the job will not run (it is more than misfire_grace_time 1s late; misfire_grace_time = "none" runs it once at start) (job "a")',
    ]),
    ("cron_numeric_wrap_around", J + 'trigger = "cron"\nhour = "10-5"\n', [
        'jobs.toml:5:9: warning: cron field \'hour\': range 10-5 wraps past 23: hours 10-23 and 0-5 (job "a")',
    ]),
    ("crontab_numeric_wrap_around", J + 'trigger = "cron"\ncrontab = "0 10-5 * * *"\n', [
        'jobs.toml:5:14: warning: \'crontab\': hour: range 10-5 wraps past 23: hours 10-23 and 0-5 (job "a")',
    ]),
    ("numeric_day_of_week", J + 'trigger = "cron"\nday_of_week = "1-5"\n', [
        'jobs.toml:5:15: warning: \'day_of_week\' = \'1-5\' counts 0 = Monday (as APScheduler 3), not 0 = Sunday as in crontab; names (mon-sun) are unambiguous (job "a")',
    ]),
]
