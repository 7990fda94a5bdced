// A small TOML lexer that knows where strings, comments and bare values begin and end.
//
// toml++ reads a bare value (a number, boolean or date) by scanning ahead until a
// value terminator (whitespace ] } , #), quotes and brackets included; so inside such
// a run a quote does not start a string, while in a key (`{A="é"}`) it does. The
// lexer therefore tracks whether a key or a value comes next, and the nesting of
// arrays, inline tables and table headers that decides what a ',' leads to.
#include "config/toml_guard.h"

#include <string>
#include <vector>

namespace sandmux::config {
namespace {

enum class State { normal, comment, basic, literal, multi_basic, multi_literal };

constexpr std::string_view kWhitespace = " \t\r\n";

// toml++ recurses once per level of nested tables (and overflows the stack at some
// tens of thousands); no setting is more than three levels deep.
constexpr int kMaxKeyParts = 8;

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool is_whitespace(char c) { return kWhitespace.find(c) != std::string_view::npos; }
bool is_value_terminator(char c) {
  return is_whitespace(c) || c == ']' || c == '}' || c == ',' || c == '#';
}

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view filename) : m_text(text), m_file(filename) {}

  std::optional<Diagnostic> run() {
    while (m_pos < m_text.size() && !m_error) step();
    return m_error;
  }

 private:
  bool at(std::string_view s) const { return m_text.substr(m_pos).starts_with(s); }

  void advance(std::size_t n = 1) {
    for (; n > 0 && m_pos < m_text.size(); --n, ++m_pos) {
      char c = m_text[m_pos];
      if (c == '\n') {
        ++m_line;
        m_column = 1;
      } else if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
        ++m_column;
      }
    }
  }

  void fail(std::string message) {
    m_error = Diagnostic{Location{std::string(m_file), m_line, m_column}, std::move(message)};
  }

  void enter(State state, std::size_t delimiter_size) {
    m_state = state;
    advance(delimiter_size);
  }

  // A closing """ or ''' may be followed by up to two more quotes, part of the string.
  void close_multi(char quote) {
    advance(3);
    for (int extra = 0; extra < 2 && m_pos < m_text.size() && m_text[m_pos] == quote; ++extra) {
      advance();
    }
    m_state = State::normal;
  }

  bool enter_string() {
    char c = m_text[m_pos];
    State state = State::normal;
    std::size_t size = 1;
    if (at(R"(""")")) {
      state = State::multi_basic;
      size = 3;
    } else if (at("'''")) {
      state = State::multi_literal;
      size = 3;
    } else if (c == '"') {
      state = State::basic;
    } else if (c == '\'') {
      state = State::literal;
    } else {
      return false;
    }
    enter(state, size);
    return true;
  }

  // A comment or single-line string ends at the newline (for a string, a syntax
  // error), which is then read again in the normal state; a string also at its quote.
  void end_single_line(bool closing_quote, char c) {
    if (closing_quote || c == '\n') m_state = State::normal;
    if (c != '\n') advance();
  }

  void pop() {
    if (!m_nesting.empty()) m_nesting.pop_back();
  }

  void step_key(char c) {
    if (c == '.' && ++m_key_dots >= kMaxKeyParts) {
      return fail("key has more than " + std::to_string(kMaxKeyParts) + " dotted parts");
    }
    if (c == '=' || c == ']') m_key_dots = 0;
    if (c == '=') m_expect_key = false;
    if (c == '[' && (m_nesting.empty() || m_nesting.back() == 'h')) m_nesting.push_back('h');
    if (c == ']') pop();
    if (c == '}') {
      pop();
      m_expect_key = false;
    }
  }

  void step_value(char c) {
    if (c == '[') {
      m_nesting.push_back('[');
    } else if (c == '{') {
      m_nesting.push_back('{');
      m_expect_key = true;
    } else if (c == ']' || c == '}') {
      pop();
    } else if (c == ',') {
      m_expect_key = !m_nesting.empty() && m_nesting.back() == '{';
    } else if (!is_whitespace(c)) {
      m_in_bare_value = true;
    }
  }

  void step_normal() {
    char c = m_text[m_pos];
    if (is_non_ascii(c)) return fail("non-ASCII character outside a string or comment");
    if (m_in_bare_value) {
      if (!is_value_terminator(c)) return advance();
      m_in_bare_value = false;
    }
    if (c == '#') return enter(State::comment, 1);
    if (c == '\n' && (m_nesting.empty() || m_nesting.back() == 'h')) {
      m_nesting.clear();
      m_key_dots = 0;
      m_expect_key = true;
    }
    if (enter_string()) return;
    if (m_expect_key) {
      step_key(c);
    } else {
      step_value(c);
    }
    advance();
  }

  // After a backslash in a multi-line basic string toml++ tests the next characters
  // (and those after a line-ending backslash) for whitespace.
  void step_multi_basic_escape() {
    advance();  // the backslash
    while (m_pos < m_text.size() && is_whitespace(m_text[m_pos])) advance();
    if (m_pos < m_text.size() && is_non_ascii(m_text[m_pos])) {
      return fail("non-ASCII character after a backslash in a multi-line string");
    }
    advance();
  }

  void step() {
    char c = m_text[m_pos];
    switch (m_state) {
      case State::normal: return step_normal();
      case State::comment: return end_single_line(false, c);
      case State::basic:
        if (c == '\\') return advance(2);
        return end_single_line(c == '"', c);
      case State::literal: return end_single_line(c == '\'', c);
      case State::multi_basic:
        if (c == '\\') return step_multi_basic_escape();
        if (at(R"(""")")) return close_multi('"');
        return advance();
      case State::multi_literal:
        if (at("'''")) return close_multi('\'');
        return advance();
    }
  }

  std::string_view m_text;
  std::string_view m_file;
  std::size_t m_pos = 0;
  int m_line = 1;
  int m_column = 1;
  State m_state = State::normal;
  int m_key_dots = 0;              // '.' seen in the current key or table header
  bool m_expect_key = true;      // at the start of a line: a key or a [table]
  bool m_in_bare_value = false;  // inside a number, boolean or date
  std::vector<char> m_nesting;   // '[' array, '{' inline table, 'h' table header
  std::optional<Diagnostic> m_error;
};

}  // namespace

std::optional<Diagnostic> find_control_character(std::string_view text, std::string_view filename) {
  int line = 1, column = 1;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const std::string code = std::string("U+00") + kHex[byte >> 4] + kHex[byte & 0xf];
      return Diagnostic{Location{std::string(filename), line, column},
                        "control character " + code + " is not allowed"};
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xc0) != 0x80) {
      ++column;
    }
  }
  return std::nullopt;
}

std::optional<Diagnostic> find_unsafe_non_ascii(std::string_view text, std::string_view filename) {
  return Scanner(text, filename).run();
}

}  // namespace sandmux::config
