// Attacks on host git from inside `sandmux run -C PROJECT` (issue 10 §1). Each test sets
// up a real repository on the host, runs the attack in the real sandbox, then runs the
// HOST's git where a user (or a shell prompt) would, and checks that the command the
// sandbox planted never ran: the planted command touches m_marker, outside every grant.
// Host git runs with a private HOME and no system config, so only the repository's own
// metadata can name a program.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/integration/sandbox/sandmux_fixture.h"

namespace sandmux::testing {
namespace {

class GitAttack : public SandmuxFixture {
 protected:
  void SetUp() override {
    SandmuxFixture::SetUp();
    m_home = m_tmp / "home";
    std::filesystem::create_directories(m_home);
    m_env["HOME"] = m_home;  // opencode's create= directories land here, not in ~
    m_marker = m_tmp / "PWNED";
    m_git_env = {{"PATH", m_env["PATH"]},
                 {"HOME", m_home},
                 {"LANG", "C.UTF-8"},
                 {"GIT_CONFIG_NOSYSTEM", "1"},
                 {"GIT_AUTHOR_NAME", "host"},
                 {"GIT_AUTHOR_EMAIL", "host@example.org"},
                 {"GIT_COMMITTER_NAME", "host"},
                 {"GIT_COMMITTER_EMAIL", "host@example.org"}};
    std::filesystem::remove_all(m_project + "/.git");
    make_repo(m_project);
  }

