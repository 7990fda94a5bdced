// Usage errors and hostile input, end to end: bad command lines exit 2 before the
// broker is involved; hostile names are refused with a clear one-line error; hostile
// text is delivered literally, never interpreted by tmux or a shell.
#include <gtest/gtest.h>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

using InputE2e = SandmuxE2e;

TEST_F(InputE2e, UsageErrorsExit2) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"send"},
                                             {"keys", "x"},
                                             {"wait", "x"},
                                             {"wait", "x", "--exit", "--idle", "1"},
                                             {"wait", "x", "--match", "(unclosed"},
                                             {"wait", "x", "--idle", "-1"},
                                             {"logs", "x", "--since", "many"},
                                             {"new", "--size", "12"},
                                             {"new", "-e", "NOEQUALS", "--", "true"},
                                             {"new", "-C", "/nonexistent/dir", "--", "true"},
                                             {"socket", "x", "-p", "default"},
                                             {"capture"},
                                             {"kill", "x", "y"},
                                             {"ls", "--bogus"}}) {
    const ProcessResult result = sandmux(args);
    EXPECT_EQ(result.status, 2) << args.front() << " " << result.err;
    EXPECT_FALSE(result.err.empty()) << args.front();
  }
}

TEST_F(InputE2e, HostileNamesAreRefusedWithAClearError) {
  for (const std::string& name : std::vector<std::string>{"a;b", "a'b", "a\"b", "#{pane_pid}", "two\nlines", "-lead", "a b", "", std::string(65, 'x')}) {
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"new", "--name=" + name, "--", "true"},
                                               {"send", "--", name, "hi"},
                                               {"capture", "--", name},
                                               {"kill", "--", name}}) {
      const ProcessResult result = sandmux(args);
      EXPECT_EQ(result.status, 2) << args.front() << " " << name << ": " << result.err;
      EXPECT_EQ(result.err.rfind("sandmux: invalid session name", 0), 0u) << result.err;
      EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;
    }
  }
  EXPECT_EQ(sandmux({"ls", "--json"}).out, "[]\n");
}

TEST_F(InputE2e, HostileTextIsTypedLiterally) {
  new_session({"-n", "echo", "--", "cat"});
  const std::string text = "a;b 'q' \"d\" #{pane_pid} $(id) `id` \\; -x ~ #[fg=red]";
  ASSERT_EQ(sandmux({"send", "echo", "--", text}).status, 0);
  EXPECT_TRUE(screen_has("echo", text));
}

TEST_F(InputE2e, TextStartingWithADashAfterDoubleDash) {
  new_session({"-n", "dash", "--", "cat"});
  ASSERT_EQ(sandmux({"send", "dash", "--", "-rf", "--no-enter"}).status, 0);
  EXPECT_TRUE(screen_has("dash", "-rf --no-enter"));
}

TEST_F(InputE2e, MultiLineTextArrivesIntact) {
  new_session({"-n", "lines", "--", "sh", "-c", "cat > out.txt"});
  ASSERT_EQ(sandmux({"send", "lines", "--", "first line\nsecond; line\n#{third}"}).status, 0);
  ASSERT_EQ(sandmux({"keys", "lines", "C-d"}).status, 0);
  const std::string expected = "first line\nsecond; line\n#{third}\n";
  EXPECT_TRUE(eventually([&] { return read_file(m_project + "/out.txt") == expected; }))
      << read_file(m_project + "/out.txt");
}

TEST_F(InputE2e, KeyNamesCannotCarryCommands) {
  new_session({"-n", "k", "--", "cat"});
  const ProcessResult result = sandmux({"keys", "k", "Enter ; kill-server"});
  EXPECT_NE(result.status, 0);
  EXPECT_EQ(result.err.rfind("sandmux: ", 0), 0u) << result.err;
  ASSERT_EQ(sandmux({"send", "k", "still-alive"}).status, 0);
  EXPECT_TRUE(screen_has("k", "still-alive"));
}

}  // namespace
}  // namespace sandmux::testing
