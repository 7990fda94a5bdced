#pragma once
// An in-memory HostFs for pure tests: paths are added with their parents as directories.
#include <map>
#include <string>

#include "sandbox/host_fs.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox::testing {

class FakeHostFs : public HostFs {
 public:
  FakeHostFs() { m_entries["/"] = {FileKind::directory, 0755, 0, ""}; }

  FakeHostFs& dir(const std::string& path, unsigned mode = 0755) {
    return add(path, {FileKind::directory, mode, 0, ""});
  }
  FakeHostFs& file(const std::string& path, unsigned mode = 0644) {
    return add(path, {FileKind::regular, mode, 0, ""});
  }
  FakeHostFs& link(const std::string& path, const std::string& target) {
    return add(path, {FileKind::symlink, 0777, 0, target});
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

 private:
  struct Entry {
    FileKind kind;
    unsigned mode;
    unsigned uid;
    std::string target;
  };

  FakeHostFs& add(const std::string& path, Entry entry) {
    for (std::string parent = parent_path(path); parent != "/"; parent = parent_path(parent)) {
      m_entries.emplace(parent, Entry{FileKind::directory, 0755, 0, ""});
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
  fs.dir("/home/u/proj/.git/hooks").file("/home/u/proj/.git/config");
  fs.file("/home/u/proj/build.sh", 0755).file("/home/u/proj/notes.txt", 0644);
  return fs;
}

}  // namespace sandmux::sandbox::testing
