#include "sandbox/jail.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include "sandbox/command_lookup.h"
#include "sandbox/errors.h"
#include "sandbox/host_fs.h"
#include "sandbox/jail_processes.h"
#include "sandbox/launch_plan.h"
#include "sandbox/launcher.h"
#include "sandbox/output_tail.h"
#include "sandbox/socket_dir_seal.h"

namespace sandmux::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

std::system_error os_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

UniqueFd open_in(const std::string& path, int flags) {
  UniqueFd fd(::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) throw os_error("cannot open '" + path + "'");
  return fd;
}

// Removes whatever a dead server (or sandboxed code) left at the socket path.
void remove_stale_socket(const JailPaths& paths) {
  struct stat st {};
  if (::lstat(paths.socket.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    throw SandboxError("'" + paths.socket + "' is a directory, not a tmux socket; remove it");
  }
  if (::unlink(paths.socket.c_str()) != 0 && errno != ENOENT) {
    throw os_error("cannot remove stale socket '" + paths.socket + "'");
  }
}

// Reads bwrap's --info-fd JSON until EOF and returns its "child-pid", or 0.
pid_t read_child_pid(int fd, Clock::time_point deadline) {
  std::string text;
  char buffer[512];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.find('}') != std::string::npos) break;  // bwrap may keep the fd open
  }
  const std::size_t key = text.find("\"child-pid\"");
  if (key == std::string::npos) return 0;
  const std::size_t digits = text.find_first_of("0123456789", key);
  return digits == std::string::npos ? 0 : static_cast<pid_t>(std::stol(text.substr(digits)));
}

// Moves what is waiting in FD (non-blocking) into TAIL; false at end of file.
bool drain(int fd, OutputTail& tail) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      tail.append(std::string_view(buffer, static_cast<std::size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0;  // EAGAIN: more may come; 0: every writer is gone
  }
}

void write_log(const std::string& path, const std::string& text) {
  UniqueFd log = open_in(path, O_WRONLY | O_CREAT | O_TRUNC);
  if (::write(log.get(), text.data(), text.size()) < 0) throw os_error("write '" + path + "'");
}

bool process_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

// Double-forks the server's bwrap into its own session; returns its sandbox's pid.
pid_t spawn_detached(const LaunchPlan& plan, UniqueFd info_read, UniqueFd info_write,
                     UniqueFd output_write, Clock::time_point deadline) {
  UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null_fd) throw os_error("cannot open /dev/null");
  const pid_t child = ::fork();
  if (child < 0) throw os_error("fork");
  if (child == 0) {
    ::setsid();
    try {
      spawn_plan(plan, null_fd.get(), output_write.get(), output_write.get());
      _exit(0);
    } catch (...) {
      _exit(125);
    }
  }
  info_write.reset();
  output_write.reset();
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw SandboxError("could not start the jail's tmux server");
  }
  return read_child_pid(info_read.get(), deadline);
}

std::string path_of(const LaunchPlan& plan) {
  for (const std::string& entry : plan.env) {
    if (entry.rfind("PATH=", 0) == 0) return entry.substr(5);
  }
  return kDefaultPath;
}

struct StartedServer {
  pid_t pid = 0;
  UniqueFd output;  // the read end of the server's stdout and stderr, non-blocking
};

StartedServer start_server(const JailSpec& spec, const std::function<UniqueFd()>& make_seccomp,
                           int project_fd) {
  const Clock::time_point deadline = Clock::now() + spec.start_timeout;
  UniqueFd seccomp = make_seccomp();
  int info[2];
  if (::pipe2(info, O_CLOEXEC) != 0) throw os_error("pipe");
  UniqueFd info_read(info[0]);
  UniqueFd info_write(info[1]);
  LaunchRequest request;
  request.policy = spec.policy;
  request.caller_env = spec.caller_env;
  request.home = spec.home;
  request.uid = spec.uid;
  request.socket_dir = spec.paths.socket_dir;
  request.socket_dir_writable = true;
  request.command = {spec.tmux, "-S", inside_socket_path(spec.uid), "-D"};
  request.bwrap = spec.bwrap;
  request.seccomp_fd = seccomp.get();
  request.info_fd = info_write.get();
  request.project_fd = project_fd;
  request.new_session = true;
  request.die_with_parent = false;
  const RealHostFs fs;
  const LaunchPlan plan = build_launch_plan(request, fs);
  const CommandLookup tmux = lookup_command(spec.tmux, path_of(plan), spec.policy.project,
                                            plan.mounts, fs);
  if (tmux.status != CommandStatus::found) {
    throw SandboxError("cannot start the jail's tmux server: '" + spec.tmux +
                       "' is not found in the sandbox (install tmux)");
  }
  int output[2];
  if (::pipe2(output, O_CLOEXEC) != 0) throw os_error("pipe");
  StartedServer server{0, UniqueFd(output[0])};
  UniqueFd output_write(output[1]);
  if (::fcntl(server.output.get(), F_SETFL, O_NONBLOCK) != 0) throw os_error("fcntl");
  ::unlink((spec.paths.state_dir + "/server.log").c_str());
  remove_stale_socket(spec.paths);
  server.pid = spawn_detached(plan, std::move(info_read), std::move(info_write),
                              std::move(output_write), deadline);
  return server;
}

}  // namespace

