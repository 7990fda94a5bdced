#include "sandbox/git_guard.h"

#include <array>
#include <deque>
#include <optional>
#include <set>
#include <string_view>

#include "sandbox/errors.h"
#include "sandbox/git_config.h"
#include "sandbox/git_index.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {
namespace {

constexpr std::size_t kMaxMetadataFile = 1 << 20;  // a config or `.git` file
constexpr int kMaxIncludeDepth = 10;                // git's own limit
constexpr std::size_t kMaxIndex = 64 << 20;         // an index file

// Names in a git directory that git reads as configuration or as a path. The
// directories among them get a placeholder when missing.
constexpr std::array<std::string_view, 10> kMetadataNames = {
    "config",  "config.worktree", "commondir", "gitdir",  "hooks",
    "info",    "modules",         "worktrees", "remotes", "branches"};
constexpr std::array<std::string_view, 4> kMetadataDirs = {"hooks", "info", "modules",
                                                           "worktrees"};

// Keys whose value is (or starts with) a program git runs. Patterns: "*" is one
// subsection of any text.
constexpr std::array<std::string_view, 22> kProgramKeys = {
    "core.fsmonitor",     "core.sshcommand",     "core.editor",       "core.pager",
    "core.askpass",       "core.gitproxy",       "core.alternaterefscommand",
    "sequence.editor",    "diff.external",       "gpg.program",       "gpg.*.program",
    "credential.helper",  "credential.*.helper", "filter.*.clean",    "filter.*.smudge",
    "filter.*.process",   "diff.*.textconv",     "diff.*.command",    "merge.*.driver",
    "alias.*",            "pager.*",             "uploadpack.packobjectshook"};

bool key_matches(std::string_view pattern, std::string_view key) {
  const std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == key;
  const std::string_view head = pattern.substr(0, star);
  const std::string_view tail = pattern.substr(star + 1);
  return key.size() > head.size() + tail.size() && key.starts_with(head) &&
         key.ends_with(tail);
}

bool is_program_key(std::string_view key) {
  for (std::string_view pattern : kProgramKeys) {
    if (key_matches(pattern, key)) return true;
  }
  return false;
}

bool is_include_key(std::string_view key) {
  return key == "include.path" || key_matches("includeif.*.path", key);
}

bool is_boolean(std::string value) {
  for (char& c : value) c = static_cast<char>(c | 0x20);
  return value == "true" || value == "false" || value == "yes" || value == "no" ||
         value == "on" || value == "off" || value == "1" || value == "0" || value.empty();
}

// The first shell word of a command ("!" of an alias dropped); a bare name is looked up
// in PATH by git, so only a word with a '/' names a file.
std::optional<std::string> program_path(std::string_view value) {
  if (value.starts_with('!')) value.remove_prefix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  std::string word;
  char quote = 0;
  for (char c : value) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ' ' || c == '\t' || c == ';' || c == '|' || c == '&') {
      break;
    } else {
      word += c;
    }
  }
  if (word.find('/') == std::string::npos) return std::nullopt;
  return word;
}

std::string dirname(std::string_view path) { return parent_path(path); }

class Guard {
 public:
  Guard(const GitGuardRequest& request, const HostFs& fs) : m_request(request), m_fs(fs) {}

  std::vector<PlannedMount> run() {
    if (!m_request.project.empty() && writable(m_request.project)) walk(m_request.project);
    for (const GitGuardGrant& grant : m_request.grants) {
      if (grant.writable && grant.source != m_request.project) check_marker(grant.source, false);
    }
    // The user's global config may name files in a grant too (includeIf "gitdir:...").
    if (!m_request.home.empty() && !m_request.project.empty()) {
      for (const char* global : {"/.gitconfig", "/.config/git/config"}) {
        read_config(normalize_path(m_request.home + global), m_request.project, 0);
      }
    }
    return std::move(m_mounts);
  }

