// Output throughput through the broker against tmux's own control-mode ceiling, side by
// side in one run, alternating round by round. The same flood (`head -c N /dev/zero |
// base64`: 76-column lines, so every line end is "\r\n" on the terminal, then a marker)
// runs in
//  - a plain tmux server (no sandbox), read by a raw `tmux -u -C attach -f ignore-size`
//    client whose %output lines a minimal reader decodes and counts (tmux's ceiling), and
//    the same with `-f ignore-size,pause-after=2` (the broker's flags);
//  - a broker session (in a jail that is already running), read by a `logs -f`
//    subscriber on the API (follow from cursor 0) that decodes and counts output events
//    until the session has ended.
// Time runs from the first output byte to the marker. Reported per reader: MB/s of the
// flood (its size over that time), the bytes received against the bytes written, pauses
// (%pause lines; for the broker, screen refills after a resync), and the CPU seconds of
// each process on the way. With --idle N, N idle sessions (`sleep`) sit in the broker
// during the rounds: in another jail (--idle-where other, the default: costs per output
// event in the broker that grow with the session count), or in the flood's own jail
// (--idle-where same: also tmux's costs per event that grow with its pane count), and
// then the plain tmux server gets N idle windows too, so that both sides have as many panes.
//
// Usage: broker_throughput SANDMUX [--mib 256] [--rounds 3] [--idle N]
//                          [--idle-where other|same]
#include <sys/resource.h>

#include <cstdio>
#include <functional>

#include "tests/bench/broker_bench_support.h"

namespace sandmux::broker::bench {
namespace {

constexpr std::string_view kMarker = "FLOOD-END";
constexpr std::string_view kRefill = "\x1b[H\x1b[2J";  // the broker's resync refill starts so

struct Options {
  std::string sandmux;
  std::size_t mib = 256;
  int rounds = 3;
  std::size_t idle = 0;
  bool idle_in_same_jail = false;
};

Options parse_options(int argc, char** argv) {
  if (argc < 2) {
    throw std::runtime_error(
        "usage: broker_throughput SANDMUX [--mib 256] [--rounds 3] [--idle N] [--idle-where other|same]");
  }
  Options o;
  o.sandmux = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--mib") o.mib = std::stoul(value);
    else if (flag == "--rounds") o.rounds = std::stoi(value);
    else if (flag == "--idle") o.idle = std::stoul(value);
    else if (flag == "--idle-where" && (value == "same" || value == "other")) o.idle_in_same_jail = value == "same";
    else throw std::runtime_error("unknown option " + flag);
  }
  return o;
}

/// Input bytes for base64 to print about MIB MiB of text.
std::size_t flood_input_bytes(std::size_t mib) { return mib * 1048576 / 4 * 3; }

/// What the pane writes: the base64 text with each "\n" as "\r\n" (the tty's onlcr),
/// then the marker.
std::size_t expected_bytes(std::size_t input_bytes) {
  const std::size_t chars = (input_bytes + 2) / 3 * 4;
  const std::size_t lines = (chars + 75) / 76;
  return chars + 2 * lines + kMarker.size();
}

std::string flood_script(std::size_t mib) {
  return "sleep 0.5; head -c " + std::to_string(flood_input_bytes(mib)) + " /dev/zero | base64; printf " +
         std::string(kMarker) + "; sleep 1";
}

/// Counts decoded bytes, finds the marker across chunk boundaries, and notes the time of
/// the first byte and of the marker.
class FloodCounter {
 public:
  void add(std::string_view bytes) {
    if (bytes.empty()) return;
    if (m_bytes == 0) m_first = Clock::now();
    m_bytes += bytes.size();
    if (m_marker) {
      m_after_marker += bytes.size();
      return;
    }
    const std::string boundary = m_tail + std::string(bytes.substr(0, kMarker.size() - 1));
    if (boundary.find(kMarker) != std::string::npos || bytes.find(kMarker) != std::string_view::npos) {
      m_marker = Clock::now();
      return;
    }
    m_tail += bytes.substr(bytes.size() > kMarker.size() ? bytes.size() - kMarker.size() : 0);
    m_tail.erase(0, m_tail.size() > kMarker.size() ? m_tail.size() - kMarker.size() : 0);
  }
  bool marker_seen() const { return m_marker.has_value(); }
  double seconds() const { return m_marker ? std::chrono::duration<double>(*m_marker - m_first).count() : 0; }
  /// Bytes up to the chunk holding the marker, and after it.
  std::size_t bytes_to_marker() const { return m_bytes - m_after_marker; }
  std::size_t bytes_after_marker() const { return m_after_marker; }

