#pragma once
// A private world for the broker daemon: XDG_RUNTIME_DIR, XDG_CONFIG_HOME and
// XDG_STATE_HOME in a temp dir, a project directory, the real `sandmux` binary
// ($SANDMUX_BIN) started with `sandmux broker start`, and raw API clients speaking the
// wire protocol over the socket. TearDown stops the broker (kill -9 as a last resort)
// and every jail it started. Works as root and as an unprivileged user.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstring>
#include <filesystem>
#include <optional>

#include "broker/base64.h"
#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"
#include "tests/integration/sandbox/sandbox_test_support.h"

namespace sandmux::testing {

/// One raw connection to the API socket: lines in, lines out, every wait bounded.
class RawClient {
 public:
  explicit RawClient(const std::string& socket_path) {
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { ::close(m_fd); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return m_connected; }
  int fd() const { return m_fd; }

  /// Writes TEXT; false when the broker closed the connection.
  bool write(const std::string& text) {
    std::string_view rest = text;
    while (!rest.empty()) {
      const ssize_t n = ::send(m_fd, rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// The next line (without '\n'), or nullopt at EOF or after the hang timeout.
  std::optional<std::string> read_line() {
    const auto deadline = std::chrono::steady_clock::now() + kHangTimeout;
    for (;;) {
      const std::size_t end = m_buffer.find('\n');
      if (end != std::string::npos) {
        std::string line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 1);
        return line;
      }
      pollfd p{m_fd, POLLIN, 0};
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      if (::poll(&p, 1, 1000) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  /// The next line as JSON (null at EOF).
  boost::json::value read_json() {
    const std::optional<std::string> line = read_line();
    if (!line) return nullptr;
    return boost::json::parse(*line);
  }

  /// Says hello with protocol 1; true when the broker answered with its hello.
  bool hello() {
    if (!write("{\"hello\":{\"protocol\":1,\"client\":\"daemon-test\"}}\n")) return false;
    const boost::json::value answer = read_json();
    return answer.is_object() && answer.as_object().contains("hello");
  }

  /// Sends request ID with METHOD and PARAMS (a JSON object text) and returns the
  /// response with that id, skipping events (kept in events()).
  boost::json::value call(const std::string& method, const std::string& params = "{}") {
    const std::int64_t id = m_next_id++;
    write("{\"id\":" + std::to_string(id) + ",\"method\":\"" + method + "\",\"params\":" + params +
          "}\n");
    return response(id);
  }
  /// The response to request ID; events met on the way are kept.
  boost::json::value response(std::int64_t id) {
    if (auto kept = m_responses.find(id); kept != m_responses.end()) {
      boost::json::value message = kept->second;
      m_responses.erase(kept);
      return message;
    }
    for (;;) {
      boost::json::value message = read_json();
      if (message.is_null()) return message;
      const boost::json::object& o = message.as_object();
      if (o.contains("event")) {
        m_events.push_back(message);
        continue;
      }
      if (o.contains("id") && o.at("id").is_int64()) {
        if (o.at("id").as_int64() == id) return message;
        m_responses[o.at("id").as_int64()] = message;
      }
    }
  }
  /// The next event (from the kept ones first).
  boost::json::value next_event() {
    if (!m_events.empty()) {
      boost::json::value event = m_events.front();
      m_events.erase(m_events.begin());
      return event;
    }
    return read_json();
  }
  std::int64_t next_id() const { return m_next_id; }
  /// The events met while waiting for responses, oldest first.
  const std::vector<boost::json::value>& events() const { return m_events; }
  /// The bytes of every kept output event of SESSION, in order.
  std::string output_of(const std::string& session) const {
    std::string bytes;
    for (const boost::json::value& e : m_events) {
      const boost::json::object& o = e.as_object();
      if (o.at("event").as_string() != "output" || o.at("session").as_string() != session) continue;
      if (auto data = broker::base64_decode(std::string(o.at("data").as_string()))) bytes += *data;
    }
    return bytes;
  }

 private:
  int m_fd = -1;
  bool m_connected = false;
  std::string m_buffer;
  std::int64_t m_next_id = 1;
  std::vector<boost::json::value> m_events;
  std::map<std::int64_t, boost::json::value> m_responses;  ///< answers read before asked for
};

/// The string field KEY of the result of RESPONSE ("" when absent).
inline std::string result_string(const boost::json::value& response, const char* key) {
  const boost::json::value* result = response.as_object().if_contains("result");
  if (!result || !result->is_object()) return "";
  const boost::json::value* field = result->as_object().if_contains(key);
  return field && field->is_string() ? std::string(field->as_string()) : "";
}
/// The error code of RESPONSE ("" when it is a result).
inline std::string error_code_of(const boost::json::value& response) {
  if (!response.is_object()) return "<no response>";
  const boost::json::value* error = response.as_object().if_contains("error");
  return error ? std::string(error->as_object().at("code").as_string()) : "";
}
/// Base64 field KEY of the result, decoded.
inline std::string result_bytes(const boost::json::value& response, const char* key) {
  std::string out;
  auto decoded = broker::base64_decode(result_string(response, key));
  return decoded ? *decoded : out;
}
/// JSON text of a string.
inline std::string json_string(const std::string& text) {
  return boost::json::serialize(boost::json::value(text));
}

class DaemonFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    m_project = m_tmp / "proj";
    std::filesystem::create_directories(m_project);
    m_runtime = m_tmp / "rt";
    std::filesystem::create_directories(m_runtime);
    ::chmod(m_runtime.c_str(), 0700);
    std::filesystem::create_directories(m_tmp / "config/sandmux/profiles");
    const auto current = current_environment();
    m_env["PATH"] = current.contains("PATH") ? current.at("PATH") : "/usr/local/bin:/usr/bin:/bin";
    m_env["HOME"] = current.contains("HOME") ? current.at("HOME") : "/nonexistent";
    m_env["LANG"] = "C.UTF-8";
    m_env["TERM"] = "xterm-256color";
    m_env["XDG_RUNTIME_DIR"] = m_runtime;
    m_env["XDG_CONFIG_HOME"] = m_tmp / "config";
    m_env["XDG_STATE_HOME"] = m_tmp / "state";
  }

  void TearDown() override {
    const long pid = broker_pid();
    sandmux({"broker", "stop"});
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
    for (const sandbox::JailPaths& jail : sandbox::find_jails(base())) {
      sandbox::stop_jail_server(jail);
    }
  }

  ProcessResult sandmux(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {sandmux_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, m_env, m_project);
  }

  void start_broker() {
    const ProcessResult started = sandmux({"broker", "start"});
    ASSERT_EQ(started.status, 0) << started.err;
  }

  /// The broker's pid from `broker status --json`, or 0 when it does not answer.
  long broker_pid() {
    const ProcessResult status = sandmux({"broker", "status", "--json"});
    if (status.status != 0) return 0;
    const boost::json::value v = boost::json::parse(status.out);
    return static_cast<long>(v.as_object().at("pid").to_number<std::int64_t>());
  }

  std::string base() const { return m_runtime + "/sandmux"; }
  std::string socket_path() const { return base() + "/broker.sock"; }

  /// A connected client that said hello.
  std::unique_ptr<RawClient> client() {
    auto c = std::make_unique<RawClient>(socket_path());
    EXPECT_TRUE(c->connected());
    EXPECT_TRUE(c->hello());
    return c;
  }

  /// `new` with NAME and COMMAND (JSON array text) in PROJECT (default: the fixture's).
  boost::json::value new_session(RawClient& c, const std::string& name, const std::string& command,
                                 const std::string& project = "") {
    return c.call("new", "{\"project\":" + json_string(project.empty() ? m_project : project) +
                             ",\"name\":" + json_string(name) + ",\"command\":" + command + "}");
  }

  TempDir m_tmp;
  std::string m_project;
  std::string m_runtime;
  std::map<std::string, std::string> m_env;
};

}  // namespace sandmux::testing
