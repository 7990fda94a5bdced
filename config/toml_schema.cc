// Typed reads from the located TOML tree, with house-style type errors.
#include "config/toml_schema.h"

#include <cstdio>

#include "config/did_you_mean.h"

namespace sandmux::config {
namespace {

void must_be(const TomlEntry& entry, const Location& where, std::string_view what,
             Diagnostics& errors) {
  errors.push_back(Diagnostic{where, quote(entry.key) + " must be " + std::string(what)});
}

std::string known_list(std::span<const std::string_view> known) {
  std::string list;
  for (std::string_view word : known) {
    if (!list.empty()) list += ", ";
    list += word;
  }
  return list;
}

/// As %g writes it: 0.1, 2, 86400.
std::string format_number(double number) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", number);
  return text;
}

}  // namespace

std::optional<Located> read_string(const TomlEntry& entry, Diagnostics& errors) {
  if (entry.value.type != TomlType::string) {
    must_be(entry, entry.value.where, "a string", errors);
    return std::nullopt;
  }
  return Located{entry.value.string, entry.value.where};
}

std::optional<bool> read_bool(const TomlEntry& entry, Diagnostics& errors) {
  if (entry.value.type != TomlType::boolean) {
    must_be(entry, entry.value.where, "a boolean", errors);
    return std::nullopt;
  }
  return entry.value.boolean;
}

std::optional<double> read_number(const TomlEntry& entry, double low, double high,
                                  Diagnostics& errors) {
  const TomlValue& value = entry.value;
  if (value.type != TomlType::integer && value.type != TomlType::floating_point) {
    must_be(entry, value.where, "a number", errors);
    return std::nullopt;
  }
  if (!(value.number >= low && value.number <= high)) {  // NaN is out of range too
    must_be(entry, value.where, "between " + format_number(low) + " and " + format_number(high),
            errors);
    return std::nullopt;
  }
  return value.number;
}

std::vector<Located> read_string_array(const TomlEntry& entry, Diagnostics& errors) {
  std::vector<Located> out;
  if (entry.value.type != TomlType::array) {
    must_be(entry, entry.value.where, "an array of strings", errors);
    return out;
  }
  for (const TomlValue& item : entry.value.items) {
    if (item.type == TomlType::string) {
      out.push_back(Located{item.string, item.where});
    } else {
      must_be(entry, item.where, "an array of strings", errors);
    }
  }
  return out;
}

std::vector<std::pair<Located, Located>> read_string_table(const TomlEntry& entry,
                                                           Diagnostics& errors) {
  std::vector<std::pair<Located, Located>> out;
  if (entry.value.type != TomlType::table) {
    must_be(entry, entry.value.where, "a table of strings", errors);
    return out;
  }
  for (const TomlEntry& item : entry.value.entries) {
    if (item.value.type == TomlType::string) {
      out.emplace_back(Located{item.key, item.where}, Located{item.value.string, item.value.where});
    } else {
      must_be(entry, item.value.where, "a table of strings", errors);
    }
  }
  return out;
}

bool expect_table(const TomlEntry& entry, Diagnostics& errors) {
  if (entry.value.type == TomlType::table) return true;
  must_be(entry, entry.value.where, "a table", errors);
  return false;
}

void report_unknown(const TomlEntry& entry, std::span<const std::string_view> known,
                    Diagnostics& errors) {
  std::string kind = entry.value.type == TomlType::table ? "unknown table " : "unknown key ";
  std::string hint = did_you_mean(entry.key, known);
  if (hint.empty()) hint = " (expected one of: " + known_list(known) + ")";
  errors.push_back(Diagnostic{entry.where, kind + quote(entry.key) + hint});
}

}  // namespace sandmux::config
