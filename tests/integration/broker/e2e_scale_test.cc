// One hundred sessions at once, as a user would start them: 100 `sandmux new` processes
// launched together (all 100 at once, no batching: each CLI only connects and waits, so a
// 2-core machine takes them), half in each of two projects, so two jails. The broker is
// started on demand by whichever of them comes first. Then every session is listed,
// answers what is typed into it, is seen by libtmux as a window with its name, and
// `kill` of all of them leaves nothing behind. No timing is asserted; the waits are only
// hang guards.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <utility>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

constexpr int kSessions = 100;
/// Answers each line with "pong-LINE", so the answer is not the terminal's echo.
constexpr const char* kPong = "while read -r line; do echo \"pong-$line\"; done";

/// "agent-07": the name of session I.
std::string name_of(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "agent-%02d", i);
  return name;
}

/// JOB(0) ... JOB(COUNT-1), all started together on their own threads; their results in order.
std::vector<ProcessResult> all_at_once(int count, const std::function<ProcessResult(int)>& job) {
  std::vector<std::future<ProcessResult>> running;
  for (int i = 0; i < count; ++i) running.push_back(std::async(std::launch::async, job, i));
  std::vector<ProcessResult> results;
  for (auto& one : running) results.push_back(one.get());
  return results;
}

/// The indices whose result is not exit status 0, each with its stderr.
std::string failures(const std::vector<ProcessResult>& results) {
  std::string text;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].status != 0) {
      text += name_of(static_cast<int>(i)) + ": status " + std::to_string(results[i].status) +
              ": " + results[i].err + "\n";
    }
  }
  return text;
}

/// The libtmux check script ($SANDMUX_LIBTMUX_CHECK, for runs from a copied build).
std::string check_script() {
  return env_or("SANDMUX_LIBTMUX_CHECK",
                std::string(SANDMUX_SOURCE_DIR) + "/tests/integration/broker/libtmux_check.py");
}

