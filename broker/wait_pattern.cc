// Pattern checks for `wait --match`: the length, then RE2's own compilation and size.
#include "broker/wait_pattern.h"

#include <re2/re2.h>

#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

re2::RE2::Options pattern_options() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // errors are returned, never printed by RE2
  options.set_max_mem(kPatternMaxMem);
  return options;
}

CompiledPattern refused(std::string message) {
  return CompiledPattern{nullptr, std::move(message)};
}

/// RE2's reason, e.g. "missing ): '(a'": the part of the pattern that RE2 appends raw
/// (it may hold a newline, or most of a long pattern) is quoted like any user text.
std::string reason(const re2::RE2& regex) {
  const std::string& arg = regex.error_arg();
  const std::string& error = regex.error();
  const std::string tail = ": " + arg;
  if (arg.empty() || !error.ends_with(tail)) return error;  // a fixed text, e.g. "trailing \\"
  return error.substr(0, error.size() - tail.size()) + ": " + quote_for_message(arg, 40);
}

std::string too_complex(const std::string& shown) {
  return shown + " is too complex (its compiled program has more than " +
         std::to_string(kMaxPatternProgramSize) + " instructions)";
}

}  // namespace

CompiledPattern compile_match_pattern(std::string_view pattern) {
  const std::string shown = quote_for_message(pattern, 40);
  if (pattern.empty()) return refused("the pattern is empty");
  if (pattern.size() > kMaxPatternBytes) {
    return refused(shown + " is longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  auto regex = std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                                pattern_options());
  if (regex->error_code() == re2::RE2::ErrorPatternTooLarge) return refused(too_complex(shown));
  if (!regex->ok()) return refused(shown + " is not a valid regex: " + reason(*regex));
  if (regex->ProgramSize() > kMaxPatternProgramSize) return refused(too_complex(shown));
  return CompiledPattern{std::move(regex), {}};
}

std::optional<std::string> match_pattern_error(std::string_view pattern) {
  CompiledPattern compiled = compile_match_pattern(pattern);
  if (compiled.regex) return std::nullopt;
  return std::move(compiled.error);
}

}  // namespace sandmux::broker
