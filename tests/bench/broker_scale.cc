// Sessions per broker: creates idle sessions (`sleep 100000` or `cat`) through the API in
// steps (default 1, 100, 250, 500, 1000), pipelining the `new` requests, and at each step
// reports the creation rate, the broker's memory (VmRSS, private = Private_Clean +
// Private_Dirty, Anonymous, and heap in use from mallinfo2() through an LD_PRELOAD probe,
// broker_scale_heap_probe.cc: bytes handed out by malloc, and bytes malloc holds), the jail's
// tmux server memory, open fds, the idle CPU of broker and tmux (tmux evaluates the
// broker's per-pane subscription format for every pane every second), and the time of
// `ls` through the API and through the CLI (`sandmux ls --json`, exec included), medians.
// Then the marginal memory per idle session between steps. If a step cannot be reached,
// the first error is printed and the figures are taken at the count reached.
//
// Measurements start once `ls` shows every session idle (no output for the quiet time).
//
// Usage: broker_scale SANDMUX [--steps 1,100,250,500,1000] [--command sleep|cat]
//                     [--output-kib K] [--jails N] [--window N] [--ls-runs N]
//                     [--settle SECONDS] [--cpu-window SECONDS]
//                     [--heap-probe PATH.so | --no-heap-probe] [--hold SECONDS]
// --output-kib K makes each session print K KiB (one line of 'x') before it goes idle,
// so that the broker holds output for it (the ring is allocated at the first byte).
// --jails N spreads the sessions round-robin over N projects (one jail each).
// --window N: `new` requests in flight (default 32).
// --hold keeps the broker and jails that long before cleaning up (to look at them with
// perf or strace; the broker's pid is printed).
#include <boost/json/parse.hpp>
#include <cstdio>
#include <tuple>

#include "tests/bench/broker_bench_support.h"

#ifndef BROKER_SCALE_HEAP_PROBE
#define BROKER_SCALE_HEAP_PROBE ""  // built without the probe: no heap figures
#endif

namespace sandmux::broker::bench {
namespace {

struct Options {
  std::string sandmux;
  std::vector<std::size_t> steps = {1, 100, 250, 500, 1000};
  std::string command = "sleep";
  std::size_t output_kib = 0;
  std::size_t jails = 1;
  std::size_t window = 32;  ///< `new` requests in flight
  int ls_runs = 9;
  double settle_seconds = 4;
  double cpu_window_seconds = 5;
  double hold_seconds = 0;
  std::string heap_probe = BROKER_SCALE_HEAP_PROBE;  ///< empty: no heap figures
};

struct StepFigures {
  std::size_t sessions = 0;
  double create_seconds = 0;  ///< for the sessions added in this step
  std::size_t created = 0;    ///< sessions added in this step
  double create_broker_cpu = 0;  ///< CPU seconds the broker spent creating them
  double create_tmux_cpu = 0;    ///< ... and the jails' tmux servers
  MemoryFigures broker;
  long heap_bytes = -1;           ///< handed out by malloc (in use)
  long heap_obtained_bytes = -1;  ///< held by malloc
  MemoryFigures tmux;  ///< every jail's tmux server, summed
  MemoryFigures jail;  ///< every process in the jails (tmux and the sessions' commands)
  long broker_fds = 0;
  long tmux_fds = 0;
  double broker_cpu_percent = 0;
  double tmux_cpu_percent = 0;
  double ls_api_ms = 0;
  double ls_cli_ms = 0;
  std::size_t ls_bytes = 0;
};

std::vector<std::size_t> parse_steps(const std::string& text) {
  std::vector<std::size_t> steps;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) steps.push_back(std::stoul(item));
  return steps;
}

Options parse_options(int argc, char** argv) {
  if (argc < 2) {
    throw std::runtime_error(
        "usage: broker_scale SANDMUX [--steps 1,100,250,500,1000] [--command sleep|cat] [--output-kib K] "
        "[--jails N] [--window N] [--ls-runs N] [--settle S] [--cpu-window S] "
        "[--heap-probe PATH.so | --no-heap-probe] [--hold S]");
  }
  Options o;
  o.sandmux = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no-heap-probe") {
      o.heap_probe.clear();
      continue;
    }
    if (i + 1 >= argc) throw std::runtime_error(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--steps") o.steps = parse_steps(value);
    else if (flag == "--command") o.command = value;
    else if (flag == "--output-kib") o.output_kib = std::stoul(value);
    else if (flag == "--jails") o.jails = std::stoul(value);
    else if (flag == "--window") o.window = std::stoul(value);
    else if (flag == "--ls-runs") o.ls_runs = std::stoi(value);
    else if (flag == "--settle") o.settle_seconds = std::stod(value);
    else if (flag == "--cpu-window") o.cpu_window_seconds = std::stod(value);
    else if (flag == "--heap-probe") o.heap_probe = value;
    else if (flag == "--hold") o.hold_seconds = std::stod(value);
    else throw std::runtime_error("unknown option " + flag);
  }
  if (o.command != "sleep" && o.command != "cat") throw std::runtime_error("--command: sleep or cat");
  return o;
}

