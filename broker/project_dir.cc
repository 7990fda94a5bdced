#include "broker/project_dir.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "broker/command.h"
#include "broker/exit_codes.h"
#include "config/project_location.h"

namespace sandmux::broker {
namespace {

std::string fd_path(int fd) {
  char buffer[PATH_MAX + 1];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), buffer, PATH_MAX);
  if (n <= 0) {
    throw UserError(kExitFailure, "cannot read where the project directory is (" + link +
                                      "): " + std::strerror(errno));
  }
  std::string path(buffer, static_cast<std::size_t>(n));
  if (path.empty() || path.front() != '/' || path.ends_with(" (deleted)")) {
    throw UserError(kExitFailure, "the project directory is gone: " + path);
  }
  return path;
}

// The home directory as the kernel names it, so that a symlinked /home compares equal.
std::string canonical_home(const std::string& home) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::canonical(home, ec);
  return ec ? home : canonical.string();
}

}  // namespace

ProjectDir open_project_dir(const std::string& dir) {
  ProjectDir project;
  project.given = dir;
  project.fd = sandbox::UniqueFd(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!project.fd) {
    throw UserError(kExitUsage, "project directory '" + dir + "' is not a directory");
  }
  project.path = fd_path(project.fd.get());
  return project;
}

void refuse_dangerous_project(const ProjectDir& project, const ProfileContext& context,
                              const std::vector<config::PathGrant>& read_only) {
  const std::string home = canonical_home(context.expand.home);
  const std::vector<std::string> allowed =
      config::expand_allowed_projects(context.settings.allow_projects, home);
  const std::optional<std::string> why =
      config::project_refusal(project.path, home, read_only, allowed);
  if (!why) return;
  const std::string where = project.given == project.path
                                ? "'" + project.path + "'"
                                : "'" + project.given + "' (which resolves to '" +
                                      project.path + "')";
  throw UserError(kExitFailure, "refusing project directory " + where + ": " + *why +
                                    "; choose another directory, or allow this one with "
                                    "allow_projects = [\"" + project.path + "\"] in " +
                                    context.paths.settings_file());
}

}  // namespace sandmux::broker
