#include "sandbox/path_check.h"

#include <deque>

#include "sandbox/errors.h"

namespace sandmux::sandbox {
namespace {

constexpr int kMaxSymlinks = 40;

std::deque<std::string> split_components(std::string_view path) {
  std::deque<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

}  // namespace

std::string normalize_path(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    throw SandboxError("path '" + std::string(path) + "' is not absolute");
  }
  std::string result = "/";
  for (const std::string& part : split_components(path)) {
    if (part == ".") continue;
    if (part == "..") {
      result = parent_path(result);
      continue;
    }
    result = join(result, part);
  }
  return result;
}

bool path_within(std::string_view path, std::string_view root) {
  if (root == "/") return true;
  if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

std::string parent_path(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

Resolution resolve_path(std::string_view path, const HostFs& fs) {
  Resolution result;
  if (path.empty() || path.front() != '/') normalize_path(path);  // throws: not absolute
  std::deque<std::string> todo = split_components(path);  // ".." is resolved physically
  std::string current = "/";
  int followed = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      current = parent_path(current);
      continue;
    }
    const std::string candidate = join(current, part);
    const FileStat st = fs.lstat(candidate);
    if (st.kind == FileKind::symlink) {
      if (++followed > kMaxSymlinks) {
        throw SandboxError("path '" + std::string(path) + "': too many levels of symbolic links");
      }
      result.symlinks.push_back(candidate);
      const std::string target = fs.read_link(candidate);
      std::deque<std::string> more = split_components(target);
      todo.insert(todo.begin(), more.begin(), more.end());
      if (!target.empty() && target.front() == '/') current = "/";
      continue;
    }
    current = candidate;
    if (st.kind == FileKind::missing || (st.kind != FileKind::directory && !todo.empty())) {
      for (const std::string& rest : todo) current = join(current, rest);
      result.canonical = normalize_path(current);
      return result;
    }
  }
  result.canonical = current;
  result.exists = true;
  return result;
}

std::optional<std::string> symlink_in_writable(const Resolution& resolution,
                                               const std::vector<std::string>& writable) {
  for (const std::string& link : resolution.symlinks) {
    const std::string location = parent_path(link);
    for (const std::string& root : writable) {
      if (path_within(location, root)) return link;
    }
  }
  return std::nullopt;
}

}  // namespace sandmux::sandbox
