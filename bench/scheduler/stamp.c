/* stamp: the probe child of bench/scheduler/lateness.py.
 *
 * Reads CLOCK_REALTIME as the very first thing in main(), then appends one line
 *   "<job> <scheduled_epoch_s> <start_epoch_s>\n"
 * to the file named by $STAMP_FILE with a single write() on an O_APPEND descriptor, so lines from
 * concurrent children never interleave.
 *
 * The scheduled time comes from argv[1] when given (the APScheduler side passes it), else from
 * $SCHEDTOOL_SCHEDULED_AT (schedtool sets it). Either is RFC 3339 UTC, e.g.
 * 2026-11-23T19:30:01.000000Z or 2026-11-23T19:30:01Z (a "+00:00" suffix is accepted too), or a
 * plain decimal epoch. The job is argv[2], else $SCHEDTOOL_JOB_ID, else "-".
 *
 * Build: cc -O2 -o stamp stamp.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}

/* RFC 3339 UTC (or a decimal epoch) -> seconds since the epoch as sec + nsec; 0 on success. */
static int parse_time(const char* s, long long* sec, long* nsec) {
  int y, mo, d, h, mi, se, n = 0;
  *nsec = 0;
  if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) == 6 && n > 0) {
    const char* p = s + n;
    if (*p == '.') {
      long scale = 100000000;
      for (++p; *p >= '0' && *p <= '9'; ++p, scale /= 10)
        if (scale > 0) *nsec += (*p - '0') * scale;
    }
    if (*p != 'Z' && strcmp(p, "+00:00") != 0 && *p != '\0') return -1;
    *sec = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600LL + mi * 60LL + se;
    return 0;
  }
  char* end;
  const double v = strtod(s, &end);
  if (end == s) return -1;
  *sec = (long long)v;
  *nsec = (long)((v - (double)*sec) * 1e9);
  return 0;
}

int main(int argc, char** argv) {
  struct timespec start;
  clock_gettime(CLOCK_REALTIME, &start);

  const char* scheduled = argc > 1 ? argv[1] : getenv("SCHEDTOOL_SCHEDULED_AT");
  const char* job = argc > 2 ? argv[2] : getenv("SCHEDTOOL_JOB_ID");
  const char* path = getenv("STAMP_FILE");
  if (!job) job = "-";
  if (!path) return 2;
  long long sched_sec = 0;
  long sched_nsec = 0;
  const int bad = !scheduled || parse_time(scheduled, &sched_sec, &sched_nsec) != 0;

  char line[256];
  int len;
  if (bad)
    len = snprintf(line, sizeof line, "%s nan %lld.%09ld\n", job, (long long)start.tv_sec, start.tv_nsec);
  else
    len = snprintf(line, sizeof line, "%s %lld.%09ld %lld.%09ld\n", job, sched_sec, sched_nsec,
                   (long long)start.tv_sec, start.tv_nsec);
  const int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return 3;
  const ssize_t w = write(fd, line, (size_t)len);
  close(fd);
  return w == len && !bad ? 0 : 4;
}