 private:
  // The grant a host path is seen through: the one with the longest source prefix.
  const GitGuardGrant* grant_of(const std::string& path) const {
    const GitGuardGrant* best = nullptr;
    for (const GitGuardGrant& grant : m_request.grants) {
      if (path_within(path, grant.source) &&
          (best == nullptr || grant.source.size() > best->source.size())) {
        best = &grant;
      }
    }
    return best;
  }
  // Writable through its grant, and not under what this guard made read-only.
  bool writable(const std::string& path) const {
    const GitGuardGrant* grant = grant_of(path);
    if (grant == nullptr || !grant->writable) return false;
    for (const std::string& readonly : m_readonly) {
      if (path_within(path, readonly)) return false;
    }
    return true;
  }
  std::string inside(const std::string& path) const {
    const GitGuardGrant* grant = grant_of(path);
    if (grant->source == "/") return grant->dest == "/" ? path : grant->dest + path;
    return grant->dest + path.substr(grant->source.size());
  }

  // Every mount, whatever found it, neither lands on nor comes from a planted symlink.
  void add(MountKind kind, const std::string& path) {
    if (!m_seen.insert(path).second) return;
    safe(path, "git metadata");
    if (kind != MountKind::bind) m_readonly.push_back(path);
    const std::string source = kind == MountKind::ro_tmpfs ? "" : path;
    m_mounts.push_back({kind, source, inside(path)});
  }

  // PATH (lexically normal) with no symlink on the way inside a writable grant: what
  // it resolves to, or a refusal.
  Resolution safe(const std::string& path, std::string_view why) {
    std::vector<std::string> writable_sources;
    for (const GitGuardGrant& grant : m_request.grants) {
      if (grant.writable) writable_sources.push_back(grant.source);
    }
    Resolution resolution = resolve_path(path, m_fs);
    if (auto link = symlink_in_writable(resolution, writable_sources)) {
      throw SandboxError("refusing '" + path + "' (" + std::string(why) +
                         "): it passes through the symlink '" + *link +
                         "', which lies in a read-write grant (sandboxed code could have "
                         "planted it)");
    }
    return resolution;
  }

  // Breadth first over ROOT's directories; every `.git` found is handled.
  void walk(const std::string& root) {
    check_marker(root, true);
    std::deque<std::string> queue = {root};
    std::size_t visited = 0;
    while (!queue.empty()) {
      const std::string dir = std::move(queue.front());
      queue.pop_front();
      if (++visited > m_request.max_dirs) {
        throw SandboxError("refusing project '" + root + "': it has more than " +
                           std::to_string(m_request.max_dirs) +
                           " directories, too many to check every nested git repository "
                           "in it; grant a smaller directory");
      }
      for (const DirEntry& entry : m_fs.list_dir(dir)) {
        const std::string path = dir == "/" ? "/" + entry.name : dir + "/" + entry.name;
        if (entry.name == ".git") {
          if (dir != root) check_marker(dir, false);
        } else if (entry.kind == FileKind::directory && writable(path)) {
          queue.push_back(path);
        }
      }
    }
  }

  // The `.git` of worktree directory TOP, if any; PLACEHOLDER: make one when missing.
  void check_marker(const std::string& top, bool placeholder) {
    const std::string marker = top == "/" ? "/.git" : top + "/.git";
    if (!writable(marker)) return;
    const FileStat st = m_fs.lstat(marker);
    switch (st.kind) {
      case FileKind::missing:
        if (placeholder) add(MountKind::ro_tmpfs, marker);
        return;
      case FileKind::directory:
        refuse_metadata_symlinks(marker);
        if (is_git_dir(marker)) {
          protect_git_dir(marker, top);
        } else {
          add(MountKind::ro_bind, marker);  // not a repository: it must not become one
        }
        return;
      case FileKind::regular:
        add(MountKind::ro_bind, marker);
        follow_git_file(marker, top);
        return;
      case FileKind::symlink:
      case FileKind::other:
        throw SandboxError("refusing '" + marker +
                           "': a .git that is no directory or regular file, in a read-write "
                           "grant (sandboxed code could have planted it)");
    }
  }

