// Operation latency, side by side in one run: type a unique token + Enter into a session
// running `stty -echo; exec cat`, and time until the token is seen in its output. With the
// terminal's echo off the token appears only once cat has read the line and written it
// back, so every method measures the same round trip: input in, program's output out.
//   api        one persistent connection to the broker (broker/protocol.h), subscribed
//              to the session: `send` request written, time until an output event holds
//              the token (also: until the send's response)
//   cli        what a script does: `sandmux send NAME TOKEN` then
//              `sandmux wait NAME --match TOKEN --timeout 10`, two processes
//   cli-send   `sandmux send NAME TOKEN` alone (until the process exits), and until the
//              token reaches the api connection's subscription
//   libtmux    Debian's python3-libtmux on a plain tmux server (libtmux_latency.py):
//              pane.send_keys(token), then pane.capture_pane() in a loop, no sleep
//   floor      no broker: a `tmux -C` client of another plain tmux server, sending
//              send-keys and reading %output (what the broker itself does), for reference
// Rounds are interleaved (one sample of each method per round, the order rotating), after
// a warm-up. Prints p50/p90/p99/mean per method and the ratios libtmux/sandmux; with
// $BROKER_LATENCY_SAMPLES set, also writes every sample there ("method<TAB>ms" lines).
// Usage: broker_latency SANDMUX_BINARY [ITERATIONS=200] [WARMUP=20] [LIBTMUX_SCRIPT]
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "broker/protocol.h"
#include "broker/server_message.h"
#include "sandbox/unique_fd.h"
#include "tests/bench/broker_latency_world.h"

#ifndef LIBTMUX_LATENCY_SCRIPT
#define LIBTMUX_LATENCY_SCRIPT "tests/bench/libtmux_latency.py"
#endif

namespace sandmux::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kTimeout{10};
constexpr const char* kSession = "latency";

// The measured quantities, in the table's order.
constexpr const char* kApiEcho = "sandmux API: send -> echo event";
constexpr const char* kApiResponse = "sandmux API: send -> its response";
constexpr const char* kCliSendWait = "sandmux CLI: send + wait --match";
constexpr const char* kCliSendExit = "sandmux CLI: send (process exit)";
constexpr const char* kCliSendEcho = "sandmux CLI send -> echo event (API)";
constexpr const char* kLibtmux = "libtmux: send_keys + capture_pane poll";
constexpr const char* kFloor = "floor: tmux -C send-keys -> %output";
constexpr std::array<const char*, 7> kTableOrder = {kApiEcho, kApiResponse, kCliSendWait, kCliSendExit,
                                                    kCliSendEcho, kLibtmux, kFloor};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Reads lines from FD, each wait bounded by a deadline.