std::string session_name(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "idle-%04zu", index);
  return name;
}

NewParams new_params(const Options& o, const std::vector<std::string>& projects, std::size_t index) {
  NewParams params;
  params.project = projects[index % projects.size()];
  params.name = session_name(index);
  const std::string idle = o.command == "sleep" ? "sleep 100000" : "cat";
  if (o.output_kib == 0) {
    params.command = o.command == "sleep" ? std::vector<std::string>{"sleep", "100000"}
                                          : std::vector<std::string>{"cat"};
  } else {
    params.command = {"/bin/sh", "-c",
                      "head -c " + std::to_string(o.output_kib * 1024) +
                          " /dev/zero | tr '\\0' x; exec " + idle};
  }
  return params;
}

/// Creates sessions FROM..TO-1 with up to o.window requests in flight. Returns how many
/// were created; the first error (if any) goes to ERROR and stops new requests.
std::size_t create_sessions(BenchClient& client, const Options& o,
                            const std::vector<std::string>& projects, std::size_t from,
                            std::size_t to, std::string& error) {
  std::size_t next = from, in_flight = 0, created = 0;
  while ((next < to && error.empty()) || in_flight > 0) {
    while (next < to && error.empty() && in_flight < o.window) {
      client.send(new_params(o, projects, next++));
      ++in_flight;
    }
    ServerMessage message = client.next();
    auto* response = std::get_if<Response>(&message);
    if (!response) continue;
    --in_flight;
    if (!response->error) ++created;
    else if (error.empty()) error = response->error->code + ": " + response->error->message;
  }
  return created;
}

double cpu_of(const std::vector<pid_t>& pids) {
  double total = 0;
  for (pid_t pid : pids) total += cpu_seconds(pid);
  return total;
}

void measure_idle(BenchWorld& world, const Options& o, StepFigures& f) {
  const std::vector<pid_t> servers = world.jail_tmux_servers();
  const pid_t broker = world.broker_pid();
  const double broker_before = cpu_seconds(broker), tmux_before = cpu_of(servers);
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.cpu_window_seconds));
  const double elapsed = seconds_since(start);
  f.broker_cpu_percent = 100 * (cpu_seconds(broker) - broker_before) / elapsed;
  f.tmux_cpu_percent = 100 * (cpu_of(servers) - tmux_before) / elapsed;
  f.broker = read_memory(broker);
  f.broker_fds = open_fds(broker);
  f.tmux = MemoryFigures{};
  f.tmux_fds = 0;
  for (pid_t server : servers) {
    f.tmux = sum(f.tmux, read_memory(server));
    f.tmux_fds += open_fds(server);
  }
  f.jail = MemoryFigures{};
  for (pid_t sandbox : world.jail_sandboxes()) {
    for (pid_t pid : descendants(sandbox)) f.jail = sum(f.jail, read_memory(pid));
  }
  std::tie(f.heap_bytes, f.heap_obtained_bytes) = world.broker_heap();
}

