#include "broker/cli_output.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdio>
#include <optional>

#include "broker/base64.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/session_json.h"
#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;

[[noreturn]] void bad_answer(const std::string& why) {
  throw UserError(kExitFailure, "unexpected answer from the broker: " + why);
}

bool needs_quotes(std::string_view word) {
  return word.empty() || word.find_first_of(" \t'\"\\$`;&|<>()*?#~") != std::string_view::npos;
}

Row row_of(const Session& session) {
  return {printable(session.name),
          std::string(to_string(session.state)),
          printable(session.profile),
          printable(session.project),
          printable(session.window),
          session.pid > 0 ? std::to_string(session.pid) : std::string("-"),
          display_command(session.command)};
}

std::string format_row(const Row& row, const std::array<std::size_t, kColumns>& widths) {
  std::string line;
  for (std::size_t i = 0; i < kColumns; ++i) {
    line += row[i];
    if (i + 1 < kColumns) line.append(widths[i] - row[i].size() + 2, ' ');
  }
  return line + "\n";
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      out += hex;
    }
  }
  return out;
}

std::string display_command(std::span<const std::string> argv) {
  std::string line;
  for (const std::string& word : argv) {
    if (!line.empty()) line += ' ';
    line += needs_quotes(word) ? "'" + printable(word) + "'" : printable(word);
  }
  return line;
}

std::string format_session_table(std::span<const Session> sessions) {
  std::vector<Row> rows = {{"NAME", "STATE", "PROFILE", "PROJECT", "WINDOW", "PID", "COMMAND"}};
  for (const Session& session : sessions) rows.push_back(row_of(session));
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string table;
  for (const Row& row : rows) table += format_row(row, widths);
  return table;
}

Session session_from_result(const boost::json::value& result) {
  auto session = session_from_json(result);
  if (!session) bad_answer(session.error());
  return std::move(*session);
}

std::vector<Session> sessions_from_result(const boost::json::value& result) {
  const boost::json::value* list = &result;
  if (const auto* object = result.if_object()) {
    list = object->if_contains("sessions");
    if (!list) bad_answer("no 'sessions' in the answer to 'ls'");
  }
  if (!list->is_array()) bad_answer("the answer to 'ls' is not a list");
  std::vector<Session> sessions;
  for (const boost::json::value& item : list->get_array()) {
    sessions.push_back(session_from_result(item));
  }
  return sessions;
}

std::string string_from_result(const boost::json::value& result, std::string_view key) {
  if (const auto* text = result.if_string()) return std::string(*text);
  if (const auto* object = result.if_object()) {
    if (const auto* field = object->if_contains(key); field && field->is_string()) {
      return std::string(field->get_string());
    }
  }
  bad_answer("expected a string '" + std::string(key) + "'");
}

std::string bytes_from_result(const boost::json::value& result, std::string_view key) {
  std::optional<std::string> bytes;
  if (const auto* object = result.if_object()) {
    if (const auto* field = object->if_contains(key); field && field->is_string()) {
      bytes = base64_decode(field->get_string());
    }
  }
  if (!bytes) bad_answer("expected base64 bytes in '" + std::string(key) + "'");
  return std::move(*bytes);
}

void check_session_name(const std::string& name) {
  if (auto error = session_name_error(name)) throw UserError(kExitUsage, *error);
}

}  // namespace sandmux::broker
