#include "sandbox/launch_plan.h"

#include "sandbox/errors.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {

std::vector<std::string> mount_arguments(const std::vector<PlannedMount>& mounts) {
  std::vector<std::string> args;
  for (const PlannedMount& mount : mounts) {
    switch (mount.kind) {
      case MountKind::symlink:
        args.insert(args.end(), {"--symlink", mount.source, mount.dest});
        break;
      case MountKind::proc:
        args.insert(args.end(), {"--proc", mount.dest});
        break;
      case MountKind::dev:
        args.insert(args.end(), {"--dev", mount.dest});
        break;
      case MountKind::tmpfs:
        args.insert(args.end(), {"--tmpfs", mount.dest});
        break;
      case MountKind::ro_tmpfs:
        args.insert(args.end(), {"--perms", "0555", "--tmpfs", mount.dest, "--remount-ro",
                                 mount.dest});
        break;
      case MountKind::ro_bind:
        if (mount.fd >= 0) {
          args.insert(args.end(), {"--ro-bind-fd", std::to_string(mount.fd), mount.dest});
        } else {
          args.insert(args.end(), {"--ro-bind", mount.source, mount.dest});
        }
        break;
      case MountKind::bind:
        if (mount.fd >= 0) {
          args.insert(args.end(), {"--bind-fd", std::to_string(mount.fd), mount.dest});
        } else {
          args.insert(args.end(), {"--bind", mount.source, mount.dest});
        }
        break;
    }
  }
  return args;
}

LaunchPlan build_launch_plan(const LaunchRequest& request, const HostFs& fs) {
  if (request.seccomp_fd < 0) throw SandboxError("no seccomp filter: refusing to launch");
  if (request.command.empty()) throw SandboxError("no command to run");
  LaunchPlan plan;
  if (!request.host_tmux_dir.empty() && !request.policy.expose_host_socket) {
    throw SandboxError("the host tmux socket is exposed only when the profile asks for it");
  }
  plan.mounts = plan_mounts(MountRequest{request.policy, request.home, request.uid,
                                         request.socket_dir, request.host_tmux_dir,
                                         request.project_fd, request.socket_dir_writable},
                            fs);
  const bool shared_net = request.policy.network == Network::shared;
  // --cap-drop ALL: run as root, bwrap would otherwise keep every capability inside.
  plan.argv = {request.bwrap,      "--unshare-all", "--unshare-user", "--disable-userns",
               "--cap-drop",       "ALL"};
  if (shared_net) plan.argv.push_back("--share-net");
  if (request.die_with_parent) plan.argv.push_back("--die-with-parent");
  if (request.new_session) plan.argv.push_back("--new-session");
  const std::vector<std::string> mounts = mount_arguments(plan.mounts);
  plan.argv.insert(plan.argv.end(), mounts.begin(), mounts.end());
  const std::string chdir =
      request.policy.project.empty() ? "/" : normalize_path(request.policy.project);
  plan.argv.insert(plan.argv.end(),
                   {"--chdir", chdir, "--seccomp", std::to_string(request.seccomp_fd)});
  if (request.info_fd >= 0) {
    plan.argv.insert(plan.argv.end(), {"--info-fd", std::to_string(request.info_fd)});
  }
  if (request.sync_fd >= 0) {
    plan.argv.insert(plan.argv.end(), {"--sync-fd", std::to_string(request.sync_fd)});
  }
  plan.argv.push_back("--");
  // env would take a first word with '=' for an assignment: no trampoline for it.
  const bool trampoline = !request.signal_trampoline.empty() &&
                          request.command.front().find('=') == std::string::npos;
  if (trampoline) {
    plan.argv.insert(plan.argv.end(), {request.signal_trampoline, "--default-signal=INT,QUIT"});
    plan.ignore_interrupts = true;
  }
  plan.argv.insert(plan.argv.end(), request.command.begin(), request.command.end());

  EnvRequest env_request;
  env_request.pass = request.policy.env_pass;
  env_request.set = request.policy.env_set;
  env_request.home = request.home;
  env_request.tmux_socket = !request.socket_dir.empty();
  plan.env = to_environ(build_environment(request.caller_env, env_request));
  plan.keep_fds = {request.seccomp_fd};
  if (request.info_fd >= 0) plan.keep_fds.push_back(request.info_fd);
  for (const PlannedMount& mount : plan.mounts) {
    if (mount.fd >= 0) plan.keep_fds.push_back(mount.fd);
  }
  if (request.sync_fd >= 0) plan.keep_fds.push_back(request.sync_fd);
  plan.scope_ipc = shared_net;
  return plan;
}

}  // namespace sandmux::sandbox
