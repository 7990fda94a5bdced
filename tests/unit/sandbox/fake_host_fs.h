#pragma once
// An in-memory HostFs for pure tests: paths are added with their parents as directories.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/host_fs.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox::testing {

class FakeHostFs : public HostFs {
 public:
  FakeHostFs() { m_entries["/"] = {FileKind::directory, 0755, 0, "", ""}; }

  FakeHostFs& dir(const std::string& path, unsigned mode = 0755) {
    return add(path, {FileKind::directory, mode, 0, "", ""});
  }
  FakeHostFs& file(const std::string& path, unsigned mode = 0644) {
    return add(path, {FileKind::regular, mode, 0, "", ""});
  }
  FakeHostFs& file(const std::string& path, const std::string& text) {
    return add(path, {FileKind::regular, 0644, 0, "", text});
  }
  /// A git repository's directory: HEAD, objects/, refs/, hooks/, config (CONFIG).
  FakeHostFs& git_dir(const std::string& path, const std::string& config = "[core]\n") {
    file(path + "/HEAD", "ref: refs/heads/main\n").dir(path + "/objects").dir(path + "/refs");
    return dir(path + "/hooks").file(path + "/config", config);
  }
  FakeHostFs& link(const std::string& path, const std::string& target) {
    return add(path, {FileKind::symlink, 0777, 0, target, ""});
  }

  FileStat lstat(const std::string& path) const override {
    auto it = m_entries.find(path);
    if (it == m_entries.end()) return {};
    return {it->second.kind, it->second.mode, it->second.uid};
  }
  std::string read_link(const std::string& path) const override {
    auto it = m_entries.find(path);
    return it == m_entries.end() ? std::string() : it->second.target;
  }
  std::vector<DirEntry> list_dir(const std::string& path) const override {
    std::vector<DirEntry> entries;
    const std::string prefix = path == "/" ? "/" : path + "/";
    for (auto it = m_entries.upper_bound(prefix); it != m_entries.end(); ++it) {
      if (!it->first.starts_with(prefix)) break;
      const std::string name = it->first.substr(prefix.size());
      if (name.find('/') == std::string::npos) entries.push_back({name, it->second.kind});
    }
    return entries;
  }
  std::optional<std::string> read_file(const std::string& path,
                                       std::size_t limit) const override {
    auto it = m_entries.find(path);
    if (it == m_entries.end() || it->second.kind != FileKind::regular) return std::nullopt;
    if (it->second.text.size() > limit) return std::nullopt;
    return it->second.text;
  }

 private:
  struct Entry {
    FileKind kind;
    unsigned mode;
    unsigned uid;
    std::string target;
    std::string text;  // a regular file's bytes
  };

  FakeHostFs& add(const std::string& path, Entry entry) {
    for (std::string parent = parent_path(path); parent != "/"; parent = parent_path(parent)) {
      m_entries.emplace(parent, Entry{FileKind::directory, 0755, 0, "", ""});
    }
    m_entries[path] = std::move(entry);
    return *this;
  }

  std::map<std::string, Entry> m_entries;
};

/// A Debian 12 style merged-usr host with a user u and a git project.
inline FakeHostFs debian_host() {
  FakeHostFs fs;
  fs.dir("/usr/bin").dir("/usr/lib").dir("/usr/lib64").dir("/usr/sbin").dir("/etc");
  fs.link("/bin", "usr/bin").link("/sbin", "usr/sbin").link("/lib", "usr/lib");
  fs.link("/lib64", "usr/lib64");
  fs.file("/usr/bin/sh", 0755).file("/usr/bin/env", 0755).file("/usr/bin/tmux", 0755);
  fs.git_dir("/home/u/proj/.git");
  fs.file("/home/u/proj/build.sh", 0755).file("/home/u/proj/notes.txt", 0644);
  return fs;
}

}  // namespace sandmux::sandbox::testing
