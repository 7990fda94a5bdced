// Command round trip: one tmuxctl Connection (sequential and pipelined) against a tmux
// process per command (what libtmux does), in the same run; prints the ratios at the end.
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "tests/bench/tmuxctl_bench_server.h"

namespace sandmux::tmuxctl::bench {
namespace {

std::map<std::string, double> g_ns_per_command;

struct Session {
  BenchServer server{"rt"};
  boost::asio::io_context io;
  SpawnLauncher launcher;
  std::shared_ptr<Connection> connection;
  CommandLine line = *CommandLine::parse("display-message -p '#{session_name}'").value;

  Session() {
    connection = Connection::create(io, launcher, server.options("no-output,ignore-size"), {});
    connection->connect();
    run_commands(10);  // attach and warm up
  }
  ~Session() {
    connection->close();
    io.restart();
    io.run_for(std::chrono::milliseconds(200));
  }
  void run_commands(std::size_t count) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < count; ++i) connection->send(line, [&](Reply&& r) {
        if (!r.ok()) throw std::runtime_error(r.error);
        ++done;
      });
    while (done < count) io.run_one();
  }
};

Session& session() {
  static Session s;
  return s;
}

void record(benchmark::State& state, double commands) {
  state.SetItemsProcessed(static_cast<std::int64_t>(commands));
  state.counters["us_per_command"] = benchmark::Counter(
      commands, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ConnectionSequential(benchmark::State& state) {
  Session& s = session();
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) s.run_commands(1);
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  record(state, static_cast<double>(state.iterations()));
  g_ns_per_command["sequential"] = ns / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ConnectionSequential)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->UseRealTime();

void BM_ConnectionPipelined(benchmark::State& state) {
  Session& s = session();
  const auto batch = static_cast<std::size_t>(state.range(0));
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) s.run_commands(batch);
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  const double commands = static_cast<double>(state.iterations() * batch);
  record(state, commands);
  g_ns_per_command["pipelined"] = ns / commands;
}
BENCHMARK(BM_ConnectionPipelined)->Arg(1000)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

void BM_ProcessPerCommand(benchmark::State& state) {
  Session& s = session();
  const auto argv = s.server.tmux({"display-message", "-p", "#{session_name}"});
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (run_process(argv) != 0) state.SkipWithError("tmux display failed");
  }
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  record(state, static_cast<double>(state.iterations()));
  g_ns_per_command["process"] = ns / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ProcessPerCommand)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->UseRealTime();

}  // namespace
}  // namespace sandmux::tmuxctl::bench

int main(int argc, char** argv) {
  using sandmux::tmuxctl::bench::g_ns_per_command;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const double process = g_ns_per_command["process"];
  if (process > 0 && g_ns_per_command["sequential"] > 0 && g_ns_per_command["pipelined"] > 0) {
    std::printf("\nper command: process %.1f us, sequential %.1f us, pipelined %.2f us\n", process / 1e3,
                g_ns_per_command["sequential"] / 1e3, g_ns_per_command["pipelined"] / 1e3);
    std::printf("ratio vs a process per command: sequential %.1fx (aim 30x), pipelined %.1fx (aim 200x)\n",
                process / g_ns_per_command["sequential"], process / g_ns_per_command["pipelined"]);
  }
  return 0;
}
