// Issue 10 §4: a jail reaches no host file through its tmux server's descriptors. The
// server's stdout and stderr used to be STATE/server.log, a host file: a window wrote
// into it through /proc/PID/fd/1, forging the line the broker quotes when a server
// fails. Now they are a pipe that only the starter reads, while the server starts.
// And the jail's socket directory, in $XDG_RUNTIME_DIR on the host, was bound
// read-write: a jail wrote 50 MB there. Now it is sealed read-only once the socket is made.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/integration/broker/hostile_jail_fixture.h"

namespace sandmux::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kForged = "FORGED-SERVER-LOG-LINE";

/// Files below ROOT whose contents hold TEXT.
std::vector<std::string> files_containing(const std::string& root, const std::string& text) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (read_file(entry.path().string()).find(text) != std::string::npos) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

using HostileJailHostFiles = HostileJail;

TEST_F(HostileJailHostFiles, ServerDescriptorsLeadToNoHostFile) {
  // Every descriptor 1 and 2 in the jail: the server's among them. Opening a pipe
  // nobody reads blocks, hence the timeout.
  run_attack(std::string("for f in /proc/[0-9]*/fd/1 /proc/[0-9]*/fd/2; do\n"
                         "  case \"$(readlink \"$f\")\" in *attack.log) continue;; esac\n"
                         "  timeout 2 sh -c 'echo \"") + kForged + "\" >>\"$1\"' sh \"$f\" 2>/dev/null\n"
             "  echo \"tried $f -> $(readlink \"$f\")\"\n"
             "done");
  EXPECT_EQ(files_containing(jail_base(), kForged), std::vector<std::string>{});
  EXPECT_EQ(files_containing(m_tmp / "state", kForged), std::vector<std::string>{});
  EXPECT_TRUE(answers("alpha", "after"));
}

/// What the host's socket directory of the jail of PROJECT holds, besides the socket.
std::vector<std::string> extra_entries(const std::string& socket_dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(socket_dir)) {
    if (entry.path().filename() != "default") out.push_back(entry.path().filename().string());
  }
  return out;
}

TEST_F(HostileJailHostFiles, WindowsCannotFillTheSocketDirectory) {
  run_attack("d=/tmp/tmux-$(id -u)\n"
             "dd if=/dev/zero of=$d/fill bs=1M count=4; echo x > $d/x; mkdir $d/sub\n"
             "ls -la $d");
  EXPECT_EQ(extra_entries(jail_of(m_hostile).socket_dir), std::vector<std::string>{});
  EXPECT_TRUE(answers("victim", "still-reachable"));
  EXPECT_TRUE(answers("alpha", "after"));
}

TEST_F(HostileJailHostFiles, RunCannotFillTheSocketDirectory) {
  const ProcessResult ran = sandmux({"run", "-C", m_hostile, "--", "sh", "-c",
                                     "d=/tmp/tmux-$(id -u); echo x > $d/run-x; "
                                     "tmux new-window -d 'echo y > /tmp/tmux-'$(id -u)'/win-y'; "
                                     "sleep 1; tmux list-windows >/dev/null"});
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_EQ(extra_entries(jail_of(m_hostile).socket_dir), std::vector<std::string>{});
}

}  // namespace
}  // namespace sandmux::testing