  /// Host git in DIR.
  ProcessResult git(const std::string& dir, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-C", dir};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, m_git_env, dir);
  }
  void host_git_ok(const std::string& dir, const std::vector<std::string>& args) {
    const ProcessResult r = git(dir, args);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  void make_repo(const std::string& dir) {
    std::filesystem::create_directories(dir);
    host_git_ok(dir, {"init", "-q", "-b", "main"});
    write_file(dir + "/README", "hello\n");
    host_git_ok(dir, {"add", "README"});
    host_git_ok(dir, {"commit", "-q", "-m", "first"});
  }

  /// What the sandbox plants: a git config that runs the marker command on `git status`.
  std::string evil_config() const {
    return "printf '[core]\\n\\tfsmonitor = \"touch " + m_marker + "; false\"\\n'";
  }
  std::string evil_command() const { return "touch " + m_marker + "; false"; }

  /// Host `git status` in DIR did not run what the sandbox planted.
  void expect_host_git_runs_nothing_planted(const std::string& dir) {
    const ProcessResult status = git(dir, {"status", "--porcelain"});
    EXPECT_FALSE(exists(m_marker)) << "host git status in " << dir
                                   << " ran the planted command; stderr: " << status.err;
  }

  std::string m_home;
  std::string m_marker;
  std::map<std::string, std::string> m_git_env;
};

TEST_F(GitAttack, CommondirCannotRedirectHostGit) {
  const ProcessResult r = sh("cp -a .git evil && " + evil_config() +
                             " > evil/config && echo ../evil > .git/commondir");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(m_project + "/.git/commondir"));
  expect_host_git_runs_nothing_planted(m_project);
}

TEST_F(GitAttack, ConfigHooksAndInfoCannotBeWritten) {
  const ProcessResult r = sh("git config core.fsmonitor '" + evil_command() + "'; " +
                             "echo 'touch " + m_marker + "' > .git/hooks/pre-commit; " +
                             "chmod +x .git/hooks/pre-commit; " +
                             "mkdir -p .git/info; echo '* filter=x' > .git/info/attributes");
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(m_project + "/.git/hooks/pre-commit"));
  expect_host_git_runs_nothing_planted(m_project);
  git(m_project, {"commit", "-q", "--allow-empty", "-m", "host"});
  EXPECT_FALSE(exists(m_marker)) << "a planted hook ran on host git commit";
}

TEST_F(GitAttack, GitDirectoryCannotBeRenamedOrReplaced) {
  const ProcessResult r =
      sh("mv .git .git-old; src=.git; [ -d .git ] || src=.git-old; "
         "mkdir -p .git-new && cp -a $src/. .git-new/ && " + evil_config() +
         " > .git-new/config && rm -rf .git && mv .git-new .git");
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(exists(m_project + "/.git-old"));
  EXPECT_TRUE(exists(m_project + "/.git/HEAD"));
  expect_host_git_runs_nothing_planted(m_project);
}

TEST_F(GitAttack, ProjectWithoutGitCannotGrowOne) {
  std::filesystem::remove_all(m_project + "/.git");
  const std::string plant = " && touch f && git add f && git config core.fsmonitor '" +
                            evil_command() + "'";
  const ProcessResult r = sh("git init -q evil && (cd evil" + plant + "); " +
                             "git init -q ." + plant + "; " +
                             "printf 'gitdir: evil/.git\\n' > .git");
  EXPECT_NE(r.status, 0);
  // Nothing a host git would take for a repository: at most sandmux's empty placeholder.
  EXPECT_FALSE(exists(m_project + "/.git/HEAD"));
  EXPECT_FALSE(exists(m_project + "/.git/config"));
  expect_host_git_runs_nothing_planted(m_project);
}

TEST_F(GitAttack, SubmoduleMetadataAndGitFileStayTheHosts) {
  make_repo(m_tmp / "subsrc");
  host_git_ok(m_project, {"-c", "protocol.file.allow=always", "submodule", "add", "-q",
                          m_tmp / "subsrc", "sub"});
  host_git_ok(m_project, {"commit", "-q", "-m", "add sub"});
  ASSERT_TRUE(exists(m_project + "/.git/modules/sub/config"));
  const ProcessResult r =
      sh("git config -f .git/modules/sub/config core.fsmonitor '" + evil_command() + "'; " +
         "cp -a .git/modules/sub evil && " + evil_config() + " > evil/config && " +
         "printf 'gitdir: ../evil\\n' > sub/.git");
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  expect_host_git_runs_nothing_planted(m_project);
  expect_host_git_runs_nothing_planted(m_project + "/sub");
}

// Host `git status` enters every populated submodule: an unpopulated one must stay so.
TEST_F(GitAttack, UnpopulatedSubmoduleCannotBePopulatedWithPlantedMetadata) {
  make_repo(m_tmp / "subsrc");
  host_git_ok(m_project, {"-c", "protocol.file.allow=always", "submodule", "add", "-q",
                          m_tmp / "subsrc", "sub"});
  host_git_ok(m_project, {"commit", "-q", "-m", "add sub"});
  host_git_ok(m_project, {"submodule", "deinit", "-q", "-f", "sub"});
  ASSERT_FALSE(exists(m_project + "/sub/.git"));
  const ProcessResult r = sh("git init -q sub && cd sub && touch y && git add y && "
                             "git config core.fsmonitor '" + evil_command() + "'");
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(exists(m_project + "/sub/.git"));
  expect_host_git_runs_nothing_planted(m_project);
  EXPECT_EQ(git(m_project, {"status", "--porcelain"}).status, 0);  // host git still works
  EXPECT_EQ(sh("git status --porcelain").status, 0);               // and so does the sandbox's
}

TEST_F(GitAttack, LinkedWorktreeMetadataStaysTheHosts) {
  host_git_ok(m_project, {"worktree", "add", "-q", "-b", "side", "wt"});
  ASSERT_TRUE(exists(m_project + "/.git/worktrees/wt/commondir"));
  const ProcessResult r =
      sh("cp -a .git evil && " + evil_config() + " > evil/config; " +
         "echo ../../../evil > .git/worktrees/wt/commondir; " +
         "printf 'gitdir: ../evil\\n' > wt/.git");
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  expect_host_git_runs_nothing_planted(m_project);
  expect_host_git_runs_nothing_planted(m_project + "/wt");
}

TEST_F(GitAttack, FilesTheConfigNamesInTheProjectAreReadOnly) {
  write_file(m_project + "/shared.gitconfig", "[user]\n\tname = shared\n");
  std::filesystem::create_directories(m_project + "/.githooks");
  write_file(m_project + "/.githooks/pre-commit", "#!/bin/sh\nexit 0\n", 0755);
  host_git_ok(m_project, {"config", "include.path", "../shared.gitconfig"});
  host_git_ok(m_project, {"config", "core.hooksPath", ".githooks"});
  const ProcessResult r = sh(evil_config() + " >> shared.gitconfig; " +
                             "printf '#!/bin/sh\\ntouch " + m_marker +
                             "\\n' > .githooks/pre-commit; "
                             "printf '#!/bin/sh\\ntouch " + m_marker +
                             "\\n' > .githooks/post-commit; chmod +x .githooks/post-commit");
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  expect_host_git_runs_nothing_planted(m_project);
  git(m_project, {"commit", "-q", "--allow-empty", "-m", "host"});
  EXPECT_FALSE(exists(m_marker)) << "a planted hook ran on host git commit";
}

TEST_F(GitAttack, GitVariablesNeverReachTheSandbox) {
  write_file(m_tmp / "config/sandmux/profiles/gitenv.toml",
             "extends = \"default\"\n[env]\npass = [\"GIT_DIR\", \"GIT_CONFIG_COUNT\", "
             "\"GIT_CONFIG_KEY_0\", \"GIT_CONFIG_VALUE_0\", \"GIT_AUTHOR_NAME\"]\n");
  auto env = m_env;
  env["GIT_DIR"] = m_tmp / "elsewhere";
  env["GIT_CONFIG_COUNT"] = "1";
  env["GIT_CONFIG_KEY_0"] = "core.fsmonitor";
  env["GIT_CONFIG_VALUE_0"] = evil_command();
  env["GIT_AUTHOR_NAME"] = "agent";
  const ProcessResult r =
      run_with({"-p", "gitenv", "--", "sh", "-c", "env | grep '^GIT_' | sort"}, env);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "GIT_AUTHOR_NAME=agent\n");
}

