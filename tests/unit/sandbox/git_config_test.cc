#include "sandbox/git_config.h"

#include <gtest/gtest.h>

namespace sandmux::sandbox {
namespace {

using Entries = std::vector<GitConfigEntry>;

TEST(GitConfig, PlainEntriesStayPlain) {
  EXPECT_EQ(parse_git_config("[core]\n\tbare = false\n\tfilemode = true\n"),
            (Entries{{"core.bare", "false"}, {"core.filemode", "true"}}));
}

TEST(GitConfig, SectionAndNameAreLowerCasedSubsectionIsNot) {
  EXPECT_EQ(parse_git_config("[IncludeIf \"gitdir:~/Work/\"]\n  PATH = ~/w.cfg\n"),
            (Entries{{"includeif.gitdir:~/Work/.path", "~/w.cfg"}}));
  EXPECT_EQ(parse_git_config("[Remote.Origin]\nurl = x\n"), (Entries{{"remote.origin.url", "x"}}));
}

TEST(GitConfig, QuotesEscapesCommentsAndContinuations) {
  EXPECT_EQ(parse_git_config("[core]\n"
                             "  fsmonitor = \"touch /tmp/PWNED; false\" # comment\n"
                             "  editor = vi ; another\n"
                             "  pager = a\\\n b\n"
                             "  askpass = \"q\\\"uote\\\\\"\n"
                             "# whole line\n"
                             "; whole line\n"
                             "  hooksPath\n"),
            (Entries{{"core.fsmonitor", "touch /tmp/PWNED; false"},
                     {"core.editor", "vi"},
                     {"core.pager", "a b"},
                     {"core.askpass", "q\"uote\\"},
                     {"core.hookspath", "true"}}));
}

TEST(GitConfig, AnUnreadableLineEndsTheParse) {
  EXPECT_EQ(parse_git_config("[core]\na = 1\n=oops\nb = 2\n"), (Entries{{"core.a", "1"}}));
  EXPECT_EQ(parse_git_config("a = 1\n"), Entries{});  // no section
  EXPECT_EQ(parse_git_config("[core\na = 1\n"), Entries{});
}

}  // namespace
}  // namespace sandmux::sandbox
