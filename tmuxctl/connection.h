#pragma once
/*
 * One `tmux -C` client, driven asynchronously on a Boost.Asio io_context. Invariants:
 *  - Single-threaded: every member function except submit() must be called on the thread
 *    running the io_context; all callbacks run there too. Any number of Connections may
 *    share one io_context (a broker runs one per jail).
 *  - Commands given before the startup command (attach) has answered are held and written
 *    after its flag-0 block, so they never run before the client is attached.
 *  - Every command gets exactly one Reply (see reply.h); replies are paired FIFO with flag-1
 *    blocks only (ReplyRouter). Commands are pipelined: send() never waits for a reply.
 *  - Memory stays bounded whatever tmux sends: output is handed to on_output straight from
 *    a fixed read buffer, and the parser holds at most one line (max_line).
 *  - Death (EOF on the client's stdout, %exit with or without a reason, a read error, or a
 *    close()/kill_server() timeout) fails every waiting command with ConnectionLost and
 *    calls on_death exactly once per connect(). connect() may then be called again.
 *  - The client runs as `TMUX_COMMAND -u -C STARTUP [-f CLIENT_FLAGS]`: -u because a client
 *    without a UTF-8 locale gets '_' for every byte >= 0x80 and for newlines in replies.
 *  - The launched pid may be a jail wrapper, not tmux: it is only ever killed and reaped.
 *
 * What tmux 3.3a makes the caller responsible for:
 *  - A reply means "queued", not "done": `wait-for` and `run-shell` without -b answer at once
 *    but block every later command on this connection; give them their own connection.
 *  - Block content is raw. A content line equal to the block's own exact "%end T N 1" cannot
 *    be told apart by any client; lines with any other numbers stay content. If that ever
 *    happens, the real %end then arrives outside a block and on_notification sees a StrayGuard
 *    event: treat it as a hostile server. Prefer commands whose output the jail cannot shape.
 *  - Output flows only for panes linked to the attached session; `respawn-pane` while this
 *    client lags has crashed 3.3a servers, so resync (or use no-output) before respawning.
 */
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tmuxctl/command_builder.h"
#include "tmuxctl/control_parser.h"
#include "tmuxctl/process_launcher.h"
#include "tmuxctl/reply.h"
#include "tmuxctl/reply_router.h"

namespace sandmux::tmuxctl {

struct ConnectionOptions {
  /// The tmux invocation before -C, e.g. {"tmux", "-S", socket} or {"tmux", "-L", name, "-f", "/dev/null"}.
  std::vector<std::string> tmux_command{"tmux"};
  /// The command the client starts with, e.g. {"attach-session", "-t", "sandmux"}. Commands
  /// sent before its (flag-0) reply block has ended are held until then.
  std::vector<std::string> startup{"attach-session"};
  /// Client flags set at attach (`-f FLAGS` on the startup command), e.g. "no-output,ignore-size"
  /// for a command-only connection (tmux 3.3a can wedge if no-output is toggled later), or
  /// "pause-after=2" for flow control.
  std::string client_flags;
  /// On %pause: capture the pane's screen, report it via on_resync, then continue the pane.
  bool auto_resync = true;
  std::size_t max_line = ControlParser::kDefaultMaxLine;
  /// How long close() and kill_server() wait for the client to exit before killing it.
  std::chrono::milliseconds shutdown_timeout{3000};
};

/// All callbacks run on the io_context thread and may call back into the Connection.
struct ConnectionCallbacks {
  /// Decoded pane output, cut anywhere (even inside a UTF-8 character: feed a
  /// PaneUtf8Assembler for text); BYTES is valid only during the call.
  std::function<void(std::uint32_t pane, std::string_view bytes)> on_output = nullptr;
  /// Every other event outside reply blocks: notifications, %pause/%continue, %exit,
  /// Unknown, Malformed, StrayLine, StrayGuard, LineTooLong.
  std::function<void(const Event&)> on_notification = nullptr;
  std::function<void(UnsolicitedBlock&&)> on_unsolicited = nullptr;
  /// After a %pause: the screen captured before the pane was continued (auto_resync).
  std::function<void(std::uint32_t pane, const Reply& screen)> on_resync = nullptr;
  std::function<void(const Death&)> on_death = nullptr;
};

struct ConnectionStats {
  std::uint64_t bytes_read = 0;
  std::uint64_t output_bytes = 0;        ///< decoded %output bytes delivered
  std::uint64_t commands_sent = 0;
  std::uint64_t pauses = 0;
  std::uint64_t resyncs = 0;
  std::size_t max_pending_line = 0;      ///< most bytes the parser ever held for one line
  std::size_t max_write_backlog = 0;     ///< most command bytes ever waiting to be written
  static constexpr std::size_t kReadBuffer = 64 * 1024;  ///< fixed read buffer size
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  /// LAUNCHER must outlive the connection.
  static std::shared_ptr<Connection> create(boost::asio::io_context& io, ProcessLauncher& launcher,
                                            ConnectionOptions options, ConnectionCallbacks callbacks);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Starts the client (again, after a death). Throws std::system_error if launching fails.
  /// The first call sets SIGPIPE to SIG_IGN if it was SIG_DFL: a dead client must not kill
  /// the program when we write to it.
  void connect();
  bool alive() const { return m_alive; }
  /// The pid the launcher returned (-1 before connect()).
  pid_t pid() const { return m_pid; }

