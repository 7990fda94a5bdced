#pragma once
// The CLI's blocking client of the broker's API socket (broker/protocol.h), the only one.
// connect() finds the broker at runtime_base()/broker.sock; when nothing answers there it
// starts one, as tmux starts its server, by running this same executable
// (`/proc/self/exe broker start`), and waits (bounded) until it answers. connect_to()
// and connect_within() never start a broker; connect_within() (for `sandmux broker`)
// also bounds every read by one deadline.
// Invariants: every failure is a UserError carrying the contract's exit code: wire error
// codes map as protocol.h's error_code comments say (exit_code_for_error), and a broker
// that cannot be reached, goes away or talks nonsense is "broker unreachable"/125. Of
// those, "nothing answers" (nothing accepts on the socket, the connection breaks or
// closes, a connect_within() deadline passes) is a BrokerNotAnswering, so that callers
// can tell "no broker" from a broken one; the handshake happens in one place for all.
// Events that arrive while call() waits for its response are kept, in order, for
// next_message().
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "broker/command.h"
#include "broker/protocol.h"
#include "broker/server_message.h"
#include "sandbox/unique_fd.h"

namespace sandmux::broker {

/// The exit code for a wire error code (protocol.h's error_code comments); unknown
/// codes are sandmux's own failure (125).
int exit_code_for_error(std::string_view code);

/// How long connect() waits for a broker it started.
inline constexpr std::chrono::seconds kBrokerStartTimeout{10};

/// "broker unreachable: ..."/125 because nothing answers: nothing accepts connections on
/// the socket, the broker closes or breaks the connection, or the deadline passes.
class BrokerNotAnswering : public UserError {
 public:
  using UserError::UserError;
};

class ApiClient {
 public:
  /// Connects to the calling user's broker, starting it when it is not running, and
  /// does the handshake. Throws UserError (125) when it cannot.
  static ApiClient connect();
  /// Connects to the broker at SOCKET_PATH without starting one.
  static ApiClient connect_to(const std::string& socket_path);
  /// Connects to the broker at SOCKET_PATH without starting one; the handshake and
  /// every later read end TIMEOUT from now, with BrokerNotAnswering. Leaves signal
  /// dispositions alone: `broker start --foreground` then runs the broker in this process.
  static ApiClient connect_within(const std::string& socket_path,
                                  std::chrono::milliseconds timeout);

  /// Sends PARAMS and waits for its response: the result, or a UserError with the
  /// error's message and mapped exit code.
  boost::json::value call(const RequestParams& params);
  /// Sends PARAMS and returns its request id without waiting.
  std::int64_t send(const RequestParams& params);
  /// The next message from the broker (kept events first). Blocks.
  ServerMessage next_message();

  /// The API socket of the calling user's broker.
  static std::string default_socket_path();

 private:
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;

  ApiClient(sandbox::UniqueFd fd, Deadline deadline)
      : m_fd(std::move(fd)), m_deadline(deadline) {}
  /// The client on FD once the broker has answered the hello.
  static ApiClient greeted(sandbox::UniqueFd fd, Deadline deadline);
  /// Connects to SOCKET_PATH (BrokerNotAnswering when nothing accepts) and greets.
  static ApiClient connect_existing(const std::string& socket_path, Deadline deadline);
  std::string read_line();
  void wait_readable();
  void write_all(std::string_view bytes);

  sandbox::UniqueFd m_fd;
  Deadline m_deadline;  ///< when set, no read waits past it
  std::string m_buffer;
  std::deque<ServerMessage> m_pending;
  std::int64_t m_next_id = 1;
};

}  // namespace sandmux::broker
