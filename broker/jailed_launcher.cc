#include "broker/jailed_launcher.h"

#include <fcntl.h>
#include <unistd.h>

#include <system_error>

#include "sandbox/client_jail.h"
#include "sandbox/host_fs.h"
#include "sandbox/launcher.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/unique_fd.h"

namespace sandmux::broker {
namespace {

struct Pipe {
  sandbox::UniqueFd read;
  sandbox::UniqueFd write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe");
  }
  return Pipe{sandbox::UniqueFd(fds[0]), sandbox::UniqueFd(fds[1])};
}

}  // namespace

JailedLauncher::JailedLauncher(const sandbox::JailSpec& spec)
    : m_socket_dir(spec.paths.socket_dir),
      m_caller_env(spec.caller_env),
      m_home(spec.home),
      m_uid(spec.uid),
      m_bwrap(spec.bwrap),
      m_seccomp_deny(spec.policy.seccomp_deny) {}

tmuxctl::LaunchedProcess JailedLauncher::launch(const std::vector<std::string>& argv) {
  sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter(m_seccomp_deny);
  sandbox::ClientJailRequest request;
  request.socket_dir = m_socket_dir;
  if (!argv.empty()) request.tmux_args.assign(argv.begin() + 1, argv.end());
  request.caller_env = m_caller_env;
  request.home = m_home;
  request.uid = m_uid;
  request.bwrap = m_bwrap;
  request.seccomp_fd = seccomp.get();
  const sandbox::LaunchPlan plan = sandbox::build_client_jail_plan(request, sandbox::RealHostFs());
  Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
  const pid_t pid = sandbox::spawn_plan(plan, in.read.get(), out.write.get(), err.write.get());
  return tmuxctl::LaunchedProcess{pid, in.write.release(), out.read.release(), err.read.release()};
}

}  // namespace sandmux::broker