class ScaleE2e : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    m_second_project = m_tmp / "second";
    std::filesystem::create_directories(m_second_project + "/.git");
  }

  /// Even sessions in the fixture's project, odd ones in the second.
  std::string project_of(int i) const { return i % 2 == 0 ? m_project : m_second_project; }

  /// Starts the 100 sessions running COMMAND with 100 concurrent `sandmux new`; each must
  /// print its name.
  void start_all(const std::vector<std::string>& command = {"sh", "-c", kPong}) {
    const std::vector<ProcessResult> started = all_at_once(kSessions, [&](int i) {
      std::vector<std::string> argv = {"new", "-C", project_of(i), "-n", name_of(i), "--"};
      argv.insert(argv.end(), command.begin(), command.end());
      return sandmux(argv);
    });
    ASSERT_EQ(failures(started), "");
    for (int i = 0; i < kSessions; ++i) EXPECT_EQ(started[i].out, name_of(i) + "\n");
  }

  /// `ls --json` as an array.
  boost::json::array listed() {
    const ProcessResult result = sandmux({"ls", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    boost::json::value list = boost::json::parse(result.out);
    return std::move(list.as_array());
  }

  /// libtmux's verdict on SOCKET given LISTING (an `ls --json` text).
  ProcessResult libtmux_check(const std::string& socket, const std::string& listing) {
    const std::string file = m_tmp / "sessions.json";
    write_file(file, listing);
    return run_process({"/usr/bin/python3", "-I", check_script(), socket, file}, m_env);
  }

  std::string m_second_project;
};

TEST_F(ScaleE2e, HundredSessionsStartedAtOnceAreListedRunningInTwoJails) {
  ASSERT_NO_FATAL_FAILURE(start_all());
  const boost::json::array sessions = listed();
  std::set<std::string> names, sockets;
  std::map<std::string, int> per_project;
  for (const boost::json::value& session : sessions) {
    const std::string name(session.at("name").as_string());
    const std::string state(session.at("state").as_string());
    EXPECT_TRUE(state == "running" || state == "idle") << name << " is " << state;
    names.insert(name);
    sockets.insert(std::string(session.at("socket").as_string()));
    ++per_project[std::string(session.at("project").as_string())];
  }
  std::set<std::string> expected;
  for (int i = 0; i < kSessions; ++i) expected.insert(name_of(i));
  EXPECT_EQ(sessions.size(), std::size_t{kSessions}) << "no name listed twice";
  EXPECT_EQ(names, expected);
  EXPECT_EQ(sockets.size(), 2u) << "one jail per project";
  EXPECT_EQ(per_project, (std::map<std::string, int>{{m_project, 50}, {m_second_project, 50}}));
}

TEST_F(ScaleE2e, EveryOneOfAHundredSessionsAnswers) {
  ASSERT_NO_FATAL_FAILURE(start_all());
  const std::vector<ProcessResult> answered = all_at_once(kSessions, [this](int i) {
    const std::string name = name_of(i);
    const ProcessResult sent = sandmux({"send", name, "tok-" + name});
    if (sent.status != 0) return sent;
    return sandmux({"wait", name, "--match", "pong-tok-" + name, "--timeout", "50"});
  });
  EXPECT_EQ(failures(answered), "");
  for (int i = 0; i < kSessions; ++i) {
    const std::string name = name_of(i);
    const ProcessResult screen = sandmux({"capture", name});
    EXPECT_EQ(screen.status, 0) << name << ": " << screen.err;
    EXPECT_NE(screen.out.find("\npong-tok-" + name + "\n"), std::string::npos) << name << ":\n"
                                                                               << screen.out;
  }
}

// (cat: libtmux_check.py looks for each word of the command in tmux's quoted start command)
TEST_F(ScaleE2e, LibtmuxSeesAHundredWindowsWithTheirNames) {
  ASSERT_NO_FATAL_FAILURE(start_all({"cat"}));
  const std::string listing = sandmux({"ls", "--json"}).out;
  std::set<std::string> sockets;
  const boost::json::value sessions = boost::json::parse(listing);
  for (const boost::json::value& session : sessions.as_array()) {
    sockets.insert(std::string(session.at("socket").as_string()));
  }
  ASSERT_EQ(sockets.size(), 2u);
  for (const std::string& socket : sockets) {
    const ProcessResult verdict = libtmux_check(socket, listing);
    EXPECT_EQ(verdict.status, 0) << socket << ":\n" << verdict.out << verdict.err;
    EXPECT_EQ(verdict.out, "ok 50\n") << socket << ":\n" << verdict.err;
  }
}

TEST_F(ScaleE2e, KillingAllHundredLeavesNoSessionAndNoWindow) {
  ASSERT_NO_FATAL_FAILURE(start_all());
  const std::string before = sandmux({"ls", "--json"}).out;
  const std::vector<ProcessResult> killed =
      all_at_once(kSessions, [this](int i) { return sandmux({"kill", name_of(i)}); });
  EXPECT_EQ(failures(killed), "");
  EXPECT_EQ(boost::json::serialize(listed()), "[]");

  // libtmux, given the listing from before the kill, finds none of those windows.
  std::set<std::string> sockets;
  const boost::json::value before_sessions = boost::json::parse(before);
  for (const boost::json::value& session : before_sessions.as_array()) {
    sockets.insert(std::string(session.at("socket").as_string()));
  }
  for (const std::string& socket : sockets) {
    const ProcessResult verdict = libtmux_check(socket, before);
    EXPECT_EQ(verdict.status, 1) << verdict.out << verdict.err;
    std::size_t missing = 0;
    std::size_t start = 0;
    while ((start = verdict.out.find(": no window @", start)) != std::string::npos) {
      ++missing;
      ++start;
    }
    EXPECT_EQ(missing, 50u) << socket << ":\n" << verdict.out;
    EXPECT_EQ(std::count(verdict.out.begin(), verdict.out.end(), '\n'), 50) << verdict.out;
  }
}

}  // namespace
}  // namespace sandmux::testing
