#include "broker/profile_json.h"

#include <boost/json.hpp>

namespace sandmux::broker {
namespace {

boost::json::array grants_to_json(const std::vector<config::PathGrant>& grants) {
  boost::json::array out;
  for (const config::PathGrant& grant : grants) {
    out.push_back(boost::json::object{{"path", grant.path}, {"optional", grant.optional}});
  }
  return out;
}

boost::json::array strings_to_json(const std::vector<std::string>& strings) {
  boost::json::array out;
  for (const std::string& s : strings) out.push_back(boost::json::string(s));
  return out;
}

}  // namespace

boost::json::value profile_to_json(const config::Profile& profile) {
  boost::json::object env_set;
  for (const auto& [name, value] : profile.env_set) env_set[name] = value;
  const std::vector<std::string> parents(profile.chain.empty() ? profile.chain.begin()
                                                               : profile.chain.begin() + 1,
                                         profile.chain.end());
  return boost::json::object{
      {"name", profile.name},
      {"description", profile.description},
      {"extends", strings_to_json(parents)},
      {"filesystem", boost::json::object{{"ro", grants_to_json(profile.ro)},
                                         {"rw", grants_to_json(profile.rw)},
                                         {"tmpfs", grants_to_json(profile.tmpfs)},
                                         {"create", grants_to_json(profile.create)}}},
      {"env", boost::json::object{{"pass", strings_to_json(profile.env_pass)}, {"set", env_set}}},
      {"network", boost::json::object{{"mode", config::to_string(profile.network)}}},
      {"seccomp", boost::json::object{{"deny", strings_to_json(profile.seccomp_deny)}}},
      {"tmux", boost::json::object{{"expose_host_socket", profile.expose_host_socket}}},
      {"git", boost::json::object{{"writable_metadata", profile.git_writable_metadata}}},
  };
}

}  // namespace sandmux::broker
