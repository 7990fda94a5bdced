// The one translation unit that includes toml++ (header-only, exceptions off).
#include "config/toml_reader.h"

#include <algorithm>
#include <utility>

#include "config/toml_guard.h"

#define TOML_ENABLE_FORMATTERS 0
// toml++ states some of its parser's preconditions with TOML_ASSERT_ASSUME: an assert()
// in debug builds, an optimiser assumption (__builtin_assume) in clang release builds,
// nothing in gcc release builds. Hostile input does break them (the fuzzer found
// `[ = 1` and `[<NUL>` in table headers), and toml++'s code right after handles the
// broken case as a syntax error. So they are made no-ops in every build: every build
// parses hostile input the same way, the way the gcc release build always did.
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) static_assert(true)
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")

namespace sandmux::config {
namespace {

Location location_of(const toml::source_region& region, const std::string& filename) {
  return Location{filename, static_cast<int>(region.begin.line),
                  static_cast<int>(region.begin.column)};
}

TomlValue convert(const toml::node& node, const std::string& filename, int depth);

void convert_table(const toml::table& table, TomlValue& out, const std::string& filename,
                   int depth) {
  for (auto&& [key, child] : table) {
    Location where = location_of(key.source(), filename);
    if (where.line == 0) where = location_of(child.source(), filename);
    out.entries.push_back(
        TomlEntry{std::string(key.str()), where, convert(child, filename, depth + 1)});
  }
  // toml++ keeps tables sorted by key; messages read better in document order.
  std::stable_sort(out.entries.begin(), out.entries.end(), [](const auto& a, const auto& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

TomlValue convert(const toml::node& node, const std::string& filename, int depth) {
  TomlValue out;
  out.where = location_of(node.source(), filename);
  switch (node.type()) {
    case toml::node_type::string:
      out.type = TomlType::string;
      out.string = node.as_string()->get();
      break;
    case toml::node_type::integer:
      out.type = TomlType::integer;
      out.number = static_cast<double>(node.as_integer()->get());
      break;
    case toml::node_type::floating_point:
      out.type = TomlType::floating_point;
      out.number = node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out.type = TomlType::boolean;
      out.boolean = node.as_boolean()->get();
      break;
    case toml::node_type::array:
      out.type = TomlType::array;
      if (depth < kMaxTomlDepth) {
        for (const toml::node& item : *node.as_array()) {
          out.items.push_back(convert(item, filename, depth + 1));
        }
      }
      break;
    case toml::node_type::table:
      out.type = TomlType::table;
      if (depth < kMaxTomlDepth) convert_table(*node.as_table(), out, filename, depth);
      break;
    default: out.type = TomlType::date_time; break;
  }
  return out;
}

// toml++ writes "Error while parsing X: ...". Our messages are lowercase, one line,
// without a trailing period.
std::string house_style(std::string_view description) {
  std::string message;
  for (char c : description) {
    auto byte = static_cast<unsigned char>(c);
    message += (byte < 0x20 || byte == 0x7f) ? ' ' : c;
  }
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return message.empty() ? "syntax error" : message;
}

}  // namespace

Result<TomlValue> read_toml(std::string_view text, std::string_view filename) {
  std::string name(filename);
  if (std::optional<Diagnostic> control = find_control_character(text, filename)) {
    return Result<TomlValue>::fail(std::move(*control));
  }
  if (std::optional<Diagnostic> unsafe = find_unsafe_non_ascii(text, filename)) {
    return Result<TomlValue>::fail(std::move(*unsafe));
  }
  toml::parse_result parsed = toml::parse(text, name);
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    return Result<TomlValue>::fail(
        Diagnostic{location_of(error.source(), name), house_style(error.description())});
  }
  TomlValue root;
  root.where = Location{name, 0, 0};
  convert_table(parsed.table(), root, name, 0);
  return Result<TomlValue>::ok(std::move(root));
}

}  // namespace sandmux::config
