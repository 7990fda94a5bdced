// FieldReader: typed, strict access to JSON object fields with one-line errors.
#include "broker/json_fields.h"

#include <cmath>
#include <utility>

#include "broker/session_name.h"
#include "config/did_you_mean.h"

namespace sandmux::broker {
namespace {

std::string field(std::string_view key) { return "field " + quote_for_message(key, 40); }

}  // namespace

std::string_view json_kind_name(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

FieldReader::FieldReader(const boost::json::object& object, std::string where,
                         std::span<const std::string_view> known)
    : m_object(object), m_where(std::move(where)) {
  for (const auto& entry : object) {
    const std::string_view key = entry.key();
    bool is_known = false;
    for (std::string_view k : known) is_known = is_known || k == key;
    if (is_known) continue;
    m_error = "unknown " + field(key) + " in " + m_where + config::did_you_mean(key, known);
    return;
  }
}

const boost::json::value* FieldReader::find(std::string_view key, bool required) {
  if (m_error) return nullptr;
  const boost::json::value* found = m_object.if_contains(key);
  if (!found && required) m_error = "missing " + field(key) + " in " + m_where;
  return found;
}

bool FieldReader::wrong_kind(std::string_view key, std::string_view expected,
                             const boost::json::value& got) {
  return fail_field(
      key, "must be " + std::string(expected) + ", not " + std::string(json_kind_name(got)));
}

bool FieldReader::fail_field(std::string_view key, std::string_view what) {
  if (!m_error) m_error = field(key) + " in " + m_where + " " + std::string(what);
  return false;
}

bool FieldReader::fail(std::string_view what) {
  if (!m_error) m_error = m_where + " " + std::string(what);
  return false;
}

bool FieldReader::string(std::string_view key, std::string& out, bool required) {
  const boost::json::value* v = find(key, required);
  if (!v) return ok();
  if (!v->is_string()) return wrong_kind(key, "a string", *v);
  out = v->get_string();
  return true;
}

bool FieldReader::string(std::string_view key, std::optional<std::string>& out) {
  std::string text;
  if (!has(key)) return ok();
  if (!string(key, text)) return false;
  out = std::move(text);
  return true;
}

bool FieldReader::boolean(std::string_view key, bool& out, bool required) {
  const boost::json::value* v = find(key, required);
  if (!v) return ok();
  if (!v->is_bool()) return wrong_kind(key, "a boolean", *v);
  out = v->get_bool();
  return true;
}

bool FieldReader::integer(std::string_view key, std::int64_t& out, bool required) {
  const boost::json::value* v = find(key, required);
  if (!v) return ok();
  if (v->is_int64()) {
    out = v->get_int64();
    return true;
  }
  if (v->is_uint64()) return fail_field(key, "is out of range");
  return wrong_kind(key, "an integer", *v);
}

bool FieldReader::integer(std::string_view key, std::optional<std::int64_t>& out) {
  std::int64_t n = 0;
  if (!has(key)) return ok();
  if (!integer(key, n)) return false;
  out = n;
  return true;
}

bool FieldReader::unsigned_integer(std::string_view key, std::optional<std::uint64_t>& out) {
  const boost::json::value* v = find(key, false);
  if (!v) return ok();
  if (v->is_uint64()) {
    out = v->get_uint64();
  } else if (v->is_int64() && v->get_int64() >= 0) {
    out = static_cast<std::uint64_t>(v->get_int64());
  } else if (v->is_int64()) {
    return fail_field(key, "must not be negative");
  } else {
    return wrong_kind(key, "an integer", *v);
  }
  return true;
}

bool FieldReader::number(std::string_view key, std::optional<double>& out) {
  const boost::json::value* v = find(key, false);
  if (!v) return ok();
  if (v->is_int64()) {
    out = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    out = static_cast<double>(v->get_uint64());
  } else if (v->is_double() && std::isfinite(v->get_double())) {
    out = v->get_double();
  } else {
    return wrong_kind(key, "a number", *v);
  }
  return true;
}

bool FieldReader::strings(std::string_view key, std::vector<std::string>& out, bool required) {
  const boost::json::value* v = find(key, required);
  if (!v) return ok();
  if (!v->is_array()) return wrong_kind(key, "an array of strings", *v);
  std::vector<std::string> items;
  for (const boost::json::value& item : v->get_array()) {
    if (!item.is_string()) {
      return fail_field(key, "must be an array of strings, not of " +
                                 std::string(json_kind_name(item)) + " (item " +
                                 std::to_string(items.size() + 1) + ")");
    }
    items.emplace_back(item.get_string());
  }
  out = std::move(items);
  return true;
}

const boost::json::value* FieldReader::value(std::string_view key, bool required) {
  return find(key, required);
}

}  // namespace sandmux::broker
