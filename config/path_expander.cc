// Variable expansion and normalisation of profile paths.
#include "config/path_expander.h"

#include <array>
#include <vector>

#include "config/did_you_mean.h"

namespace sandmux::config {
namespace {

constexpr std::array<std::string_view, 4> kVariables = {"project", "home", "uid", "runtime_dir"};

Result<std::string> fail(const Located& written, std::string message) {
  return Result<std::string>::fail(Diagnostic{written.where, std::move(message)});
}

// The value of "{name}", or a message saying why there is none.
Result<std::string> variable_value(std::string_view variable, const Located& written,
                                   const ExpandContext& context) {
  if (variable == "{home}") {
    if (context.home.empty()) return fail(written, "{home} is used but HOME is not set");
    return Result<std::string>::ok(context.home);
  }
  if (variable == "{project}") {
    if (context.project.empty()) {
      return fail(written, "{project} is used but no project directory is set");
    }
    return Result<std::string>::ok(context.project);
  }
  if (variable == "{uid}") return Result<std::string>::ok(std::to_string(context.uid));
  if (variable == "{runtime_dir}") {
    if (context.runtime_dir.empty()) {
      return fail(written, "{runtime_dir} is used but XDG_RUNTIME_DIR is not set");
    }
    return Result<std::string>::ok(context.runtime_dir);
  }
  // Compare the names without braces, which would make every name look alike.
  std::string hint;
  if (auto match = closest_match(variable.substr(1, variable.size() - 2), kVariables)) {
    hint = " (did you mean '{" + *match + "}'?)";
  }
  return fail(written, "unknown variable " + quote(variable) + hint + " in " + quote(written.text));
}

std::string with_expansion(const Located& written, std::string_view path) {
  std::string text = "path " + quote(written.text);
  std::string_view bare = written.text;
  if (bare.ends_with('?')) bare.remove_suffix(1);
  if (bare != path) text += " (expands to " + quote(path) + ")";
  return text;
}

}  // namespace

Result<std::string> expand_variables(const Located& written, const ExpandContext& context) {
  std::string_view text = written.text;
  std::string out;
  if (text == "~" || text.starts_with("~/")) {
    if (context.home.empty()) return fail(written, "'~' is used but HOME is not set");
    out = context.home;
    text.remove_prefix(1);
  }
  while (!text.empty()) {
    std::size_t open = text.find('{');
    out.append(text.substr(0, open));
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return fail(written, "unclosed '{' in " + quote(written.text));
    }
    Result<std::string> value =
        variable_value(text.substr(open, close - open + 1), written, context);
    if (!value) return value;
    out += *value.value;
    text.remove_prefix(close + 1);
  }
  return Result<std::string>::ok(std::move(out));
}

Result<std::string> normalize_path(std::string_view path, const Located& written) {
  if (path.empty()) return fail(written, "empty path");
  if (has_control_character(path)) {
    return fail(written, with_expansion(written, path) + " contains a control character");
  }
  if (path.front() == '-') {
    return fail(written,
                with_expansion(written, path) + " starts with '-' and would be read as an option");
  }
  if (path.front() != '/') return fail(written, with_expansion(written, path) + " is not absolute");
  std::string out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      return fail(written, with_expansion(written, path) + " contains a '..' component");
    }
    if (!part.empty() && part != ".") out.append("/").append(part);
    start = end + 1;
  }
  if (out.empty()) out.push_back('/');  // the root itself
  return Result<std::string>::ok(std::move(out));
}

Result<PathGrant> expand_path(const Located& written, const ExpandContext& context) {
  Located bare = written;
  bool optional = bare.text.ends_with('?');
  if (optional) bare.text.pop_back();
  Result<std::string> expanded = expand_variables(bare, context);
  if (expanded) expanded = normalize_path(*expanded.value, written);
  if (!expanded) return Result<PathGrant>::fail(std::move(expanded.errors));
  return Result<PathGrant>::ok(PathGrant{std::move(*expanded.value), optional, written.where});
}

bool is_same_or_ancestor(std::string_view ancestor, std::string_view path) {
  if (ancestor == "/") return true;
  if (!path.starts_with(ancestor)) return false;
  return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

bool has_control_character(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

}  // namespace sandmux::config
