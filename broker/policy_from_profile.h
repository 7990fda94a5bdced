#pragma once
// config::Profile -> sandbox::Policy: the one place where the two vocabularies meet
// (config/ and sandbox/ never include each other).
#include <string>

#include "config/profile.h"
#include "sandbox/policy.h"

namespace sandmux::broker {

/// The policy for running PROFILE with PROJECT (canonical) as working directory.
sandbox::Policy policy_from_profile(const config::Profile& profile, const std::string& project);

}  // namespace sandmux::broker
