// Session names: what is accepted, the whole message for what is not, default names.
#include "broker/session_name.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace sandmux::broker {
namespace {

using namespace std::string_literals;

struct NameCase {
  std::string name;
  std::optional<std::string> error;
};

const std::string kAllowed = "(use letters, digits, '.', '_' and '-')";

TEST(SessionName, TableOfNamesAndWholeMessages) {
  const std::vector<NameCase> cases = {
      // Plain stays plain.
      {"fixer", std::nullopt},
      {"tests.v2_final-3", std::nullopt},
      {"a", std::nullopt},
      {".hidden", std::nullopt},
      {std::string(64, 'a'), std::nullopt},
      // The torture rows.
      {"a;b", "invalid session name 'a;b': ';' is not allowed " + kAllowed},
      {"it's", "invalid session name 'it\\'s': '\\'' is not allowed " + kAllowed},
      {"\"x\"", "invalid session name '\"x\"': '\"' is not allowed " + kAllowed},
      {"#{pane_pid}", "invalid session name '#{pane_pid}': '#' is not allowed " + kAllowed},
      {"a\nb", "invalid session name 'a\\x0ab': '\\x0a' is not allowed " + kAllowed},
      {"a\0b"s, "invalid session name 'a\\x00b': '\\x00' is not allowed " + kAllowed},
      {"\x1b[31mred", "invalid session name '\\x1b[31mred': '\\x1b' is not allowed " + kAllowed},
      {"caf\xc3\xa9",
       "invalid session name 'caf\\xc3\\xa9': '\\xc3\\xa9' is not allowed " + kAllowed},
      {"\xff", "invalid session name '\\xff': '\\xff' is not allowed " + kAllowed},
      {"a b", "invalid session name 'a b': ' ' is not allowed " + kAllowed},
      {"..", "invalid session name '..': a name of dots only is not allowed"},
      {".", "invalid session name '.': a name of dots only is not allowed"},
      {"a\\b", "invalid session name 'a\\\\b': '\\\\' is not allowed " + kAllowed},
      {"x:1", "invalid session name 'x:1': ':' is not allowed " + kAllowed},
      {"-t", "invalid session name '-t': it must not start with '-'"},
      {"", "invalid session name '': it is empty " + kAllowed},
      {std::string(65, 'a'), "invalid session name '" + std::string(65, 'a') +
                                 "': 65 characters, at most 64 are allowed"},
  };
  for (const NameCase& c : cases) {
    EXPECT_EQ(session_name_error(c.name), c.error) << quote_for_message(c.name);
  }
}

TEST(SessionName, FirstBadCharacterIsReported) {
  EXPECT_EQ(session_name_error("-a;b"),
            "invalid session name '-a;b': ';' is not allowed " + kAllowed);
}

TEST(SessionName, HugeNameIsCutInTheMessage) {
  const std::optional<std::string> error = session_name_error(std::string(1 << 20, 'a'));
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "invalid session name '" + std::string(80, 'a') +
                        "'...: 1048576 characters, at most 64 are allowed");
}

TEST(QuoteForMessage, ControlBytesNeverReachTheMessage) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  const std::string quoted = quote_for_message(all, all.size());
  for (char c : quoted) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
  EXPECT_EQ(quote_for_message("plain"), "'plain'");
  EXPECT_EQ(quote_for_message("abcdef", 3), "'abc'...");
}

TEST(DefaultSessionName, BasenameAndSmallestFreeCounter) {
  std::set<std::string, std::less<>> taken;
  const auto is_taken = [&](std::string_view n) { return taken.contains(n); };
  const std::vector<std::string> command = {"/usr/bin/opencode", "--model", "x"};
  EXPECT_EQ(default_session_name(command, is_taken), "opencode-1");
  taken = {"opencode-1", "opencode-2", "opencode-4"};
  EXPECT_EQ(default_session_name(command, is_taken), "opencode-3");
}

TEST(DefaultSessionName, HostileCommandsGiveValidNames) {
  const auto free = [](std::string_view) { return false; };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bash", "bash-1"},                // plain stays plain
      {"./my prog;rm", "my_prog_rm-1"},  // spaces and ';' replaced
      {"--evil", "evil-1"},              // no leading '-'
      {"/", "session-1"},                // nothing usable
      {"caf\xc3\xa9\n", "caf___-1"},     // unicode and newline
      {std::string(100, 'x'), std::string(48, 'x') + "-1"},
  };
  for (const auto& [program, expected] : cases) {
    const std::vector<std::string> command = {program};
    const std::string name = default_session_name(command, free);
    EXPECT_EQ(name, expected);
    EXPECT_EQ(session_name_error(name), std::nullopt) << name;
  }
  EXPECT_EQ(default_session_name({}, free), "session-1");
}

}  // namespace
}  // namespace sandmux::broker
