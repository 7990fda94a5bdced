// Issue 10 §2 and §3, as attacks through the real `sandmux run` and `sandmux new`:
// nothing a sandbox writes may land where the host later runs it or loads it as
// configuration (config/host_executed.h lists those places), neither through a
// profile's read-write grants nor through a project directory that is a symlink.
// The home directory is the fixture's private one; every listed place is made there
// first, so a grant that reaches one of them really binds it.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/host_executed.h"
#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

namespace fs = std::filesystem;

/// Every file and directory below ROOT (ROOT included) with the contents of the files.
std::map<std::string, std::string> snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(root, ec))) return out;
  out[root] = fs::is_directory(root) ? "<dir>" : read_file(root);
  if (!fs::is_directory(root)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    const std::string path = entry.path().string();
    out[path] = entry.is_directory() ? "<dir>" : read_file(path);
  }
  return out;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class GrantAttack : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    m_home = m_env.at("HOME");
    for (const config::HostExecutedLocation& location : config::host_executed_locations()) {
      const std::string path = m_home + "/" + std::string(location.relative);
      fs::create_directories(path);
      write_file(path + "/original", "host\n");
      m_listed.push_back(path);
    }
  }

  std::map<std::string, std::map<std::string, std::string>> listed_state() const {
    std::map<std::string, std::map<std::string, std::string>> state;
    for (const std::string& path : m_listed) state[path] = snapshot(path);
    return state;
  }

  /// The read-write paths of built-in profile NAME, as `profile show --json` resolves them.
  std::vector<std::string> rw_paths(const std::string& name) {
    const ProcessResult shown = sandmux({"profile", "show", name, "--json"});
    EXPECT_EQ(shown.status, 0) << shown.err;
    std::vector<std::string> paths;
    const boost::json::value profile = boost::json::parse(shown.out);
    for (const boost::json::value& grant : profile.at("filesystem").at("rw").as_array()) {
      std::string path(grant.is_string() ? grant.as_string() : grant.at("path").as_string());
      if (!path.empty() && path.back() == '?') path.pop_back();
      paths.push_back(path);
    }
    return paths;
  }

  /// A script that writes into every path of RW and tries to plant into every listed place.
  std::string attack_script(const std::vector<std::string>& rw) const {
    std::string script = "for p in";
    for (const std::string& path : rw) script += " " + shell_quote(path);
    script += "; do mkdir -p \"$p/bin\" \"$p/plugin\" \"$p/systemd/user\" 2>/dev/null;"
              " echo evil > \"$p/planted\"; echo evil > \"$p/bin/git\"; done\n";
    script += "for l in";
    for (const std::string& path : m_listed) script += " " + shell_quote(path);
    script += "; do mkdir -p \"$l\" 2>/dev/null; echo evil > \"$l/planted\" 2>/dev/null;"
              " echo evil >> \"$l/original\" 2>/dev/null; done\ntrue\n";
    return script;
  }

  std::string m_home;
  std::vector<std::string> m_listed;
};

TEST_F(GrantAttack, WritingEveryReadWritePathOfEveryBuiltinProfileChangesNoHostRunPlace) {
  for (const std::string profile : {"default", "offline", "opencode"}) {
    const std::vector<std::string> rw = rw_paths(profile);
    ASSERT_FALSE(rw.empty()) << profile;
    const auto before = listed_state();
    const ProcessResult ran =
        sandmux({"run", "-p", profile, "--", "sh", "-c", attack_script(rw)});
    ASSERT_EQ(ran.status, 0) << profile << ": " << ran.err;
    const auto after = listed_state();
    for (const auto& [path, state] : before) {
      EXPECT_EQ(after.at(path), state) << profile << " let the sandbox change " << path;
    }
    EXPECT_TRUE(exists(m_project + "/planted")) << profile << ": the project was not writable";
    std::filesystem::remove(m_project + "/planted");
  }
}

TEST_F(GrantAttack, ProfileCheckWarnsAboutAReadWriteGrantTheHostRuns) {
  const std::string file = m_tmp / "config/sandmux/profiles/risky.toml";
  write_file(file, "extends = \"default\"\n[filesystem]\nrw = [\"~/.bun?\", \"~/.config\"]\n");
  const ProcessResult checked = sandmux({"profile", "check", file});
  EXPECT_EQ(checked.status, 0) << checked.err;
  EXPECT_EQ(checked.err,
            "sandmux: warning: profile 'risky': " + file +
                ":3:7: read-write '~/.bun' lets the sandbox write ~/.bun (a directory on PATH "
                "or the tree its programs live in), which the host runs or loads outside the "
                "sandbox\n"
                "sandmux: warning: profile 'risky': " + file +
                ":3:18: read-write '~/.config' lets the sandbox write ~/.config/fish (shell "
                "startup configuration) and 13 more such places, which the host runs or loads "
                "outside the sandbox\n");
  const ProcessResult shown = sandmux({"profile", "show", "risky"});
  EXPECT_EQ(shown.status, 0) << shown.err;
  EXPECT_EQ(shown.err, checked.err);
  EXPECT_NE(shown.out.find("#   rw     ~/.config: read, create, change and delete anything in "
                           "it; the host keeps the changes; WARNING: "),
            std::string::npos)
      << shown.out;
}