class LineReader {
 public:
  explicit LineReader(int fd) : m_fd(fd) {}
  std::string read_line(Clock::time_point deadline) {
    for (;;) {
      if (const std::size_t end = m_buffer.find('\n'); end != std::string::npos) {
        std::string line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) throw std::runtime_error("timed out reading a line");
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("end of input while reading a line");
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int m_fd;
  std::string m_buffer;
};

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) throw std::runtime_error("write failed");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// One connection to the broker, subscribed to the session; collects its output.
class BrokerConnection {
 public:
  explicit BrokerConnection(const std::string& socket_path)
      : m_fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)), m_reader(m_fd.get()) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    if (::connect(m_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect to " + socket_path);
    }
    write_all(m_fd.get(), broker::client_hello_line("broker-latency"));
    if (!broker::parse_server_hello(m_reader.read_line(Clock::now() + kTimeout))) {
      throw std::runtime_error("the broker refused the hello");
    }
  }

  /// Writes a request; its id.
  std::int64_t send(const broker::RequestParams& params) {
    const std::int64_t id = m_next_id++;
    write_all(m_fd.get(), broker::request_line(id, params));
    return id;
  }

  /// Reads until the response to ID (when given) has come and the output holds TOKEN
  /// (when given); the output up to the token is dropped. The times (ms since START)
  /// each was seen.
  std::pair<double, double> wait_for(std::optional<std::int64_t> id, const std::string& token,
                                     Clock::time_point start) {
    double answered = id ? -1 : 0, seen = token.empty() ? 0 : -1;
    const auto deadline = Clock::now() + kTimeout;
    while (answered < 0 || seen < 0) {
      auto message = broker::parse_server_line(m_reader.read_line(deadline));
      if (!message) throw std::runtime_error("unreadable line: " + message.error().message);
      if (auto* output = std::get_if<broker::OutputEvent>(&*message)) {
        m_output += output->bytes;
        if (const std::size_t at = m_output.find(token); seen < 0 && at != std::string::npos) {
          seen = ms_since(start);
          m_output.erase(0, at + token.size());
        }
      } else if (auto* response = std::get_if<broker::Response>(&*message)) {
        if (response->error) throw std::runtime_error("broker: " + response->error->message);
        if (id && response->id == id) answered = ms_since(start);
      }
    }
    return {answered, seen};
  }

 private:
  sandbox::UniqueFd m_fd;
  LineReader m_reader;
  std::int64_t m_next_id = 1;
  std::string m_output;  ///< output not yet matched
};

/// libtmux_latency.py, one token per request, answering with its own measurement.
class LibtmuxHelper {
 public:
  LibtmuxHelper(const PrivateWorld& world, const std::string& script) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    const std::string socket_name = "broker-latency-" + std::to_string(::getpid());
    m_pid = world.spawn({"/usr/bin/python3", "-I", script, socket_name}, {{in[0], 0}, {out[1], 1}});
    ::close(in[0]);
    ::close(out[1]);
    m_in.reset(in[1]);
    m_out.reset(out[0]);
    m_reader.emplace(m_out.get());
    if (m_reader->read_line(Clock::now() + kTimeout) != "ready") {
      throw std::runtime_error("libtmux_latency.py did not start");
    }
  }
  ~LibtmuxHelper() {
    m_in.reset();  // end of input: it kills its server and exits
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }
  LibtmuxHelper(const LibtmuxHelper&) = delete;
  LibtmuxHelper& operator=(const LibtmuxHelper&) = delete;

  double round_trip_ms(const std::string& token) {
    write_all(m_in.get(), token + "\n");
    const std::string answer = m_reader->read_line(Clock::now() + 2 * kTimeout);
    if (answer == "timeout") throw std::runtime_error("libtmux never saw " + token);
    return std::stod(answer) * 1000;
  }

 private:
  pid_t m_pid = -1;
  sandbox::UniqueFd m_in, m_out;
  std::optional<LineReader> m_reader;
};

/// The floor: a control-mode client of a plain tmux server, no broker in between.
class ControlModeFloor {
 public:
  explicit ControlModeFloor(const PrivateWorld& world)
      : m_world(world), m_socket_name("broker-latency-floor-" + std::to_string(::getpid())) {
    if (m_world.run(tmux({"new-session", "-d", "-s", "floor", "-x", "80", "-y", "24",
                          "sh -c 'stty -echo; exec cat'"})) != 0) {
      throw std::runtime_error("cannot start the floor's tmux server");
    }
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    m_pid = world.spawn(tmux({"-C", "attach-session", "-t", "floor"}), {{in[0], 0}, {out[1], 1}});
    ::close(in[0]);
    ::close(out[1]);
    m_in.reset(in[1]);
    m_out.reset(out[0]);
    m_reader.emplace(m_out.get());
  }
  ~ControlModeFloor() {
    m_world.run(tmux({"kill-server"}));
    m_in.reset();
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    ::unlink(("/tmp/tmux-" + std::to_string(::getuid()) + "/" + m_socket_name).c_str());
  }
  ControlModeFloor(const ControlModeFloor&) = delete;
  ControlModeFloor& operator=(const ControlModeFloor&) = delete;