  void refuse_metadata_symlinks(const std::string& dir) {
    for (std::string_view name : kMetadataNames) {
      const std::string path = dir + "/" + std::string(name);
      if (m_fs.lstat(path).kind == FileKind::symlink) safe(path, "git metadata");  // throws
    }
  }

  bool is_git_dir(const std::string& dir) const {
    return m_fs.lstat(dir + "/HEAD").kind == FileKind::regular &&
           m_fs.lstat(dir + "/objects").kind == FileKind::directory;
  }

  // "gitdir: PATH", relative to the file's directory.
  void follow_git_file(const std::string& file, const std::string& top) {
    const std::optional<std::string> text = m_fs.read_file(file, kMaxMetadataFile);
    if (!text || !text->starts_with("gitdir: ")) return;  // host git refuses it too
    std::string target = text->substr(8);
    while (!target.empty() && (target.back() == '\n' || target.back() == '\r')) target.pop_back();
    if (target.empty()) return;
    if (target.front() != '/') target = dirname(file) + "/" + target;
    const Resolution resolution = safe(normalize_path(target), "named by " + file);
    if (!resolution.exists) {
      if (!writable(resolution.canonical)) return;
      throw SandboxError("refusing '" + file + "': it names the git directory '" +
                         resolution.canonical +
                         "', which is missing in a read-write grant (sandboxed code could "
                         "create it)");
    }
    if (m_fs.lstat(resolution.canonical).kind != FileKind::directory) return;  // git refuses
    protect_git_dir(resolution.canonical, top);
  }

  // DIR is a git directory; TOP the worktree it is the git directory of, or empty when
  // it is only a common directory (whose index belongs to another worktree).
  void protect_git_dir(const std::string& dir, const std::string& top) {
    if (!m_protected.insert(dir).second) return;
    protect_unpopulated_submodules(dir, top);
    // When not writable: nothing to mount, but what its config names may be writable.
    if (writable(dir)) {
      refuse_metadata_symlinks(dir);
      if (m_request.metadata == GitMetadata::read_only) {
        add(MountKind::ro_bind, dir);
      } else {
        add(MountKind::bind, dir);  // a mount point: it cannot be renamed or replaced
        for (std::string_view name : kMetadataNames) protect_metadata(dir, name);
      }
    }
    follow_commondir(dir);
    const std::string base = top.empty() ? parent_path(dir) : top;
    for (const char* config : {"/config", "/config.worktree"}) {
      read_config(dir + config, base, 0);
    }
  }

  void protect_metadata(const std::string& dir, std::string_view name) {
    const std::string path = dir + "/" + std::string(name);
    if (m_fs.lstat(path).kind != FileKind::missing) {
      add(MountKind::ro_bind, path);
      return;
    }
    for (std::string_view missing_dir : kMetadataDirs) {
      if (name == missing_dir) add(MountKind::ro_tmpfs, path);
    }
  }

  // Host git status enters every submodule (gitlink in the index) whose directory has
  // a `.git`: an unpopulated one is made read-only, so the sandbox cannot plant one.
  void protect_unpopulated_submodules(const std::string& dir, const std::string& top) {
    if (top.empty()) return;
    const std::string index = dir + "/index";
    if (m_fs.lstat(index).kind == FileKind::missing) return;
    const std::optional<std::string> bytes = m_fs.read_file(index, kMaxIndex);
    if (!bytes) {
      throw SandboxError("refusing '" + index +
                         "': unreadable or too large to check for submodules a sandbox "
                         "could populate");
    }
    for (const std::string& path : index_gitlinks(*bytes, hash_size(dir))) {
      const std::string checkout = normalize_path(top + "/" + path);
      if (!writable(checkout)) continue;
      if (safe(checkout + "/.git", "submodule of " + top).exists) continue;  // the walk's
      // Not on `.git` itself: host git dies on an empty `.git` in a submodule directory.
      // The (empty) directory read-only, or an empty one where it is missing.
      const bool missing = m_fs.lstat(checkout).kind == FileKind::missing;
      add(missing ? MountKind::ro_tmpfs : MountKind::ro_bind, checkout);
    }
  }

