#include "sandbox/command_lookup.h"

#include <gtest/gtest.h>

#include "tests/unit/sandbox/fake_host_fs.h"

namespace sandmux::sandbox {
namespace {

std::vector<PlannedMount> mounts() {
  return {{MountKind::symlink, "usr/bin", "/bin"},
          {MountKind::tmpfs, "", "/home/u"},
          {MountKind::bind, "/home/u/proj", "/home/u/proj"},
          {MountKind::ro_bind, "/usr", "/usr"}};
}

CommandLookup lookup(const std::string& name, const std::string& path = "/bin:/usr/bin") {
  testing::FakeHostFs fs = testing::debian_host();
  fs.file("/home/u/bin/private", 0755).dir("/usr/bin/adir").file("/usr/bin/plain", 0644);
  return lookup_command(name, path, "/home/u/proj", mounts(), fs);
}

TEST(CommandLookup, Table) {
  struct Row {
    const char* name;
    const char* path;
    CommandStatus status;
    const char* found;
  };
  const Row rows[] = {
      {"sh", "/bin:/usr/bin", CommandStatus::found, "/bin/sh"},
      {"/usr/bin/env", "", CommandStatus::found, "/usr/bin/env"},
      {"./build.sh", "", CommandStatus::found, "/home/u/proj/build.sh"},
      {"build.sh", "/usr/bin:", CommandStatus::found, "/home/u/proj/build.sh"},
      {"nonesuch", "/bin:/usr/bin", CommandStatus::not_found, ""},
      {"private", "/home/u/bin:/usr/bin", CommandStatus::not_found, ""},  // home is hidden
      {"./notes.txt", "", CommandStatus::not_executable, "/home/u/proj/notes.txt"},
      {"plain", "/usr/bin", CommandStatus::not_executable, "/usr/bin/plain"},
      {"adir", "/usr/bin", CommandStatus::not_executable, "/usr/bin/adir"},
      {"", "/usr/bin", CommandStatus::not_found, ""},
      {"sh", "relative/dir:/usr/bin", CommandStatus::found, "/usr/bin/sh"},
  };
  for (const Row& row : rows) {
    const CommandLookup result = lookup(row.name, row.path);
    EXPECT_EQ(result.status, row.status) << row.name;
    EXPECT_EQ(result.path, row.found) << row.name;
  }
}

TEST(CommandLookup, ALaterExecutableBeatsAnEarlierPlainFile) {
  const CommandLookup result = lookup("plain", "/usr/bin:/home/u/proj");
  EXPECT_EQ(result.status, CommandStatus::not_executable);
  testing::FakeHostFs fs = testing::debian_host();
  fs.file("/usr/bin/tool", 0644).file("/home/u/proj/tool", 0755);
  const CommandLookup later = lookup_command("tool", "/usr/bin:/home/u/proj", "/", mounts(), fs);
  EXPECT_EQ(later.status, CommandStatus::found);
  EXPECT_EQ(later.path, "/home/u/proj/tool");
}

}  // namespace
}  // namespace sandmux::sandbox