 private:
  std::size_t m_bytes = 0;
  std::size_t m_after_marker = 0;
  Clock::time_point m_first;
  std::optional<Clock::time_point> m_marker;
  std::string m_tail;
};

struct RoundResult {
  double seconds = 0;            ///< first byte to marker
  std::size_t bytes = 0;         ///< decoded bytes received, up to the marker
  std::size_t after_marker = 0;  ///< broker: bytes after the marker (until the session ended)
  std::size_t pauses = 0;        ///< %pause lines, or broker refills after a resync
  std::size_t lost = 0;          ///< broker: bytes reported lost (ring overrun)
  std::size_t events = 0;        ///< %output lines, or output events
  std::vector<std::pair<std::string, double>> cpu;  ///< CPU seconds by process
};

/// The data of an "%output %P DATA" or "%extended-output %P AGE ... : DATA" line, octal
/// escapes decoded, appended to OUT; false for other lines.
bool decode_output_line(std::string_view line, std::string& out) {
  std::size_t data;
  if (line.rfind("%output %", 0) == 0) {
    data = line.find(' ', 9);
    if (data == std::string_view::npos) return false;
    ++data;
  } else if (line.rfind("%extended-output %", 0) == 0) {
    data = line.find(" : ");
    if (data == std::string_view::npos) return false;
    data += 3;
  } else {
    return false;
  }
  for (std::size_t i = data; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 3 < line.size()) {
      out += static_cast<char>((line[i + 1] - '0') * 64 + (line[i + 2] - '0') * 8 + (line[i + 3] - '0'));
      i += 3;
    } else {
      out += line[i];
    }
  }
  return true;
}

// ---- tmux's ceiling: a plain server and a raw control client ----

class PlainTmux {
 public:
  explicit PlainTmux(const std::string& socket) : m_socket(socket) {
    if (run_capture(tmux({"new-session", "-d", "-s", "main", "-x", "200", "-y", "50", "sleep 100000"})).status != 0) {
      throw std::runtime_error("cannot start the plain tmux server");
    }
    m_pid = static_cast<pid_t>(std::stol(run_capture(tmux({"display-message", "-p", "#{pid}"})).out));
  }
  ~PlainTmux() { run_capture(tmux({"kill-server"})); }
  PlainTmux(const PlainTmux&) = delete;
  PlainTmux& operator=(const PlainTmux&) = delete;

