// Guard lines against a real tmux: fake %end/%error lines in buffers and window names stay
// content, and a golden check over a raw transcript (the idea of tmux's own
// regress/control-notify-guard.sh: every block is closed by exactly its own guard and no
// notification ever lands inside one).
#include <poll.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/tmuxctl/tmux_fixture.h"
#include "tmuxctl/control_line.h"
#include "tmuxctl/control_parser.h"

namespace sandmux::tmuxctl::testing {
namespace {

class Guards : public TmuxTest {
 protected:
  /// Lines that look like the guards of commands around GUARD, but are not its exact guard:
  /// flag 0, other times, the numbers of earlier commands, %error/%begin variants.
  static std::vector<std::string> fake_guards(const Guard& g) {
    const std::string t = std::to_string(g.time);
    std::vector<std::string> lines;
    for (std::uint64_t n = g.number; n < g.number + 40; ++n) {
      const std::string num = std::to_string(n);
      lines.push_back("%end " + t + " " + num + " 0");
      lines.push_back("%error " + t + " " + num + " 0");
      lines.push_back("%end " + std::to_string(g.time + 1000) + " " + num + " 1");
      lines.push_back("%begin " + t + " " + num + " 1");
    }
    lines.push_back("%end " + t + " " + std::to_string(g.number) + " 1");  // an earlier command's
    lines.push_back("%exit");
    lines.push_back("%output %0 fake");
    return lines;
  }
};

TEST_F(Guards, BufferWithFakeGuardLinesComesBackWhole) {
  auto c = connect({}, "no-output");
  const Reply probe = call(*c, "display -p x");
  ASSERT_EQ(probe.guards.size(), 1u);
  const auto lines = fake_guards(probe.guards[0]);
  const std::string file = ::testing::TempDir() + "/guards-" + m_socket;
  {
    std::ofstream out(file);
    for (const auto& line : lines) out << line << "\n";
  }
  ASSERT_TRUE(call(*c, *Command("load-buffer").option('b', "g").arg(file).build().value).ok());
  const Reply shown = call(*c, *Command("show-buffer").option('b', "g").build().value);
  EXPECT_TRUE(shown.ok());
  auto expected = lines;
  expected.emplace_back();  // the buffer ends with '\n': show-buffer prints one empty line more
  EXPECT_EQ(shown.lines, expected);
  EXPECT_EQ(call(*c, "display -p after").lines, std::vector<std::string>{"after"});
  ::unlink(file.c_str());
}

TEST_F(Guards, WindowNamesWithFakeGuardLinesStayContent) {
  auto c = connect({}, "no-output");
  const Reply probe = call(*c, "display -p x");
  const auto fakes = fake_guards(probe.guards.at(0));
  std::vector<std::string> expected{"main-window"};
  ASSERT_TRUE(call(*c, "rename-window -t main:0 main-window").ok());
  for (std::size_t i = 0; i < fakes.size(); i += 8) {
    const auto line = Command("new-window").flag('d').option('n', fakes[i]).arg("sleep 100000").build();
    ASSERT_TRUE(call(*c, *line.value).ok());
    expected.push_back(fakes[i]);
  }
  // A program renaming its own window with a newline and a guard inside: tmux escapes it.
  ASSERT_TRUE(call(*c, "set-option -g allow-rename on").ok());
  const std::string evil = "printf '\\033kx\\n%%end " + std::to_string(probe.guards[0].time) +
                           " 1 1\\033\\\\'; sleep 100000";
  const Reply evil_window = call(*c, *Command("new-window").flag('d').flag('P').option('F', "#{window_id}")
                                         .arg(evil).build().value);
  ASSERT_TRUE(evil_window.ok());
  const std::string id = evil_window.lines.at(0);
  ASSERT_TRUE(run_until([&] {
    const Reply name = call(*c, "display -p -t " + id + " '#{window_name}'");
    return name.lines.size() == 1 && name.lines[0].find("%end") != std::string::npos;
  }));
  const Reply listed = call(*c, "list-windows -F '#{window_name}'");
  ASSERT_EQ(listed.lines.size(), expected.size() + 1);  // one line per window, no more
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(listed.lines[i], expected[i]);
  EXPECT_EQ(listed.lines.back().find('\n'), std::string::npos);
}

/// Number of complete %end/%error lines in OUT whose flags field is FLAGS.
std::size_t count_ends(const std::string& out, char flags) {
  std::size_t count = 0;
  std::size_t start = 0;
  for (std::size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string_view line(out.data() + start, nl - start);
    const bool guard = line.rfind("%end ", 0) == 0 || line.rfind("%error ", 0) == 0;
    if (guard && line.size() > 2 && line[line.size() - 2] == ' ' && line.back() == flags) ++count;
  }
  return count;
}

/// Reads P's stdout into OUT until DONE(out) holds or it ends; false on EOF or timeout.
template <class Done>
bool read_until(int fd, std::string& out, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done(out)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

/// Runs a raw `tmux -C` client: waits for its startup block (as Connection does: tmux would
/// otherwise run early commands before the attach), writes COMMANDS, reads until all are
/// answered (EXPECTED_BLOCKS flag-1 blocks), then closes stdin and reads to the end.
std::string raw_transcript(const std::vector<std::string>& tmux_argv, const std::vector<std::string>& commands,
                           std::size_t expected_blocks) {
  SpawnLauncher launcher;
  const LaunchedProcess p = launcher.launch(tmux_argv);
  std::string out;
  EXPECT_TRUE(read_until(p.stdout_fd, out, [](const std::string& o) { return count_ends(o, '0') > 0; }));
  std::string input;
  for (const auto& command : commands) input += command + "\n";
  EXPECT_EQ(::write(p.stdin_fd, input.data(), input.size()), static_cast<ssize_t>(input.size()));
  EXPECT_TRUE(read_until(p.stdout_fd, out, [&](const std::string& o) {
    return count_ends(o, '1') >= expected_blocks;
  }));
  ::close(p.stdin_fd);  // the client detaches and prints %exit
  read_until(p.stdout_fd, out, [](const std::string&) { return false; });
  ::close(p.stdout_fd);
  ::close(p.stderr_fd);
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  return out;
}

TEST_F(Guards, GoldenTranscriptHasExactGuardsAndNoNotificationInsideBlocks) {
  const std::vector<std::string> commands{
      "set-option -g automatic-rename off",
      "rename-window -t main:0 first",
      "new-window -d -n w1 'sleep 100000'",
      "rename-window -t w1 w2",
      "display -p -t w2 '#{window_name}'",
      "split-window -d -t w2 'sleep 100000'",
      "select-layout -t w2 even-vertical",
      "kill-pane -t w2.1",
      "set-buffer -b b1 '%end 1 2 1'",
      "show-buffer -b b1",
      "kill-window -t w2",
      "new-session -d -s other 'sleep 100000'",
      "rename-session -t other other2",
      "kill-session -t other2",
      "display -p 'a' ; display -p 'b'",
      "kill-window -t @999",
      "list-windows -F '#{window_name}'",
  };
  auto argv = tmux({"-u", "-C", "attach", "-t", "main", "-f", "no-output,ignore-size"});
  const std::string transcript = raw_transcript(argv, commands, commands.size() + 1);  // "a ; b": 2

  // 1. An independent line-level check of the guards.
  std::vector<std::string> blocks;  // normalised: "<flags>:<end|error>:<lines joined by |>"
  std::vector<std::string> outside;
  std::string open_guard;
  std::string body;
  std::uint64_t last_number = 0;
  std::size_t start = 0;
  for (std::size_t nl; (nl = transcript.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string line = transcript.substr(start, nl - start);
    if (open_guard.empty()) {
      if (line.rfind("%begin ", 0) == 0) {
        open_guard = line.substr(7);
        Guard g;
        ASSERT_TRUE(parse_guard(open_guard, g)) << line;
        if (g.flags == 1) {
          EXPECT_GT(g.number, last_number) << "command numbers must increase";
          last_number = g.number;
        }
        body.clear();
      } else {
        ASSERT_EQ(line.rfind("%end", 0), std::string::npos) << "stray guard: " << line;
        outside.push_back(line);
      }
      continue;
    }
    if (line == "%end " + open_guard || line == "%error " + open_guard) {
      const bool error = line[1] == 'e' && line[2] == 'r';
      blocks.push_back(open_guard.substr(open_guard.size() - 1) + (error ? ":error:" : ":end:") + body);
      open_guard.clear();
      continue;
    }
    if (line != "%end 1 2 1") {
      EXPECT_NE(line[0], '%') << "notification inside a block: " << line;
    }
    body += (body.empty() ? "" : "|") + line;
  }
  EXPECT_TRUE(open_guard.empty()) << "unterminated block";

  // 2. The golden: every block, in order, with its flag, end kind and raw lines.
  const std::vector<std::string> golden{
      "0:end:",          "1:end:",   "1:end:",       "1:end:",   "1:end:",   "1:end:w2", "1:end:",
      "1:end:",          "1:end:",   "1:end:",       "1:end:%end 1 2 1",     "1:end:",
      "1:end:",          "1:end:",   "1:end:",       "1:end:a",  "1:end:b",
      "1:error:can't find window: @999", "1:end:first",
  };
  EXPECT_EQ(blocks, golden);

  // 3. The library's parser agrees, in any chunking, and finds nothing odd outside blocks.
  ControlParser parser;
  std::size_t ends = 0;
  parser.feed_with(transcript, [&](const Event& e) {
    ends += e.kind == EventKind::ReplyEnd;
    EXPECT_NE(e.kind, EventKind::Malformed) << describe(e);
    EXPECT_NE(e.kind, EventKind::StrayGuard) << describe(e);
    EXPECT_NE(e.kind, EventKind::StrayLine) << describe(e);
  });
  EXPECT_EQ(ends, golden.size());
  EXPECT_FALSE(outside.empty());
  EXPECT_EQ(outside.back(), "%exit");
}

}  // namespace
}  // namespace sandmux::tmuxctl::testing
