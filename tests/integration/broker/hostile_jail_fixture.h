#pragma once
// Two jails, one of them hostile. The bystander jail (the fixture's project) runs session
// "alpha"; the hostile jail (project "hostile") runs session "victim" and the attacks:
// shell scripts run as a session there, using a plain `tmux`, which inside a jail reaches
// that jail's own confined server, and from there the broker's control-mode client.
// The host's canary: m_host_dir exists only on the host (the jail and the client jail
// see neither it nor its parent's contents), and every attack that tries to run a
// command outside names a file in it. It must stay empty.
// Works as root and as an unprivileged user running copied binaries.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "sandbox/jail_paths.h"
#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {

/// Answers each line with "pong-LINE", so an answer is not the terminal's echo.
inline constexpr const char* kPong = "while read -r line; do echo \"pong-$line\"; done";

/// Every process below ROOT (not ROOT itself).
inline std::vector<pid_t> descendants_of(pid_t root) {
  std::map<pid_t, std::vector<pid_t>> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = read_file(entry.path().string() + "/stat");
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos || close + 4 >= stat.size()) continue;
    const pid_t parent = static_cast<pid_t>(std::atol(stat.c_str() + close + 4));  // ") S PPID"
    children[parent].push_back(static_cast<pid_t>(std::stol(name)));
  }
  std::vector<pid_t> found;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    const pid_t next = todo.back();
    todo.pop_back();
    for (pid_t child : children[next]) {
      found.push_back(child);
      todo.push_back(child);
    }
  }
  return found;
}

/// Stops every process of a jail (its tmux server and the panes) until destroyed.
class FrozenJail {
 public:
  explicit FrozenJail(const sandbox::JailPaths& jail) {
    const pid_t server = static_cast<pid_t>(std::atol(read_file(jail.state_dir + "/server.pid").c_str()));
    if (server > 0) m_pids = descendants_of(server);
    for (pid_t pid : m_pids) ::kill(pid, SIGSTOP);
  }
  ~FrozenJail() { thaw(); }
  FrozenJail(const FrozenJail&) = delete;
  FrozenJail& operator=(const FrozenJail&) = delete;
  void thaw() {
    for (pid_t pid : m_pids) ::kill(pid, SIGCONT);
    m_pids.clear();
  }
  bool frozen() const { return !m_pids.empty(); }

 private:
  std::vector<pid_t> m_pids;
};