  std::size_t hash_size(const std::string& dir) const {
    const std::optional<std::string> text = m_fs.read_file(dir + "/config", kMaxMetadataFile);
    if (!text) return kSha1Size;
    for (const GitConfigEntry& entry : parse_git_config(*text)) {
      if (entry.key == "extensions.objectformat" && entry.value == "sha256") return kSha256Size;
    }
    return kSha1Size;
  }

  // A linked worktree's or submodule's `commondir` names the shared git directory.
  void follow_commondir(const std::string& dir) {
    const std::optional<std::string> text = m_fs.read_file(dir + "/commondir", kMaxMetadataFile);
    if (!text) return;
    std::string target = *text;
    while (!target.empty() && (target.back() == '\n' || target.back() == '\r')) target.pop_back();
    if (target.empty()) return;
    if (target.front() != '/') target = dir + "/" + target;
    const Resolution resolution = safe(normalize_path(target), "commondir of " + dir);
    if (!resolution.exists) return;
    protect_git_dir(resolution.canonical, "");
  }

  // Every file or program CONFIG names that lies in a writable grant becomes read-only.
  void read_config(const std::string& config, const std::string& top, int depth) {
    if (depth > kMaxIncludeDepth) return;
    const std::optional<std::string> text = m_fs.read_file(config, kMaxMetadataFile);
    if (!text) return;
    for (const GitConfigEntry& entry : parse_git_config(*text)) {
      if (is_include_key(entry.key)) {
        const std::string path = expand(entry.value, dirname(config));
        if (protect_named(path, entry.key, false)) read_config(path, top, depth + 1);
      } else if (entry.key == "core.hookspath") {
        protect_named(expand(entry.value, top), entry.key, true);
      } else if (is_program_key(entry.key) && !is_boolean(entry.value)) {
        if (auto program = program_path(entry.value)) {
          protect_named(expand(*program, top), entry.key, false);
        }
      }
    }
  }

  std::string expand(const std::string& value, const std::string& base) const {
    if (value.starts_with("~/")) return normalize_path(m_request.home + value.substr(1));
    if (value.starts_with('/')) return normalize_path(value);
    return normalize_path(base + "/" + value);
  }

  // Makes PATH read-only when it lies in a writable grant; true when it exists.
  bool protect_named(const std::string& path, const std::string& key, bool directory) {
    const Resolution resolution = safe(path, "named by git config " + key);
    if (!writable(resolution.canonical)) return resolution.exists;
    if (resolution.exists) {
      add(MountKind::ro_bind, resolution.canonical);
      return true;
    }
    if (directory && writable(parent_path(resolution.canonical))) {
      add(MountKind::ro_tmpfs, resolution.canonical);
      return false;
    }
    throw SandboxError("refusing: git config " + key + " names '" + path +
                       "', which is missing in a read-write grant (sandboxed code could "
                       "create it)");
  }

  const GitGuardRequest& m_request;
  const HostFs& m_fs;
  std::vector<PlannedMount> m_mounts;
  std::set<std::string> m_seen;       // host paths already mounted
  std::set<std::string> m_protected;  // git directories already handled
  std::vector<std::string> m_readonly;  // host paths mounted read-only so far
};

}  // namespace

std::vector<PlannedMount> plan_git_guard(const GitGuardRequest& request, const HostFs& fs) {
  return Guard(request, fs).run();
}

}  // namespace sandmux::sandbox
