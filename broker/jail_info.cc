#include "broker/jail_info.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <cstdio>

#include "broker/cli_output.h"
#include "broker/json_fields.h"

namespace sandmux::broker {
namespace {

constexpr std::array<std::string_view, 8> kFields = {
    "name", "profile", "project", "sessions", "pid", "pids", "memory_bytes", "socket"};

boost::json::value string_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return boost::json::string(text);
}

/// Reads KEY as a string or null (empty).
bool nullable_string(FieldReader& f, const boost::json::object& object, std::string_view key,
                     std::string& out) {
  const boost::json::value* v = object.if_contains(key);
  if (v && v->is_null()) return true;
  return f.string(key, out);
}

bool count(FieldReader& f, std::string_view key, std::uint64_t& out) {
  std::int64_t value = 0;
  if (!f.integer(key, value)) return false;
  if (value < 0) return f.fail_field(key, "must not be negative");
  out = static_cast<std::uint64_t>(value);
  return true;
}

bool pid_list(FieldReader& f, std::vector<std::int64_t>& out) {
  const boost::json::value* v = f.value("pids", true);
  if (!v) return false;
  if (!v->is_array()) return f.fail_field("pids", "must be an array of integers");
  for (const boost::json::value& item : v->get_array()) {
    if (!item.is_int64()) return f.fail_field("pids", "must be an array of integers");
    out.push_back(item.get_int64());
  }
  return true;
}

std::string text_or_dash(const std::string& text) { return text.empty() ? "-" : printable(text); }

}  // namespace

boost::json::object jail_info_to_json(const JailInfo& jail) {
  boost::json::array pids;
  for (std::int64_t pid : jail.pids) pids.emplace_back(pid);
  boost::json::object out;
  out["name"] = jail.name;
  out["profile"] = string_or_null(jail.profile);
  out["project"] = string_or_null(jail.project);
  out["sessions"] = static_cast<std::int64_t>(jail.sessions);
  out["pid"] = jail.pid > 0 ? boost::json::value(jail.pid) : boost::json::value(nullptr);
  out["pids"] = std::move(pids);
  out["memory_bytes"] = static_cast<std::int64_t>(jail.memory_bytes);
  out["socket"] = jail.socket;
  return out;
}

boost::system::result<JailInfo, std::string> jail_info_from_json(const boost::json::value& json) {
  const boost::json::object* object = json.if_object();
  if (!object) {
    return {boost::system::in_place_error,
            "a jail must be an object, not " + std::string(json_kind_name(json))};
  }
  FieldReader f(*object, "jail object", kFields);
  JailInfo jail;
  const bool ok = f.ok() && f.string("name", jail.name) &&
                  nullable_string(f, *object, "profile", jail.profile) &&
                  nullable_string(f, *object, "project", jail.project) &&
                  count(f, "sessions", jail.sessions) &&
                  (object->contains("pid") && object->at("pid").is_null() ? true
                                                                          : f.integer("pid", jail.pid)) &&
                  pid_list(f, jail.pids) && count(f, "memory_bytes", jail.memory_bytes) &&
                  f.string("socket", jail.socket);
  if (!ok) return {boost::system::in_place_error, *f.error()};
  return jail;
}

std::string format_memory(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  constexpr std::array<const char*, 3> kUnits = {"KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string format_jail_table(std::span<const JailInfo> jails) {
  constexpr std::size_t kColumns = 8;
  using Row = std::array<std::string, kColumns>;
  std::vector<Row> rows = {
      {"NAME", "PROFILE", "PROJECT", "SESSIONS", "PID", "PROCS", "MEMORY", "SOCKET"}};
  for (const JailInfo& jail : jails) {
    rows.push_back({printable(jail.name), text_or_dash(jail.profile), text_or_dash(jail.project),
                    std::to_string(jail.sessions),
                    jail.pid > 0 ? std::to_string(jail.pid) : std::string("-"),
                    std::to_string(jail.pids.size()), format_memory(jail.memory_bytes),
                    printable(jail.socket)});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string table;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < kColumns; ++i) {
      line += row[i];
      if (i + 1 < kColumns) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    table += line + "\n";
  }
  return table;
}

}  // namespace sandmux::broker
