// Connection against a real tmux: %output decoding, UTF-8 reassembly, flood with pause-after.
#include <fstream>
#include <iostream>
#include <thread>
#include <map>
#include <string>
#include <vector>

#include "tests/integration/tmuxctl/tmux_fixture.h"
#include "tmuxctl/utf8_assembler.h"

namespace sandmux::tmuxctl::testing {
namespace {

class ConnectionOutput : public TmuxTest {
 protected:
  /// Opens a window running SHELL_COMMAND and returns its pane id.
  std::uint32_t open_window(Connection& c, const std::string& shell_command) {
    const auto line = Command("new-window").flag('d').flag('P').option('F', "#{pane_id}")
                          .option('t', "main:").arg(shell_command).build();
    const Reply reply = call(c, *line.value);
    EXPECT_TRUE(reply.ok()) << reply.error;
    return reply.lines.empty() ? kNoId : static_cast<std::uint32_t>(std::stoul(reply.lines[0].substr(1)));
  }

  std::map<std::uint32_t, std::string> m_output;
};

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST_F(ConnectionOutput, BinaryOutputArrivesByteForByte) {
  auto c = connect({.on_output = [&](std::uint32_t pane, std::string_view bytes) { m_output[pane] += bytes; }});
  const auto pane = open_window(*c, "printf 'A\\000B\\\\C\\177D\\377E\\300F\\033[m\\001END'; sleep 100000");
  ASSERT_TRUE(run_until([&] { return ends_with(m_output[pane], "END"); })) << m_output[pane];
  EXPECT_EQ(m_output[pane], std::string("A\0B\\C\x7f" "D\xff" "E\xc0" "F\x1b[m\x01" "END", 18));
}

TEST_F(ConnectionOutput, MultibyteTextReassemblesAcrossOutputLines) {
  std::string text;
  while (text.size() < 300 * 1024) text += "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac ";
  text += "<<END>>";
  const std::string file = ::testing::TempDir() + "/multibyte-" + m_socket;
  std::ofstream(file, std::ios::binary) << text;

  PaneUtf8Assembler assembler;
  std::string assembled;
  std::size_t pieces = 0;
  bool split_character = false;
  auto c = connect({.on_output = [&](std::uint32_t, std::string_view bytes) {
    std::string piece;
    assembler.push(0, bytes, piece);
    const auto* data = reinterpret_cast<const unsigned char*>(piece.data());
    for (std::size_t i = 0; i < piece.size();) {
      const int length = utf8_sequence_length(data + i, piece.size() - i);
      if (length <= 0) { split_character = true; break; }
      i += static_cast<std::size_t>(length);
    }
    assembled += piece;
    ++pieces;
  }});
  open_window(*c, "cat '" + file + "'; sleep 100000");
  ASSERT_TRUE(run_until([&] { return ends_with(assembled, "<<END>>"); }));
  EXPECT_EQ(assembled, text);
  EXPECT_FALSE(split_character);
  EXPECT_GT(pieces, 1u);
  ::unlink(file.c_str());
}

TEST_F(ConnectionOutput, FloodWithPauseAfterResyncsAndStaysBounded) {
  constexpr std::uint64_t kStallAfter = 4 * 1024 * 1024;
  bool stalled = false;
  std::string after_resync;
  std::vector<std::size_t> resync_lines;
  std::shared_ptr<Connection> c;
  ConnectionCallbacks callbacks;
  callbacks.on_output = [&](std::uint32_t, std::string_view bytes) {
    if (!resync_lines.empty()) after_resync.append(bytes.substr(bytes.size() > 64 ? bytes.size() - 64 : 0));
    if (!stalled && c->stats().output_bytes > kStallAfter) {
      stalled = true;  // a slow consumer: tmux keeps producing, the backlog ages past 1 s
      std::this_thread::sleep_for(3s);
    }
  };
  callbacks.on_resync = [&](std::uint32_t, const Reply& screen) {
    EXPECT_TRUE(screen.ok()) << screen.error;
    resync_lines.push_back(screen.lines.size());
    for (const auto& line : screen.lines) after_resync += line;
  };
  c = connect(std::move(callbacks), "pause-after=1");
  auto waiter = connect({}, "no-output,ignore-size");
  const std::string channel = "flood-" + m_socket;
  std::optional<Reply> done;
  // %end of wait-for only means "queued"; the display behind it answers once the channel fires.
  waiter->send(*Command("wait-for").arg(channel).build().value, nullptr);
  waiter->send(*CommandLine::parse("display -p done").value, [&](Reply&& r) { done = std::move(r); });
  // 75 MB of zeros is 100 MB of base64 on the pane.
  ConnectionOutput::open_window(*c, "head -c 75000000 /dev/zero | base64 -w 0; tmux wait-for -S " + channel +
                                        "; sleep 1; printf AFTER-FLOOD; sleep 100000");
  ASSERT_TRUE(run_until([&] { return done.has_value(); }));
  EXPECT_TRUE(done->ok()) << done->error;
  ASSERT_TRUE(run_until([&] { return c->stats().resyncs == c->stats().pauses && c->stats().pauses > 0; }));
  const ConnectionStats& stats = c->stats();
  EXPECT_TRUE(stalled);
  EXPECT_GE(stats.pauses, 1u);
  EXPECT_EQ(resync_lines.size(), stats.resyncs);
  EXPECT_GE(resync_lines.front(), 1u);  // the visible screen came back
  EXPECT_GT(stats.output_bytes, kStallAfter);
  // The pane was continued: what it printed after the flood arrives as output, or (if tmux
  // paused it again meanwhile, as happens on a loaded machine) in the next resync's screen.
  ASSERT_TRUE(run_until([&] { return after_resync.find("AFTER-FLOOD") != std::string::npos; }));
  // Bounded memory: nothing but the fixed read buffer and at most one line is ever held.
  EXPECT_LE(stats.max_pending_line, 1024u * 1024);
  EXPECT_LE(stats.max_write_backlog, 4096u);
  EXPECT_TRUE(c->alive());
  std::cout << "flood: read " << stats.bytes_read << " bytes, output " << stats.output_bytes
            << ", pauses " << stats.pauses << ", max pending line " << stats.max_pending_line
            << "\n";
}

}  // namespace
}  // namespace sandmux::tmuxctl::testing
