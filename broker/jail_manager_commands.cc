#include "broker/jail_manager_commands.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "broker/session_name.h"
#include "sandbox/jail_paths.h"

namespace sandmux::broker {
namespace {

using tmuxctl::Checked;
using tmuxctl::Command;
using tmuxctl::CommandLine;

constexpr std::array<std::string_view, 6> kIdentityOptions = {
    "@sandmux_id",      "@sandmux_name",    "@sandmux_profile",
    "@sandmux_project", "@sandmux_created", "@sandmux_command"};

CommandLine must(const Checked<CommandLine>& built) {
  if (!built) throw std::logic_error("tmux command refused: " + built.error);
  return *built.value;
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i <= text.size()) {
    const std::size_t end = std::min(text.find(' ', i), text.size());
    words.push_back(text.substr(i, end - i));
    i = end + 1;
  }
  return words;
}

template <class T>
bool read_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool read_id(std::string_view text, char sigil, std::uint32_t& out) {
  return text.size() > 1 && text.front() == sigil && read_number(text.substr(1), out);
}

bool printable_line(std::string_view text, std::size_t max) {
  return !text.empty() && text.size() <= max &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c != 0x7f; });
}

std::optional<std::vector<std::string>> parse_command_json(std::string_view text) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const boost::json::value& word : value.get_array()) {
    if (!word.is_string()) return std::nullopt;
    out.emplace_back(word.get_string());
  }
  return out;
}

}  // namespace

constexpr std::string_view kPaneStateFormat =
    "#{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{pane_pid}";

CommandLine setup_command() {
  const CommandLine remain =
      must(Command("set-option").flag('g').flag('w').arg("remain-on-exit").arg("on").build());
  const CommandLine subscribe = must(
      Command("refresh-client")
          .option('B', std::string(kPaneSubscription) + ":%*:" + std::string(kPaneStateFormat))
          .build());
  return must(CommandLine::sequence({remain, subscribe}));
}

Checked<CommandLine> new_window_command(const Session& session,
                                        const std::vector<std::string>& env) {
  Command command("new-window");
  command.flag('d').flag('P').option('F', "#{window_id} #{pane_id} #{pane_pid}");
  command.option('t', "=" + std::string(kTmuxSessionName) + ":");
  command.format_option('n', session.name).format_option('c', session.project);
  for (const std::string& entry : env) command.option('e', entry);
  if (session.command.size() == 1) {
    for (const char* word : {"/bin/sh", "-c", "exec \"$0\""}) command.arg(word);
  }
  for (const std::string& word : session.command) command.arg(word);
  return command.build();
}

std::optional<NewWindowReply> parse_new_window_reply(std::string_view line) {
  const std::vector<std::string_view> words = split_spaces(line);
  NewWindowReply reply;
  if (words.size() != 3 || !read_id(words[0], '@', reply.window) ||
      !read_id(words[1], '%', reply.pane) || !read_number(words[2], reply.pid)) {
    return std::nullopt;
  }
  return reply;
}

Checked<CommandLine> identity_command(std::uint32_t window, const Session& session) {
  boost::json::array argv;
  for (const std::string& word : session.command) argv.emplace_back(word);
  const std::array<std::string, 6> values = {session.id,      session.name,
                                             session.profile, session.project,
                                             session.created, boost::json::serialize(argv)};
  const std::string target = tmuxctl::window_target(window);
  std::vector<CommandLine> parts;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Checked<CommandLine> set =
        Command("set-option").flag('w').option('t', target).arg(kIdentityOptions[i]).arg(values[i]).build();
    if (!set) return set;
    parts.push_back(*set.value);
  }
  parts.push_back(must(Command("set-option").flag('w').option('t', target).arg("window-size").arg("manual").build()));
  parts.push_back(must(Command("resize-window")
                           .option('t', target)
                           .option('x', std::to_string(session.size.cols))
                           .option('y', std::to_string(session.size.rows))
                           .build()));
  return CommandLine::sequence(parts);
}

