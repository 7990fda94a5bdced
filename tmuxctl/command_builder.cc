/*
 * Quoting and command assembly. Invariant: every byte of every argument reaches tmux
 * unchanged: plain words are emitted as-is, others single-quoted, with an embedded quote
 * written as '"'"'. Lines that tmux would split, ignore or misread are refused.
 */
#include "tmuxctl/command_builder.h"

#include "tmuxctl/command_names.h"

namespace sandmux::tmuxctl {
namespace {

bool is_plain(char c) {  // a byte that needs no quoting anywhere in a word
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view{"_-.,/:@%+="}.find(c) != std::string_view::npos;
}

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

std::string hex_byte(char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  return std::string{kHex[u >> 4], kHex[u & 15]};
}

}  // namespace

/// tmux reads an unquoted word starting with '%' as a directive (%if) unless the rest is
/// digits (a pane id).
bool starts_directive(std::string_view word) {
  if (word.empty() || word[0] != '%') return false;
  for (const char c : word.substr(1)) {
    if (c < '0' || c > '9') return true;
  }
  return false;
}

std::optional<std::string> quote_argument(std::string_view value) {
  bool plain = !value.empty() && !starts_directive(value);
  for (const char c : value) {
    if (c == '\n' || c == '\r' || c == '\0') return std::nullopt;
    plain = plain && is_plain(c);
  }
  if (plain) return std::string(value);
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'') out += "'\"'\"'"; else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string escape_format(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    out.push_back(c);
    if (c == '#') out.push_back('#');
  }
  return out;
}

Command::Command(std::string_view name) : m_name(canonical_command(name)) {
  if (m_name.empty()) refuse("unknown tmux command '" + std::string(name) + "'");
  else if (may_run_commands(m_name)) refuse("'" + m_name + "' runs other commands");
}

void Command::refuse(std::string message) {
  if (m_error.empty()) m_error = std::move(message);
}

Command& Command::flag(char letter) {
  if (!is_plain(letter) || letter == '-') refuse("bad flag letter");
  if (m_name == "run-shell" && letter == 'C') refuse("'run-shell -C' runs other commands");
  m_flags.push_back(std::string{'-', letter});
  return *this;
}

Command& Command::option(char letter, std::string_view value) {
  flag(letter);
  const auto quoted = quote_argument(value);
  if (!quoted) {
    refuse("argument of -" + std::string(1, letter) + " contains a newline or NUL");
  } else if (!value.empty() && value[0] == '-') {
    m_flags.back() += *quoted;  // "-t-x": tmux cannot mistake the value for a flag
  } else {
    m_flags.push_back(*quoted);
  }
  return *this;
}

Command& Command::format_option(char letter, std::string_view text) {
  return option(letter, escape_format(text));
}

Command& Command::arg(std::string_view value) {
  const auto quoted = quote_argument(value);
  if (!quoted) {
    refuse("argument contains a newline or NUL");
    return *this;
  }
  if (!value.empty() && value[0] == '-') m_dash_positional = true;
  m_positional.push_back(*quoted);
  return *this;
}

Command& Command::format_text(std::string_view text) { return arg(escape_format(text)); }

Checked<CommandLine> Command::build() const {
  if (!m_error.empty()) return Checked<CommandLine>::fail(m_error);
  std::string text = m_name;
  for (const auto& word : m_flags) text += " " + word;
  if (m_dash_positional) text += " --";
  for (const auto& word : m_positional) text += " " + word;
  return Checked<CommandLine>::ok(CommandLine(std::move(text), 1));
}

Checked<CommandLine> send_text(std::uint32_t pane, std::string_view text) {
  if (text.empty()) return Checked<CommandLine>::fail("no text to send");
  std::vector<CommandLine> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool control = is_control(text[i]);
    std::size_t end = i;
    while (end < text.size() && is_control(text[end]) == control) ++end;
    const auto run = text.substr(i, end - i);
    Command part("send-keys");
    part.flag(control ? 'H' : 'l').option('t', pane_target(pane));
    if (control) {
      for (const char c : run) part.arg(hex_byte(c));
    } else {
      part.arg(run);
    }
    auto built = part.build();
    if (!built) return built;
    parts.push_back(std::move(*built.value));
    i = end;
  }
  return CommandLine::sequence(parts);
}

Checked<CommandLine> send_bytes(std::uint32_t pane, std::string_view bytes) {
  if (bytes.empty()) return Checked<CommandLine>::fail("no bytes to send");
  Command command("send-keys");
  command.flag('H').option('t', pane_target(pane));
  for (const char c : bytes) command.arg(hex_byte(c));
  return command.build();
}

CommandLine continue_pane(std::uint32_t pane) {
  return *Command("refresh-client").option('A', pane_target(pane) + ":continue").build().value;
}

CommandLine capture_screen(std::uint32_t pane) {
  return *Command("capture-pane").flag('p').flag('e').option('t', pane_target(pane)).build().value;
}

std::string pane_target(std::uint32_t pane) { return "%" + std::to_string(pane); }
std::string window_target(std::uint32_t window) { return "@" + std::to_string(window); }
std::string session_target(std::uint32_t session) { return "$" + std::to_string(session); }

}  // namespace sandmux::tmuxctl
