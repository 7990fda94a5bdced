#pragma once
// Shared by broker_scale and broker_throughput: a private sandmux world, a client of the
// broker's API whose every wait is bounded, child processes, and /proc readings.
//  - BenchWorld: a temp dir under /tmp holding XDG_RUNTIME_DIR (0700), XDG_CONFIG_HOME,
//    XDG_STATE_HOME, HOME and projects (each with a .git). Its constructor points THIS
//    process's environment at them, so every child (the broker, `sandmux ls`, tmux)
//    sees only the private world and never the user's broker or jails. The broker runs
//    in the foreground as our child (stderr in a file), optionally with the heap probe
//    (broker_scale_heap_probe.cc) preloaded. At destruction: `sandmux broker stop`, every jail
//    under the runtime dir stopped, any process still carrying this XDG_RUNTIME_DIR
//    killed, the temp dir removed; when that happens during an exception, the broker's
//    log is copied to /tmp first.
//  - BenchClient: raw protocol lines (broker/protocol.h) on the API socket; a broker that
//    does not answer within the timeout is an exception (so destructors clean up),
//    never a hang.
//  - /proc: memory (VmRSS; Rss, Pss, Private_*, Anonymous from smaps_rollup), CPU time,
//    open fds, descendants.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "broker/protocol.h"
#include "broker/server_message.h"
#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"

extern char** environ;

namespace sandmux::broker::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

inline std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

// ---- child processes ----

struct ProcessOutput {
  int status = -1;  ///< exit code, or 128 + signal
  std::string out;
};

/// Starts ARGV (argv[0] searched in PATH) with this process's environment in DIR (empty:
/// here), stdin /dev/null; stdout to OUT_FD (-1: /dev/null), stderr to ERR_FD (-1: ours).
inline pid_t spawn(const std::vector<std::string>& argv, int out_fd = -1, int err_fd = -1,
                   const std::string& dir = {}) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd >= 0) posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  else posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (err_fd >= 0) posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  if (!dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = 0;
  const int error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(error));
  return pid;
}

inline int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Runs ARGV to its end, its stdout captured (stderr: ours).
inline ProcessOutput run_capture(const std::vector<std::string>& argv, const std::string& dir = {}) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  ProcessOutput result;
  const pid_t pid = spawn(argv, pipe_fds[1], -1, dir);
  ::close(pipe_fds[1]);
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.status = exit_code(status);
  return result;
}

// ---- /proc ----

/// Kibibytes, as /proc reports them; -1 when unreadable.
struct MemoryFigures {
  long rss_kib = -1;        ///< VmRSS (status)
  long pss_kib = -1;        ///< Pss (smaps_rollup)
  long private_kib = -1;    ///< Private_Clean + Private_Dirty (smaps_rollup)
  long anonymous_kib = -1;  ///< Anonymous (smaps_rollup): heap, stacks, anon mmaps
};

/// The number after "KEY:" at the start of a line of TEXT (kB figures), or -1.
inline long proc_field(const std::string& text, const std::string& key) {
  const std::string needle = key + ":";
  std::size_t at = text.rfind(needle, 0) == 0 ? 0 : text.find("\n" + needle);
  if (at == std::string::npos) return -1;
  if (at != 0) ++at;
  return std::strtol(text.c_str() + at + needle.size(), nullptr, 10);
}

inline MemoryFigures read_memory(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  MemoryFigures m;
  m.rss_kib = proc_field(read_text(base + "/status"), "VmRSS");
  const std::string rollup = read_text(base + "/smaps_rollup");
  m.pss_kib = proc_field(rollup, "Pss");
  const long clean = proc_field(rollup, "Private_Clean");
  const long dirty = proc_field(rollup, "Private_Dirty");
  if (clean >= 0 && dirty >= 0) m.private_kib = clean + dirty;
  m.anonymous_kib = proc_field(rollup, "Anonymous");
  return m;
}

