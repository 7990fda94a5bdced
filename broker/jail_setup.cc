#include "broker/jail_setup.h"

#include <unistd.h>

#include "broker/command.h"
#include "broker/doctor_checks.h"
#include "broker/exit_codes.h"
#include "broker/policy_from_profile.h"
#include "broker/project_dir.h"
#include "broker/subprocess.h"
#include "sandbox/launcher.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/socket_dir.h"

namespace sandmux::broker {
namespace {

using sandbox::env_value;

// bwrap binds the project by descriptor when it can (see project_dir.h); an older one
// binds it by the path that was checked (doctor warns about that race).
bool bwrap_binds_fds_here(const std::string& bwrap) {
  const std::optional<ProgramOutput> help = run_and_capture(bwrap, {"--help"});
  return help && help->exit_code == 0 && bwrap_binds_fds(help->output);
}

}  // namespace

sandbox::UniqueFd make_seccomp(const sandbox::Policy& policy) {
  try {
    return sandbox::export_seccomp_filter(policy.seccomp_deny);
  } catch (const std::exception& e) {
    throw UserError(kExitFailure, std::string("seccomp: ") + e.what() +
                                      "; refusing to run without it");
  }
}

std::string jail_base(const ProfileContext& context, unsigned uid) {
  return context.settings.socket_dir_base.empty()
             ? sandbox::default_socket_dir_base(context.paths.runtime_dir, uid)
             : context.settings.socket_dir_base;
}

PreparedJail prepare_jail(const std::string& profile, const std::string& given,
                          const sandbox::EnvMap& caller) {
  ProjectDir opened = open_project_dir(given);
  const std::string project = opened.path;
  PreparedJail jail{make_profile_context(project), {}, project, {}, {}, {}, {}};
  refuse_dangerous_project(opened, jail.context, {});
  const config::Profile loaded = load_profile(jail.context, profile);
  refuse_dangerous_project(opened, jail.context, loaded.ro);
  jail.project_fd = std::move(opened.fd);
  jail.profile = loaded.name;
  jail.policy = policy_from_profile(loaded, project);
  const unsigned uid = ::getuid();
  for (const sandbox::Mount& dir : jail.policy.create) sandbox::create_directories(dir.path);
  const sandbox::JailPaths paths =
      sandbox::make_jail_paths(jail_base(jail.context, uid), loaded.name, project);
  sandbox::prepare_jail_dirs(paths, uid);
  const std::string bwrap = sandbox::find_bwrap(env_value(caller, "PATH"));
  if (!bwrap_binds_fds_here(bwrap)) jail.project_fd.reset();
  jail.spec = sandbox::JailSpec{jail.policy, paths, caller, jail.context.paths.home, uid, bwrap};
  const sandbox::Policy& policy = jail.policy;
  jail.start = sandbox::ensure_jail_server(
      jail.spec, [&policy] { return make_seccomp(policy); }, jail.project_fd.get());
  return jail;
}

}  // namespace sandmux::broker
