/*
 * Connection: process lifecycle and byte I/O. Asynchronous handlers hold a weak pointer and
 * the generation (connect() count) they were started for; a handler from an older
 * generation, or for a dead connection, does nothing. Invariant: m_alive is true exactly
 * between a successful connect() and die(), and die() runs its body once per generation.
 */
#include "tmuxctl/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <csignal>
#include <utility>
#include <system_error>

#include "tmuxctl/process_reaper.h"

namespace sandmux::tmuxctl {
namespace {

constexpr std::size_t kStderrTail = 2048;
constexpr auto kStderrGrace = std::chrono::milliseconds(500);

/// A dead client must not kill the program with SIGPIPE when we write to it.
void ignore_sigpipe_if_default() {
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    std::signal(SIGPIPE, SIG_IGN);
  }
}

}  // namespace

std::shared_ptr<Connection> Connection::create(boost::asio::io_context& io, ProcessLauncher& launcher,
                                               ConnectionOptions options, ConnectionCallbacks callbacks) {
  return std::shared_ptr<Connection>(
      new Connection(io, launcher, std::move(options), std::move(callbacks)));
}

Connection::Connection(boost::asio::io_context& io, ProcessLauncher& launcher,
                       ConnectionOptions options, ConnectionCallbacks callbacks)
    : m_io(io),
      m_launcher(launcher),
      m_options(std::move(options)),
      m_callbacks(std::move(callbacks)),
      m_parser(m_options.max_line),
      m_router([this](UnsolicitedBlock&& block) {
        if (!m_ready && block.error && !block.lines.empty()) m_startup_error = block.lines.front();
        if (m_callbacks.on_unsolicited) m_callbacks.on_unsolicited(std::move(block));
      }),
      m_deadline(io),
      m_stderr_wait(io) {}

Connection::~Connection() {
  if (!m_alive) return;
  m_alive = false;
  m_stdin.reset();
  m_stdout.reset();
  m_stderr.reset();
  m_launcher.kill(m_pid);
  reap_process(m_io, m_launcher, m_pid, std::chrono::milliseconds(0));
}

std::vector<std::string> Connection::client_argv() const {
  std::vector<std::string> argv = m_options.tmux_command;
  argv.emplace_back("-u");  // UTF-8 whatever the locale: otherwise tmux prints '_' for bytes >= 0x80
  argv.emplace_back("-C");
  argv.insert(argv.end(), m_options.startup.begin(), m_options.startup.end());
  if (!m_options.client_flags.empty()) {
    argv.emplace_back("-f");
    argv.push_back(m_options.client_flags);
  }
  return argv;
}

void Connection::connect() {
  if (m_alive) throw std::system_error(EISCONN, std::generic_category(), "tmux connection already alive");
  ignore_sigpipe_if_default();
  const LaunchedProcess process = m_launcher.launch(client_argv());
  ++m_generation;
  m_parser.reset();
  m_saw_exit = false;
  m_exit_reason.clear();
  m_startup_error.clear();
  m_close_reason.clear();
  m_pending_death.clear();
  m_stderr_tail.clear();
  m_write_pending.clear();
  m_writing = false;
  m_ready = false;
  m_pid = process.pid;
  m_stdin.emplace(m_io, process.stdin_fd);
  m_stdout.emplace(m_io, process.stdout_fd);
  if (process.stderr_fd >= 0) m_stderr.emplace(m_io, process.stderr_fd);
  m_alive = true;
  start_read();
  start_stderr_read();
}

void Connection::start_read() {
  m_stdout->async_read_some(
      boost::asio::buffer(m_read_buffer),
      [weak = weak_from_this(), generation = m_generation](boost::system::error_code ec, std::size_t size) {
        const auto self = weak.lock();
        if (!self || self->m_generation != generation || !self->m_alive) return;
        if (ec) {
          self->on_stdout_end(self->end_of_stream_reason(ec));
          return;
        }
        self->on_read(size);
        if (self->m_alive && self->m_generation == generation) self->start_read();
      });
}

void Connection::start_stderr_read() {
  if (!m_stderr) return;
  m_stderr->async_read_some(
      boost::asio::buffer(m_stderr_buffer),
      [weak = weak_from_this(), generation = m_generation](boost::system::error_code ec, std::size_t size) {
        const auto self = weak.lock();
        if (!self || self->m_generation != generation || !self->m_stderr) return;
        if (ec) {
          self->m_stderr.reset();
          if (!self->m_pending_death.empty()) self->die(std::exchange(self->m_pending_death, {}));
          return;
        }
        self->append_stderr(std::string_view(self->m_stderr_buffer.data(), size));
        self->start_stderr_read();
      });
}

void Connection::on_stdout_end(std::string reason) {
  if (!m_stderr) {
    die(std::move(reason));
    return;
  }
  // Let the client's last words on stderr arrive first, but not for long.
  m_pending_death = std::move(reason);
  m_stderr_wait.expires_after(kStderrGrace);
  m_stderr_wait.async_wait([weak = weak_from_this(), generation = m_generation](boost::system::error_code ec) {
    const auto self = weak.lock();
    if (ec || !self || self->m_generation != generation || self->m_pending_death.empty()) return;
    self->die(std::exchange(self->m_pending_death, {}));
  });
}

