// The incremental matcher: a forward-only buffer of lookback + unsearched bytes, searched
// with RE2's unanchored Match over the unsearched part and its lookback.
#include "broker/output_matcher.h"

#include <re2/re2.h>

namespace sandmux::broker {

std::optional<std::string> first_match(const re2::RE2& regex, std::string_view text) {
  re2::StringPiece found;
  const re2::StringPiece whole(text.data(), text.size());
  if (!regex.Match(whole, 0, whole.size(), re2::RE2::UNANCHORED, &found, 1)) return std::nullopt;
  return found.as_string();
}

OutputMatcher::OutputMatcher(std::shared_ptr<const re2::RE2> regex) : m_regex(std::move(regex)) {}

void OutputMatcher::append(std::string_view chunk) {
  while (!chunk.empty() && !m_match) {
    const std::size_t waiting = m_text.size() - m_unsearched;
    const std::string_view piece = chunk.substr(0, kMaxUnsearched - waiting);
    m_text.append(piece);
    chunk.remove_prefix(piece.size());
    if (waiting + piece.size() >= kMaxUnsearched) search_unsearched(SearchEnd::before_last_byte);
  }
}

void OutputMatcher::skip_gap() {
  if (search()) return;
  m_text.assign(1, '\n');  // context only: a lost stretch of output ends the line
  m_begin = 0;
  m_unsearched = m_text.size();
  m_context = true;
}

std::optional<std::string> OutputMatcher::search() {
  if (!m_match && (!m_searched_once || m_unsearched < m_text.size())) {
    search_unsearched(SearchEnd::end_of_text);
  }
  return m_match;
}

void OutputMatcher::search_unsearched(SearchEnd end) {
  m_searched_once = true;
  // The text starts at m_begin, so that RE2 sees the context byte (for \b and (?m)^) and
  // treats only the wait's real start as the start of text (for ^ and \A). Stopping
  // before the last byte keeps it as context: `$` cannot match at that arbitrary cut.
  const re2::StringPiece text(m_text.data() + m_begin, m_text.size() - m_begin);
  const std::size_t from = m_context ? 1 : 0;
  const std::size_t to = end == SearchEnd::end_of_text ? text.size() : text.size() - 1;
  re2::StringPiece found;
  if (m_regex->Match(text, from, to, re2::RE2::UNANCHORED, &found, 1)) m_match = found.as_string();
  m_unsearched = m_begin + to;
  drop_old_bytes();
}

void OutputMatcher::drop_old_bytes() {
  const std::size_t searched = m_unsearched - m_begin - (m_context ? 1 : 0);
  if (searched > kMatchWindow) {
    m_begin = m_unsearched - kMatchWindow - 1;  // the byte before the window: context
    m_context = true;
  }
  if (m_begin > kMatchWindow) {  // erase in bulk: O(1) per byte, amortised
    m_text.erase(0, m_begin);
    m_unsearched -= m_begin;
    m_begin = 0;
  }
}

}  // namespace sandmux::broker