inline MemoryFigures sum(const MemoryFigures& a, const MemoryFigures& b) {
  auto add = [](long x, long y) { return x < 0 ? y : (y < 0 ? x : x + y); };
  return {add(a.rss_kib, b.rss_kib), add(a.pss_kib, b.pss_kib), add(a.private_kib, b.private_kib),
          add(a.anonymous_kib, b.anonymous_kib)};
}

/// The fields of /proc/PID/stat after the command name (field 3 is index 0).
inline std::vector<std::string> stat_fields(pid_t pid) {
  const std::string text = read_text("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t close = text.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream in(text.substr(close + 2));
  for (std::string field; in >> field;) fields.push_back(field);
  return fields;
}

/// User + system CPU seconds PID used so far (0 when it is gone).
inline double cpu_seconds(pid_t pid) {
  const std::vector<std::string> f = stat_fields(pid);
  if (f.size() < 13) return 0;
  const double ticks = std::stod(f[11]) + std::stod(f[12]);  // utime, stime
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

inline pid_t parent_of(pid_t pid) {
  const std::vector<std::string> f = stat_fields(pid);
  return f.size() > 1 ? static_cast<pid_t>(std::stol(f[1])) : 0;
}

inline std::string comm_of(pid_t pid) {
  std::string comm = read_text("/proc/" + std::to_string(pid) + "/comm");
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return comm;
}

inline long open_fds(pid_t pid) {
  std::error_code ec;
  long count = 0;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
       !ec && it != end; it.increment(ec)) {
    ++count;
  }
  return ec ? -1 : count;
}

/// Every live process whose parent chain reaches ROOT (ROOT excluded).
inline std::vector<pid_t> descendants(pid_t root) {
  std::vector<std::pair<pid_t, pid_t>> all;  // (pid, parent)
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    all.emplace_back(pid, parent_of(pid));
  }
  std::vector<pid_t> found{root};
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (const auto& [pid, parent] : all) {
      if (parent == found[i]) found.push_back(pid);
    }
  }
  found.erase(found.begin());
  return found;
}

/// The first descendant of ROOT whose command name starts with PREFIX, or 0.
inline pid_t find_descendant(pid_t root, const std::string& prefix) {
  for (pid_t pid : descendants(root)) {
    if (comm_of(pid).rfind(prefix, 0) == 0) return pid;
  }
  return 0;
}

// ---- the API ----

/// One connection to the broker's API socket, handshake done. Every wait is bounded by
/// the timeout given; a missed deadline, EOF or an unreadable line throws.
class BenchClient {
 public:
  explicit BenchClient(const std::string& socket_path,
                       std::chrono::milliseconds timeout = std::chrono::minutes(3))
      : m_timeout(timeout) {
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(m_fd);
      throw std::runtime_error("cannot connect to " + socket_path + ": " + std::strerror(errno));
    }
    write_all(client_hello_line("sandmux-bench"));
    const auto hello = parse_server_hello(read_line());
    if (!hello) throw std::runtime_error("hello refused: " + hello.error().message);
  }
  ~BenchClient() { ::close(m_fd); }
  BenchClient(const BenchClient&) = delete;
  BenchClient& operator=(const BenchClient&) = delete;

  /// Sends PARAMS; returns its request id.
  std::int64_t send(const RequestParams& params) {
    const std::int64_t id = m_next_id++;
    write_all(request_line(id, params));
    return id;
  }

  /// The next message from the broker.
  ServerMessage next() {
    const std::string line = read_line();
    m_last_line_bytes = line.size() + 1;
    auto message = parse_server_line(line);
    if (!message) throw std::runtime_error("unreadable line from the broker: " + message.error().message);
    return std::move(*message);
  }

  /// Sends PARAMS and waits for its response (events in between are dropped); an error
  /// response throws with its code and message.
  boost::json::value call(const RequestParams& params) {
    const std::int64_t id = send(params);
    for (;;) {
      ServerMessage message = next();
      auto* response = std::get_if<Response>(&message);
      if (!response || response->id != id) continue;
      if (response->error) {
        throw std::runtime_error(response->error->code + ": " + response->error->message);
      }
      return std::move(response->result);
    }
  }

  /// Size of the last line read, its newline included.
  std::size_t last_line_bytes() const { return m_last_line_bytes; }

 private:
  void write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error(std::string("writing to the broker: ") + std::strerror(errno));
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  std::string read_line() {
    const auto deadline = Clock::now() + m_timeout;
    for (;;) {
      const std::size_t end = m_buffer.find('\n', m_scanned);
      if (end != std::string::npos) {
        std::string line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 1);
        m_scanned = 0;
        return line;
      }
      m_scanned = m_buffer.size();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) throw std::runtime_error("the broker did not answer in time");
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 1000))) <= 0) continue;
      char chunk[1 << 16];
      const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("the broker closed the connection");
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int m_fd = -1;
  std::chrono::milliseconds m_timeout;
  std::string m_buffer;
  std::size_t m_scanned = 0;
  std::size_t m_last_line_bytes = 0;
  std::int64_t m_next_id = 1;
};

