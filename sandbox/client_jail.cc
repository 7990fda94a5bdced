#include "sandbox/client_jail.h"

#include "sandbox/jail_paths.h"

namespace sandmux::sandbox {

LaunchPlan build_client_jail_plan(const ClientJailRequest& request, const HostFs& fs) {
  LaunchRequest launch;
  launch.policy.ro = {{"/usr", false}, {"/etc", false}};
  launch.policy.network = Network::none;
  launch.caller_env = request.caller_env;
  launch.home = request.home;
  launch.uid = request.uid;
  launch.socket_dir = request.socket_dir;
  launch.command = {request.tmux, "-S", inside_socket_path(request.uid)};
  launch.command.insert(launch.command.end(), request.tmux_args.begin(),
                        request.tmux_args.end());
  launch.bwrap = request.bwrap;
  launch.seccomp_fd = request.seccomp_fd;
  launch.new_session = !request.terminal;
  launch.die_with_parent = true;
  return build_launch_plan(launch, fs);
}

}  // namespace sandmux::sandbox