void Connection::append_stderr(std::string_view bytes) {
  m_stderr_tail.append(bytes);
  if (m_stderr_tail.size() > kStderrTail) m_stderr_tail.erase(0, m_stderr_tail.size() - kStderrTail);
}

void Connection::drain_stderr() {
  if (!m_stderr) return;
  boost::system::error_code ec;
  m_stderr->non_blocking(true, ec);
  for (int i = 0; i < 16 && !ec; ++i) {
    const std::size_t size = m_stderr->read_some(boost::asio::buffer(m_stderr_buffer), ec);
    if (!ec) append_stderr(std::string_view(m_stderr_buffer.data(), size));
  }
}

std::string Connection::end_of_stream_reason(const boost::system::error_code& ec) const {
  if (ec != boost::asio::error::eof) return "reading from the tmux client failed: " + ec.message();
  if (!m_close_reason.empty()) return m_close_reason;
  if (!m_startup_error.empty()) return "tmux client exited: " + m_startup_error;
  if (m_saw_exit) {
    return m_exit_reason.empty() ? std::string("tmux client exited (%exit)")
                                 : "tmux client exited (%exit " + m_exit_reason + ")";
  }
  return "tmux client closed its output without %exit";
}

void Connection::send(const CommandLine& line, ReplyHandler handler) {
  if (!m_alive) {
    boost::asio::post(m_io, [handler = std::move(handler)]() {
      Reply reply;
      reply.status = Reply::Status::NotSent;
      reply.error = "tmux connection is not alive";
      if (handler) handler(std::move(reply));
    });
    return;
  }
  m_router.expect(line.commands(), std::move(handler));
  ++m_stats.commands_sent;
  write_line(line.text());
}

std::future<Reply> Connection::submit(CommandLine line) {
  auto promise = std::make_shared<std::promise<Reply>>();
  auto future = promise->get_future();
  boost::asio::post(m_io, [self = shared_from_this(), line = std::move(line), promise]() {
    self->send(line, [promise](Reply&& reply) { promise->set_value(std::move(reply)); });
  });
  return future;
}

void Connection::write_line(std::string_view text) {
  m_write_pending.append(text);
  m_write_pending.push_back('\n');
  m_stats.max_write_backlog = std::max(m_stats.max_write_backlog, m_write_pending.size());
  start_write();
}

void Connection::start_write() {
  if (!m_stdin || !m_ready || m_writing || m_write_pending.empty()) return;
  m_write_inflight.swap(m_write_pending);
  m_write_pending.clear();
  m_writing = true;
  boost::asio::async_write(
      *m_stdin, boost::asio::buffer(m_write_inflight),
      [weak = weak_from_this(), generation = m_generation](boost::system::error_code ec, std::size_t) {
        const auto self = weak.lock();
        if (!self || self->m_generation != generation || !self->m_alive) return;
        self->m_writing = false;
        if (ec) {
          if (self->m_stdin) self->die("writing to the tmux client failed: " + ec.message());
          return;
        }
        self->start_write();
      });
}

void Connection::close() {
  if (!m_alive || !m_stdin) return;
  m_close_reason = "closed";
  m_stdin.reset();  // tmux detaches a control client whose stdin ends
  arm_deadline(m_options.shutdown_timeout, "tmux client did not exit after close; killed");
}

void Connection::kill_server(std::chrono::milliseconds timeout) {
  if (!m_alive) return;
  send(*Command("kill-server").build().value, nullptr);
  m_close_reason = "server killed (kill-server)";
  arm_deadline(timeout, "kill-server did not finish within " + std::to_string(timeout.count()) +
                            " ms; client killed");
}

void Connection::arm_deadline(std::chrono::milliseconds timeout, std::string reason) {
  m_deadline.expires_after(timeout);
  m_deadline.async_wait([weak = weak_from_this(), generation = m_generation,
                         reason = std::move(reason)](boost::system::error_code ec) {
    const auto self = weak.lock();
    if (ec || !self || self->m_generation != generation || !self->m_alive) return;
    self->m_launcher.kill(self->m_pid);
    self->die(reason);
  });
}

void Connection::die(std::string reason) {
  if (!m_alive) return;
  m_alive = false;
  drain_stderr();
  Death death{std::move(reason), m_saw_exit, m_exit_reason, m_stderr_tail};
  m_deadline.cancel();
  m_stderr_wait.cancel();
  m_pending_death.clear();
  m_stdin.reset();
  m_stdout.reset();
  m_stderr.reset();
  reap_process(m_io, m_launcher, m_pid, m_options.shutdown_timeout);
  m_router.fail_all(Reply::Status::ConnectionLost, "tmux connection lost: " + death.reason);
  if (m_callbacks.on_death) m_callbacks.on_death(death);
}

}  // namespace sandmux::tmuxctl