// The built-in opencode profile keeps git metadata read-only, and says why.
TEST_F(GitAttack, OpencodeRefusesCommitsAndSaysWhy) {
  const ProcessResult commit = run({"-p", "opencode", "--", "sh", "-c",
                                    "echo change >> README && git add README && "
                                    "git -c user.name=a -c user.email=a@b commit -qm agent"});
  EXPECT_NE(commit.status, 0);
  EXPECT_NE(commit.err.find("Read-only file system"), std::string::npos) << commit.err;
  const ProcessResult show =
      run_process({sandmux_binary(), "profile", "show", "opencode"}, m_env, m_project);
  ASSERT_EQ(show.status, 0) << show.err;
  EXPECT_NE(show.out.find("but `git add` and `git commit` fail inside (read-only .git)"),
            std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("writable_metadata = false"), std::string::npos) << show.out;
}

// A profile that opts in commits inside; what host git runs stays the host's.
TEST_F(GitAttack, OptInWritableMetadataCommitsButKeepsConfigAndHooksReadOnly) {
  write_file(m_tmp / "config/sandmux/profiles/committer.toml",
             "extends = \"opencode\"\n[git]\nwritable_metadata = true\n");
  const ProcessResult commit = run({"-p", "committer", "--", "sh", "-c",
                                    "echo change >> README && git add README && "
                                    "git -c user.name=agent -c user.email=a@b commit -qm agent"});
  ASSERT_EQ(commit.status, 0) << commit.err;
  EXPECT_EQ(git(m_project, {"log", "-1", "--format=%an %s"}).out, "agent agent\n");
  EXPECT_EQ(git(m_project, {"status", "--porcelain"}).out, "");  // host index agrees
  const ProcessResult attack =
      run({"-p", "committer", "--", "sh", "-c",
           "git config core.fsmonitor '" + evil_command() + "'; " +
               "echo 'touch " + m_marker + "' > .git/hooks/post-commit; " +
               "mv .git .git-old; mkdir -p .git/modules/x"});
  EXPECT_NE(attack.err.find("Read-only file system"), std::string::npos) << attack.err;
  EXPECT_FALSE(exists(m_project + "/.git-old"));
  expect_host_git_runs_nothing_planted(m_project);
  const ProcessResult show =
      run_process({sandmux_binary(), "profile", "show", "committer"}, m_env, m_project);
  EXPECT_NE(show.out.find("# RISK: git metadata writable"), std::string::npos) << show.out;
}

}  // namespace
}  // namespace sandmux::testing
