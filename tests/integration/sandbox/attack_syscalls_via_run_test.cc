// The syscall-level attack suite through the real launcher: `sandmux run -p default -C
// PROJECT -- PROBER PROBE`, with the prober copied into a scratch project. Same cases and
// answers as attack_syscalls_test.cc, so the launcher is shown to pass the filter on.
//
// Each run gets private XDG_CONFIG_HOME and XDG_RUNTIME_DIR under one mkdtemp directory,
// so no user profile applies and the jails' socket directories land there; the jails'
// tmux servers are stopped and the directory removed when the suite ends.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/sandbox/attack_probe.h"
#include "tests/support/test_paths.h"

namespace sandmux::testing {
namespace {

namespace fs = std::filesystem;

class AttackViaRun : public ::testing::TestWithParam<AttackCase> {
 public:
  static void SetUpTestSuite() {
    char scratch[] = "/tmp/sandmux-attack-run-XXXXXX";
    if (!mkdtemp(scratch)) return;
    s_scratch = scratch;
    fs::create_directory(s_scratch + "/config");
    fs::create_directory(s_scratch + "/runtime");
    fs::create_directory(s_scratch + "/project");
    chmod((s_scratch + "/runtime").c_str(), 0700);
    std::error_code error;
    fs::copy_file(prober_binary(), prober(), error);
    chmod(prober().c_str(), 0755);
  }

  static void TearDownTestSuite() {
    if (s_scratch.empty()) return;
    stop_jail_servers(s_scratch + "/runtime/sandmux");
    std::error_code error;
    fs::remove_all(s_scratch, error);
    s_scratch.clear();
  }

 protected:
  void SetUp() override {
    ASSERT_FALSE(s_scratch.empty()) << "mkdtemp failed";
    ASSERT_TRUE(in_path("bwrap")) << "bwrap is not installed (scripts/install-deps)";
    ASSERT_EQ(access(sandmux_binary().c_str(), X_OK), 0) << "no sandmux at " << sandmux_binary();
    ASSERT_EQ(access(prober().c_str(), X_OK), 0) << "could not copy " << prober_binary();
  }

  static std::string project() { return s_scratch + "/project"; }
  static std::string prober() { return project() + "/sandmux_prober"; }

  static std::vector<std::string> run_argv(const std::string& probe) {
    const std::string config = "XDG_CONFIG_HOME=" + s_scratch + "/config";
    const std::string runtime = "XDG_RUNTIME_DIR=" + s_scratch + "/runtime";
    return {"env", config,    runtime, sandmux_binary(), "run", "-p", "default",
            "-C",  project(), "--",    prober(),         probe};
  }

 private:
  /// Ends the confined tmux servers `run` started: BASE/NAME.state/server.pid names the
  /// bwrap that is init of the jail's pid namespace, and killing it ends everything inside.
  static void stop_jail_servers(const std::string& base) {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(base, error)) {
      std::ifstream pid_file(entry.path() / "server.pid");
      pid_t pid = 0;
      if (pid_file >> pid && pid > 1) kill(pid, SIGKILL);
    }
  }

  static inline std::string s_scratch;
};

TEST_P(AttackViaRun, EndsAsTheFilterSays) {
  const AttackCase& attack = GetParam();
  EXPECT_TRUE(probe_ended_as(
      attack.probe, spawn_and_wait(run_argv(attack.probe), {attack.stdin_kind}), attack.expected));
}

INSTANTIATE_TEST_SUITE_P(Syscalls, AttackViaRun, ::testing::ValuesIn(syscall_attack_cases()),
                         [](const ::testing::TestParamInfo<AttackCase>& row) {
                           return case_name(row.param);
                         });

}  // namespace
}  // namespace sandmux::testing
