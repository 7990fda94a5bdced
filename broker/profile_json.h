#pragma once
// A resolved profile as JSON (`sandmux profile show NAME --json`).
#include <boost/json/value.hpp>

#include "config/profile.h"

namespace sandmux::broker {

/// {name, description, extends: [...], filesystem: {ro, rw, tmpfs, create: [{path, optional}]},
///  env: {pass: [...], set: {...}}, network: {mode}, seccomp: {deny: [...]},
///  tmux: {expose_host_socket}, git: {writable_metadata}}
boost::json::value profile_to_json(const config::Profile& profile);

}  // namespace sandmux::broker
