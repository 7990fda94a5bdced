// sandmux broker [start|stop|status] [--foreground] [--json]
//
// The daemon behind the session commands (which start it on demand, like tmux starts its
// server). `start` daemonizes (double fork, setsid, stdio to /dev/null), prints nothing
// and exits 0 once the socket answers, or exits 125 with the reason; with --foreground
// the broker runs in this process and logs to stderr as well as to
// $XDG_STATE_HOME/sandmux/broker.log. `stop` asks the broker to stop and waits for it;
// the jails and their sessions keep running. `status` prints the broker's pid, socket,
// uptime and the number of jails and sessions: exit 0 when it runs, 3 when it does not.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "broker/api_client.h"
#include "broker/command.h"
#include "broker/daemon.h"
#include "broker/exit_codes.h"
#include "sandbox/launcher.h"

namespace sandmux::broker {
namespace {

constexpr int kExitNotRunning = 3;
constexpr std::chrono::milliseconds kAnswerTimeout{5000};
constexpr std::chrono::seconds kStartTimeout{20};

struct BrokerOptions {
  std::string action = "status";
  bool foreground = false;
  bool json = false;
};

/// The result of REQUEST at the broker on SOCKET, or nullopt when nothing answers there
/// within kAnswerTimeout. A broken broker or an error reply is "broker: VERB: why"/125.
std::optional<boost::json::value> ask_broker(const std::string& socket,
                                             const RequestParams& request,
                                             const std::string& verb) {
  try {
    return ApiClient::connect_within(socket, kAnswerTimeout).call(request);
  } catch (const BrokerNotAnswering&) {
    return std::nullopt;
  } catch (const UserError& e) {
    throw UserError(kExitFailure, "broker: " + verb + ": " + e.what());
  }
}

/// True when something answers the hello on SOCKET within kAnswerTimeout, even wrongly.
bool broker_answers(const std::string& socket) {
  try {
    ApiClient::connect_within(socket, kAnswerTimeout);
    return true;
  } catch (const BrokerNotAnswering&) {
    return false;
  } catch (const UserError&) {
    return true;
  }
}

[[noreturn]] void become_daemon(int ready_fd) {
  ::setsid();
  if (::fork() != 0) _exit(0);
  const int null_fd = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
  const int keep[] = {ready_fd};
  sandbox::close_other_fds(keep);
  ::umask(077);
  if (::chdir("/") != 0) _exit(kExitFailure);
  _exit(run_daemon(DaemonOptions{false, ready_fd}));
}

/// What the daemon wrote on the ready pipe ("ok" or "error: ..."); empty at EOF.
std::string read_ready(int fd) {
  std::string text;
  char chunk[512];
  ssize_t n = 0;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) text.append(chunk, static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

int start(const BrokerOptions& options) {
  const BrokerLocation where = broker_location();
  if (broker_answers(where.socket)) return kExitOk;
  if (options.foreground) return run_daemon(DaemonOptions{true, -1});
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) throw UserError(kExitFailure, "broker: pipe failed");
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) throw UserError(kExitFailure, "broker: fork failed");
  if (child == 0) {
    ::close(ready[0]);
    become_daemon(ready[1]);
  }
  ::close(ready[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  const std::string said = read_ready(ready[0]);
  ::close(ready[0]);
  if (said == "ok" && broker_answers(where.socket)) return kExitOk;
  // Another starter may have won the race for the lock: its broker answers.
  if (broker_answers(where.socket)) return kExitOk;
  throw UserError(kExitFailure, "broker: did not start: " +
                                    (said.empty() ? "it exited (log: " + where.log + ")"
                                                  : said.substr(said.rfind("error: ", 0) == 0 ? 7 : 0)));
}

int stop() {
  const BrokerLocation where = broker_location();
  if (!ask_broker(where.socket, BrokerStopParams{}, "stop")) return kExitOk;  // not running
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (broker_answers(where.socket)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw UserError(kExitFailure, "broker: stop: it still answers on " + where.socket);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return kExitOk;
}

int status(const BrokerOptions& options) {
  const BrokerLocation where = broker_location();
  const std::optional<boost::json::value> answer =
      ask_broker(where.socket, BrokerStatusParams{}, "status");
  if (!answer || !answer->is_object()) {
    if (options.json) std::printf("{\"running\":false,\"socket\":\"%s\"}\n", where.socket.c_str());
    else std::printf("not running (socket %s)\n", where.socket.c_str());
    return kExitNotRunning;
  }
  const boost::json::object& o = answer->as_object();
  if (options.json) {
    boost::json::object out = o;
    out["running"] = true;
    std::printf("%s\n", boost::json::serialize(out).c_str());
    return kExitOk;
  }
  auto number = [&o](const char* key) -> long long {
    const boost::json::value* v = o.if_contains(key);
    return v && v->is_int64() ? v->get_int64() : v && v->is_uint64() ? static_cast<long long>(v->get_uint64()) : 0;
  };
  std::printf("running\npid %lld\nsocket %s\nuptime %llds\njails %lld\nsessions %lld\n",
              number("pid"), where.socket.c_str(), number("uptime_seconds"), number("jails"),
              number("sessions"));
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<BrokerOptions>();
  app.add_option("action", options->action, "start, stop or status (default: status)")
      ->check(CLI::IsMember({"start", "stop", "status"}));
  app.add_flag("--foreground", options->foreground,
               "start: run in this terminal (logs on stderr too) instead of daemonizing");
  app.add_flag("--json", options->json, "status: print a JSON object");
  app.footer(
      "start prints nothing and exits 0 once the broker answers (125 if it cannot start).\n"
      "stop leaves the jails and sessions running; exit 0 once the broker is gone.\n"
      "status exit codes: 0 running, 3 not running, 125 error.\n"
      "Logs: $XDG_STATE_HOME/sandmux/broker.log.");
  return [options]() -> int {
    if (options->action == "start") return start(*options);
    if (options->action == "stop") return stop();
    return status(*options);
  };
}

}  // namespace

extern const Command kBrokerCommand;
const Command kBrokerCommand = {"broker", "Start, stop or inspect the session broker daemon",
                                setup};

}  // namespace sandmux::broker