CommandLine list_windows_command() {
  return must(Command("list-windows")
                  .option('t', "=" + std::string(kTmuxSessionName))
                  .option('F',
                          "#{window_id} #{pane_id} #{pane_pid} #{pane_dead} "
                          "#{pane_dead_status} #{pane_dead_signal} #{window_width} "
                          "#{window_height}")
                  .build());
}

std::optional<WindowLine> parse_window_line(std::string_view line) {
  const std::vector<std::string_view> words = split_spaces(line);
  WindowLine out;
  int dead = 0;
  if (words.size() != 8 || !read_id(words[0], '@', out.window) || !read_id(words[1], '%', out.pane) ||
      !read_number(words[2], out.pid) || !read_number(words[3], dead) ||
      !read_number(words[6], out.size.cols) || !read_number(words[7], out.size.rows)) {
    return std::nullopt;
  }
  out.dead = dead == 1;
  int number = 0;
  if (read_number(words[4], number)) out.dead_status = number;
  else if (read_number(words[5], number)) out.dead_status = 128 + number;
  return out;
}

CommandLine identity_query(std::uint32_t window) {
  std::vector<CommandLine> parts;
  for (std::string_view option : kIdentityOptions) {
    parts.push_back(must(Command("display-message")
                             .flag('p')
                             .option('t', tmuxctl::window_target(window))
                             .arg("#{" + std::string(option) + "}")
                             .build()));
  }
  return must(CommandLine::sequence(parts));
}

std::optional<Session> parse_identity(const std::vector<std::string>& lines,
                                      std::string_view jail_name) {
  if (lines.size() != kIdentityOptions.size()) return std::nullopt;
  Session session;
  session.id = lines[0];
  session.name = lines[1];
  session.profile = lines[2];
  session.project = lines[3];
  session.created = lines[4];
  if (!is_valid_session_id(session.id) || session_name_error(session.name) ||
      !printable_line(session.profile, 256) || !printable_line(session.project, 4096) ||
      session.project.front() != '/' || !printable_line(session.created, 64)) {
    return std::nullopt;
  }
  if (sandbox::jail_name(session.profile, session.project) != jail_name) return std::nullopt;
  std::optional<std::vector<std::string>> command = parse_command_json(lines[5]);
  if (!command) return std::nullopt;
  session.command = std::move(*command);
  return session;
}

CommandLine pane_state_query(std::uint32_t pane) {
  return must(Command("display-message")
                  .flag('p')
                  .option('t', tmuxctl::pane_target(pane))
                  .arg(kPaneStateFormat)
                  .build());
}

CommandLine reap_nudge_command() {
  return must(Command("run-shell").flag('b').arg(":").build());
}

std::optional<PaneState> parse_pane_state(std::string_view value) {
  const std::vector<std::string_view> words = split_spaces(value);
  PaneState state;
  int dead = 0;
  if (words.size() != 4 || !read_number(words[0], dead) || !read_number(words[3], state.pid)) {
    return std::nullopt;
  }
  state.dead = dead == 1;
  int number = 0;
  if (read_number(words[1], number)) state.status = number;
  else if (read_number(words[2], number)) state.status = 128 + number;
  return state;
}

