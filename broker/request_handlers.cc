#include "broker/request_handlers.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <boost/json/array.hpp>
#include <filesystem>
#include <random>

#include "broker/base64.h"
#include "broker/jail_manager_commands.h"
#include "broker/session_json.h"
#include "broker/session_name.h"
#include "sandbox/jail_processes.h"

namespace sandmux::broker {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += '\n';
  }
  return text;
}

std::string base64(std::string_view bytes) {
  Base64Encoder encoder;
  encoder.add(bytes);
  return encoder.finish();
}

std::optional<std::string> env_entry_error(const std::string& entry) {
  const std::size_t eq = entry.find('=');
  bool ok = eq != std::string::npos && eq > 0;
  for (std::size_t i = 0; ok && i < eq; ++i) {
    const char c = entry[i];
    ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
  }
  if (ok) return std::nullopt;
  return "invalid environment entry " + quote_for_message(entry) + ": expected KEY=VALUE";
}

std::string new_session_id() {
  static std::mt19937_64 random{std::random_device{}()};
  return make_session_id(random());
}

}  // namespace

void respond(const std::shared_ptr<ClientSink>& client, std::int64_t id,
             const boost::json::value& result) {
  if (client) client->deliver(result_line(id, result));
}

void respond_error(const std::shared_ptr<ClientSink>& client, std::int64_t id,
                   std::string_view code, std::string message) {
  if (client) client->deliver(error_response_line({std::string(code), std::move(message), id}));
}

RequestHandlers::RequestHandlers(boost::asio::io_context& io, SessionRegistry& registry,
                                 JailManager& jails, BrokerFacts facts)
    : m_io(io), m_registry(registry), m_jails(jails), m_facts(std::move(facts)) {}

void RequestHandlers::handle(const Request& request, const std::shared_ptr<ClientSink>& client) {
  const std::int64_t id = request.id;
  std::visit(
      [&](const auto& params) {
        using T = std::decay_t<decltype(params)>;
        if constexpr (std::is_same_v<T, NewParams>) handle_new(id, params, client);
        else if constexpr (std::is_same_v<T, LsParams>) handle_ls(id, client);
        else if constexpr (std::is_same_v<T, SendParams>) handle_send(id, params, client);
        else if constexpr (std::is_same_v<T, KeysParams>) handle_keys(id, params, client);
        else if constexpr (std::is_same_v<T, CaptureParams>) handle_capture(id, params, client);
        else if constexpr (std::is_same_v<T, LogsParams>) handle_logs(id, params, client);
        else if constexpr (std::is_same_v<T, WaitParams>) handle_wait(id, params, client);
        else if constexpr (std::is_same_v<T, KillParams>) handle_kill(id, params, client);
        else if constexpr (std::is_same_v<T, SocketParams>) handle_socket(id, params, client);
        else if constexpr (std::is_same_v<T, SubscribeParams>) handle_subscribe(id, params, client);
        else if constexpr (std::is_same_v<T, UnsubscribeParams>) handle_unsubscribe(id, params, client);
        else if constexpr (std::is_same_v<T, BrokerStatusParams>) handle_status(id, client);
        else if constexpr (std::is_same_v<T, JailsParams>) handle_jails(id, client);
        else if constexpr (std::is_same_v<T, JailsStopParams>) handle_jails_stop(id, params, client);
        else handle_stop(id, client);
      },
      request.params);
}

void RequestHandlers::forget_client(const std::shared_ptr<ClientSink>& client) {
  for (SessionRecord* record : m_registry.all()) m_registry.unsubscribe(*record, client);
}

SessionRecord* RequestHandlers::any_session(std::int64_t id, std::string_view name,
                                            const Client& client) {
  SessionRecord* record = m_registry.find(name);
  if (!record) {
    respond_error(client, id, error_code::kNoSuchSession,
                  "no session named " + quote_for_message(name));
  }
  return record;
}

SessionRecord* RequestHandlers::live_session(std::int64_t id, std::string_view name,
                                             const Client& client) {
  SessionRecord* record = any_session(id, name, client);
  if (!record) return nullptr;
  Jail* jail = m_jails.find(record->jail);
  if (record->session.state == SessionState::lost || record->pane_id == kNoTmuxId || !jail ||
      !jail->ready) {
    respond_error(client, id, error_code::kSessionEnded,
                  "session " + quote_for_message(name) + " is lost" +
                      (record->session.lost_reason.empty() ? "" : ": " + record->session.lost_reason));
    return nullptr;
  }
  return record;
}

void RequestHandlers::run_tmux(std::int64_t id, SessionRecord& record,
                               const tmuxctl::CommandLine& line, const Client& client,
                               std::function<void(tmuxctl::Reply&&)> done) {
  Jail* jail = m_jails.find(record.jail);
  if (!jail || !jail->connection) {
    return respond_error(client, id, error_code::kSessionEnded, "the session's jail is gone");
  }
  send_with_deadline(*jail, line, [client, id, done = std::move(done)](tmuxctl::Reply* reply,
                                                                      std::string timeout) {
    if (!reply) return respond_error(client, id, error_code::kJailTimeout, timeout);
    if (!reply->ok()) {
      return respond_error(client, id, error_code::kInternal,
                           "tmux: " + (reply->error.empty() ? std::string("command failed")
                                                             : quote_for_message(reply->error, 200)));
    }
    done(std::move(*reply));
  });
}

