#include "broker/policy_from_profile.h"

#include <vector>

namespace sandmux::broker {
namespace {

std::vector<sandbox::Mount> mounts(const std::vector<config::PathGrant>& grants) {
  std::vector<sandbox::Mount> result;
  result.reserve(grants.size());
  for (const config::PathGrant& grant : grants) result.push_back({grant.path, grant.optional});
  return result;
}

}  // namespace

sandbox::Policy policy_from_profile(const config::Profile& profile, const std::string& project) {
  sandbox::Policy policy;
  policy.project = project;
  policy.ro = mounts(profile.ro);
  policy.rw = mounts(profile.rw);
  policy.tmpfs = mounts(profile.tmpfs);
  policy.create = mounts(profile.create);
  policy.env_pass = profile.env_pass;
  policy.env_set = profile.env_set;
  policy.network = profile.network == config::NetworkMode::host ? sandbox::Network::shared
                                                                : sandbox::Network::none;
  policy.seccomp_deny = profile.seccomp_deny;
  policy.expose_host_socket = profile.expose_host_socket;
  policy.git_metadata = profile.git_writable_metadata ? sandbox::GitMetadata::writable
                                                      : sandbox::GitMetadata::read_only;
  return policy;
}

}  // namespace sandmux::broker
