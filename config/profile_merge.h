#pragma once
// Merging an `extends` chain into one Profile, parent first. Lists are appended
// (a path or name already present is not repeated: the first keeps its place, and it
// stays required if either was required); env.set entries replace the parent's by
// name; scalars the child sets replace the parent's. Every value is expanded and
// validated on the way in, and every problem is collected.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/profile.h"

namespace sandmux::config {

class ProfileBuilder {
 public:
  explicit ProfileBuilder(ExpandContext context);

  /// Merges one profile of the chain into the result; call the root ancestor first.
  void apply(const RawProfile& raw);

  /// The merged profile named NAME with CHAIN (NAME first), or every problem found.
  Result<Profile> finish(std::string name, std::vector<std::string> chain);

 private:
  void apply_paths(const std::vector<Located>& written, std::vector<PathGrant>& to,
                   std::string_view list);
  void apply_env(const RawProfile& raw);
  void apply_scalars(const RawProfile& raw);
  void check_created_are_granted();
  void add_path(std::vector<PathGrant>& to, std::string_view list, PathGrant grant);
  void add_name(std::vector<std::string>& to, std::string_view list, const std::string& name);

  ExpandContext m_context;
  Profile m_profile;
  std::unordered_map<std::string, std::size_t> m_index;  // "LIST\nITEM" -> position in LIST
  std::unordered_set<std::string> m_rw_expanded;  // every rw path that expanded, even refused
  std::vector<Diagnostic> m_errors;
};

}  // namespace sandmux::config
