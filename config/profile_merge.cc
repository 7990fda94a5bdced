// Merging and validating an `extends` chain, value by value.
#include "config/profile_merge.h"

#include "config/path_expander.h"
#include "config/profile_rules.h"

namespace sandmux::config {
namespace {

// True when there is no problem; else records it.
bool accept(std::optional<Diagnostic> problem, std::vector<Diagnostic>& errors) {
  if (!problem) return true;
  errors.push_back(std::move(*problem));
  return false;
}

// True when GRANTS holds PATH or a directory above it (all normalised).
bool granted_by(const std::unordered_set<std::string>& grants, std::string path) {
  while (!path.empty()) {
    if (grants.contains(path)) return true;
    path.resize(path.rfind('/'));
  }
  return grants.contains("/");
}

}  // namespace

ProfileBuilder::ProfileBuilder(ExpandContext context) : m_context(std::move(context)) {}

// The index (keyed "LIST\nITEM": no valid item holds a newline) keeps a profile with
// a hundred thousand entries from taking quadratic time.
void ProfileBuilder::add_path(std::vector<PathGrant>& to, std::string_view list, PathGrant grant) {
  auto [index, added] = m_index.try_emplace(std::string(list) + "\n" + grant.path, to.size());
  if (added) {
    to.push_back(std::move(grant));
  } else {
    PathGrant& first = to[index->second];
    first.optional = first.optional && grant.optional;
  }
}

void ProfileBuilder::add_name(std::vector<std::string>& to, std::string_view list,
                              const std::string& name) {
  if (m_index.try_emplace(std::string(list) + "\n" + name, to.size()).second) to.push_back(name);
}

void ProfileBuilder::apply(const RawProfile& raw) {
  apply_paths(raw.ro, m_profile.ro, "ro");
  apply_paths(raw.rw, m_profile.rw, "rw");
  apply_paths(raw.tmpfs, m_profile.tmpfs, "tmpfs");
  apply_paths(raw.create, m_profile.create, "create");
  apply_env(raw);
  for (const Located& name : raw.seccomp_deny) {
    if (accept(check_syscall_name(name), m_errors)) {
      add_name(m_profile.seccomp_deny, "deny", name.text);
    }
  }
  apply_scalars(raw);
}

void ProfileBuilder::apply_paths(const std::vector<Located>& written, std::vector<PathGrant>& to,
                                 std::string_view list) {
  bool read_write = list == "rw" || list == "create";
  bool may_be_optional = list == "ro" || list == "rw";
  for (const Located& item : written) {
    Result<PathGrant> grant = expand_path(item, m_context);
    if (!grant) {
      m_errors.insert(m_errors.end(), grant.errors.begin(), grant.errors.end());
      continue;
    }
    if (list == "rw") m_rw_expanded.insert(grant.value->path);
    std::optional<Diagnostic> problem;
    if (grant.value->optional && !may_be_optional) {
      problem = Diagnostic{item.where, "path " + quote(item.text) + " in '" + std::string(list) +
                                           "' cannot be optional"};
    } else if (read_write) {
      problem = check_read_write(*grant.value, item, m_context);
    }
    if (accept(std::move(problem), m_errors)) add_path(to, list, std::move(*grant.value));
  }
}

void ProfileBuilder::apply_env(const RawProfile& raw) {
  for (const Located& name : raw.env_pass) {
    if (accept(check_env_name(name), m_errors)) add_name(m_profile.env_pass, "pass", name.text);
  }
  for (const auto& [name, value] : raw.env_set) {
    std::optional<Diagnostic> problem = check_env_name(name);
    if (!problem) problem = check_env_value(name, value);
    if (accept(std::move(problem), m_errors)) m_profile.env_set[name.text] = value.text;
  }
}

void ProfileBuilder::apply_scalars(const RawProfile& raw) {
  if (raw.description && accept(check_description(*raw.description), m_errors)) {
    m_profile.description = raw.description->text;
  }
  if (raw.network_mode && accept(check_network_mode(*raw.network_mode), m_errors)) {
    m_profile.network = *parse_network_mode(raw.network_mode->text);
  }
  if (raw.expose_host_socket) m_profile.expose_host_socket = *raw.expose_host_socket;
  if (raw.git_writable_metadata) m_profile.git_writable_metadata = *raw.git_writable_metadata;
}

// Runs once over the merged lists: a child may create what its parent grants. Walks
// up from each created path, so the cost grows with its depth, not with `rw`.
void ProfileBuilder::check_created_are_granted() {
  for (const PathGrant& created : m_profile.create) {
    if (granted_by(m_rw_expanded, created.path)) continue;
    m_errors.push_back(Diagnostic{
        created.where, "path " + quote(created.path) + " in 'create' is not granted by 'rw'"});
  }
}

Result<Profile> ProfileBuilder::finish(std::string name, std::vector<std::string> chain) {
  check_created_are_granted();
  if (!m_errors.empty()) return Result<Profile>::fail(std::move(m_errors));
  m_profile.name = std::move(name);
  m_profile.chain = std::move(chain);
  return Result<Profile>::ok(std::move(m_profile));
}

}  // namespace sandmux::config