std::size_t listed_sessions(const boost::json::value& result) {
  return result.as_object().at("sessions").as_array().size();
}

/// Waits (up to 10 minutes) until `ls` shows every session idle.
void wait_all_idle(BenchClient& client) {
  const auto deadline = Clock::now() + std::chrono::minutes(10);
  for (;;) {
    const boost::json::value result = client.call(LsParams{});
    std::size_t busy = 0;
    for (const boost::json::value& session : result.as_object().at("sessions").as_array()) {
      busy += session.as_object().at("state").as_string() == "idle" ? 0 : 1;
    }
    if (busy == 0) return;
    if (Clock::now() > deadline) throw std::runtime_error(std::to_string(busy) + " sessions never went idle");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

void measure_ls(BenchWorld& world, BenchClient& client, const Options& o, StepFigures& f) {
  std::vector<double> api, cli;
  for (int run = 0; run < o.ls_runs; ++run) {
    auto start = Clock::now();
    const boost::json::value result = client.call(LsParams{});
    api.push_back(seconds_since(start) * 1000);
    f.ls_bytes = client.last_line_bytes();
    if (listed_sessions(result) != f.sessions) {
      throw std::runtime_error("ls listed " + std::to_string(listed_sessions(result)) +
                               " sessions, expected " + std::to_string(f.sessions));
    }
    start = Clock::now();
    const ProcessOutput out = run_capture({world.sandmux(), "ls", "--json"}, world.root());
    cli.push_back(seconds_since(start) * 1000);
    if (out.status != 0) throw std::runtime_error("sandmux ls --json failed: " + std::to_string(out.status));
    if (boost::json::parse(out.out).as_array().size() != f.sessions) {
      throw std::runtime_error("sandmux ls --json listed a different number of sessions");
    }
  }
  f.ls_api_ms = median(api);
  f.ls_cli_ms = median(cli);
}

void print_step(const StepFigures& f) {
  const double rate = f.create_seconds > 0 ? static_cast<double>(f.created) / f.create_seconds : 0;
  std::printf(
      "%5zu sessions: +%zu in %.2f s (%.0f/s; cpu broker %.2f s, tmux %.2f s) | broker rss %ld KiB, private %ld KiB, anon %ld KiB, "
      "heap %ld/%ld KiB, fds %ld, idle cpu %.2f%% | tmux rss %ld KiB, private %ld KiB, fds %ld, idle "
      "cpu %.2f%% | all jail processes rss %ld KiB, private %ld KiB | ls api %.2f ms (%zu bytes), "
      "ls cli %.2f ms\n",
      f.sessions, f.created, f.create_seconds, rate, f.create_broker_cpu, f.create_tmux_cpu,
      f.broker.rss_kib, f.broker.private_kib,
      f.broker.anonymous_kib, f.heap_bytes < 0 ? -1 : f.heap_bytes / 1024,
      f.heap_obtained_bytes < 0 ? -1 : f.heap_obtained_bytes / 1024, f.broker_fds,
      f.broker_cpu_percent, f.tmux.rss_kib, f.tmux.private_kib, f.tmux_fds, f.tmux_cpu_percent,
      f.jail.rss_kib, f.jail.private_kib, f.ls_api_ms, f.ls_bytes, f.ls_cli_ms);
  std::fflush(stdout);
}

double per_session(long a, long b, std::size_t na, std::size_t nb) {
  return static_cast<double>(b - a) / static_cast<double>(nb - na);
}

void print_marginals(const std::vector<StepFigures>& steps) {
  std::printf("\nmarginal memory per idle session, (mem(n2) - mem(n1)) / (n2 - n1), KiB:\n");
  auto row = [](const StepFigures& a, const StepFigures& b) {
    std::printf(
        "%5zu -> %5zu: broker rss %.1f, private %.1f, anon %.1f, heap %.1f | tmux rss %.1f, "
        "private %.1f | all jail processes private %.1f\n",
        a.sessions, b.sessions, per_session(a.broker.rss_kib, b.broker.rss_kib, a.sessions, b.sessions),
        per_session(a.broker.private_kib, b.broker.private_kib, a.sessions, b.sessions),
        per_session(a.broker.anonymous_kib, b.broker.anonymous_kib, a.sessions, b.sessions),
        a.heap_bytes < 0 || b.heap_bytes < 0
            ? -1.0
            : per_session(a.heap_bytes, b.heap_bytes, a.sessions, b.sessions) / 1024,
        per_session(a.tmux.rss_kib, b.tmux.rss_kib, a.sessions, b.sessions),
        per_session(a.tmux.private_kib, b.tmux.private_kib, a.sessions, b.sessions),
        per_session(a.jail.private_kib, b.jail.private_kib, a.sessions, b.sessions));
  };
  for (std::size_t i = 1; i < steps.size(); ++i) {
    if (steps[i].sessions > steps[i - 1].sessions) row(steps[i - 1], steps[i]);
  }
  // From the first step with a jail (its fixed cost excluded) to the last.
  if (steps.size() > 2 && steps.back().sessions > steps[1].sessions) {
    std::printf("overall:\n");
    row(steps[1], steps.back());
  }
}

double load_average() {
  double load = 0;
  std::istringstream(read_text("/proc/loadavg")) >> load;
  return load;
}

int run(const Options& o) {
  BenchWorld world(o.sandmux, "scale");
  std::vector<std::string> projects;
  for (std::size_t j = 0; j < o.jails; ++j) projects.push_back(world.project("proj" + std::to_string(j)));
  world.start_broker(o.heap_probe);
  std::printf("broker_scale: command '%s' after %zu KiB of output, %zu jail(s), %zu requests in flight, load %.2f, "
              "RLIMIT_NOFILE of the broker (and jails): %s\n",
              o.command.c_str(), o.output_kib, o.jails, o.window, load_average(),
              [&] {
                const std::string limits = read_text("/proc/" + std::to_string(world.broker_pid()) + "/limits");
                const std::size_t at = limits.find("Max open files");
                return at == std::string::npos ? std::string("?") : limits.substr(at + 14, 40);
              }()
                  .c_str());
  BenchClient client(world.socket());
  std::vector<StepFigures> steps;
  StepFigures base;
  measure_idle(world, o, base);
  measure_ls(world, client, o, base);
  print_step(base);
  steps.push_back(base);
  std::string error;
  for (std::size_t target : o.steps) {
    StepFigures f;
    const std::size_t have = steps.back().sessions;
    if (target <= have) continue;
    const double broker_before = cpu_seconds(world.broker_pid());
    const double tmux_before = cpu_of(world.jail_tmux_servers());
    const auto start = Clock::now();
    f.created = create_sessions(client, o, projects, have, target, error);
    f.create_seconds = seconds_since(start);
    f.create_broker_cpu = cpu_seconds(world.broker_pid()) - broker_before;
    f.create_tmux_cpu = cpu_of(world.jail_tmux_servers()) - tmux_before;
    f.sessions = have + f.created;
    wait_all_idle(client);
    std::this_thread::sleep_for(std::chrono::duration<double>(o.settle_seconds));
    measure_idle(world, o, f);
    measure_ls(world, client, o, f);
    print_step(f);
    steps.push_back(f);
    if (!error.empty()) {
      std::printf("stopped at %zu sessions: %s\n", f.sessions, error.c_str());
      break;
    }
  }
  print_marginals(steps);
  std::printf("load at the end %.2f\n", load_average());
  if (o.hold_seconds > 0) {
    std::printf("holding for %.0f s: broker pid %d, jail tmux servers:", o.hold_seconds, world.broker_pid());
    for (pid_t server : world.jail_tmux_servers()) std::printf(" %d", server);
    std::printf("\n");
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::duration<double>(o.hold_seconds));
  }
  return error.empty() ? 0 : 1;
}

}  // namespace
}  // namespace sandmux::broker::bench

int main(int argc, char** argv) {
  try {
    return sandmux::broker::bench::run(sandmux::broker::bench::parse_options(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "broker_scale: %s\n", e.what());
    return 1;
  }
}
