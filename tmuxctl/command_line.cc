/*
 * Validation of hand-written command lines. A small scanner mirrors the parts of tmux's
 * lexer that decide where commands start and end: single quotes (literal), double quotes
 * and backslashes (escapes), ';' (separator, even inside an unquoted word), '#' at the start
 * of a word (comment), '{' '}' (command blocks) and a leading '%' (%if). Invariant: parse()
 * accepts only lines whose command count it can state exactly.
 */
#include "tmuxctl/command_builder.h"

#include "tmuxctl/command_names.h"

namespace sandmux::tmuxctl {
namespace {

struct Word {
  std::string text;
  bool quoted = false;
};
using Segment = std::vector<Word>;

enum class Quote : std::uint8_t { None, Single, Double };

/// An unquoted word at the start of REST beginning with '%' and not followed by digits only.
bool is_directive(std::string_view rest) {
  const auto end = rest.find_first_of(" \t;");
  const auto word = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
  for (const char c : word) {
    if (c < '0' || c > '9') return true;
  }
  return false;
}

/// Splits LINE into ';'-separated segments of words, or returns an error message.
std::string scan(std::string_view line, std::vector<Segment>& segments) {
  segments.assign(1, Segment{});
  Quote quote = Quote::None;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == Quote::Single) {
      if (c == '\'') quote = Quote::None; else segments.back().back().text.push_back(c);
      continue;
    }
    if (c == '\\') {
      if (++i == line.size()) return "a trailing backslash";
      if (!in_word) segments.back().push_back(Word{});
      in_word = true;
      segments.back().back().text.push_back(line[i]);
      continue;
    }
    if (quote == Quote::Double) {
      if (c == '"') quote = Quote::None; else segments.back().back().text.push_back(c);
      continue;
    }
    if (c == ' ' || c == '\t') { in_word = false; continue; }
    if (c == ';') { segments.emplace_back(); in_word = false; continue; }
    if (!in_word && c == '#') return "'#' starts a comment here";
    if (c == '{' || c == '}') return "an unquoted brace";
    if (!in_word && c == '%' && is_directive(line.substr(i))) return "a '%' directive";
    if (!in_word) segments.back().push_back(Word{});
    in_word = true;
    if (c == '\'' || c == '"') {
      quote = c == '\'' ? Quote::Single : Quote::Double;
      segments.back().back().quoted = true;
    } else {
      segments.back().back().text.push_back(c);
    }
  }
  return quote == Quote::None ? std::string{} : std::string{"an unterminated quote"};
}

std::string check_segment(const Segment& words) {
  if (words.empty()) return "an empty command";
  const Word& name = words.front();
  if (name.quoted) return "a quoted command name";
  if (may_run_commands(name.text)) return "'" + name.text + "' runs other commands";
  if (canonical_command(name.text).empty()) return "unknown command '" + name.text + "'";
  if (canonical_command(name.text) != "run-shell") return {};
  for (const Word& word : words) {
    if (!word.quoted && word.text.size() > 1 && word.text[0] == '-' && word.text[1] != '-' &&
        word.text.find('C') != std::string::npos) {
      return "'run-shell -C' runs other commands";
    }
  }
  return {};
}

}  // namespace

Checked<CommandLine> CommandLine::parse(std::string_view raw) {
  using Result = Checked<CommandLine>;
  for (const char c : raw) {
    if (c == '\n' || c == '\r' || c == '\0') {
      return Result::fail("command line contains a newline, carriage return or NUL");
    }
  }
  const auto first = raw.find_first_not_of(" \t");
  if (first == std::string_view::npos) return Result::fail("blank command line (tmux would detach)");
  if (raw[first] == '%') return Result::fail("command line starts with '%' (a tmux directive)");
  std::vector<Segment> segments;
  if (auto error = scan(raw, segments); !error.empty()) {
    return Result::fail("command line has " + error);
  }
  for (const Segment& segment : segments) {
    if (auto error = check_segment(segment); !error.empty()) {
      return Result::fail("command line has " + error);
    }
  }
  return Result::ok(CommandLine(std::string(raw), segments.size()));
}

Checked<CommandLine> CommandLine::sequence(const std::vector<CommandLine>& parts) {
  using Result = Checked<CommandLine>;
  if (parts.empty()) return Result::fail("empty command sequence");
  std::string text;
  std::size_t commands = 0;
  for (const CommandLine& part : parts) {
    if (!text.empty()) text += " ; ";
    text += part.text();
    commands += part.commands();
  }
  return Result::ok(CommandLine(std::move(text), commands));
}

}  // namespace sandmux::tmuxctl
