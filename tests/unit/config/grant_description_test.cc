// One line per grant, saying what it allows.
#include "config/grant_description.h"

#include <gtest/gtest.h>

namespace sandmux::config {
namespace {

PathGrant grant(std::string path, bool optional = false) {
  return PathGrant{std::move(path), optional, {}};
}

TEST(GrantDescription, EveryGrantGetsOneLine) {
  Profile profile;
  profile.ro = {grant("/usr"), grant("/home/u/.gitconfig", true)};
  profile.rw = {grant("/home/u/src/app")};
  profile.tmpfs = {grant("/var/tmp")};
  profile.create = {grant("/home/u/.local/share/x")};
  profile.network = NetworkMode::none;
  EXPECT_EQ(describe_grants(profile, "/home/u"),
            (std::vector<std::string>{
                "ro     /usr: read it; changes are refused",
                "ro     ~/.gitconfig (when it exists): read it; changes are refused",
                "rw     ~/src/app: read, create, change and delete anything in it; the host "
                "keeps the changes",
                "tmpfs  /var/tmp: an empty scratch directory, gone when the sandbox ends",
                "create ~/.local/share/x: made on the host (mode 0700) before the sandbox starts",
                "net    none: no network, only a private loopback"}));
}

TEST(GrantDescription, AReadWriteGrantOnAPlaceTheHostRunsSaysSo) {
  Profile profile;
  profile.rw = {grant("/home/u/.bun", true)};
  profile.env_pass = {"TERM", "LANG"};
  profile.expose_host_socket = true;
  EXPECT_EQ(describe_grants(profile, "/home/u"),
            (std::vector<std::string>{
                "rw     ~/.bun (when it exists): read, create, change and delete anything in it; "
                "the host keeps the changes; WARNING: read-write '~/.bun' lets the sandbox "
                "write ~/.bun (a directory on PATH or the tree its programs live in), which "
                "the host runs or loads outside the sandbox",
                "net    host: connect to the network like any program of yours",
                "env    TERM LANG: these variables pass in from your environment",
                "tmux   host socket: run any command on the host through your tmux server"}));
}

}  // namespace
}  // namespace sandmux::config
