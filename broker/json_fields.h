#pragma once
// Strict reading of one JSON object's fields, for the wire protocol and the session
// object. Invariants: unknown fields are reported before anything else (a typo gets
// "did you mean" rather than "missing field"); after the first error every read
// returns false and the first error is kept; no read throws; user-controlled text
// (field names) reaches messages only through quote_for_message().
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandmux::broker {

/// "null", "a boolean", "an integer", "a number", "a string", "an array", "an object".
std::string_view json_kind_name(const boost::json::value& value);

class FieldReader {
 public:
  /// Reads OBJECT, described in messages as WHERE ("params of 'send'"); any field
  /// not in KNOWN is an error: "unknown field 'nmae' in WHERE (did you mean 'name'?)".
  FieldReader(const boost::json::object& object, std::string where,
              std::span<const std::string_view> known);

  /// Each read stores the field into OUT and returns true; a missing optional field
  /// leaves OUT as it was (its default). False once any error was found.
  bool string(std::string_view key, std::string& out, bool required = true);
  bool string(std::string_view key, std::optional<std::string>& out);
  bool boolean(std::string_view key, bool& out, bool required = false);
  bool integer(std::string_view key, std::int64_t& out, bool required = true);
  bool integer(std::string_view key, std::optional<std::int64_t>& out);
  bool unsigned_integer(std::string_view key, std::optional<std::uint64_t>& out);
  /// Any finite number, integer or not.
  bool number(std::string_view key, std::optional<double>& out);
  bool strings(std::string_view key, std::vector<std::string>& out, bool required = false);
  /// The field's value, when present (null when absent); for nested objects.
  const boost::json::value* value(std::string_view key, bool required = false);

  bool has(std::string_view key) const { return m_object.contains(key); }
  /// Records a semantic error about KEY: "field 'KEY' in WHERE WHAT"; returns false.
  bool fail_field(std::string_view key, std::string_view what);
  /// Records an error about the whole object: "WHERE WHAT"; returns false.
  bool fail(std::string_view what);
  bool ok() const { return !m_error; }
  const std::optional<std::string>& error() const { return m_error; }
  const std::string& where() const { return m_where; }

 private:
  /// The field, or null when absent (then an error when REQUIRED).
  const boost::json::value* find(std::string_view key, bool required);
  bool wrong_kind(std::string_view key, std::string_view expected, const boost::json::value& got);

  const boost::json::object& m_object;
  std::string m_where;
  std::optional<std::string> m_error;
};

}  // namespace sandmux::broker