bool jail_server_running(const JailPaths& paths) {
  struct stat st {};
  if (::lstat(paths.socket.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  // Non-blocking: a frozen server (SIGSTOP) stops accepting, and once its backlog is full a
  // blocking connect would hang the caller; EAGAIN means something listens there.
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) throw os_error("socket");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, paths.socket.c_str(), sizeof address.sun_path - 1);
  return ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 ||
         errno == EAGAIN;
}

JailStart ensure_jail_server(const JailSpec& spec, const std::function<UniqueFd()>& make_seccomp,
                             int project_fd) {
  UniqueFd lock = open_in(spec.paths.state_dir + "/lock", O_RDWR | O_CREAT);
  while (::flock(lock.get(), LOCK_EX) != 0) {
    if (errno != EINTR) throw os_error("cannot lock '" + spec.paths.state_dir + "/lock'");
  }
  if (jail_server_running(spec.paths)) return JailStart::already_running;
  const Clock::time_point deadline = Clock::now() + spec.start_timeout;
  const StartedServer server = start_server(spec, make_seccomp, project_fd);
  const pid_t pid = server.pid;
  OutputTail tail;
  bool open = true;
  while (!jail_server_running(spec.paths)) {
    if (open) open = drain(server.output.get(), tail);
    if (pid <= 0 || !process_alive(pid) || Clock::now() > deadline) {
      if (open) drain(server.output.get(), tail);
      const std::string log = spec.paths.state_dir + "/server.log";
      write_log(log, tail.text());
      const std::string why = tail.last_line();
      throw SandboxError("the jail's tmux server did not start" +
                         (why.empty() ? std::string() : ": " + why) + " (output: " + log + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  try {
    seal_socket_dir(pid, inside_socket_dir(spec.uid));
  } catch (const SandboxError&) {
    ::kill(pid, SIGKILL);
    throw;
  }
  UniqueFd pid_file = open_in(spec.paths.state_dir + "/server.pid",
                              O_WRONLY | O_CREAT | O_TRUNC);
  const std::string text = std::to_string(pid) + "\n";
  if (::write(pid_file.get(), text.data(), text.size()) < 0) throw os_error("write server.pid");
  return JailStart::started;
}

std::vector<JailPaths> find_jails(const std::string& base) {
  std::vector<JailPaths> jails;
  DIR* dir = ::opendir(base.c_str());
  if (!dir) return jails;
  const std::string suffix = ".state";
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    const bool state = name.size() > suffix.size() &&
                       name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (!state) continue;
    JailPaths paths;
    paths.base = base;
    paths.name = name.substr(0, name.size() - suffix.size());
    paths.socket_dir = base + "/" + paths.name;
    paths.socket = paths.socket_dir + "/default";
    paths.state_dir = base + "/" + name;
    jails.push_back(std::move(paths));
  }
  ::closedir(dir);
  std::sort(jails.begin(), jails.end(),
            [](const JailPaths& a, const JailPaths& b) { return a.name < b.name; });
  return jails;
}

UniqueFd hold_jail_in_use(const JailPaths& paths) {
  UniqueFd fd = open_in(paths.state_dir + "/in-use", O_RDONLY | O_CREAT);
  while (::flock(fd.get(), LOCK_SH) != 0) {
    if (errno != EINTR) throw os_error("cannot lock '" + paths.state_dir + "/in-use'");
  }
  return fd;
}

bool jail_in_use(const JailPaths& paths) {
  UniqueFd fd(::open((paths.state_dir + "/in-use").c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return false;
  return ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
}

bool stop_jail_server(const JailPaths& paths) {
  const pid_t pid = jail_server_pid(paths);
  if (pid == 0) return false;
  if (::kill(pid, SIGKILL) != 0) return false;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  while (process_alive(pid) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::unlink((paths.state_dir + "/server.pid").c_str());
  remove_stale_socket(paths);
  return true;
}

}  // namespace sandmux::sandbox
