#include "sandbox/jail_processes.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "sandbox/proc_status.h"

namespace sandmux::sandbox {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string pid_namespace(const std::string& proc_dir) {
  char target[128];
  const ssize_t n = ::readlink((proc_dir + "/ns/pid").c_str(), target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

pid_t jail_server_pid(const JailPaths& paths) {
  std::ifstream in(paths.state_dir + "/server.pid");
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 1) return 0;
  // The sandbox's pid 1 is bwrap itself, whose argv binds this jail's socket directory.
  const std::string cmdline = read_text("/proc/" + std::to_string(pid) + "/cmdline");
  if (cmdline.find(std::string(1, '\0') + paths.socket_dir + '\0') == std::string::npos) return 0;
  return pid;
}

JailProcesses jail_processes(pid_t server) {
  JailProcesses found;
  if (server <= 1) return found;
  const std::string wanted = pid_namespace("/proc/" + std::to_string(server));
  if (wanted.empty()) return found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    // bwrap's pid 1 lives in the namespace it made; its parent (outside) does not.
    if (pid != server && pid_namespace(entry.path().string()) != wanted) continue;
    found.pids.push_back(pid);
    found.resident_bytes +=
        resident_bytes_from_status(read_text(entry.path().string() + "/status")).value_or(0);
  }
  std::sort(found.pids.begin(), found.pids.end());
  return found;
}

std::vector<pid_t> kill_jail_session(pid_t server, long inner_pid) {
  std::vector<pid_t> killed;
  if (inner_pid <= 1) return killed;  // never the jail's own pid 1
  const std::vector<pid_t> pids = jail_processes(server).pids;
  pid_t leader = 0;
  for (pid_t pid : pids) {
    const auto inner = innermost_pid_from_status(read_text("/proc/" + std::to_string(pid) + "/status"));
    if (pid != server && inner == inner_pid) leader = pid;
  }
  if (leader == 0) return killed;
  for (pid_t pid : pids) {
    // /proc/PID/stat shows the session id as the reader (the host) sees it.
    const auto session = session_from_stat(read_text("/proc/" + std::to_string(pid) + "/stat"));
    if (pid == server || (pid != leader && session != leader)) continue;
    if (::kill(pid, SIGKILL) == 0) killed.push_back(pid);
  }
  return killed;
}

}  // namespace sandmux::sandbox
