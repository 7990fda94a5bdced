#pragma once
// Incremental search of a session's output for a `wait --match` pattern (RE2).
// The output since the wait began arrives in chunks (append); search() answers whether it
// matches, and with what text.
// Guarantee: a search covers every byte appended since the previous search plus the last
// kMatchWindow bytes before them (already searched: the lookback). Hence every match
// lying within the last kMatchWindow bytes of output at a search is found, including one
// split across any number of appends; a longer match is found only if it starts at most
// kMatchWindow bytes before the first byte not yet searched. The answer is RE2's
// leftmost-first match in the covered text, so a greedy match ends where the output so
// far ends ("flood-4" when "2" has not arrived yet).
// Anchors on a stream: `^`/`\A` match only where the wait began (never once that point
// fell out of the lookback); `$`/`\z` at the end of the output as of the search; `\b`
// and (?m)^ see the byte before the lookback as context, so the lookback's edge is
// neither a line start nor a word boundary unless the output says so.
// Bounded work: a search scans the covered text once (RE2: linear time, no recursion on
// the text), i.e. at most kMatchWindow + (bytes appended since the last search) bytes.
// append() searches by itself once kMaxUnsearched bytes wait, stopping one byte short so
// that `$` cannot match at that arbitrary cut. So whatever the total output, memory stays
// below 2 * kMatchWindow + kMaxUnsearched + 2 bytes and each appended byte costs O(1)
// scanning, plus kMatchWindow per search the caller asks for (it should coalesce them,
// e.g. one per burst of output).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace sandmux::broker {

/// Bytes of already-searched output that each search looks back over.
inline constexpr std::size_t kMatchWindow = 64 * 1024;
/// append() searches by itself once this many bytes are waiting for a search.
inline constexpr std::size_t kMaxUnsearched = 4 * kMatchWindow;

/// REGEX's leftmost-first match in TEXT (the whole of it: `^` at its start, `$` at its end).
std::optional<std::string> first_match(const re2::RE2& regex, std::string_view text);

class OutputMatcher {
 public:
  /// Matches with REGEX (non-null, compiled by compile_match_pattern).
  explicit OutputMatcher(std::shared_ptr<const re2::RE2> regex);

  /// CHUNK is the next output. Searches by itself once kMaxUnsearched bytes wait (so a
  /// chunk larger than that is searched in pieces); the match is kept for search().
  void append(std::string_view chunk);
  /// Bytes of output were lost before the next append: a match may not span the gap,
  /// and the next byte is at the start of a line as far as (?m)^ is concerned.
  void skip_gap();
  /// The match found, searching what was appended since the last search (with the
  /// lookback) if needed: nullopt while there is none. The first call searches even
  /// when nothing was appended (an empty text can match, e.g. "x*"). Once a match is
  /// found it is the answer to every later call.
  std::optional<std::string> search();

 private:
  enum class SearchEnd { end_of_text, before_last_byte };
  void search_unsearched(SearchEnd end);
  void drop_old_bytes();

  std::shared_ptr<const re2::RE2> m_regex;
  /// m_text[m_begin..] holds, in order: one context byte when m_context (the text's
  /// start is gone), at most kMatchWindow searched bytes, then the unsearched bytes
  /// from m_unsearched on. Bytes before m_begin are dead, erased in bulk.
  std::string m_text;
  std::size_t m_begin = 0;
  std::size_t m_unsearched = 0;
  bool m_context = false;
  bool m_searched_once = false;
  std::optional<std::string> m_match;
};

}  // namespace sandmux::broker
