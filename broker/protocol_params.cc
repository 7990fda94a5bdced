// Reading and writing the params of each method. One small reader per method, listed
// in kMethods in the order of the RequestParams alternatives.
#include "broker/protocol_params.h"

#include <algorithm>
#include <array>
#include <utility>

#include "broker/json_fields.h"
#include "broker/session_json.h"
#include "broker/session_name.h"
#include "broker/wait_pattern.h"

namespace sandmux::broker {
namespace {

constexpr double kMaxWaitSeconds = 366.0 * 24 * 3600;
constexpr std::size_t kMaxKeyBytes = 64;

/// A FieldReader for one method's params that also knows the error code to report.
class ParamsReader {
 public:
  ParamsReader(const boost::json::object& params, std::string_view method,
               std::span<const std::string_view> known)
      : m_fields(params, "params of " + quote_for_message(method), known) {}

  FieldReader& fields() { return m_fields; }

  /// A session name: its own rules, reported as "invalid-name".
  bool name(std::string_view key, std::string& out) {
    if (!m_fields.string(key, out)) return false;
    if (std::optional<std::string> error = session_name_error(out)) {
      m_code = error_code::kInvalidName;
      m_name_error = std::move(error);
      return false;
    }
    return true;
  }

  bool fail(std::string_view key, std::string_view what) { return m_fields.fail_field(key, what); }

  ProtocolError error() const {
    return {std::string(m_code), m_name_error ? *m_name_error : m_fields.error().value_or(""), {}};
  }

