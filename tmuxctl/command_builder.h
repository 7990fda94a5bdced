#pragma once
/*
 * Building tmux command lines that tmux parses exactly as intended. Invariants:
 *  - A CommandLine is one line (no '\n', '\r' or NUL), not blank, not a comment, with no
 *    unquoted ';', '{' or '}' except the " ; " separators this file inserts itself, and its
 *    commands() is the number of flag-1 reply blocks tmux 3.3a answers it with (fewer only if
 *    one fails: tmux then drops the rest of the line, see Connection).
 *  - Every argument is a single tmux word with exactly the given bytes: plain words stay
 *    plain, anything else is single-quoted ('it'"'"'s'); a positional argument that starts
 *    with '-' is preceded by "--".
 *  - Quoting never stops format expansion ('#{...}'); format_text() doubles '#' for the
 *    arguments tmux expands (listed in command_names.h).
 *  - No command that can run other commands (if-shell, source-file, ...) is ever built.
 */
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandmux::tmuxctl {

/// A value or the one-line reason why there is none.
template <class T>
struct Checked {
  std::optional<T> value;
  std::string error;

  static Checked ok(T v) { return Checked{std::move(v), {}}; }
  static Checked fail(std::string message) { return Checked{std::nullopt, std::move(message)}; }
  explicit operator bool() const { return value.has_value(); }
};

/// A validated line for a control client (without its '\n').
class CommandLine {
 public:
  /// Validates RAW, written by hand: see the invariants above. The first word of each
  /// command must be a full tmux command name or alias that does not run other commands.
  static Checked<CommandLine> parse(std::string_view raw);
  /// Joins PARTS into "a ; b ; c" (at least one part).
  static Checked<CommandLine> sequence(const std::vector<CommandLine>& parts);

  const std::string& text() const { return m_text; }
  /// Number of commands on the line = reply blocks expected.
  std::size_t commands() const { return m_commands; }

 private:
  friend class Command;
  CommandLine(std::string text, std::size_t commands) : m_text(std::move(text)), m_commands(commands) {}

  std::string m_text;
  std::size_t m_commands = 1;
};

/// Quotes VALUE as one tmux word, or returns nullopt if it holds '\n', '\r' or NUL.
std::optional<std::string> quote_argument(std::string_view value);

/// VALUE with every '#' doubled, so that format expansion yields VALUE again.
std::string escape_format(std::string_view value);

/// Builds one command: Command("rename-window").option('t', "@1").format_text(name).build().
/// The first refused argument is remembered and reported by build().
class Command {
 public:
  /// NAME must be a full command name or alias that does not run other commands.
  explicit Command(std::string_view name);

  Command& flag(char letter);                                  ///< -X
  Command& option(char letter, std::string_view value);        ///< -X value
  Command& format_option(char letter, std::string_view text);  ///< -X value, '#' doubled
  Command& arg(std::string_view value);                        ///< positional
  Command& format_text(std::string_view text);                 ///< positional, '#' doubled

  Checked<CommandLine> build() const;

 private:
  void append_word(std::string_view value);
  void refuse(std::string message);

  std::string m_name;
  std::vector<std::string> m_flags;
  std::vector<std::string> m_positional;
  bool m_dash_positional = false;
  std::string m_error;
};

/// `send-keys -l` for printable text and `send-keys -H` for control bytes (tab, newline,
/// escape, ...) so that TEXT reaches PANE byte for byte; TEXT may contain newlines.
Checked<CommandLine> send_text(std::uint32_t pane, std::string_view text);
/// `send-keys -H` with the hex of BYTES (any bytes, NUL included).
Checked<CommandLine> send_bytes(std::uint32_t pane, std::string_view bytes);
/// `refresh-client -A '%P:continue'`.
CommandLine continue_pane(std::uint32_t pane);
/// `capture-pane -p -e -t %P` (the visible screen with escapes), for resynchronisation.
CommandLine capture_screen(std::uint32_t pane);

/// "%N" for a pane id, "@N" for a window id, "$N" for a session id.
std::string pane_target(std::uint32_t pane);
std::string window_target(std::uint32_t window);
std::string session_target(std::uint32_t session);

}  // namespace sandmux::tmuxctl
