#include "broker/daemon_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "broker/server_message.h"
#include "sandbox/unique_fd.h"

namespace sandmux::broker {
namespace {

using Clock = std::chrono::steady_clock;

class LineChannel {
 public:
  LineChannel(sandbox::UniqueFd fd, Clock::time_point deadline)
      : m_fd(std::move(fd)), m_deadline(deadline) {}

  bool write_all(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::send(m_fd.get(), text.data(), text.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  std::optional<std::string> read_line() {
    for (;;) {
      const std::size_t end = m_buffer.find('\n');
      if (end != std::string::npos) {
        std::string line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - Clock::now());
      pollfd p{m_fd.get(), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char chunk[4096];
      const ssize_t n = ::read(m_fd.get(), chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  sandbox::UniqueFd m_fd;
  Clock::time_point m_deadline;
  std::string m_buffer;
};

std::optional<LineChannel> open_channel(const std::string& path, std::chrono::milliseconds timeout) {
  sandbox::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (!fd || path.size() >= sizeof address.sun_path) return std::nullopt;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::nullopt;
  }
  LineChannel channel(std::move(fd), Clock::now() + timeout);
  if (!channel.write_all(client_hello_line(std::string("sandmux-cli ") + SANDMUX_VERSION))) {
    return std::nullopt;
  }
  const std::optional<std::string> hello = channel.read_line();
  if (!hello) return std::nullopt;
  auto parsed = parse_server_hello(*hello);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return channel;
}

}  // namespace

bool broker_answers(const std::string& socket, std::chrono::milliseconds timeout) {
  try {
    return open_channel(socket, timeout).has_value();
  } catch (const std::exception&) {
    return true;  // something answered, with an error
  }
}

std::optional<boost::json::value> call_broker(const std::string& socket,
                                              const RequestParams& request,
                                              std::chrono::milliseconds timeout) {
  std::optional<LineChannel> channel = open_channel(socket, timeout);
  if (!channel || !channel->write_all(request_line(1, request))) return std::nullopt;
  for (;;) {
    const std::optional<std::string> line = channel->read_line();
    if (!line) return std::nullopt;
    auto message = parse_server_line(*line);
    if (!message) throw std::runtime_error(message.error().message);
    const Response* response = std::get_if<Response>(&*message);
    if (!response) continue;  // an event
    if (response->error) throw std::runtime_error(response->error->message);
    return response->result;
  }
}

}  // namespace sandmux::broker
