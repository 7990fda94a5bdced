#pragma once
// A private world for running the real `sandmux` binary: a project with a .git, a runtime
// directory (XDG_RUNTIME_DIR) and a config directory (XDG_CONFIG_HOME) in a temp dir,
// and the jails started there stopped again at the end.
#include <gtest/gtest.h>

#include <filesystem>

#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"
#include "tests/integration/sandbox/sandbox_test_support.h"

namespace sandmux::testing {

class SandmuxFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    m_project = m_tmp / "proj";
    std::filesystem::create_directories(m_project + "/.git/hooks");
    write_file(m_project + "/.git/config", "[core]\n");
    m_runtime = m_tmp / "rt";
    std::filesystem::create_directories(m_runtime);
    ::chmod(m_runtime.c_str(), 0700);
    std::filesystem::create_directories(m_tmp / "config/sandmux/profiles");
    const auto current = current_environment();
    const auto path = current.find("PATH");
    m_env["PATH"] = path != current.end() ? path->second : "/usr/local/bin:/usr/bin:/bin";
    const auto home = current.find("HOME");
    m_env["HOME"] = home != current.end() ? home->second : "/nonexistent";
    m_env["LANG"] = "C.UTF-8";
    m_env["TERM"] = "xterm-256color";
    m_env["XDG_RUNTIME_DIR"] = m_runtime;
    m_env["XDG_CONFIG_HOME"] = m_tmp / "config";
  }

  void TearDown() override { stop_all_jails(m_runtime + "/sandmux"); }

  static void stop_all_jails(const std::string& base) {
    for (const sandbox::JailPaths& jail : sandbox::find_jails(base)) {
      sandbox::stop_jail_server(jail);
    }
  }

  /// `sandmux run ARGS...` in the project directory.
  ProcessResult run(const std::vector<std::string>& args) {
    return run_with(args, m_env);
  }
  ProcessResult run_with(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv = {sandmux_binary(), "run"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, env, m_project);
  }
  /// `sandmux run -- sh -c SCRIPT`.
  ProcessResult sh(const std::string& script) { return run({"--", "sh", "-c", script}); }

  std::string jail_base() const { return m_runtime + "/sandmux"; }
  sandbox::JailPaths default_jail() const {
    return sandbox::make_jail_paths(jail_base(), "default", m_project);
  }

  TempDir m_tmp;
  std::string m_project;
  std::string m_runtime;
  std::map<std::string, std::string> m_env;
};

}  // namespace sandmux::testing
