// Computing a fire time allocates nothing (issue #8): the compiled cron form is bitsets, and the
// search, the zone lookups and the DST rules work on values. Pinned by counting every operator new
// of this test binary while fire times are computed, after a warm-up (the zone cache fills once).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "cron/crontab.h"
#include "trigger/cron_trigger.h"
#include "time/time_text.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Not inlined: seen through, GCC pairs operator new's result with the free() inside operator delete
// and warns (-Wmismatched-new-delete), although both are ours and match.
[[gnu::noinline]] void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// The nothrow form too (std::stable_sort's buffer uses it): the standard's default forwards it to
// the one above, but ASan's does not, and its memory then reached free() (alloc-dealloc-mismatch
// under scripts/sanitize asan).
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace schedtool {
namespace {

long allocations_while(const Trigger& trigger, Instant from, int fires) {
  std::optional<Instant> t = trigger.next_fire_time(std::nullopt, from);  // warm-up
  const long before = g_allocations.load();
  for (int i = 0; i < fires && t; ++i) t = trigger.next_fire_time(t, *t);
  return g_allocations.load() - before;
}

TEST_CASE("cron fire times across DST transitions allocate nothing") {
  {  // the counter sees allocations at all
    const long before = g_allocations.load();
    ::operator delete(::operator new(16));  // a direct call: not elided as a new-expression may be
    REQUIRE(g_allocations.load() - before == 1);
  }
  const Instant from = parse_time_in("2026-01-01T00:00:00Z", *find_zone("UTC"));
  for (const char* expr : {"*/5 * * * *", "30 2 * * *", "0 12 13 * 5", "0 0 L * *", "15 3 * * 1#2",
                           // #24: wrap-around, ranges to L, L-3, # on ranges, #L
                           "30 22-2/2 * Nov-Mar fri-mon", "0 0 29-L,L-3 * *", "0 9 * * MON-FRI#1,SAT-SUN#L"}) {
    for (const char* zone : {"America/New_York", "Australia/Lord_Howe", "UTC"}) {
      CAPTURE(expr);
      CAPTURE(zone);
      const CronTrigger trigger(parse_crontab(expr).expr, find_zone(zone), {}, expr);
      CHECK(allocations_while(trigger, from, 2000) == 0);
    }
  }
}

}  // namespace
}  // namespace schedtool
