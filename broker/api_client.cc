#include "broker/api_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>
#include <utility>

#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/user_paths.h"

namespace sandmux::broker {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void unreachable(const std::string& why) {
  throw UserError(kExitFailure, "broker unreachable: " + why);
}

[[noreturn]] void no_answer(const std::string& why) {
  throw BrokerNotAnswering(kExitFailure, "broker unreachable: " + why);
}

/// A connected socket, or nullopt with errno set when nothing accepts at PATH.
std::optional<sandbox::UniqueFd> try_connect(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) no_answer("socket path too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  sandbox::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) unreachable(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::nullopt;
  }
  return fd;
}

/// Runs `/proc/self/exe broker start` with its stdio away from ours (its stderr into
/// ERR_FD, read back when it fails); returns its pid.
pid_t spawn_broker_start(int err_fd) {
  const pid_t pid = ::fork();
  if (pid < 0) unreachable(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(err_fd, 2);
    const char* argv[] = {"sandmux", "broker", "start", nullptr};
    ::execv("/proc/self/exe", const_cast<char* const*>(argv));
    _exit(kExitFailure);
  }
  return pid;
}

/// What the failed `broker start` said: its last non-empty stderr line.
std::string last_line(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const std::size_t start = text.rfind('\n');
  return start == std::string::npos ? text : text.substr(start + 1);
}

/// Starts the broker and waits until PATH accepts a connection.
sandbox::UniqueFd start_and_connect(const std::string& path) {
  int err[2];
  if (::pipe2(err, O_CLOEXEC | O_NONBLOCK) != 0) unreachable("pipe failed");
  sandbox::UniqueFd err_read(err[0]);
  pid_t child = spawn_broker_start(err[1]);
  ::close(err[1]);
  const auto deadline = Clock::now() + kBrokerStartTimeout;
  int status = 0;
  while (Clock::now() < deadline) {
    if (auto fd = try_connect(path)) return std::move(*fd);
    if (child > 0 && ::waitpid(child, &status, WNOHANG) == child) {
      child = 0;
      const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (!ok) {
        if (auto fd = try_connect(path)) return std::move(*fd);
        const std::string said = last_line(err_read.get());
        unreachable("'sandmux broker start' failed" + (said.empty() ? "" : ": " + said));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (child > 0) ::kill(child, SIGTERM);
  no_answer("no answer at " + path + " within " +
            std::to_string(kBrokerStartTimeout.count()) + " s of starting it");
}

}  // namespace

int exit_code_for_error(std::string_view code) {
  if (code == error_code::kBadRequest || code == error_code::kUnknownMethod ||
      code == error_code::kInvalidName) {
    return kExitUsage;
  }
  if (code == error_code::kTimeout) return kExitTimeout;
  return kExitFailure;
}

std::string ApiClient::default_socket_path() {
  return user_paths_from_environment().runtime_base() + "/broker.sock";
}

ApiClient ApiClient::connect() {
  ::signal(SIGPIPE, SIG_IGN);
  const std::string path = default_socket_path();
  std::optional<sandbox::UniqueFd> fd = try_connect(path);
  return greeted(fd ? std::move(*fd) : start_and_connect(path), std::nullopt);
}

ApiClient ApiClient::connect_to(const std::string& socket_path) {
  ::signal(SIGPIPE, SIG_IGN);
  return connect_existing(socket_path, std::nullopt);
}

ApiClient ApiClient::connect_within(const std::string& socket_path,
                                    std::chrono::milliseconds timeout) {
  return connect_existing(socket_path, Clock::now() + timeout);
}

ApiClient ApiClient::connect_existing(const std::string& socket_path, Deadline deadline) {
  std::optional<sandbox::UniqueFd> fd = try_connect(socket_path);
  if (!fd) no_answer(socket_path + ": " + std::strerror(errno));
  return greeted(std::move(*fd), deadline);
}

ApiClient ApiClient::greeted(sandbox::UniqueFd fd, Deadline deadline) {
  ApiClient client(std::move(fd), deadline);
  client.write_all(client_hello_line(std::string("sandmux-cli ") + SANDMUX_VERSION));
  const auto hello = parse_server_hello(client.read_line());
  if (!hello) throw UserError(exit_code_for_error(hello.error().code), hello.error().message);
  return client;
}

void ApiClient::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(m_fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) no_answer(std::string("writing to the broker: ") + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string ApiClient::read_line() {
  for (;;) {
    const std::size_t end = m_buffer.find('\n');
    if (end != std::string::npos) {
      std::string line = m_buffer.substr(0, end);
      m_buffer.erase(0, end + 1);
      return line;
    }
    if (m_buffer.size() > kMaxLineBytes) unreachable("the broker sent a line that is too long");
    wait_readable();
    char chunk[65536];
    const ssize_t n = ::read(m_fd.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) no_answer(std::string("reading from the broker: ") + std::strerror(errno));
    if (n == 0) no_answer("the broker closed the connection");
    m_buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

void ApiClient::wait_readable() {
  if (!m_deadline) return;  // read() waits
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*m_deadline - Clock::now());
    if (left.count() <= 0) no_answer("no answer in time");
    pollfd ready{m_fd.get(), POLLIN, 0};
    const int n = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (n > 0) return;
    if (n < 0 && errno != EINTR) unreachable(std::string("poll: ") + std::strerror(errno));
  }
}

std::int64_t ApiClient::send(const RequestParams& params) {
  const std::int64_t id = m_next_id++;
  write_all(request_line(id, params));
  return id;
}

ServerMessage ApiClient::next_message() {
  if (!m_pending.empty()) {
    ServerMessage message = std::move(m_pending.front());
    m_pending.pop_front();
    return message;
  }
  auto message = parse_server_line(read_line());
  if (!message) unreachable("unreadable answer: " + message.error().message);
  return std::move(*message);
}

boost::json::value ApiClient::call(const RequestParams& params) {
  const std::int64_t id = send(params);
  for (;;) {
    auto message = parse_server_line(read_line());
    if (!message) unreachable("unreadable answer: " + message.error().message);
    auto* response = std::get_if<Response>(&*message);
    if (!response) {
      m_pending.push_back(std::move(*message));
      continue;
    }
    if (response->id && *response->id != id) continue;  // a stale answer: not ours
    if (response->error) {
      throw UserError(exit_code_for_error(response->error->code), response->error->message);
    }
    return std::move(response->result);
  }
}

}  // namespace sandmux::broker
