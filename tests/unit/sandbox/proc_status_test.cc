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
