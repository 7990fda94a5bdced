#pragma once
// Errors as values: every parse or validation problem is a Diagnostic with a
// file:line:col location. Syntax errors stop at the first; validation collects all.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandmux::config {

/// Where a value came from. line and column are 1-based; 0 means "whole file".
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Location where;
  std::string message;

  /// "FILE:LINE:COL: message" (or "FILE: message" without a line).
  std::string str() const;
};

/// VALUE in single quotes for a message, with control characters escaped (\n, \t,
/// \xHH) so that the message stays one line whatever the user wrote.
std::string quote(std::string_view value);

/// A value or the diagnostics that explain why there is none.
template <class T>
struct Result {
  std::optional<T> value;
  std::vector<Diagnostic> errors;

  static Result ok(T v) { return Result{std::move(v), {}}; }
  static Result fail(std::vector<Diagnostic> errs) { return Result{std::nullopt, std::move(errs)}; }
  static Result fail(Diagnostic err) { return fail(std::vector<Diagnostic>{std::move(err)}); }
  explicit operator bool() const { return value.has_value(); }
};

}  // namespace sandmux::config
