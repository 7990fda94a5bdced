#pragma once
// The session object as JSON, exactly the fields of DESIGN.md's contract, in order:
// name, id, profile, project, socket, window, pane, pid, command (array), state,
// exit_status (int or null), created, size {cols, rows}.
// Invariants: session_from_json(session_to_json(s)) gives back every contract field
// of s (activity times and lost_reason are not part of the object); reading is strict
// (unknown, missing or mistyped fields are errors) and never throws.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <string>

#include "broker/json_fields.h"
#include "broker/session.h"

namespace sandmux::broker {

/// The contract object for SESSION.
boost::json::object session_to_json(const Session& session);

/// A Session from its contract object, or one line saying what is wrong, e.g.
/// "missing field 'state' in session object". The name, state, window size and id
/// are validated as the broker would; activity times are left at their defaults.
boost::system::result<Session, std::string> session_from_json(const boost::json::value& json);

/// {"cols": C, "rows": R}.
boost::json::object window_size_to_json(WindowSize size);
/// Reads field KEY of READER as a window size object within the allowed bounds.
bool read_window_size(FieldReader& reader, std::string_view key, WindowSize& out, bool required);

}  // namespace sandmux::broker
