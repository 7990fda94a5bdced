// Which read-write grants let a sandbox plant what the host runs or loads.
#include "config/host_executed.h"

#include <gtest/gtest.h>

namespace sandmux::config {
namespace {

std::vector<std::string> hit_paths(std::string_view grant) {
  std::vector<std::string> out;
  for (const HostExecutedHit& hit : host_executed_covered_by(grant, "/home/u")) {
    out.push_back(hit.path);
  }
  return out;
}

TEST(HostExecuted, ThePlacesIssueTenNamesAreListed) {
  for (const char* path :
       {"/home/u/.local/bin", "/home/u/bin", "/home/u/.bun/bin", "/home/u/.cargo/bin",
        "/home/u/go/bin", "/home/u/.npm-global/bin", "/home/u/.bashrc", "/home/u/.profile",
        "/home/u/.zshrc", "/home/u/.config/fish", "/home/u/.gitconfig", "/home/u/.config/git",
        "/home/u/.vimrc", "/home/u/.config/nvim", "/home/u/.config/systemd",
        "/home/u/.config/autostart", "/home/u/.config/opencode",
        "/home/u/.config/opencode/plugin", "/home/u/.config/opencode/opencode.json"}) {
    EXPECT_FALSE(hit_paths(path).empty()) << path;
  }
}

TEST(HostExecuted, AGrantInsideAListedDirectoryIsCovered) {
  EXPECT_EQ(hit_paths("/home/u/.bun/bin/git"), std::vector<std::string>{"/home/u/.bun"});
}

TEST(HostExecuted, AnAncestorGrantCoversEverythingBelowIt) {
  const std::vector<std::string> config = hit_paths("/home/u/.config");
  EXPECT_NE(std::find(config.begin(), config.end(), "/home/u/.config/systemd"), config.end());
  EXPECT_NE(std::find(config.begin(), config.end(), "/home/u/.config/opencode"), config.end());
  EXPECT_EQ(hit_paths("/home/u").size(), host_executed_locations().size());
  EXPECT_EQ(hit_paths("/").size(), host_executed_locations().size());
}

TEST(HostExecuted, PlainProjectAndDataDirectoriesAreNotCovered) {
  for (const char* path : {"/home/u/src/app", "/home/u/.local/share/opencode",
                           "/home/u/.local/state/opencode", "/home/u/.binary", "/tmp/x",
                           "/home/u/.bashrc.d.bak", "/home/other/.bashrc"}) {
    EXPECT_TRUE(hit_paths(path).empty()) << path;
  }
}

TEST(HostExecuted, DescriptionNamesTheFirstPlaceAndCountsTheRest) {
  const auto hits = host_executed_covered_by("/home/u/.bun", "/home/u");
  EXPECT_EQ(describe_host_executed("/home/u/.bun", hits, "/home/u"),
            "read-write '~/.bun' lets the sandbox write ~/.bun (a directory on PATH or the tree "
            "its programs live in), which the host runs or loads outside the sandbox");
  const auto many = host_executed_covered_by("/home/u/.config", "/home/u");
  EXPECT_EQ(describe_host_executed("/home/u/.config", many, "/home/u"),
            "read-write '~/.config' lets the sandbox write ~/.config/fish (shell startup "
            "configuration) and " + std::to_string(many.size() - 1) +
                " more such places, which the host runs or loads outside the sandbox");
}

}  // namespace
}  // namespace sandmux::config