class HostileJail : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    m_hostile = m_tmp / "hostile";
    m_host_dir = m_tmp / "host-only";
    std::filesystem::create_directories(m_hostile);
    std::filesystem::create_directories(m_host_dir);
    start_pong("alpha", m_project);
    start_pong("victim", m_hostile);
  }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- attack.log\n" << read_file(m_hostile + "/attack.log")
                << "--- broker.log (warnings)\n" << broker_warnings();
    }
    SandmuxE2e::TearDown();
  }

  /// `sandmux new -C PROJECT -n NAME -- sh -c kPong`, which must succeed.
  void start_pong(const std::string& name, const std::string& project) {
    const ProcessResult started = sandmux({"new", "-C", project, "-n", name, "--", "sh", "-c", kPong});
    ASSERT_EQ(started.status, 0) << started.err;
  }

  /// NAME answers TOKEN: `send` it, then its "pong-TOKEN" comes back (`wait --match`).
  ::testing::AssertionResult answers(const std::string& name, const std::string& token) {
    const ProcessResult sent = sandmux({"send", name, token});
    if (sent.status != 0) return ::testing::AssertionFailure() << "send " << name << ": " << sent.err;
    const ProcessResult waited = sandmux({"wait", name, "--match", "pong-" + token, "--timeout", "50"});
    if (waited.status != 0) {
      return ::testing::AssertionFailure() << "wait " << name << " (" << waited.status << "): " << waited.err;
    }
    return ::testing::AssertionSuccess();
  }

  /// Starts SCRIPT as session NAME in the hostile jail, with H (the host-only directory),
  /// P (the hostile project) and clients() (the server's client names) defined. Its output
  /// goes to attack.log unless TO_PANE. At its end it touches attack.finished in the
  /// project, which the host sees even when the broker has lost the jail.
  void launch_attack(const std::string& script, const std::string& name = "attacker",
                     bool to_pane = false) {
    std::filesystem::remove(finished_file());
    write_file(m_hostile + "/attack.sh",
               std::string(to_pane ? "" : "exec >>attack.log 2>&1\n") + "H='" + m_host_dir + "'\n" +
                   "P='" + m_hostile + "'\n" +
                   "clients() { tmux list-clients -F '#{client_name}'; }\n" + script +
                   "\ntouch attack.finished\n");
    const ProcessResult started =
        sandmux({"new", "-C", m_hostile, "-n", name, "--", "sh", "-c", "sh ./attack.sh; exec sleep 600"});
    ASSERT_EQ(started.status, 0) << started.err;
  }
  /// True once the attack has run to its end.
  bool attack_finished() const { return exists(finished_file()); }
  /// launch_attack(), then waits for its end.
  void run_attack(const std::string& script, const std::string& name = "attacker",
                  bool to_pane = false) {
    ASSERT_NO_FATAL_FAILURE(launch_attack(script, name, to_pane));
    ASSERT_TRUE(eventually([&] { return attack_finished(); })) << read_file(m_hostile + "/attack.log");
  }
  std::string finished_file() const { return m_hostile + "/attack.finished"; }

  /// The state of NAME ("" when not listed).
  std::string state_of(const std::string& name) {
    const boost::json::value object = session(name);
    return object.is_object() ? std::string(object.at("state").as_string()) : "";
  }
  /// The names `ls --json` lists, in order.
  std::vector<std::string> names() {
    std::vector<std::string> out;
    const boost::json::value list = boost::json::parse(sandmux({"ls", "--json"}).out);
    for (const boost::json::value& item : list.as_array()) out.emplace_back(item.at("name").as_string());
    return out;
  }

  long broker_pid() {
    const ProcessResult status = sandmux({"broker", "status", "--json"});
    if (status.status != 0) return 0;
    return static_cast<long>(boost::json::parse(status.out).at("pid").to_number<std::int64_t>());
  }
  /// Live jails according to `broker status --json`.
  long live_jails() {
    const ProcessResult status = sandmux({"broker", "status", "--json"});
    if (status.status != 0) return -1;
    return static_cast<long>(boost::json::parse(status.out).at("jails").to_number<std::int64_t>());
  }
  /// SIGKILL to the broker; returns once it is gone.
  void kill_broker() {
    const long pid = broker_pid();
    ASSERT_GT(pid, 0);
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    ASSERT_TRUE(eventually([pid] { return ::kill(static_cast<pid_t>(pid), 0) != 0; }));
  }

  sandbox::JailPaths jail_of(const std::string& project) const {
    return sandbox::make_jail_paths(jail_base(), "default", project);
  }

  /// The broker's log lines at warning level and above.
  std::string broker_warnings() const {
    const std::string log = read_file(m_env.at("XDG_STATE_HOME") + "/sandmux/broker.log");
    std::string out;
    std::size_t start = 0;
    while (start < log.size()) {
      std::size_t end = log.find('\n', start);
      if (end == std::string::npos) end = log.size();
      const std::string line = log.substr(start, end - start);
      if (line.find("[warning]") != std::string::npos || line.find("[error]") != std::string::npos) {
        out += line + "\n";
      }
      start = end + 1;
    }
    return out;
  }

  /// Stops the broker (so that a control client told to run something at its exit has
  /// done so), then lists what appeared in the host-only directory: nothing, or an escape.
  std::vector<std::string> host_markers_after_broker_stop() {
    sandmux({"broker", "stop"});
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(m_host_dir)) {
      found.push_back(entry.path().filename().string());
    }
    return found;
  }

  std::string m_hostile;   ///< the hostile jail's project
  std::string m_host_dir;  ///< exists only on the host; must stay empty
};

}  // namespace sandmux::testing