void RequestHandlers::send_with_deadline(Jail& jail, const tmuxctl::CommandLine& line,
                                         DeadlineHandler handler) {
  // Exactly one of the reply and the timer calls HANDLER; a reply after the deadline is
  // dropped (the connection keeps pairing replies in order, so later ones stay right).
  auto answered = std::make_shared<bool>(false);
  auto shared = std::make_shared<DeadlineHandler>(std::move(handler));
  auto timer = std::make_shared<boost::asio::steady_timer>(m_io, m_jails.request_timeout());
  const double seconds = std::chrono::duration<double>(m_jails.request_timeout()).count();
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", seconds);
  std::string message = "jail " + jail.name + " did not answer within " + limit +
                        " s (jail_timeout_seconds); its tmux server may be frozen or hostile: "
                        "'sandmux jails stop " + jail.name + "' ends it";
  timer->async_wait([answered, shared, message](const boost::system::error_code& ec) {
    if (ec || *answered) return;
    *answered = true;
    (*shared)(nullptr, message);
  });
  jail.connection->send(line, [answered, shared, timer](tmuxctl::Reply&& reply) {
    timer->cancel();
    if (*answered) return;
    *answered = true;
    (*shared)(&reply, {});
  });
}

void RequestHandlers::handle_new(std::int64_t id, const NewParams& params, const Client& client) {
  std::error_code ec;
  const std::filesystem::path project = std::filesystem::canonical(params.project, ec);
  if (ec || !std::filesystem::is_directory(project) || params.project.empty() ||
      params.project.front() != '/') {
    return respond_error(client, id, error_code::kBadRequest,
                         "project " + quote_for_message(params.project) +
                             " is not an existing absolute directory");
  }
  for (const std::string& entry : params.env) {
    if (auto error = env_entry_error(entry)) {
      return respond_error(client, id, error_code::kBadRequest, *error);
    }
  }
  std::string name = params.name.value_or(default_session_name(
      params.command, [this](std::string_view n) { return m_registry.name_taken(n); }));
  if (!m_registry.reserve(name)) {
    return respond_error(client, id, error_code::kNameTaken,
                         "a session named " + quote_for_message(name) + " already exists");
  }
  NewParams resolved = params;
  resolved.name = name;
  resolved.project = project.string();
  m_jails.open(params.profile.value_or(""), resolved.project,
               [this, id, resolved, client](Jail* jail, std::string error) {
                 if (!jail) {
                   m_registry.release(*resolved.name);
                   return respond_error(client, id, error_code::kJailFailed,
                                        "cannot start the jail: " + error);
                 }
                 create_window(id, resolved, *jail, client);
               });
}

void RequestHandlers::create_window(std::int64_t id, const NewParams& params, Jail& jail,
                                    const Client& client) {
  Session session;
  session.name = *params.name;
  session.id = new_session_id();
  session.profile = jail.profile;
  session.project = params.project;
  session.socket = jail.spec.paths.socket;
  session.command = params.command;
  session.created = format_rfc3339_utc(std::chrono::system_clock::now());
  session.size = params.size;
  const auto line = new_window_command(session, params.env);
  if (!line) {
    m_registry.release(session.name);
    return respond_error(client, id, error_code::kBadRequest, line.error);
  }
  Jail* self = &jail;
  jail.connection->send(*line.value, [this, id, client, self, session](tmuxctl::Reply&& reply) {
    const auto made = reply.ok() && reply.lines.size() == 1
                          ? parse_new_window_reply(reply.lines.front())
                          : std::nullopt;
    if (!made) {
      m_registry.release(session.name);
      return respond_error(client, id, error_code::kJailFailed,
                           "tmux could not create the window: " +
                               quote_for_message(reply.error.empty() ? "no reply" : reply.error, 200));
    }
    SessionRecord record;
    record.session = session;
    record.session.pid = made->pid;
    record.jail = self->name;
    SessionRecord& placed = m_registry.add(std::move(record));
    m_registry.set_pane(placed, made->window, made->pane);
    m_registry.publish_state(placed, placed.session.on_started(std::chrono::steady_clock::now()));
    m_jails.schedule_idle_check();
    m_jails.save_sessions(self->name);
    spdlog::info("session '{}' created in jail {} (window @{})", session.name, self->name,
                 made->window);
    const auto identity = identity_command(made->window, placed.session);
    if (!identity) return respond(client, id, session_to_json(placed.session));
    const std::string name = session.name;
    self->connection->send(*identity.value, [this, id, client, name](tmuxctl::Reply&& set) {
      if (!set.ok()) spdlog::warn("session '{}': identity not stored: {}", name, set.error);
      if (SessionRecord* now = m_registry.find(name)) {
        respond(client, id, session_to_json(now->session));
      } else {
        respond_error(client, id, error_code::kNoSuchSession, "the session ended at once");
      }
    });
  });
}

