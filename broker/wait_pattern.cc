// Pattern checks for `wait --match`: a cheap cost estimate, then std::regex itself.
#include "broker/wait_pattern.h"

#include <algorithm>
#include <limits>
#include <regex>
#include <vector>

#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

constexpr std::size_t kHuge = std::numeric_limits<std::size_t>::max() / 4;
constexpr std::size_t kMaxDepth = 32;

std::size_t saturating_mul(std::size_t a, std::size_t b) {
  return (b != 0 && a > kHuge / b) ? kHuge : a * b;
}

/// A group being scanned: the cost so far and the cost of its last atom.
struct Frame {
  std::size_t sum = 0;
  std::size_t last = 0;
};

/// Skips a bracket expression starting at PATTERN[AT] == '['; returns the index of
/// its closing ']' (or the end).
std::size_t skip_brackets(std::string_view pattern, std::size_t at) {
  std::size_t i = at + 1;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  for (; i < pattern.size() && pattern[i] != ']'; ++i) {
    if (pattern[i] == '\\') ++i;
  }
  return std::min(i, pattern.size());
}

/// The copy count of a counted repetition "{m}", "{m,}" or "{m,n}" at PATTERN[AT],
/// and the index of its '}'; nullopt when it is not one (then '{' is a literal).
std::optional<std::pair<std::size_t, std::size_t>> counted(std::string_view pattern,
                                                           std::size_t at) {
  std::size_t i = at + 1, low = 0, high = 0;
  bool comma = false, digits = false, high_digits = false;
  for (; i < pattern.size() && pattern[i] != '}'; ++i) {
    const char c = pattern[i];
    if (c == ',' && !comma) {
      comma = true;
    } else if (c >= '0' && c <= '9') {
      std::size_t& n = comma ? high : low;
      n = std::min(kHuge, n * 10 + static_cast<std::size_t>(c - '0'));
      (comma ? high_digits : digits) = true;
    } else {
      return std::nullopt;
    }
  }
  if (i == pattern.size() || !digits) return std::nullopt;
  const std::size_t copies = !comma ? low : high_digits ? std::max(low, high) : low + 1;
  return std::make_pair(std::max<std::size_t>(copies, 1), i);
}

std::size_t digits_at(std::string_view pattern, std::size_t at) {
  std::size_t n = 0;
  while (at + n < pattern.size() && pattern[at + n] >= '0' && pattern[at + n] <= '9') ++n;
  return n;
}

/// True when a number the regex compiler reads (a repetition count after '{' or
/// '{m,', or a back-reference after '\\') has more than 9 digits: libstdc++ reads
/// those into a long without an overflow check.
bool has_oversized_number(std::string_view pattern) {
  constexpr std::size_t kMaxDigits = 9;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{' && pattern[i] != '\\') continue;
    const std::size_t first = digits_at(pattern, i + 1);
    if (first > kMaxDigits) return true;
    if (pattern[i] == '{' && i + 1 + first < pattern.size() && pattern[i + 1 + first] == ',' &&
        digits_at(pattern, i + 2 + first) > kMaxDigits) {
      return true;
    }
    if (pattern[i] == '\\') ++i;  // an escaped '{' or '\\' starts nothing
  }
  return false;
}

}  // namespace

std::optional<std::size_t> estimated_pattern_cost(std::string_view pattern) {
  std::vector<Frame> stack(1);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    Frame& top = stack.back();
    const char c = pattern[i];
    std::size_t atom = 1;
    if (c == '(') {
      if (stack.size() > kMaxDepth) return std::nullopt;
      stack.emplace_back();
      continue;
    } else if (c == ')' && stack.size() > 1) {
      atom = std::max<std::size_t>(stack.back().sum, 1);
      stack.pop_back();
    } else if (c == '*' || c == '+' || c == '?') {
      top.sum = std::min(kHuge, top.sum + top.last);
      top.last = saturating_mul(top.last, 2);
      continue;
    } else if (c == '{') {
      if (const auto rep = counted(pattern, i)) {
        top.sum = std::min(kHuge, top.sum + saturating_mul(top.last, rep->first - 1));
        top.last = saturating_mul(top.last, rep->first);
        i = rep->second;
        continue;
      }
    } else if (c == '[') {
      i = skip_brackets(pattern, i);
    } else if (c == '\\') {
      ++i;
    }
    Frame& parent = stack.back();
    parent.sum = std::min(kHuge, parent.sum + atom);
    parent.last = atom;
  }
  std::size_t total = 0;
  for (const Frame& frame : stack) total = std::min(kHuge, total + frame.sum);
  return total;
}

std::optional<std::string> match_pattern_error(std::string_view pattern) {
  const std::string shown = quote_for_message(pattern, 40);
  if (pattern.empty()) return std::string("the pattern is empty");
  if (pattern.size() > kMaxPatternBytes) {
    return shown + " is longer than " + std::to_string(kMaxPatternBytes) + " bytes";
  }
  if (has_oversized_number(pattern)) return shown + " has a number of more than 9 digits";
  const std::optional<std::size_t> cost = estimated_pattern_cost(pattern);
  if (!cost) return shown + " nests groups deeper than " + std::to_string(kMaxDepth);
  if (*cost > kMaxPatternCost) {
    return shown + " is too complex (its repetition counts multiply to more than " +
           std::to_string(kMaxPatternCost) + ")";
  }
  try {
    const std::regex compiled(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    return shown + " is not a valid regex: " + error.what();
  } catch (const std::exception&) {
    return shown + " cannot be compiled";
  }
  return std::nullopt;
}

}  // namespace sandmux::broker