  double round_trip_ms(const std::string& token) {
    const auto start = Clock::now();
    write_all(m_in.get(), "send-keys -t floor -l " + token + " ; send-keys -t floor Enter\n");
    const auto deadline = start + kTimeout;
    for (;;) {
      const std::string line = m_reader->read_line(deadline);
      if (line.rfind("%output ", 0) == 0 && line.find(token) != std::string::npos) return ms_since(start);
    }
  }

 private:
  std::vector<std::string> tmux(std::vector<std::string> args) const {
    std::vector<std::string> argv{"/usr/bin/tmux", "-L", m_socket_name, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  const PrivateWorld& m_world;
  std::string m_socket_name;
  pid_t m_pid = -1;
  sandbox::UniqueFd m_in, m_out;
  std::optional<LineReader> m_reader;
};

/// The samples of every measured quantity, by name.
struct Samples {
  std::map<std::string, std::vector<double>> values;
  void add(const std::string& name, double ms) { values[name].push_back(ms); }
};

struct Summary {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0;
};

/// Nearest-rank percentiles.
Summary summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto rank = [&](double p) { return v[static_cast<std::size_t>(std::ceil(p * v.size())) - 1]; };
  double sum = 0;
  for (double x : v) sum += x;
  return {rank(0.50), rank(0.90), rank(0.99), sum / v.size()};
}

class Benchmark {
 public:
  Benchmark(PrivateWorld& world, const std::string& script) : m_world(world) {
    const int status = m_world.run({m_world.sandmux(), "new", "-n", kSession, "--", "sh", "-c",
                                    "stty -echo; exec cat"});
    if (status != 0) throw std::runtime_error("sandmux new failed with " + std::to_string(status));
    m_api.emplace(m_world.broker_socket());
    const std::int64_t id = m_api->send(broker::SubscribeParams{kSession, std::nullopt});
    m_api->wait_for(id, "", Clock::now());
    m_libtmux.emplace(m_world, script);
    m_floor.emplace(m_world);
  }

  /// One round: one sample of each method, starting with method NUMBER % kMethods.
  void round(int number, Samples* samples) {
    constexpr int kMethods = 5;
    for (int k = 0; k < kMethods; ++k) {
      const std::string token = "tok" + std::to_string(number) + "x" + std::to_string(k) + "z";
      switch ((number + k) % kMethods) {
        case 0: api(token, samples); break;
        case 1: cli_send_wait(token, samples); break;
        case 2: cli_send_alone(token, samples); break;
        case 3: libtmux(token, samples); break;
        default: floor(token, samples); break;
      }
    }
  }

 private:
  void api(const std::string& token, Samples* samples) {
    const auto start = Clock::now();
    const std::int64_t id = m_api->send(broker::SendParams{kSession, token, true});
    const auto [answered, seen] = m_api->wait_for(id, token, start);
    if (samples) {
      samples->add(kApiEcho, seen);
      samples->add(kApiResponse, answered);
    }
  }

  void cli_send_wait(const std::string& token, Samples* samples) {
    const auto start = Clock::now();
    check(m_world.run({m_world.sandmux(), "send", kSession, token}), "send");
    check(m_world.run({m_world.sandmux(), "wait", kSession, "--match", token, "--timeout", "10"}),
          "wait --match");
    const double ms = ms_since(start);
    m_api->wait_for(std::nullopt, token, start);  // keeps the subscription's reader in step
    if (samples) samples->add(kCliSendWait, ms);
  }

  void cli_send_alone(const std::string& token, Samples* samples) {
    const auto start = Clock::now();
    check(m_world.run({m_world.sandmux(), "send", kSession, token}), "send");
    const double exited = ms_since(start);
    const auto [unused, seen] = m_api->wait_for(std::nullopt, token, start);
    if (samples) {
      samples->add(kCliSendExit, exited);
      samples->add(kCliSendEcho, seen);
    }
  }