// §3: `ln -s ~/.config ~/src/webapp`, then `run -C ~/src/webapp` granted ~/.config.
TEST_F(GrantAttack, SymlinkedProjectIntoADotDirectoryIsRefusedByRun) {
  fs::create_directories(m_home + "/src");
  fs::create_symlink(m_home + "/.config", m_home + "/src/webapp");
  const auto before = listed_state();
  const ProcessResult ran = sandmux({"run", "-C", m_home + "/src/webapp", "--", "sh", "-c",
                                     "mkdir -p systemd/user; echo evil > systemd/user/evil.service"});
  EXPECT_EQ(ran.status, 125);
  EXPECT_EQ(ran.err, "sandmux: refusing project directory '" + m_home +
                         "/src/webapp' (which resolves to '" + m_home +
                         "/.config'): it is inside '~/.config', a dot-directory of the home "
                         "directory, where programs keep configuration; choose another "
                         "directory, or allow this one with allow_projects = [\"" + m_home +
                         "/.config\"] in " + m_env.at("XDG_CONFIG_HOME") +
                         "/sandmux/config.toml\n");
  EXPECT_FALSE(exists(m_home + "/.config/systemd/user/evil.service"));
  EXPECT_EQ(listed_state(), before);
}

TEST_F(GrantAttack, SymlinkedProjectIntoADotDirectoryIsRefusedByNew) {
  fs::create_directories(m_home + "/src");
  fs::create_symlink(m_home + "/.config", m_home + "/src/webapp");
  const ProcessResult started =
      sandmux({"new", "-C", m_home + "/src/webapp", "-n", "evil", "--", "sh", "-c",
               "mkdir -p systemd/user; echo evil > systemd/user/evil.service; sleep 60"});
  EXPECT_NE(started.status, 0);
  EXPECT_NE(started.err.find("refusing project directory '" + m_home + "/.config': it is inside "
                             "'~/.config'"),
            std::string::npos)
      << started.err;
  // A refused `new` makes no session: nothing can run later either.
  EXPECT_EQ(sandmux({"ls"}).out.find("evil"), std::string::npos);
  EXPECT_FALSE(exists(m_home + "/.config/systemd/user/evil.service"));
}

TEST_F(GrantAttack, SystemHomeAndReadOnlyProjectsAreRefused) {
  write_file(m_tmp / "config/sandmux/profiles/ref.toml",
             "extends = \"default\"\n[filesystem]\nro = [\"~/reference\"]\n");
  fs::create_directories(m_home + "/reference/app");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"run", "-C", "/etc"}, "it is inside the system directory '/etc'"},
      {{"run", "-C", "/"}, "it is the system directory '/' itself"},
      {{"run", "-C", m_home}, "it is the home directory itself"},
      {{"run", "-C", m_home + "/.local/bin"}, "it is inside '~/.local'"},
      {{"run", "-C", m_home + "/bin"}, "would let the sandbox write ~/bin (a directory on PATH"},
      {{"run", "-p", "ref", "-C", m_home + "/reference/app"},
       "the profile grants '~/reference' read-only"},
  };
  for (const auto& [args, why] : cases) {
    std::vector<std::string> argv = args;
    argv.insert(argv.end(), {"--", "sh", "-c", "echo evil > planted"});
    const ProcessResult ran = sandmux(argv);
    EXPECT_EQ(ran.status, 125) << args[2];
    EXPECT_NE(ran.err.find(why), std::string::npos) << ran.err;
  }
  EXPECT_FALSE(exists(m_home + "/reference/app/planted"));
  EXPECT_FALSE(exists(m_home + "/bin/planted"));
}

TEST_F(GrantAttack, AllowProjectsLetsTheUserChooseADotDirectory) {
  fs::create_directories(m_home + "/.config/foo");
  write_file(m_tmp / "config/sandmux/config.toml", "allow_projects = [\"~/.config/foo\"]\n");
  const ProcessResult ran =
      sandmux({"run", "-C", m_home + "/.config/foo", "--", "sh", "-c", "echo ok > made"});
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_EQ(read_file(m_home + "/.config/foo/made"), "ok\n");
}

// The project is opened once and bound by that descriptor, not by its name.
TEST_F(GrantAttack, TheProjectIsBoundByDescriptor) {
  const ProcessResult help = run_process({"bwrap", "--help"}, m_env);
  if (help.out.find("--bind-fd") == std::string::npos) GTEST_SKIP() << "bwrap has no --bind-fd";
  const ProcessResult ran = sandmux({"-v", "run", "--", "true"});
  ASSERT_EQ(ran.status, 0) << ran.err;
  EXPECT_NE(ran.err.find(" --bind-fd "), std::string::npos) << ran.err;
  EXPECT_EQ(ran.err.find(" --bind " + m_project + " " + m_project + " "), std::string::npos)
      << ran.err;
}

}  // namespace
}  // namespace sandmux::testing