std::optional<std::string> key_name_error(std::string_view key) {
  static constexpr std::array<std::string_view, 30> kNames = {
      "Enter", "Escape", "Tab",  "BTab",   "Space",  "BSpace", "Up",     "Down",
      "Left",  "Right",  "Home", "End",    "PageUp", "PgUp",   "PPage",  "PageDown",
      "PgDn",  "NPage",  "IC",   "Insert", "DC",     "Delete", "KPEnter", "KP0",
      "KP1",   "KP2",    "KP3",  "KP4",    "KP5",    "Any"};
  std::string_view base = key;
  while (base.size() > 2 && (base[0] == 'C' || base[0] == 'M' || base[0] == 'S') && base[1] == '-') {
    base.remove_prefix(2);
  }
  const bool single = base.size() == 1 && base[0] > 0x20 && base[0] < 0x7f;
  const bool named = std::find(kNames.begin(), kNames.end(), base) != kNames.end();
  int function_number = 0;
  const bool function_key = base.size() >= 2 && base[0] == 'F' &&
                            read_number(base.substr(1), function_number) &&
                            function_number >= 1 && function_number <= 12;
  if (single || named || function_key) return std::nullopt;
  return "invalid key " + quote_for_message(key) +
         ": expected a tmux key name such as C-c, Enter, Up, F5 or one character";
}

namespace {

/// TEXT without escape sequences (CSI, OSC, two-byte) and without '\r'.
std::string plain_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') continue;
    if (c != '\x1b' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    const char kind = text[++i];
    if (kind == '[') {
      while (i + 1 < text.size() && !(text[i + 1] >= 0x40 && text[i + 1] <= 0x7e)) ++i;
      ++i;
    } else if (kind == ']') {
      while (i + 1 < text.size() && text[i + 1] != '\x07' && text[i + 1] != '\x1b') ++i;
      ++i;
    }
  }
  return out;
}

std::string_view trim_right(std::string_view line) {
  while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string missing_screen_tail(std::string_view ring_tail, const std::vector<std::string>& screen) {
  std::vector<std::string_view> lines;
  for (const std::string& line : screen) {
    const std::string_view trimmed = trim_right(line);
    if (trimmed.rfind("Pane is dead", 0) == 0) break;
    lines.push_back(trimmed);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  const std::string ring = plain_text(ring_tail);
  std::size_t first_missing = 0;
  for (std::size_t i = lines.size(); i-- > 0;) {
    if (!lines[i].empty() && ring.find(lines[i]) != std::string::npos) {
      first_missing = i + 1;
      break;
    }
  }
  std::string missing;
  for (std::size_t i = first_missing; i < lines.size(); ++i) {
    missing.append(lines[i]);
    missing += "\r\n";
  }
  return missing;
}

Checked<CommandLine> send_text_command(std::uint32_t pane, std::string_view text,
                                       bool bracketed_paste) {
  if (text.find('\n') == std::string_view::npos) return tmuxctl::send_text(pane, text);
  std::string pasted;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    pasted += text[i] == '\n' ? '\r' : text[i];
  }
  if (bracketed_paste) pasted = "\x1b[200~" + pasted + "\x1b[201~";
  return tmuxctl::send_text(pane, pasted);
}

Checked<CommandLine> send_keys_command(std::uint32_t pane, const std::vector<std::string>& keys) {
  if (keys.empty()) return Checked<CommandLine>::fail("no keys given");
  Command command("send-keys");
  command.option('t', tmuxctl::pane_target(pane));
  for (const std::string& key : keys) {
    if (std::optional<std::string> error = key_name_error(key)) {
      return Checked<CommandLine>::fail(*error);
    }
    command.arg(key);
  }
  return command.build();
}

CommandLine capture_command(std::uint32_t pane, bool history, bool escapes) {
  Command command("capture-pane");
  command.flag('p').option('t', tmuxctl::pane_target(pane));
  if (escapes) command.flag('e');
  if (history) command.option('S', "-").option('E', "-");
  return must(command.build());
}

CommandLine all_windows_query() {
  return must(Command("list-windows").flag('a').option('F', "#{window_id}").build());
}

CommandLine return_to_sandmux_command() {
  return must(Command("switch-client").option('t', "=" + std::string(kTmuxSessionName)).build());
}

CommandLine kill_window_command(std::uint32_t window) {
  return must(Command("kill-window").option('t', tmuxctl::window_target(window)).build());
}

}  // namespace sandmux::broker