  void libtmux(const std::string& token, Samples* samples) {
    const double ms = m_libtmux->round_trip_ms(token);
    if (samples) samples->add(kLibtmux, ms);
  }

  void floor(const std::string& token, Samples* samples) {
    const double ms = m_floor->round_trip_ms(token);
    if (samples) samples->add(kFloor, ms);
  }

  static void check(int status, const char* what) {
    if (status != 0) throw std::runtime_error(std::string("sandmux ") + what + " exited with " + std::to_string(status));
  }

  PrivateWorld& m_world;
  std::optional<BrokerConnection> m_api;
  std::optional<LibtmuxHelper> m_libtmux;
  std::optional<ControlModeFloor> m_floor;
};

void write_samples(const Samples& samples, const char* path) {
  std::ofstream file(path);
  for (const char* name : kTableOrder) {
    for (double ms : samples.values.at(name)) file << name << '\t' << ms << '\n';
  }
}

std::string load_average() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

void print_table(const Samples& samples, int iterations) {
  std::printf("%-40s %9s %9s %9s %9s\n", "method (ms)", "p50", "p90", "p99", "mean");
  std::map<std::string, Summary> summaries;
  for (const char* name : kTableOrder) {
    const Summary s = summaries[name] = summarize(samples.values.at(name));
    std::printf("%-40s %9.3f %9.3f %9.3f %9.3f\n", name, s.p50, s.p90, s.p99, s.mean);
  }
  const Summary lib = summaries.at(kLibtmux);
  std::printf("\nratios libtmux / sandmux (%d samples each; aim >= 20):\n", iterations);
  std::printf("%-40s %9s %9s %9s\n", "", "p50", "p99", "mean");
  for (const char* name : {kApiEcho, kCliSendWait, kCliSendEcho}) {
    const Summary s = summaries.at(name);
    std::printf("%-40s %8.1fx %8.1fx %8.1fx\n", name, lib.p50 / s.p50, lib.p99 / s.p99, lib.mean / s.mean);
  }
  const Summary api = summaries.at(kApiEcho);
  const Summary floor = summaries.at(kFloor);
  std::printf("\nwhat the broker adds to tmux's own round trip (API - floor): p50 %+.3f ms, mean %+.3f ms\n",
              api.p50 - floor.p50, api.mean - floor.mean);
}

}  // namespace
}  // namespace sandmux::bench

int main(int argc, char** argv) {
  using namespace sandmux::bench;
  if (argc < 2) {
    std::fprintf(stderr, "usage: broker_latency SANDMUX_BINARY [ITERATIONS=200] [WARMUP=20] [LIBTMUX_SCRIPT]\n");
    return 2;
  }
  const std::string sandmux = std::filesystem::absolute(argv[1]).string();
  const int iterations = argc > 2 ? std::atoi(argv[2]) : 200;
  const int warmup = argc > 3 ? std::atoi(argv[3]) : 20;
  const std::string script = argc > 4 ? argv[4] : LIBTMUX_LATENCY_SCRIPT;
  if (iterations < 1 || warmup < 0) {
    std::fprintf(stderr, "broker_latency: ITERATIONS must be >= 1 and WARMUP >= 0\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  try {
    PrivateWorld world(sandmux);
    Benchmark bench(world, script);
    std::printf("load average before: %s\n", load_average().c_str());
    for (int i = 0; i < warmup; ++i) bench.round(i, nullptr);
    Samples samples;
    for (int i = 0; i < iterations; ++i) bench.round(warmup + i, &samples);
    std::printf("load average after:  %s\n", load_average().c_str());
    std::printf("rounds: %d after %d warm-up rounds, methods interleaved\n\n", iterations, warmup);
    print_table(samples, iterations);
    if (const char* path = std::getenv("BROKER_LATENCY_SAMPLES")) write_samples(samples, path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "broker_latency: %s\n", e.what());
    return 1;
  }
  return 0;
}
