// Side by side: decoded %output throughput of a tmuxctl Connection against the simplest
// possible reader (`tmux -C attach` piped into a byte counter), same flood, same run,
// alternating. tmux itself is the bottleneck; the aim is tmuxctl within 10% of the reader.
// Usage: tmuxctl_output_compare [MEGABYTES=50] [ROUNDS=3]
#include <poll.h>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tests/bench/tmuxctl_bench_server.h"

namespace sandmux::tmuxctl::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kMarker = "FLOOD-END";

std::string flood_command(std::size_t megabytes) {
  // N MB of base64 text (76-column lines, so \r\n escapes too), then a marker.
  return "sleep 0.3; head -c " + std::to_string(megabytes * 1000000 / 4 * 3) +
         " /dev/zero | base64; printf " + std::string(kMarker) + "; sleep 100000";
}

/// Starts the flood in a new window through a separate command-only connection.
void start_flood(BenchServer& server, std::size_t megabytes) {
  run_process(server.tmux({"new-window", "-d", "-t", "main:", flood_command(megabytes)}));
}

void kill_flood(BenchServer& server) {
  run_process(server.tmux({"kill-window", "-a", "-t", "main:0"}));
}

/// Reader 1: raw bytes of `tmux -C attach` counted until the marker shows up.
double raw_reader_seconds(BenchServer& server, std::size_t megabytes, std::size_t& bytes) {
  SpawnLauncher launcher;
  const LaunchedProcess p = launcher.launch(server.tmux({"-u", "-C", "attach", "-t", "main", "-f", "ignore-size"}));
  start_flood(server, megabytes);
  const auto start = Clock::now();
  std::vector<char> buffer(65536);
  std::string tail;
  bytes = 0;
  for (;;) {
    const ssize_t n = ::read(p.stdout_fd, buffer.data(), buffer.size());
    if (n <= 0) break;
    bytes += static_cast<std::size_t>(n);
    tail.append(buffer.data(), static_cast<std::size_t>(n));
    if (tail.find(kMarker) != std::string::npos) break;
    tail.erase(0, tail.size() > 16 ? tail.size() - 16 : 0);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(p.stdin_fd);
  ::close(p.stdout_fd);
  ::close(p.stderr_fd);
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  return seconds;
}

/// Reader 2: a tmuxctl Connection delivering decoded output to a counter.
double tmuxctl_seconds(BenchServer& server, std::size_t megabytes, std::size_t& decoded) {
  boost::asio::io_context io;
  SpawnLauncher launcher;
  bool done = false;
  std::string tail;
  decoded = 0;
  ConnectionCallbacks callbacks;
  callbacks.on_output = [&](std::uint32_t, std::string_view bytes) {
    decoded += bytes.size();
    tail.append(bytes);
    if (tail.find(kMarker) != std::string::npos) done = true;
    tail.erase(0, tail.size() > 16 ? tail.size() - 16 : 0);
  };
  auto connection = Connection::create(io, launcher, server.options("ignore-size"), std::move(callbacks));
  connection->connect();
  start_flood(server, megabytes);
  const auto start = Clock::now();
  while (!done && connection->alive()) io.run_one();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  connection->close();
  io.restart();
  io.run_for(std::chrono::milliseconds(300));
  return seconds;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace
}  // namespace sandmux::tmuxctl::bench

int main(int argc, char** argv) {
  using namespace sandmux::tmuxctl::bench;
  const std::size_t megabytes = argc > 1 ? std::stoul(argv[1]) : 50;
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 3;
  BenchServer server("out");
  std::vector<double> raw;
  std::vector<double> lib;
  for (int round = 0; round < rounds; ++round) {
    std::size_t raw_bytes = 0;
    std::size_t decoded = 0;
    raw.push_back(raw_reader_seconds(server, megabytes, raw_bytes));
    kill_flood(server);
    lib.push_back(tmuxctl_seconds(server, megabytes, decoded));
    kill_flood(server);
    std::printf("round %d: raw reader %.2f s (%zu bytes read), tmuxctl %.2f s (%zu bytes decoded)\n", round,
                raw.back(), raw_bytes, lib.back(), decoded);
  }
  const double mb = static_cast<double>(megabytes);
  std::printf("flood %zu MB: raw reader %.1f MB/s, tmuxctl %.1f MB/s decoded; tmuxctl/raw = %.3f (aim >= 0.9)\n",
              megabytes, mb / median(raw), mb / median(lib), median(raw) / median(lib));
  return 0;
}
