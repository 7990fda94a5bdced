// Session <-> JSON. Field order follows DESIGN.md so that `ls --json` reads naturally.
#include "broker/session_json.h"

#include <array>
#include <limits>
#include <string_view>

#include "broker/json_fields.h"
#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

constexpr std::array<std::string_view, 13> kSessionFields = {
    "name", "id",      "profile", "project",     "socket",  "window", "pane",
    "pid",  "command", "state",   "exit_status", "created", "size"};
constexpr std::array<std::string_view, 2> kSizeFields = {"cols", "rows"};

boost::json::array to_json_strings(const std::vector<std::string>& strings) {
  boost::json::array out;
  out.reserve(strings.size());
  for (const std::string& s : strings) out.emplace_back(s);
  return out;
}

bool read_int(FieldReader& reader, std::string_view key, int& out) {
  std::int64_t n = 0;
  if (!reader.integer(key, n)) return false;
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
    return reader.fail_field(key, "is out of range");
  }
  out = static_cast<int>(n);
  return true;
}

bool read_state(FieldReader& reader, Session& session) {
  std::string state;
  if (!reader.string("state", state)) return false;
  const std::optional<SessionState> parsed = parse_session_state(state);
  if (!parsed)
    return reader.fail_field("state", "has an unknown value " + quote_for_message(state));
  session.state = *parsed;
  const boost::json::value* status = reader.value("exit_status", true);
  if (!status) return false;
  if (status->is_null()) return true;
  int code = 0;
  if (!read_int(reader, "exit_status", code)) return false;
  session.exit_status = code;
  return true;
}

bool check_identity(FieldReader& reader, const Session& session) {
  if (std::optional<std::string> error = session_name_error(session.name)) {
    return reader.fail_field("name", "is invalid: " + *error);
  }
  if (!is_valid_session_id(session.id)) {
    return reader.fail_field("id", "is not a session id: " + quote_for_message(session.id));
  }
  return true;
}

}  // namespace

boost::json::object window_size_to_json(WindowSize size) {
  return boost::json::object{{"cols", size.cols}, {"rows", size.rows}};
}

bool read_window_size(FieldReader& reader, std::string_view key, WindowSize& out, bool required) {
  const boost::json::value* json = reader.value(key, required);
  if (!json) return reader.ok();
  if (!json->is_object()) {
    return reader.fail_field(key, "must be an object, not " + std::string(json_kind_name(*json)));
  }
  FieldReader size(json->get_object(), "size of " + reader.where(), kSizeFields);
  if (!read_int(size, "cols", out.cols) || !read_int(size, "rows", out.rows)) {
    return reader.fail_field(key, "is invalid: " + *size.error());
  }
  if (std::optional<std::string> error = window_size_error(out)) {
    return reader.fail_field(key, "is invalid: " + *error);
  }
  return true;
}

boost::json::object session_to_json(const Session& session) {
  boost::json::object out;
  out.reserve(kSessionFields.size());
  out["name"] = session.name;
  out["id"] = session.id;
  out["profile"] = session.profile;
  out["project"] = session.project;
  out["socket"] = session.socket;
  out["window"] = session.window;
  out["pane"] = session.pane;
  out["pid"] = session.pid;
  out["command"] = to_json_strings(session.command);
  out["state"] = to_string(session.state);
  if (session.exit_status) {
    out["exit_status"] = *session.exit_status;
  } else {
    out["exit_status"] = nullptr;
  }
  out["created"] = session.created;
  out["size"] = window_size_to_json(session.size);
  return out;
}

boost::system::result<Session, std::string> session_from_json(const boost::json::value& json) {
  if (!json.is_object()) {
    return {boost::system::in_place_error,
            "session object must be a JSON object, not " + std::string(json_kind_name(json))};
  }
  Session s;
  FieldReader reader(json.get_object(), "session object", kSessionFields);
  const bool ok = reader.string("name", s.name) && reader.string("id", s.id) &&
                  reader.string("profile", s.profile) && reader.string("project", s.project) &&
                  reader.string("socket", s.socket) && reader.string("window", s.window) &&
                  reader.string("pane", s.pane) && reader.integer("pid", s.pid) &&
                  reader.strings("command", s.command, true) && read_state(reader, s) &&
                  reader.string("created", s.created) &&
                  read_window_size(reader, "size", s.size, true) && check_identity(reader, s);
  // Session is an aggregate whose first member is a string: say which side is meant.
  if (!ok) return {boost::system::in_place_error, *reader.error()};
  return s;
}

}  // namespace sandmux::broker