 private:
  FieldReader m_fields;
  std::string_view m_code = error_code::kBadRequest;
  std::optional<std::string> m_name_error;
};

bool no_nul(ParamsReader& r, std::string_view key, std::string_view value) {
  if (value.find('\0') == std::string_view::npos) return true;
  return r.fail(key, "must not contain NUL bytes");
}

bool all_no_nul(ParamsReader& r, std::string_view key, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    if (!no_nul(r, key, value)) return false;
  }
  return true;
}

bool absolute_path(ParamsReader& r, std::string_view key, const std::string& path) {
  if (!no_nul(r, key, path)) return false;
  if (path.starts_with('/')) return true;
  return r.fail(key, "must be an absolute path, not " + quote_for_message(path));
}

bool env_entries(ParamsReader& r, const std::vector<std::string>& env) {
  for (const std::string& entry : env) {
    const std::size_t equals = entry.find('=');
    const std::string_view key = std::string_view(entry).substr(0, equals);
    const bool good_key = equals != std::string::npos && !key.empty() &&
                          !(key[0] >= '0' && key[0] <= '9') &&
                          key.find_first_not_of(
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                              "0123456789_") == std::string_view::npos;
    if (!good_key || entry.find('\0') != std::string::npos) {
      return r.fail("env", "has an invalid entry " + quote_for_message(entry, 40) +
                               ": expected KEY=VALUE, KEY of letters, digits and '_'");
    }
  }
  return true;
}

bool read(ParamsReader& r, NewParams& p) {
  FieldReader& f = r.fields();
  return f.string("profile", p.profile) && f.string("project", p.project) &&
         absolute_path(r, "project", p.project) &&
         (!f.has("name") || r.name("name", p.name.emplace())) &&
         read_window_size(f, "size", p.size, false) && f.strings("env", p.env) &&
         env_entries(r, p.env) && f.strings("command", p.command) &&
         all_no_nul(r, "command", p.command);
}

// Methods without params.
bool read(ParamsReader&, LsParams&) { return true; }
bool read(ParamsReader&, BrokerStatusParams&) { return true; }
bool read(ParamsReader&, BrokerStopParams&) { return true; }
bool read(ParamsReader&, JailsParams&) { return true; }

bool read(ParamsReader& r, SendParams& p) {
  FieldReader& f = r.fields();
  return r.name("name", p.name) && f.string("text", p.text) && no_nul(r, "text", p.text) &&
         f.boolean("enter", p.enter);
}

bool key_names(ParamsReader& r, const std::vector<std::string>& keys) {
  if (keys.empty()) return r.fail("keys", "must name at least one key");
  for (const std::string& key : keys) {
    const bool control = std::any_of(key.begin(), key.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (key.empty() || key.size() > kMaxKeyBytes || control) {
      return r.fail("keys", "has an invalid key name " + quote_for_message(key, 40));
    }
  }
  return true;
}

bool read(ParamsReader& r, KeysParams& p) {
  return r.name("name", p.name) && r.fields().strings("keys", p.keys, true) && key_names(r, p.keys);
}

bool read(ParamsReader& r, CaptureParams& p) {
  FieldReader& f = r.fields();
  return r.name("name", p.name) && f.boolean("history", p.history) &&
         f.boolean("escapes", p.escapes);
}

bool read(ParamsReader& r, LogsParams& p) {
  FieldReader& f = r.fields();
  return r.name("name", p.name) && f.unsigned_integer("since", p.since) &&
         f.boolean("follow", p.follow);
}

bool seconds(ParamsReader& r, std::string_view key, std::optional<double>& out, bool zero_ok) {
  if (!r.fields().number(key, out)) return false;
  if (!out || ((zero_ok ? *out >= 0 : *out > 0) && *out <= kMaxWaitSeconds)) return true;
  const std::string limit = std::to_string(static_cast<long>(kMaxWaitSeconds));
  return r.fail(key, zero_ok ? "must be between 0 and " + limit + " (seconds)"
                             : "must be more than 0 and at most " + limit + " (seconds)");
}

bool wait_condition(ParamsReader& r, WaitParams& p) {
  FieldReader& f = r.fields();
  const int given = f.has("exit") + f.has("idle_seconds") + f.has("match");
  if (given != 1) {
    return f.fail("need exactly one of 'exit', 'idle_seconds' and 'match'");
  }
  if (f.has("exit")) {
    bool exit = false;
    if (!f.boolean("exit", exit)) return false;
    if (!exit) return r.fail("exit", "must be true when present");
    p.until = WaitExit{};
    return true;
  }
  if (f.has("idle_seconds")) {
    std::optional<double> idle;
    if (!seconds(r, "idle_seconds", idle, false)) return false;
    p.until = WaitIdle{*idle};
    return true;
  }
  std::string pattern;
  if (!f.string("match", pattern)) return false;
  if (std::optional<std::string> error = match_pattern_error(pattern)) {
    return r.fail("match", "is invalid: " + *error);
  }
  p.until = WaitMatch{std::move(pattern)};
  return true;
}

bool read(ParamsReader& r, WaitParams& p) {
  return r.name("name", p.name) && wait_condition(r, p) &&
         seconds(r, "timeout_seconds", p.timeout_seconds, true);
}

bool read(ParamsReader& r, KillParams& p) { return r.name("name", p.name); }

bool read(ParamsReader& r, SocketParams& p) {
  FieldReader& f = r.fields();
  if (f.has("name") == f.has("project")) {
    return f.fail("need either 'name' or 'project' (with an optional 'profile')");
  }
  if (f.has("name")) {
    if (f.has("profile")) return r.fail("profile", "goes with 'project', not with 'name'");
    return r.name("name", p.name.emplace());
  }
  return f.string("profile", p.profile) && f.string("project", p.project) &&
         absolute_path(r, "project", *p.project);
}

bool read(ParamsReader& r, SubscribeParams& p) {
  return r.name("name", p.name) && r.fields().unsigned_integer("since", p.since);
}

bool read(ParamsReader& r, UnsubscribeParams& p) { return r.name("name", p.name); }

bool read(ParamsReader& r, JailsStopParams& p) {
  FieldReader& f = r.fields();
  if (!f.strings("names", p.names) || !f.boolean("all", p.all)) return false;
  if (p.all == !p.names.empty()) return f.fail("need either 'names' (not empty) or 'all': true");
  for (const std::string& name : p.names) {
    const bool plain = !name.empty() && name.front() != '.' &&
                       name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789._-") == std::string::npos;
    if (!plain) {
      return r.fail("names", "holds " + quote_for_message(name, 80) + ", which is no jail name");
    }
  }
  return true;
}

template <class P>
bool read_as(ParamsReader& r, RequestParams& out) {
  P params;
  if (!read(r, params)) return false;
  out = std::move(params);
  return true;
}

struct Method {
  std::string_view name;
  std::span<const std::string_view> fields;
  bool (*read)(ParamsReader&, RequestParams&);
};

constexpr std::array<std::string_view, 6> kNewFields = {"profile", "project", "name",
                                                        "size",    "env",     "command"};
constexpr std::array<std::string_view, 3> kSendFields = {"name", "text", "enter"};
constexpr std::array<std::string_view, 2> kKeysFields = {"name", "keys"};
constexpr std::array<std::string_view, 3> kCaptureFields = {"name", "history", "escapes"};
constexpr std::array<std::string_view, 3> kLogsFields = {"name", "since", "follow"};
constexpr std::array<std::string_view, 5> kWaitFields = {"name", "exit", "idle_seconds", "match",
                                                         "timeout_seconds"};
constexpr std::array<std::string_view, 1> kNameField = {"name"};
constexpr std::array<std::string_view, 3> kSocketFields = {"name", "profile", "project"};
constexpr std::array<std::string_view, 2> kSubscribeFields = {"name", "since"};
constexpr std::array<std::string_view, 2> kJailsStopFields = {"names", "all"};

// In the order of the RequestParams alternatives.
constexpr std::array<Method, 15> kMethods = {{
    {"new", kNewFields, read_as<NewParams>},
    {"ls", {}, read_as<LsParams>},
    {"send", kSendFields, read_as<SendParams>},
    {"keys", kKeysFields, read_as<KeysParams>},
    {"capture", kCaptureFields, read_as<CaptureParams>},
    {"logs", kLogsFields, read_as<LogsParams>},
    {"wait", kWaitFields, read_as<WaitParams>},
    {"kill", kNameField, read_as<KillParams>},
    {"socket", kSocketFields, read_as<SocketParams>},
    {"subscribe", kSubscribeFields, read_as<SubscribeParams>},
    {"unsubscribe", kNameField, read_as<UnsubscribeParams>},
    {"broker.status", {}, read_as<BrokerStatusParams>},
    {"broker.stop", {}, read_as<BrokerStopParams>},
    {"jails", {}, read_as<JailsParams>},
    {"jails.stop", kJailsStopFields, read_as<JailsStopParams>},
}};
static_assert(kMethods.size() == std::variant_size_v<RequestParams>);

constexpr auto kMethodNames = [] {
  std::array<std::string_view, 15> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = kMethods[i].name;
  return names;
};

// ---- Writing ----

boost::json::array json_strings(const std::vector<std::string>& strings) {
  boost::json::array out;
  for (const std::string& s : strings) out.emplace_back(s);
  return out;
}

template <class T>
void put(boost::json::object& out, std::string_view key, const std::optional<T>& value) {
  if (value) out[key] = *value;
}

boost::json::object to_json(const NewParams& p) {
  boost::json::object out;
  put(out, "profile", p.profile);
  out["project"] = p.project;
  put(out, "name", p.name);
  out["size"] = window_size_to_json(p.size);
  out["env"] = json_strings(p.env);
  out["command"] = json_strings(p.command);
  return out;
}
boost::json::object to_json(const LsParams&) { return {}; }
boost::json::object to_json(const BrokerStatusParams&) { return {}; }
boost::json::object to_json(const BrokerStopParams&) { return {}; }
boost::json::object to_json(const JailsParams&) { return {}; }
boost::json::object to_json(const JailsStopParams& p) {
  boost::json::object out;
  if (p.all) out["all"] = true;
  else out["names"] = json_strings(p.names);
  return out;
}
boost::json::object to_json(const SendParams& p) {
  return {{"name", p.name}, {"text", p.text}, {"enter", p.enter}};
}
boost::json::object to_json(const KeysParams& p) {
  return {{"name", p.name}, {"keys", json_strings(p.keys)}};
}
boost::json::object to_json(const CaptureParams& p) {
  return {{"name", p.name}, {"history", p.history}, {"escapes", p.escapes}};
}
boost::json::object to_json(const LogsParams& p) {
  boost::json::object out{{"name", p.name}, {"follow", p.follow}};
  put(out, "since", p.since);
  return out;
}
boost::json::object to_json(const WaitParams& p) {
  boost::json::object out{{"name", p.name}};
  if (std::holds_alternative<WaitExit>(p.until)) out["exit"] = true;
  if (const auto* idle = std::get_if<WaitIdle>(&p.until)) out["idle_seconds"] = idle->seconds;
  if (const auto* match = std::get_if<WaitMatch>(&p.until)) out["match"] = match->regex;
  put(out, "timeout_seconds", p.timeout_seconds);
  return out;
}
boost::json::object to_json(const KillParams& p) { return {{"name", p.name}}; }
boost::json::object to_json(const SocketParams& p) {
  boost::json::object out;
  put(out, "name", p.name);
  put(out, "profile", p.profile);
  put(out, "project", p.project);
  return out;
}
boost::json::object to_json(const SubscribeParams& p) {
  boost::json::object out{{"name", p.name}};
  put(out, "since", p.since);
  return out;
}
boost::json::object to_json(const UnsubscribeParams& p) { return {{"name", p.name}}; }

}  // namespace

std::span<const std::string_view> method_names() {
  static constexpr std::array<std::string_view, 15> kNames = kMethodNames();
  return kNames;
}

std::string_view method_name(const RequestParams& params) { return kMethods[params.index()].name; }

boost::system::result<RequestParams, ProtocolError> read_params(std::string_view method,
                                                                const boost::json::object& params) {
  for (const Method& m : kMethods) {
    if (m.name != method) continue;
    ParamsReader reader(params, method, m.fields);
    RequestParams out;
    if (reader.fields().ok() && m.read(reader, out)) return out;
    return reader.error();
  }
  return ProtocolError{std::string(error_code::kUnknownMethod),
                       "unknown method " + quote_for_message(method, 40),
                       {}};
}

boost::json::object params_to_json(const RequestParams& params) {
  return std::visit([](const auto& p) { return to_json(p); }, params);
}

}  // namespace sandmux::broker
