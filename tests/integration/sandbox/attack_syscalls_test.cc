// The syscall-level attack suite under the real bwrap with the real seccomp filter, passed
// as `bwrap --seccomp FD` the way the launcher passes it. Runs as root and as an
// unprivileged user ($SANDMUX_PROBER points at a copy the user can read).
//
// AttackControl runs a few of the same probes with no filter: they get through, so the
// answers above come from the filter and not from bwrap or the kernel.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "sandbox/seccomp_filter.h"
#include "tests/integration/sandbox/attack_probe.h"
#include "tests/support/test_paths.h"

namespace sandmux::testing {
namespace {

ProbeOutcome run_in_bwrap(const AttackCase& attack, bool with_filter) {
  const std::string prober = canonical_prober();
  // A fresh memfd per run: bwrap reads it to the end.
  sandbox::UniqueFd filter = with_filter ? sandbox::export_seccomp_filter({}) : sandbox::UniqueFd();
  return spawn_and_wait(bwrap_argv(prober, filter.get(), attack.network, {attack.probe}),
                        {attack.stdin_kind});
}

void require_tools() {
  ASSERT_TRUE(in_path("bwrap")) << "bwrap is not installed (scripts/install-deps)";
  ASSERT_EQ(access(canonical_prober().c_str(), X_OK), 0) << "no prober at " << canonical_prober();
}

class AttackViaBwrap : public ::testing::TestWithParam<AttackCase> {
 protected:
  void SetUp() override { require_tools(); }
};

TEST_P(AttackViaBwrap, EndsAsTheFilterSays) {
  const AttackCase& attack = GetParam();
  EXPECT_TRUE(probe_ended_as(attack.probe, run_in_bwrap(attack, true), attack.expected));
}

INSTANTIATE_TEST_SUITE_P(Syscalls, AttackViaBwrap, ::testing::ValuesIn(syscall_attack_cases()),
                         [](const ::testing::TestParamInfo<AttackCase>& row) {
                           return case_name(row.param);
                         });

TEST(AttackProber, KnowsEveryProbeTheSuitesUse) {
  require_tools();
  const ProbeOutcome list = spawn_and_wait({canonical_prober(), "--list"});
  ASSERT_EQ(list.exit_code, 0);
  for (const AttackCase& attack : syscall_attack_cases())
    EXPECT_NE(list.output.find(std::string(attack.probe) + "\n"), std::string::npos)
        << attack.probe;
}

TEST(AttackHarness, ReportsALauncherThatHangsAndKillsIt) {
  const auto start = std::chrono::steady_clock::now();
  const ProbeOutcome outcome =
      spawn_and_wait({"sleep", "30"}, {.timeout = std::chrono::milliseconds(300)});
  EXPECT_TRUE(outcome.hung);
  EXPECT_EQ(outcome.signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

class AttackControl : public ::testing::TestWithParam<AttackCase> {
 protected:
  void SetUp() override { require_tools(); }
};

TEST_P(AttackControl, GetsThroughWithoutTheFilter) {
  const AttackCase& attack = GetParam();
  EXPECT_TRUE(probe_ended_as(attack.probe, run_in_bwrap(attack, false), attack.expected));
}

// Only probes whose unfiltered success is the attack itself and that are harmless when it
// succeeds (ptrace of pid 1 would stop bwrap's init, so it is not here).
const std::vector<AttackCase>& unfiltered_controls() {
  static const std::vector<AttackCase> cases = {
      {"tiocsti-stdin", succeeds(), Stdin::controlling_tty},
      {"tiocsti-stdin-highbit", succeeds(), Stdin::controlling_tty},
      {"tiocsti-devtty", succeeds(), Stdin::controlling_tty},
      {"tiocsti-pty", succeeds()},
      {"tiocsti-pty-highbit", succeeds()},
      {"clone3", succeeds()},
      {"personality-linux32", succeeds()},
      {"personality-linux32-highbit", succeeds()},
      {"i386-getpid", kernel_runs_i386_syscalls() ? succeeds() : killed_by(SIGSEGV)},
      {"process-vm-readv", succeeds()},
  };
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Unfiltered, AttackControl, ::testing::ValuesIn(unfiltered_controls()),
                         [](const ::testing::TestParamInfo<AttackCase>& row) {
                           return case_name(row.param);
                         });

}  // namespace
}  // namespace sandmux::testing
