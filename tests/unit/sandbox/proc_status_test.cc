#include "sandbox/proc_status.h"

#include <gtest/gtest.h>

namespace sandmux::sandbox {
namespace {

TEST(ProcStatus, ResidentBytesComeFromVmRssInKiB) {
  const std::string status =
      "Name:\ttmux: server\nState:\tS (sleeping)\nVmPeak:\t   9000 kB\nVmRSS:\t    4321 kB\n"
      "RssAnon:\t     100 kB\n";
  EXPECT_EQ(resident_bytes_from_status(status), 4321u * 1024);
}

TEST(ProcStatus, MissingOrMalformedVmRssIsUnknown) {
  EXPECT_EQ(resident_bytes_from_status("Name:\tkthreadd\nState:\tS\n"), std::nullopt);
  EXPECT_EQ(resident_bytes_from_status("VmRSS:\t kB\n"), std::nullopt);
  EXPECT_EQ(resident_bytes_from_status("VmRSS:\t12 MB\n"), std::nullopt);
  EXPECT_EQ(resident_bytes_from_status(""), std::nullopt);
}

TEST(ProcStatus, LastLineWithoutNewlineCounts) {
  EXPECT_EQ(resident_bytes_from_status("VmRSS:\t1 kB"), 1024u);
}

}  // namespace
}  // namespace sandmux::sandbox

namespace sandmux::sandbox {
namespace {

TEST(ProcStatus, InnermostPidIsTheLastOfNSpid) {
  EXPECT_EQ(innermost_pid_from_status("Name:\tsleep\nNSpid:\t4242\t7\nNSsid:\t1\n"), 7);
  EXPECT_EQ(innermost_pid_from_status("NSpid:\t4242\n"), 4242);
  EXPECT_EQ(innermost_pid_from_status("Name:\tsleep\n"), std::nullopt);
  EXPECT_EQ(innermost_pid_from_status("NSpid:\t42x\n"), std::nullopt);
}

TEST(ProcStatus, SessionComesAfterTheParenthesisedCommand) {
  EXPECT_EQ(session_from_stat("4242 (sleep) S 4200 4242 4242 34816 4242 4194304"), 4242);
  EXPECT_EQ(session_from_stat("77 (a) b) (c) R 1 70 71 0 -1"), 71);
  EXPECT_EQ(session_from_stat("77 (no end"), std::nullopt);
  EXPECT_EQ(session_from_stat("77 (x) S 1"), std::nullopt);
}

}  // namespace
}  // namespace sandmux::sandbox
