#pragma once
// A small, located TOML tree: the only window onto toml++, which is compiled in
// exactly one translation unit (toml_reader.cc) with exceptions off. The profile and
// settings parsers walk this tree, so toml++ stays out of every header.
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace sandmux::config {

enum class TomlType { string, integer, floating_point, boolean, date_time, array, table };

struct TomlEntry;

/// One TOML value with where it was written. Only the member for its type is set.
struct TomlValue {
  TomlType type = TomlType::table;
  Location where;
  std::string string;              // type string
  bool boolean = false;            // type boolean
  double number = 0;               // types integer and floating_point
  std::vector<TomlValue> items;    // type array
  std::vector<TomlEntry> entries;  // type table, in document order
};

/// A key of a table and its value; `where` is the key's own position.
struct TomlEntry {
  std::string key;
  Location where;
  TomlValue value;
};

/// Tables and arrays deeper than this are kept with their type but without children:
/// no setting is nested that deep, and the walkers only need to say "wrong type".
inline constexpr int kMaxTomlDepth = 4;

/// Parses TEXT. A syntax error is returned alone, located where toml++ found it.
Result<TomlValue> read_toml(std::string_view text, std::string_view filename);

}  // namespace sandmux::config
