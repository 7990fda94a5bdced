// sandmux socket [NAME | -p PROFILE -C DIR]
//
// Prints the host path of a jail's tmux socket: the jail of session NAME, or of
// (PROFILE, DIR) (defaults: the settings' profile and the current directory). It warns on
// stderr, every time, that a stock tmux client attached to it outside a jail runs what
// the jail's server tells it (escape B): `sandmux attach` is the safe way.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/profile_loading.h"

namespace sandmux::broker {
namespace {

constexpr const char* kWarning =
    "sandmux: warning: do not attach to this socket with a stock tmux client outside a jail: "
    "the jail's server can make that client run commands as you, unsandboxed "
    "(e.g. detach-client -E); use 'sandmux attach NAME'\n";

struct SocketOptions {
  std::optional<std::string> name;
  std::optional<std::string> profile;
  std::optional<std::string> dir;
};

SocketParams make_params(const SocketOptions& options) {
  SocketParams params;
  if (options.name) {
    if (options.profile || options.dir) {
      throw UserError(kExitUsage, "socket: give NAME or -p/-C, not both");
    }
    check_session_name(*options.name);
    params.name = options.name;
    return params;
  }
  params.profile = options.profile;
  params.project = resolve_project_dir(options.dir);
  return params;
}

int run(const SocketOptions& options) {
  const SocketParams params = make_params(options);
  ApiClient client = ApiClient::connect();
  const std::string path = string_from_result(client.call(params), "socket");
  std::fputs(kWarning, stderr);
  std::cout << path << "\n";
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<SocketOptions>();
  app.add_option("NAME", options->name, "A session: print its jail's socket");
  app.add_option("-p,--profile", options->profile, "The jail of this profile (default: settings)")
      ->type_name("PROFILE");
  app.add_option("-C,--dir", options->dir, "... and this project (default: the current dir)")
      ->type_name("DIR");
  app.footer("Warning (also printed on stderr): a stock tmux client attached to this socket "
             "outside a jail lets the jail run commands as you. Use 'sandmux attach'.\n"
             "Exit status: 0; 2 usage or invalid name; 125 no such session or broker "
             "unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kSocketCommand;
const Command kSocketCommand = {"socket", "Print a jail's tmux socket path (with a warning)",
                                setup};

}  // namespace sandmux::broker
