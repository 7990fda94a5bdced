#pragma once
// Preparing the jail of (profile, project): what `sandmux run` and the broker both do
// before anything runs in it. Loads the profile, turns it into a policy, creates the
// policy's directories and the jail's private socket/state directories (0700,
// owner-checked), and starts the jail's confined tmux server when it is not running.
// Invariant: nothing is started unsandboxed; every failure is a UserError (exit 125) or a
// sandbox::SandboxError, before anything ran.
#include <optional>
#include <string>

#include "broker/profile_loading.h"
#include "sandbox/environment.h"
#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"
#include "sandbox/policy.h"
#include "sandbox/unique_fd.h"

namespace sandmux::broker {

struct PreparedJail {
  ProfileContext context;
  std::string profile;  ///< the resolved profile's name
  std::string project;  ///< canonical project directory, read back from project_fd
  /// The project, opened once: what the sandbox binds. Not valid when this bwrap has
  /// no --bind-fd; the project is then bound by its (checked) path.
  sandbox::UniqueFd project_fd;
  sandbox::Policy policy;
  sandbox::JailSpec spec;  ///< paths, caller environment, home, uid, bwrap
  sandbox::JailStart start = sandbox::JailStart::already_running;
};

/// A fresh seccomp filter fd for POLICY; a failure is a UserError (exit 125): sandmux
/// refuses to run anything without it.
sandbox::UniqueFd make_seccomp(const sandbox::Policy& policy);

/// The jail base directory of CONTEXT's settings (socket_dir_base, else the default).
std::string jail_base(const ProfileContext& context, unsigned uid);

/// Opens PROJECT (see project_dir.h) and refuses it when it is a dangerous place to
/// grant, loads PROFILE (default: the settings') for it, prepares the jail's
/// directories and makes sure its confined tmux server runs. CALLER is the environment
/// the sandbox inherits from (PATH, TERM, ...).
PreparedJail prepare_jail(const std::string& profile, const std::string& project,
                          const sandbox::EnvMap& caller);

}  // namespace sandmux::broker
