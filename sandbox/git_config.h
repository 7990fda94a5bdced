#pragma once
// Just enough of git's configuration format to find the keys that name files or
// programs (include.path, core.hooksPath, core.fsmonitor, ...). Pure: text in, entries
// out. sandmux never runs host git on a configuration a sandbox may have written.
//
// What it understands: [section], [section "subsection"], the legacy [section.sub],
// `name = value` and a bare `name` (true), quoted parts, the escapes \n \t \b \" \\,
// a backslash before a newline, and '#' / ';' comments. A line it cannot read ends the
// parse: host git refuses such a file too, so it runs nothing named after that line.
#include <string>
#include <string_view>
#include <vector>

namespace sandmux::sandbox {

struct GitConfigEntry {
  /// "section.name" or "section.subsection.name"; section and name lower-cased, the
  /// subsection as written.
  std::string key;
  std::string value;  // "true" for a bare name

  friend bool operator==(const GitConfigEntry&, const GitConfigEntry&) = default;
};

/// The entries of TEXT in order.
std::vector<GitConfigEntry> parse_git_config(std::string_view text);

}  // namespace sandmux::sandbox
