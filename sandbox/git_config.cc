#include "sandbox/git_config.h"

#include <cctype>
#include <optional>

namespace sandmux::sandbox {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

class Reader {
 public:
  explicit Reader(std::string_view text) : m_text(text) {}

  std::vector<GitConfigEntry> run() {
    while (m_pos < m_text.size()) {
      skip_blank();
      if (m_pos >= m_text.size()) break;
      const char c = m_text[m_pos];
      if (c == '\n') {
        ++m_pos;
      } else if (c == '#' || c == ';') {
        skip_line();
      } else if (c == '[') {
        if (!read_section()) break;
      } else if (!read_entry()) {
        break;
      }
    }
    return std::move(m_entries);
  }

 private:
  void skip_blank() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                     m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }
  void skip_line() {
    while (m_pos < m_text.size() && m_text[m_pos] != '\n') ++m_pos;
  }

  // [name], [name "sub"], [name.sub]
  bool read_section() {
    ++m_pos;
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && is_name_char(m_text[m_pos])) ++m_pos;
    std::string name = lower(m_text.substr(start, m_pos - start));
    if (name.empty()) return false;
    skip_blank();
    if (m_pos < m_text.size() && m_text[m_pos] == '"') {
      std::string sub;
      for (++m_pos; m_pos < m_text.size() && m_text[m_pos] != '"'; ++m_pos) {
        if (m_text[m_pos] == '\n') return false;
        if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) ++m_pos;
        sub += m_text[m_pos];
      }
      if (m_pos >= m_text.size()) return false;
      ++m_pos;
      name += "." + sub;
    } else if (const std::size_t dot = name.find('.'); dot != std::string::npos) {
      name = name.substr(0, dot) + "." + name.substr(dot + 1);  // legacy: already lower
    }
    if (m_pos >= m_text.size() || m_text[m_pos] != ']') return false;
    ++m_pos;
    m_section = std::move(name);
    return true;
  }

  bool read_entry() {
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() &&
           (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) != 0 ||
            m_text[m_pos] == '-')) {
      ++m_pos;
    }
    if (m_pos == start || m_section.empty()) return false;
    const std::string name = lower(m_text.substr(start, m_pos - start));
    skip_blank();
    std::string value = "true";
    if (m_pos < m_text.size() && m_text[m_pos] == '=') {
      ++m_pos;
      std::optional<std::string> read = read_value();
      if (!read) return false;
      value = std::move(*read);
    } else if (m_pos < m_text.size() && m_text[m_pos] != '\n' && m_text[m_pos] != '#' &&
               m_text[m_pos] != ';') {
      return false;
    } else {
      skip_line();
    }
    // The section part is lower-cased, the subsection kept: split at the first dot.
    m_entries.push_back({m_section + "." + name, std::move(value)});
    return true;
  }

  // Up to the end of the line: quotes, escapes, comments, trailing space trimmed.
  std::optional<std::string> read_value() {
    std::string value;
    std::size_t kept = 0;  // length without trailing unquoted blanks
    bool quoted = false;
    skip_blank();
    for (; m_pos < m_text.size(); ++m_pos) {
      const char c = m_text[m_pos];
      if (c == '\n' && !quoted) break;
      if (c == '\n') return std::nullopt;
      if (!quoted && (c == '#' || c == ';')) {
        skip_line();
        break;
      }
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (c == '\\') {
        if (++m_pos >= m_text.size()) return std::nullopt;
        const char e = m_text[m_pos];
        if (e == '\n') continue;  // line continuation
        if (e == 'n') value += '\n';
        else if (e == 't') value += '\t';
        else if (e == 'b') value += '\b';
        else if (e == '"' || e == '\\') value += e;
        else return std::nullopt;
        kept = value.size();
        continue;
      }
      value += c;
      if (quoted || (c != ' ' && c != '\t' && c != '\r')) kept = value.size();
    }
    if (quoted) return std::nullopt;
    value.resize(kept);
    return value;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_section;
  std::vector<GitConfigEntry> m_entries;
};

}  // namespace

std::vector<GitConfigEntry> parse_git_config(std::string_view text) {
  return Reader(text).run();
}

}  // namespace sandmux::sandbox
