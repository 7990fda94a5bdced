#pragma once
// The broker's answer to each protocol method (protocol.h): one handler per method,
// working on the session registry and the jails. Each request gets exactly one
// response line, now or later (new, send, capture, kill wait for tmux; wait and
// `logs -f` for their condition), delivered to the client that asked, if still there.
// Invariants: user text reaches tmux only through jail_manager_commands (the builder);
// a failed tmux command is an error response, never an exception out of a handler;
// handlers run on the io_context thread.
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "broker/session_registry_sink.h"
#include "broker/jail_manager.h"
#include "broker/protocol.h"
#include "broker/session_registry.h"

namespace sandmux::broker {

struct WaitState;

/// What broker.status reports and how broker.stop stops.
struct BrokerFacts {
  long pid = 0;
  std::string socket;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::function<void()> stop;
};

class RequestHandlers {
 public:
  RequestHandlers(boost::asio::io_context& io, SessionRegistry& registry, JailManager& jails,
                  BrokerFacts facts);

  /// Handles REQUEST from CLIENT.
  void handle(const Request& request, const std::shared_ptr<ClientSink>& client);
  /// CLIENT went away: its subscriptions end.
  void forget_client(const std::shared_ptr<ClientSink>& client);

 private:
  using Client = std::shared_ptr<ClientSink>;
  void handle_new(std::int64_t id, const NewParams& params, const Client& client);
  void create_window(std::int64_t id, const NewParams& params, Jail& jail, const Client& client);
  void handle_ls(std::int64_t id, const Client& client);
  void handle_send(std::int64_t id, const SendParams& params, const Client& client);
  void handle_keys(std::int64_t id, const KeysParams& params, const Client& client);
  void handle_capture(std::int64_t id, const CaptureParams& params, const Client& client);
  void handle_logs(std::int64_t id, const LogsParams& params, const Client& client);
  void handle_wait(std::int64_t id, const WaitParams& params, const Client& client);
  void check_idle(const std::shared_ptr<WaitState>& state, const SessionRecord& record,
                  double seconds);
  void check_match(const std::shared_ptr<WaitState>& state, const SessionRecord& record);
  void capture_for_match(const std::shared_ptr<WaitState>& state, SessionRecord& record);
  void handle_kill(std::int64_t id, const KillParams& params, const Client& client);
  void handle_socket(std::int64_t id, const SocketParams& params, const Client& client);
  void handle_subscribe(std::int64_t id, const SubscribeParams& params, const Client& client);
  void handle_unsubscribe(std::int64_t id, const UnsubscribeParams& params,
                          const Client& client);
  void handle_status(std::int64_t id, const Client& client);
  void handle_stop(std::int64_t id, const Client& client);
  void handle_jails(std::int64_t id, const Client& client);
  void handle_jails_stop(std::int64_t id, const JailsStopParams& params, const Client& client);

  /// The live session NAME with a pane in a connected jail, or nullptr after answering
  /// CLIENT with the error (no-such-session, session-ended).
  SessionRecord* live_session(std::int64_t id, std::string_view name, const Client& client);
  SessionRecord* any_session(std::int64_t id, std::string_view name, const Client& client);
  /// Sends LINE to the session's jail; DONE gets the reply lines, or the client gets an
  /// error response.
  void run_tmux(std::int64_t id, SessionRecord& record, const tmuxctl::CommandLine& line,
                const Client& client, std::function<void(tmuxctl::Reply&&)> done);

  /// Called once: with the reply, or with nullptr and a message when the jail did not
  /// answer within its request timeout.
  using DeadlineHandler = std::function<void(tmuxctl::Reply* reply, std::string timeout)>;
  /// Sends LINE to JAIL with the jail request deadline (JailManager::request_timeout).
  void send_with_deadline(Jail& jail, const tmuxctl::CommandLine& line, DeadlineHandler handler);
  /// Removes the killed session NAME (if still there) and records the jail's sessions.
  void forget_killed(const std::string& name);

  boost::asio::io_context& m_io;
  SessionRegistry& m_registry;
  JailManager& m_jails;
  BrokerFacts m_facts;
};

/// {"id": ID, "result": RESULT} to CLIENT.
void respond(const std::shared_ptr<ClientSink>& client, std::int64_t id,
             const boost::json::value& result);
/// {"id": ID, "error": {CODE, MESSAGE}} to CLIENT.
void respond_error(const std::shared_ptr<ClientSink>& client, std::int64_t id,
                   std::string_view code, std::string message);

}  // namespace sandmux::broker
