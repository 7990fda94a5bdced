#pragma once
// What the session verbs print and how they read the broker's answers: the `ls` table,
// session objects from results, one-line display of user text, and the checks of
// command-line arguments every verb shares. Pure (no I/O).
// Invariants: the table has one header line and one line per session, columns separated
// by at least two spaces; any byte of user text that is not printable ASCII is shown as
// \xHH, so a hostile name, command or project cannot move the cursor or forge lines.
// Readers of results throw UserError(125) naming what was wrong with the answer.
#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "broker/session.h"

namespace sandmux::broker {

/// TEXT with every byte outside printable ASCII as \xHH (and '\\' as "\\\\").
std::string printable(std::string_view text);

/// ARGV as one display line: words joined by spaces, a word with spaces, quotes or
/// backslashes (or an empty word) in single quotes; printable() applied.
std::string display_command(std::span<const std::string> argv);

/// NAME STATE PROFILE PROJECT WINDOW PID COMMAND, one line per session.
std::string format_session_table(std::span<const Session> sessions);

/// The session object of a result (new, wait).
Session session_from_result(const boost::json::value& result);
/// The sessions of an `ls` result: an array of session objects (or {"sessions": [...]}).
std::vector<Session> sessions_from_result(const boost::json::value& result);
/// RESULT when it is a string, else the string field KEY of the object RESULT.
std::string string_from_result(const boost::json::value& result, std::string_view key);

/// The bytes of the base64 string field KEY of the object RESULT.
std::string bytes_from_result(const boost::json::value& result, std::string_view key);

/// Throws UserError(2) with session_name_error()'s message when NAME is invalid.
void check_session_name(const std::string& name);

}  // namespace sandmux::broker