// ---- the world ----

class BenchWorld {
 public:
  BenchWorld(std::string sandmux_binary, const std::string& tag)
      : m_sandmux(std::filesystem::absolute(sandmux_binary).string()) {
    std::string pattern = "/tmp/sandmux-" + tag + ".XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_root = pattern;
    for (const char* dir : {"rt", "config/sandmux/profiles", "state", "home"}) {
      std::filesystem::create_directories(m_root + "/" + dir);
    }
    ::chmod(runtime_dir().c_str(), 0700);
    ::setenv("HOME", (m_root + "/home").c_str(), 1);
    ::setenv("XDG_RUNTIME_DIR", runtime_dir().c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (m_root + "/config").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (m_root + "/state").c_str(), 1);
    ::setenv("LANG", "C.UTF-8", 1);
    ::setenv("TERM", "xterm-256color", 1);
    ::setenv("SHELL", "/bin/sh", 1);
    ::unsetenv("TMUX");
  }
  ~BenchWorld() {
    if (std::uncaught_exceptions() > 0) keep_logs();
    if (m_broker_pid > 0) {
      run_capture({m_sandmux, "broker", "stop"});
      reap_broker();
    }
    for (const sandbox::JailPaths& jail : sandbox::find_jails(jail_base())) {
      sandbox::stop_jail_server(jail);
    }
    kill_leftovers();
    std::error_code ignored;
    std::filesystem::remove_all(m_root, ignored);
  }
  BenchWorld(const BenchWorld&) = delete;
  BenchWorld& operator=(const BenchWorld&) = delete;

  const std::string& sandmux() const { return m_sandmux; }
  const std::string& root() const { return m_root; }
  std::string runtime_dir() const { return m_root + "/rt"; }
  std::string jail_base() const { return runtime_dir() + "/sandmux"; }
  std::string socket() const { return jail_base() + "/broker.sock"; }
  std::string broker_stderr() const { return m_root + "/broker.stderr"; }
  std::string broker_log() const { return m_root + "/state/sandmux/broker.log"; }
  pid_t broker_pid() const { return m_broker_pid; }

  /// A project directory (with a .git) named NAME under the world.
  std::string project(const std::string& name) const {
    const std::string dir = m_root + "/" + name;
    std::filesystem::create_directories(dir + "/.git");
    std::ofstream(dir + "/.git/config") << "[core]\n";
    return dir;
  }