  /// Writes LINE; HANDLER gets its reply (NotSent, posted, if the connection is not alive).
  void send(const CommandLine& line, ReplyHandler handler);
  /// Thread-safe: posts send() to the io_context and returns the reply as a future.
  std::future<Reply> submit(CommandLine line);

  /// Closes the client's stdin (tmux detaches it); kills the pid if it has not exited within
  /// shutdown_timeout. on_death follows with reason "closed".
  void close();
  /// Sends kill-server; if the client has not exited within TIMEOUT (3.3a can hang with a
  /// backlog), kills the pid and reports death.
  void kill_server(std::chrono::milliseconds timeout);

  const ConnectionStats& stats() const { return m_stats; }

 private:
  class Sink;
  Connection(boost::asio::io_context& io, ProcessLauncher& launcher, ConnectionOptions options,
             ConnectionCallbacks callbacks);

  std::vector<std::string> client_argv() const;
  void start_read();
  void start_stderr_read();
  void on_stdout_end(std::string reason);
  void append_stderr(std::string_view bytes);
  void drain_stderr();
  std::string end_of_stream_reason(const boost::system::error_code& ec) const;
  void on_read(std::size_t size);
  void handle_event(const Event& event);
  void handle_pause(std::uint32_t pane);
  void write_line(std::string_view text);
  void start_write();
  void arm_deadline(std::chrono::milliseconds timeout, std::string reason);
  void die(std::string reason);

  boost::asio::io_context& m_io;
  ProcessLauncher& m_launcher;
  ConnectionOptions m_options;
  ConnectionCallbacks m_callbacks;
  ControlParser m_parser;
  ReplyRouter m_router;

  std::optional<boost::asio::posix::stream_descriptor> m_stdin;
  std::optional<boost::asio::posix::stream_descriptor> m_stdout;
  std::optional<boost::asio::posix::stream_descriptor> m_stderr;
  boost::asio::steady_timer m_deadline;
  boost::asio::steady_timer m_stderr_wait;
  std::string m_pending_death;  ///< stdout ended; waiting briefly for stderr to end too
  pid_t m_pid = -1;
  std::uint64_t m_generation = 0;
  bool m_alive = false;
  bool m_writing = false;
  bool m_ready = false;  ///< the startup command's block has ended; commands may be written
  bool m_saw_exit = false;
  std::string m_exit_reason;
  std::string m_startup_error;
  std::string m_close_reason;
  std::string m_write_pending;
  std::string m_write_inflight;
  std::string m_stderr_tail;
  std::array<char, ConnectionStats::kReadBuffer> m_read_buffer{};
  std::array<char, 1024> m_stderr_buffer{};
  ConnectionStats m_stats;
};

}  // namespace sandmux::tmuxctl
