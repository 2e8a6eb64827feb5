#pragma once
// Reading TZif files (RFC 8536, versions 1 to 4) into Zone::Data.
#include <string>
#include <string_view>

#include "time/zone.h"

namespace schedtool {

// True when the first bytes of `bytes` are the TZif magic.
bool has_tzif_magic(std::string_view bytes);

// Decodes a whole TZif file. Uses the 64-bit block of v2+ files (the 32-bit one stops in 2038)
// and keeps the footer rule. Throws Error naming `what` (a zone name or path) when malformed.
Zone::Data parse_tzif(std::string_view bytes, std::string_view what);

// Reads and decodes the file at `path`; throws Error if it is unreadable, not a regular file, or
// not TZif.
Zone::Data read_tzif_file(const std::string& path, std::string_view what);

}  // namespace schedtool