  /// `sandmux broker start --foreground` as our child, stderr to broker_stderr(); returns
  /// once the socket answers the hello. HEAP_PROBE: the LD_PRELOAD probe to load into it
  /// (empty: none).
  void start_broker(const std::string& heap_probe = {}) {
    if (!heap_probe.empty()) {
      m_probe_dir = m_root + "/heap-probe";
      std::filesystem::create_directories(m_probe_dir);
      if (::mkfifo((m_probe_dir + "/request").c_str(), 0600) != 0 ||
          ::mkfifo((m_probe_dir + "/answer").c_str(), 0600) != 0) {
        throw std::runtime_error("mkfifo failed");
      }
      ::setenv("LD_PRELOAD", heap_probe.c_str(), 1);
      ::setenv("SANDMUX_BENCH_HEAP_PROBE", m_probe_dir.c_str(), 1);
    }
    const int err = ::open(broker_stderr().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    m_broker_pid = spawn({m_sandmux, "broker", "start", "--foreground"}, -1, err, m_root);
    ::close(err);
    ::unsetenv("LD_PRELOAD");
    ::unsetenv("SANDMUX_BENCH_HEAP_PROBE");
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      try {
        BenchClient probe(socket(), std::chrono::seconds(5));
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    throw std::runtime_error("the broker did not answer within 30 s; see " + broker_stderr());
  }

  /// Heap figures of the broker from the LD_PRELOAD probe (broker_scale_heap_probe.cc):
  /// {in use, obtained} in bytes, or {-1, -1} when there is no probe or it does not answer.
  std::pair<long, long> broker_heap() const {
    if (m_probe_dir.empty()) return {-1, -1};
    const int request = ::open((m_probe_dir + "/request").c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (request < 0) return {-1, -1};
    const bool asked = ::write(request, "?", 1) == 1;
    ::close(request);
    const int answer = ::open((m_probe_dir + "/answer").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (!asked || answer < 0) return {-1, -1};
    std::string line;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd p{answer, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[128];
      const ssize_t n = ::read(answer, buffer, sizeof buffer);
      if (n > 0) line.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(answer);
    long in_use = -1, obtained = -1;
    std::istringstream(line) >> in_use >> obtained;
    return {in_use, obtained};
  }

  /// The sandbox (bwrap, the pid in server.pid) of each live jail.
  std::vector<pid_t> jail_sandboxes() const {
    std::vector<pid_t> sandboxes;
    for (const sandbox::JailPaths& jail : sandbox::find_jails(jail_base())) {
      std::ifstream in(jail.state_dir + "/server.pid");
      pid_t sandbox_pid = 0;
      if (in >> sandbox_pid && sandbox_pid > 1) sandboxes.push_back(sandbox_pid);
    }
    return sandboxes;
  }

  /// The tmux server of each live jail: the sandbox's descendant named "tmux: server".
  std::vector<pid_t> jail_tmux_servers() const {
    std::vector<pid_t> servers;
    for (pid_t sandbox : jail_sandboxes()) {
      if (const pid_t server = find_descendant(sandbox, "tmux: server")) servers.push_back(server);
    }
    return servers;
  }

 private:
  void reap_broker() {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(m_broker_pid, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(m_broker_pid, SIGKILL);
        ::waitpid(m_broker_pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    m_broker_pid = 0;
  }

  /// After a failure: the broker's log and stderr copied to /tmp, for a look afterwards.
  void keep_logs() const {
    const std::string copy = "/tmp/" + std::filesystem::path(m_root).filename().string() + "-broker.log";
    std::ofstream(copy) << read_text(broker_log()) << "---- stderr ----\n" << read_text(broker_stderr());
    std::fprintf(stderr, "the broker's log is kept in %s\n", copy.c_str());
  }

  /// Kills every process (but this one) whose environment holds this XDG_RUNTIME_DIR.
  void kill_leftovers() const {
    const std::string marker = "XDG_RUNTIME_DIR=" + runtime_dir();
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      const pid_t pid = static_cast<pid_t>(std::stol(name));
      if (pid == ::getpid()) continue;
      const std::string environ_text = read_text(entry.path().string() + "/environ");
      for (std::size_t start = 0; start < environ_text.size();) {
        const std::size_t end = std::min(environ_text.find('\0', start), environ_text.size());
        if (environ_text.compare(start, end - start, marker) == 0) {
          ::kill(pid, SIGKILL);
          break;
        }
        start = end + 1;
      }
    }
  }

  std::string m_sandmux;
  std::string m_root;
  std::string m_probe_dir;
  pid_t m_broker_pid = 0;
};

}  // namespace sandmux::broker::bench
