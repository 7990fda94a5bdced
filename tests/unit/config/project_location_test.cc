// Which canonical directories may be granted read-write as a project.
#include "config/project_location.h"

#include <gtest/gtest.h>

namespace sandmux::config {
namespace {

std::string refusal(std::string_view project, const std::vector<PathGrant>& ro = {},
                    const std::vector<std::string>& allowed = {}) {
  return project_refusal(project, "/home/u", ro, allowed).value_or("");
}

TEST(ProjectLocation, OrdinaryProjectsAreAccepted) {
  for (const char* path : {"/home/u/src/app", "/home/u/work", "/tmp/x", "/var/tmp/x", "/opt/app",
                           "/srv/site", "/home/u/src/.hidden-inside-a-project-is-fine",
                           "/home/other/src", "/var/www/site"}) {
    EXPECT_EQ(refusal(path), "") << path;
  }
}

TEST(ProjectLocation, SystemDirectoriesAreRefused) {
  EXPECT_EQ(refusal("/"), "it is the system directory '/' itself");
  EXPECT_EQ(refusal("/tmp"), "it is the system directory '/tmp' itself");
  EXPECT_EQ(refusal("/home"), "it is the system directory '/home' itself");
  EXPECT_EQ(refusal("/usr"), "it is inside the system directory '/usr'");
  EXPECT_EQ(refusal("/usr/lib/x"), "it is inside the system directory '/usr'");
  EXPECT_EQ(refusal("/etc/systemd"), "it is inside the system directory '/etc'");
  EXPECT_EQ(refusal("/lib64"), "it is inside the system directory '/lib64'");
  EXPECT_EQ(refusal("/var/lib/x"), "it is inside the system directory '/var'");
  EXPECT_EQ(refusal("/run/user/1000"), "it is inside the system directory '/run'");
  EXPECT_EQ(refusal("/proc/self"), "it is inside the system directory '/proc'");
}

TEST(ProjectLocation, TheHomeDirectoryAndItsDotDirectoriesAreRefused) {
  EXPECT_EQ(refusal("/home/u"), "it is the home directory itself");
  EXPECT_EQ(project_refusal("/data", "/data/u", {}, {}).value_or(""),
            "it contains the home directory '/data/u'");
  EXPECT_EQ(refusal("/home/u/.config"),
            "it is inside '~/.config', a dot-directory of the home directory, where programs "
            "keep configuration");
  EXPECT_EQ(refusal("/home/u/.local/share/x"),
            "it is inside '~/.local', a dot-directory of the home directory, where programs "
            "keep configuration");
}

TEST(ProjectLocation, PlacesTheHostRunsAreRefused) {
  EXPECT_EQ(refusal("/home/u/bin"),
            "granting it read-write would let the sandbox write ~/bin (a directory on PATH or "
            "the tree its programs live in)");
  EXPECT_EQ(refusal("/home/u/go"),
            "granting it read-write would let the sandbox write ~/go/bin (a directory on PATH "
            "or the tree its programs live in)");
}

TEST(ProjectLocation, AProjectInsideAReadOnlyGrantIsRefused) {
  const std::vector<PathGrant> ro = {{"/home/u/reference", false, {}}};
  EXPECT_EQ(refusal("/home/u/reference/app", ro), "the profile grants '~/reference' read-only");
  EXPECT_EQ(refusal("/home/u/referenced", ro), "");
}

TEST(ProjectLocation, AllowProjectsOverridesEveryRule) {
  const std::vector<std::string> allowed =
      expand_allowed_projects({"~/.config/foo", "/etc/site"}, "/home/u");
  EXPECT_EQ(allowed, (std::vector<std::string>{"/home/u/.config/foo", "/etc/site"}));
  EXPECT_EQ(refusal("/home/u/.config/foo", {}, allowed), "");
  EXPECT_EQ(refusal("/home/u/.config/foo/sub", {}, allowed), "");
  EXPECT_EQ(refusal("/etc/site", {}, allowed), "");
  EXPECT_NE(refusal("/home/u/.config", {}, allowed), "");
  EXPECT_NE(refusal("/home/u/.config/foobar", {}, allowed), "");
}

}  // namespace
}  // namespace sandmux::config