  std::vector<std::string> tmux(std::vector<std::string> args) const {
    std::vector<std::string> argv{"tmux", "-S", m_socket, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  pid_t pid() const { return m_pid; }

  /// N more windows running `sleep 100000`, in batches of one tmux command line.
  void add_idle_windows(std::size_t n) {
    for (std::size_t done = 0; done < n;) {
      std::vector<std::string> args;
      for (std::size_t batch = 0; batch < 100 && done < n; ++batch, ++done) {
        if (!args.empty()) args.push_back(";");
        for (const char* word : {"new-window", "-d", "-t", "main:", "sleep 100000"}) args.push_back(word);
      }
      if (run_capture(tmux(args)).status != 0) throw std::runtime_error("cannot add idle windows");
    }
  }

 private:
  std::string m_socket;
  pid_t m_pid = 0;
};

double self_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// Reaps PID, which should end by itself within seconds; SIGKILL when it does not (once,
/// a `tmux -C` client stayed attached after its stdin and stdout were closed).
void end_child(pid_t pid) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

RoundResult raw_reader_round(PlainTmux& server, const Options& o, const std::string& flags) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  // The client's stdin stays open (a pipe we hold) so that it keeps running.
  std::vector<std::string> argv = server.tmux({"-u", "-C", "attach", "-t", "main", "-f", flags});
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t client = 0;
  if (::posix_spawnp(&client, "tmux", &actions, nullptr, args.data(), environ) != 0) {
    throw std::runtime_error("cannot start tmux -C");
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  const double server_before = cpu_seconds(server.pid()), self_before = self_cpu_seconds();
  run_capture(server.tmux({"new-window", "-d", "-t", "main:", "-n", "flood", flood_script(o.mib)}));
  FloodCounter counter;
  RoundResult result;
  std::string buffer, decoded;
  std::vector<char> chunk(1 << 16);
  while (!counter.marker_seen()) {
    const ssize_t n = ::read(out[0], chunk.data(), chunk.size());
    if (n <= 0) throw std::runtime_error("tmux -C ended before the marker");
    buffer.append(chunk.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t end; (end = buffer.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string_view line(buffer.data() + start, end - start);
      decoded.clear();
      if (decode_output_line(line, decoded)) {
        ++result.events;
        counter.add(decoded);
      } else if (line.rfind("%pause", 0) == 0) ++result.pauses;
    }
    buffer.erase(0, start);
  }
  result.seconds = counter.seconds();
  result.bytes = counter.bytes_to_marker();
  result.cpu = {{"tmux server", cpu_seconds(server.pid()) - server_before},
                {"tmux -C client", cpu_seconds(client)},
                {"reader", self_cpu_seconds() - self_before}};
  run_capture(server.tmux({"kill-window", "-t", "main:flood"}));
  ::close(in[1]);
  ::close(out[0]);
  end_child(client);
  return result;
}

// ---- the broker: a session read by a `logs -f` subscriber ----

std::vector<std::pair<std::string, double>> broker_cpu(BenchWorld& world) {
  std::vector<pid_t> clients = descendants(world.broker_pid());
  double client_cpu = 0;
  for (pid_t pid : clients) client_cpu += cpu_seconds(pid);
  double server_cpu = 0;
  for (pid_t pid : world.jail_tmux_servers()) server_cpu += cpu_seconds(pid);
  return {{"broker", cpu_seconds(world.broker_pid())},
          {"jail tmux servers", server_cpu},
          {"control client (jailed)", client_cpu},
          {"subscriber", self_cpu_seconds()}};
}

RoundResult broker_round(BenchWorld& world, BenchClient& control, const std::string& project,
                         const Options& o, int round) {
  const std::string name = "flood-" + std::to_string(round);
  const auto before = broker_cpu(world);
  NewParams params;
  params.project = project;
  params.name = name;
  params.command = {"/bin/sh", "-c", flood_script(o.mib)};
  control.call(params);
  BenchClient subscriber(world.socket(), std::chrono::minutes(2));
  LogsParams logs;
  logs.name = name;
  logs.since = 0;
  logs.follow = true;
  const std::int64_t id = subscriber.send(logs);
  FloodCounter counter;
  RoundResult result;
  for (;;) {
    ServerMessage message;
    try {
      message = subscriber.next();
    } catch (const std::exception& e) {
      throw std::runtime_error("round " + std::to_string(round) + ", logs -f " + name + " after " +
                               std::to_string(counter.bytes_to_marker() + counter.bytes_after_marker()) +
                               " bytes (marker " + (counter.marker_seen() ? "seen" : "not seen") +
                               "): " + e.what());
    }
    if (auto* output = std::get_if<OutputEvent>(&message)) {
      result.lost += output->lost;
      ++result.events;
      if (output->bytes.rfind(kRefill, 0) == 0) ++result.pauses;
      counter.add(output->bytes);
    } else if (auto* response = std::get_if<Response>(&message); response && response->id == id) {
      if (response->error) throw std::runtime_error("logs -f: " + response->error->message);
      break;
    }
  }
  if (!counter.marker_seen()) throw std::runtime_error("the session ended before its marker arrived");
  const auto after = broker_cpu(world);
  result.seconds = counter.seconds();
  result.bytes = counter.bytes_to_marker();
  result.after_marker = counter.bytes_after_marker();
  for (std::size_t i = 0; i < after.size(); ++i) {
    result.cpu.emplace_back(after[i].first, after[i].second - before[i].second);
  }
  KillParams kill;
  kill.name = name;
  control.call(kill);
  return result;
}

/// N sessions running `sleep 100000` in PROJECT, 32 requests in flight.
void create_idle_sessions(BenchClient& control, const std::string& project, std::size_t n) {
  std::size_t sent = 0, answered = 0;
  while (answered < n) {
    for (; sent < n && sent - answered < 32; ++sent) {
      NewParams idle;
      idle.project = project;
      idle.name = "idle-" + std::to_string(sent);
      idle.command = {"sleep", "100000"};
      control.send(idle);
    }
    ServerMessage message = control.next();
    auto* response = std::get_if<Response>(&message);
    if (!response) continue;
    if (response->error) throw std::runtime_error("idle session: " + response->error->message);
    ++answered;
  }
}

// ---- report ----

struct Reader {
  std::string label;
  std::function<RoundResult(int)> run;
  std::vector<RoundResult> results;
};

double megabytes_per_second(std::size_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0;
}

void print_round(const Reader& reader, const RoundResult& r, std::size_t expected) {
  std::printf("  %-38s %6.2f s %6.1f MB/s  %zu of %zu bytes (%.2f%%) +%zu after the marker, %zu events "
              "(%.0f bytes each), pauses %zu, lost %zu; cpu:",
              reader.label.c_str(), r.seconds, megabytes_per_second(expected, r.seconds), r.bytes,
              expected, 100.0 * static_cast<double>(r.bytes) / static_cast<double>(expected), r.after_marker, r.events,
              r.events ? static_cast<double>(r.bytes) / static_cast<double>(r.events) : 0.0, r.pauses, r.lost);
  for (const auto& [who, seconds] : r.cpu) std::printf(" %s %.2f s,", who.c_str(), seconds);
  std::printf("\n");
  std::fflush(stdout);
}

double median_seconds(const Reader& reader) {
  std::vector<double> seconds;
  for (const RoundResult& r : reader.results) seconds.push_back(r.seconds);
  return median(seconds);
}

int run(const Options& o) {
  BenchWorld world(o.sandmux, "throughput");
  const std::string project = world.project("proj");
  world.start_broker();
  BenchClient control(world.socket());
  NewParams warm;
  warm.project = project;
  warm.name = "warm";
  warm.command = {"sleep", "100000"};
  control.call(warm);  // the jail is started before the first round
  create_idle_sessions(control, o.idle_in_same_jail ? project : world.project("idle"), o.idle);
  PlainTmux plain(world.root() + "/plain-tmux.sock");
  if (o.idle_in_same_jail) plain.add_idle_windows(o.idle);
  const std::size_t expected = expected_bytes(flood_input_bytes(o.mib));
  std::vector<Reader> readers = {
      {"tmux -C -f ignore-size (ceiling)", [&](int) { return raw_reader_round(plain, o, "ignore-size"); }, {}},
      {"tmux -C -f ignore-size,pause-after=2",
       [&](int) { return raw_reader_round(plain, o, "ignore-size,pause-after=2"); }, {}},
      {"broker logs -f subscriber", [&](int round) { return broker_round(world, control, project, o, round); }, {}},
  };
  std::printf("broker_throughput: %zu MiB of base64 text (%zu bytes written by the pane), %d rounds, "
              "%zu idle sessions (%s)\n",
              o.mib, expected, o.rounds, o.idle,
              o.idle_in_same_jail ? "in the flood's jail, and as many idle windows in the plain tmux"
                                  : "in another jail");
  for (int round = 0; round < o.rounds; ++round) {
    std::printf("round %d (load %s)\n", round, read_text("/proc/loadavg").substr(0, 14).c_str());
    for (Reader& reader : readers) {
      reader.results.push_back(reader.run(round));
      print_round(reader, reader.results.back(), expected);
    }
  }
  const double ceiling = median_seconds(readers[0]);
  std::printf("medians:\n");
  for (const Reader& reader : readers) {
    const double seconds = median_seconds(reader);
    std::printf("  %-38s %6.1f MB/s  ratio to the ceiling %.3f\n", reader.label.c_str(),
                megabytes_per_second(expected, seconds), ceiling / seconds);
  }
  return 0;
}

}  // namespace
}  // namespace sandmux::broker::bench

int main(int argc, char** argv) {
  try {
    return sandmux::broker::bench::run(sandmux::broker::bench::parse_options(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "broker_throughput: %s\n", e.what());
    return 1;
  }
}
