#include "broker/doctor_checks.h"

#include <gtest/gtest.h>

namespace sandmux::broker {
namespace {

TEST(DoctorVersion, ParsesTmuxLetterSuffix) {
  const std::optional<Version> v = parse_version("tmux 3.3a\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, (Version{3, 3, 0, 'a'}));
}

TEST(DoctorVersion, ParsesThreeParts) {
  EXPECT_EQ(parse_version("bubblewrap 0.8.0"), (Version{0, 8, 0, 0}));
}

TEST(DoctorVersion, NoDigitsIsNoVersion) {
  EXPECT_FALSE(parse_version("tmux next"));
}

TEST(DoctorVersion, LetterOrdersAfterPlain) {
  EXPECT_LT((Version{3, 3}), (Version{3, 3, 0, 'a'}));
  EXPECT_LT((Version{3, 3, 0, 'a'}), (Version{3, 4}));
}

TEST(DoctorTmux, MissingTmuxFails) {
  const CheckResult r = check_tmux(std::nullopt);
  EXPECT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.detail, "tmux not found in $PATH");
  EXPECT_EQ(r.hint, "apt-get install tmux");
}

TEST(DoctorTmux, DebianTmuxPasses) {
  const CheckResult r = check_tmux("tmux 3.3a\n");
  EXPECT_EQ(r.status, CheckStatus::pass);
  EXPECT_EQ(r.detail, "tmux 3.3a");
}

TEST(DoctorTmux, TmuxWithoutFlowControlFails) {
  EXPECT_EQ(check_tmux("tmux 3.1c").status, CheckStatus::fail);
  EXPECT_EQ(check_tmux("tmux 3.2a").status, CheckStatus::warn);
  EXPECT_EQ(check_tmux("tmux next-3.5").status, CheckStatus::pass);
}

// What `bwrap --help` of Debian 12's bubblewrap 0.8.0 lists, in part.
constexpr const char* kHelpWithBindFd =
    "    --bind-fd FD DEST            Bind open directory or path fd on DEST\n"
    "    --ro-bind-fd FD DEST         Bind open directory or path fd read-only on DEST\n"
    "    --size BYTES                 Set size of next argument (only for --tmpfs)\n";

TEST(DoctorBwrap, OldBwrapWithoutDisableUsernsFails) {
  const CheckResult r = check_bwrap("bubblewrap 0.7.0", "");
  EXPECT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.detail, "bubblewrap 0.7.0: --disable-userns needs bubblewrap 0.8.0 or later");
}

TEST(DoctorBwrap, DebianBwrapHasBindFdAndPasses) {
  const CheckResult r = check_bwrap("bubblewrap 0.8.0\n", kHelpWithBindFd);
  EXPECT_EQ(r.status, CheckStatus::pass);
  EXPECT_EQ(r.detail,
            "bubblewrap 0.8.0: has --bind-fd (the project is bound by descriptor, as it was checked)");
  EXPECT_TRUE(bwrap_binds_fds(kHelpWithBindFd));
}

TEST(DoctorBwrap, BwrapWithoutBindFdWarnsAboutTheProjectRace) {
  const CheckResult r = check_bwrap("bubblewrap 0.9.0\n", "    --bind SRC DEST\n");
  EXPECT_EQ(r.status, CheckStatus::warn);
  EXPECT_NE(r.detail.find("no --bind-fd"), std::string::npos);
  EXPECT_NE(r.detail.find("CVE-2024-42472"), std::string::npos);
  EXPECT_FALSE(bwrap_binds_fds("    --bind SRC DEST\n"));
}

TEST(DoctorGrants, APlaceTheHostRunsMakesAWarning) {
  EXPECT_EQ(check_grants({{"default", {"rw     ~/src: read, ..."}}}).status, CheckStatus::pass);
  const CheckResult r =
      check_grants({{"mine", {"ro     /usr: read it", "rw     ~/.bun: ...; WARNING: ..."}}});
  EXPECT_EQ(r.status, CheckStatus::warn);
  EXPECT_EQ(r.detail,
            "a profile lets a sandbox write what the host runs:\n        mine:\n"
            "          ro     /usr: read it\n          rw     ~/.bun: ...; WARNING: ...");
}

TEST(DoctorBwrap, MissingBwrapFailsClosed) {
  EXPECT_EQ(check_bwrap(std::nullopt, "").detail,
            "bwrap not found in $PATH: sandmux will not run anything unsandboxed");
}

TEST(DoctorLandlock, Abi6ScopesAbstractSockets) {
  EXPECT_EQ(check_landlock(7).status, CheckStatus::pass);
  const CheckResult old = check_landlock(5);
  EXPECT_EQ(old.status, CheckStatus::warn);
  EXPECT_EQ(old.detail,
            "Landlock ABI 5: with the network shared, a sandbox can reach the host's abstract unix "
            "sockets (such as X11's)");
}

TEST(DoctorTiocsti, OnlyZeroPasses) {
  EXPECT_EQ(check_legacy_tiocsti(0).status, CheckStatus::pass);
  EXPECT_EQ(check_legacy_tiocsti(1).status, CheckStatus::warn);
  EXPECT_EQ(check_legacy_tiocsti(1).hint, "sysctl -w dev.tty.legacy_tiocsti=0");
  EXPECT_EQ(check_legacy_tiocsti(std::nullopt).status, CheckStatus::warn);
}

TEST(DoctorSocketBase, ProblemFailsWithPath) {
  const CheckResult r = check_socket_base("/tmp/sandmux-1000", "is a symbolic link");
  EXPECT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.detail, "/tmp/sandmux-1000: is a symbolic link");
  EXPECT_EQ(check_socket_base("/run/user/1000/sandmux", "").status, CheckStatus::pass);
}

TEST(DoctorTerm, UnsetTermWarns) {
  EXPECT_EQ(check_term(std::nullopt, false).status, CheckStatus::warn);
  EXPECT_EQ(check_term("xterm-256color", false).status, CheckStatus::warn);
  EXPECT_EQ(check_term("xterm-256color", true).detail,
            "TERM=xterm-256color reaches sandboxed programs unchanged");
}

TEST(DoctorProfiles, NamesEveryInvalidProfileAndTheFirstError) {
  const CheckResult r = check_profiles({{"default", {}},
                                        {"a", {"a.toml:1:1: unknown key 'x'"}},
                                        {"b", {"b.toml:2:1: bad"}}});
  EXPECT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.detail, "invalid: a, b (a.toml:1:1: unknown key 'x')");
  EXPECT_EQ(check_profiles({{"default", {}}}).detail, "1 profile valid");
}

}  // namespace
}  // namespace sandmux::broker