void RequestHandlers::handle_ls(std::int64_t id, const Client& client) {
  boost::json::array sessions;
  for (SessionRecord* record : m_registry.all()) sessions.push_back(session_to_json(record->session));
  respond(client, id, boost::json::object{{"sessions", std::move(sessions)}});
}

void RequestHandlers::handle_send(std::int64_t id, const SendParams& params, const Client& client) {
  SessionRecord* record = live_session(id, params.name, client);
  if (!record) return;
  std::vector<tmuxctl::CommandLine> parts;
  if (!params.text.empty()) {
    auto text = send_text_command(record->pane_id, params.text, record->paste_mode.enabled());
    if (!text) return respond_error(client, id, error_code::kBadRequest, text.error);
    parts.push_back(*text.value);
  }
  if (params.enter) parts.push_back(*send_keys_command(record->pane_id, {"Enter"}).value);
  if (parts.empty()) return respond(client, id, boost::json::object{});
  auto line = tmuxctl::CommandLine::sequence(parts);
  if (!line) return respond_error(client, id, error_code::kBadRequest, line.error);
  m_registry.publish_state(*record, record->session.on_input(std::chrono::steady_clock::now()));
  m_jails.schedule_idle_check();
  run_tmux(id, *record, *line.value, client,
           [client, id](tmuxctl::Reply&&) { respond(client, id, boost::json::object{}); });
}

void RequestHandlers::handle_keys(std::int64_t id, const KeysParams& params, const Client& client) {
  for (const std::string& key : params.keys) {
    if (auto error = key_name_error(key)) {
      return respond_error(client, id, error_code::kBadRequest, *error);
    }
  }
  SessionRecord* record = live_session(id, params.name, client);
  if (!record) return;
  auto line = send_keys_command(record->pane_id, params.keys);
  if (!line) return respond_error(client, id, error_code::kBadRequest, line.error);
  m_registry.publish_state(*record, record->session.on_input(std::chrono::steady_clock::now()));
  m_jails.schedule_idle_check();
  run_tmux(id, *record, *line.value, client,
           [client, id](tmuxctl::Reply&&) { respond(client, id, boost::json::object{}); });
}

void RequestHandlers::handle_capture(std::int64_t id, const CaptureParams& params,
                                     const Client& client) {
  SessionRecord* record = live_session(id, params.name, client);
  if (!record) return;
  run_tmux(id, *record, capture_command(record->pane_id, params.history, params.escapes), client,
           [client, id](tmuxctl::Reply&& reply) {
             respond(client, id, boost::json::object{{"data", base64(joined(reply.lines))}});
           });
}

void RequestHandlers::handle_kill(std::int64_t id, const KillParams& params, const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  Jail* jail = m_jails.find(record->jail);
  const std::uint32_t window = record->window_id;
  const std::string name = params.name;
  if (!jail || !jail->ready || window == kNoTmuxId) {
    forget_killed(name);
    return respond(client, id, boost::json::object{});
  }
  // The session leaves `ls` only once its window is gone: closed by tmux, or, when the
  // jail does not answer in time, its processes killed from the host.
  Jail* self = jail;
  const long pane_pid = record->session.pid;
  send_with_deadline(*jail, kill_window_command(window),
                     [this, client, id, name, self, pane_pid](tmuxctl::Reply* reply, std::string why) {
                       if (!reply) {
                         const pid_t server = sandbox::jail_server_pid(self->spec.paths);
                         const auto killed = sandbox::kill_jail_session(server, pane_pid);
                         spdlog::warn("session '{}': {}; killed {} of its processes from the host",
                                      name, why, killed.size());
                       }
                       forget_killed(name);
                       respond(client, id, boost::json::object{});
                     });
}

void RequestHandlers::forget_killed(const std::string& name) {
  SessionRecord* record = m_registry.find(name);
  if (!record) return;
  const std::string jail_name = record->jail;
  m_registry.remove(name);
  m_jails.save_sessions(jail_name);
  spdlog::info("session '{}' killed", name);
}

void RequestHandlers::handle_status(std::int64_t id, const Client& client) {
  const auto uptime = std::chrono::steady_clock::now() - m_facts.started;
  respond(client, id,
          boost::json::object{
              {"pid", m_facts.pid},
              {"socket", m_facts.socket},
              {"version", SANDMUX_VERSION},
              {"uptime_seconds", std::chrono::duration_cast<std::chrono::seconds>(uptime).count()},
              {"jails", m_jails.live()},
              {"sessions", m_registry.size()}});
}

void RequestHandlers::handle_stop(std::int64_t id, const Client& client) {
  spdlog::info("stop requested through the API");
  respond(client, id, boost::json::object{});
  if (m_facts.stop) boost::asio::post(m_io, m_facts.stop);
}

}  // namespace sandmux::broker
