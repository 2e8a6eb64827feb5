#include "time/tzif.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"

namespace schedtool {
namespace {

// The six counts of a TZif header, in file order.
struct Counts {
  std::size_t isut, isstd, leap, time, type, chars;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::string_view what) : bytes_(bytes), what_(what) {}

  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - pos_) fail("truncated");
    const auto out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t be(std::size_t width) {
    std::uint64_t v = 0;
    for (const char c : take(width)) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
  }
  std::int64_t signed_be(std::size_t width) {
    const std::uint64_t v = be(width);
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  std::string_view rest() const { return bytes_.substr(pos_); }
  [[noreturn]] void fail(std::string_view why) const {
    throw Error("time zone file for '" + std::string(what_) + "' is not valid TZif (" + std::string(why) + ")");
  }

 private:
  std::string_view bytes_;
  std::string_view what_;
  std::size_t pos_ = 0;
};

// Reads a 44-byte header; returns its version character ('\0', '2', '3', '4').
char header(Reader& r, Counts& c) {
  if (r.take(4) != "TZif") r.fail("bad magic");
  const char version = r.take(1)[0];
  r.take(15);
  c = {r.be(4), r.be(4), r.be(4), r.be(4), r.be(4), r.be(4)};
  if (c.type == 0 || c.type > 256 || c.chars == 0) r.fail("no local time types");
  if ((c.isut != 0 && c.isut != c.type) || (c.isstd != 0 && c.isstd != c.type)) r.fail("bad indicator counts");
  return version;
}

std::size_t block_size(const Counts& c, std::size_t time_width) {
  return c.time * time_width + c.time + c.type * 6 + c.chars + c.leap * (time_width + 4) + c.isstd + c.isut;
}

Zone::Data data_block(Reader& r, const Counts& c, std::size_t time_width) {
  if (c.leap != 0) r.fail("it counts leap seconds ('right/' zones are not supported)");
  Zone::Data d;
  d.transitions.reserve(c.time);
  for (std::size_t i = 0; i < c.time; ++i) {
    d.transitions.push_back(r.signed_be(time_width));
    if (i > 0 && d.transitions[i] <= d.transitions[i - 1]) r.fail("transitions out of order");
  }
  for (std::size_t i = 0; i < c.time; ++i) {
    d.type_of.push_back(static_cast<std::uint8_t>(r.be(1)));
    if (d.type_of.back() >= c.type) r.fail("bad type index");
  }
  struct RawType {
    std::int64_t offset;
    bool dst;
    std::size_t abbrev_at;
  };
  std::vector<RawType> raw;
  for (std::size_t i = 0; i < c.type; ++i) {
    const std::int64_t off = r.signed_be(4);
    const bool dst = r.be(1) != 0;
    raw.push_back({off, dst, static_cast<std::size_t>(r.be(1))});
  }
  const std::string_view chars = r.take(c.chars);
  for (const RawType& t : raw) {
    if (t.abbrev_at >= chars.size()) r.fail("bad abbreviation index");
    const std::string_view tail = chars.substr(t.abbrev_at);
    d.types.push_back({std::chrono::seconds{t.offset}, t.dst, std::string(tail.substr(0, tail.find('\0')))});
  }
  r.take(c.isstd + c.isut);  // only meaningful to zic's POSIX-rule fallback, which we do not use
  return d;
}

// The footer of a v2+ file: "\n<POSIX TZ string>\n".
std::string footer(Reader& r) {
  const std::string_view rest = r.rest();
  if (rest.size() < 2 || rest[0] != '\n') r.fail("missing footer");
  const std::size_t end = rest.find('\n', 1);
  if (end == std::string_view::npos) r.fail("unterminated footer");
  return std::string(rest.substr(1, end - 1));
}

}  // namespace

bool has_tzif_magic(std::string_view bytes) { return bytes.substr(0, 4) == "TZif"; }

Zone::Data parse_tzif(std::string_view bytes, std::string_view what) {
  Reader r(bytes, what);
  Counts c{};
  const char version = header(r, c);
  if (version == '\0') return data_block(r, c, 4);
  r.take(block_size(c, 4));  // skip the 32-bit block: the 64-bit one repeats it without the 2038 limit
  header(r, c);
  Zone::Data d = data_block(r, c, 8);
  d.footer = footer(r);
  return d;
}

// open/fstat/read: an ifstream copied through istreambuf_iterator cost `schedtool next` more
// instructions than parsing the file.
Zone::Data read_tzif_file(const std::string& path, std::string_view what) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT && errno != ENOTDIR) throw Error("cannot read time zone file '" + path + "'");
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) close(fd);
    throw Error("no time zone file for '" + std::string(what) + "'");
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fd);
  if (got != bytes.size()) throw Error("cannot read time zone file '" + path + "'");
  if (!has_tzif_magic(bytes)) throw Error("'" + path + "' is not a TZif time zone file");
  return parse_tzif(bytes, what);
}

}  // namespace schedtool
