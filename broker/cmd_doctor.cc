// sandmux doctor [--json]: probes this machine and prints one verdict per check.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "broker/command.h"
#include "broker/doctor_checks.h"
#include "broker/exit_codes.h"
#include "broker/profile_loading.h"
#include "broker/subprocess.h"
#include "config/grant_description.h"
#include "config/profile_resolver.h"
#include "sandbox/landlock.h"
#include "sandbox/seccomp_filter.h"

namespace sandmux::broker {
namespace {

std::optional<std::string> program_output(const std::string& program, const std::vector<std::string>& args) {
  const std::optional<ProgramOutput> result = run_and_capture(program, args);
  if (!result || result->exit_code != 0) return std::nullopt;
  return result->output;
}

CheckResult probe_user_namespaces() {
  const std::optional<ProgramOutput> result = run_and_capture(
      "bwrap", {"--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"});
  if (!result) return check_user_namespaces(false, "bwrap not found");
  return check_user_namespaces(result->exit_code == 0, result->output);
}

CheckResult probe_seccomp() {
  try {
    sandbox::export_seccomp_filter({});
    return check_seccomp(sandbox::seccomp_available(), "the kernel rejects seccomp filters");
  } catch (const std::exception& e) {
    return check_seccomp(false, e.what());
  }
}

std::optional<int> read_int_file(const char* path) {
  std::ifstream in(path);
  int value = 0;
  if (!(in >> value)) return std::nullopt;
  return value;
}

/// Empty when PATH is a private directory of ours, or can be created.
std::string socket_base_problem(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    const std::string parent = std::filesystem::path(path).parent_path().string();
    return ::access(parent.c_str(), W_OK | X_OK) == 0 ? "" : "missing, and " + parent + " is not writable";
  }
  if (S_ISLNK(st.st_mode)) return "is a symbolic link";
  if (!S_ISDIR(st.st_mode)) return "is not a directory";
  if (st.st_uid != ::getuid()) return "is owned by uid " + std::to_string(st.st_uid);
  if (st.st_mode & 077) return "is accessible to group or others";
  return {};
}

bool terminfo_exists(const std::string& term) {
  if (term.empty() || term.find('/') != std::string::npos) return false;
  for (const char* dir : {"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"}) {
    if (std::filesystem::exists(std::string(dir) + "/" + term[0] + "/" + term)) return true;
  }
  return false;
}

CheckResult probe_profiles(const ProfileContext& context) {
  std::vector<std::pair<std::string, std::vector<std::string>>> results;
  for (const std::string& name : context.store.names()) {
    std::vector<std::string> errors;
    for (const config::Diagnostic& d : config::resolve_profile(name, context.store, context.expand).errors) {
      errors.push_back(d.str());
    }
    results.emplace_back(name, std::move(errors));
  }
  return check_profiles(results);
}

CheckResult probe_grants(const ProfileContext& context) {
  std::vector<std::pair<std::string, std::vector<std::string>>> results;
  for (const std::string& name : context.store.names()) {
    const config::Result<config::Profile> profile =
        config::resolve_profile(name, context.store, context.expand);
    if (profile) results.emplace_back(name, config::describe_grants(*profile.value, context.expand.home));
  }
  return check_grants(results);
}

std::vector<CheckResult> run_checks() {
  const ProfileContext context = make_profile_context(resolve_project_dir(std::nullopt));
  const char* term = std::getenv("TERM");
  const std::string base = context.settings.socket_dir_base.empty() ? context.paths.runtime_base()
                                                                     : context.settings.socket_dir_base;
  return {
      check_tmux(program_output("tmux", {"-V"})),
      check_bwrap(program_output("bwrap", {"--version"}),
                  program_output("bwrap", {"--help"}).value_or("")),
      probe_user_namespaces(),
      probe_seccomp(),
      check_landlock(sandbox::landlock_abi_version()),
      check_legacy_tiocsti(read_int_file("/proc/sys/dev/tty/legacy_tiocsti")),
      check_socket_base(base, socket_base_problem(base)),
      check_term(term ? std::optional<std::string>(term) : std::nullopt, term && terminfo_exists(term)),
      probe_profiles(context),
      probe_grants(context),
  };
}

void print_text(const std::vector<CheckResult>& checks) {
  for (const CheckResult& check : checks) {
    std::cout << to_string(check.status) << "  " << check.name << ": " << check.detail << "\n";
    if (!check.hint.empty()) std::cout << "      fix: " << check.hint << "\n";
  }
}

void print_json(const std::vector<CheckResult>& checks, bool ok) {
  boost::json::array items;
  for (const CheckResult& check : checks) {
    std::string status = to_string(check.status);
    for (char& c : status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    items.push_back(boost::json::object{{"check", check.name}, {"status", status},
                                        {"detail", check.detail}, {"hint", check.hint}});
  }
  std::cout << boost::json::serialize(boost::json::object{{"ok", ok}, {"checks", items}}) << "\n";
}

std::function<int()> setup(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "Print the checks as JSON");
  app.footer("Exit status: 0 when no check FAILs (WARNs are allowed), 1 otherwise.");
  return [json]() -> int {
    const std::vector<CheckResult> checks = run_checks();
    bool ok = true;
    for (const CheckResult& check : checks) ok = ok && check.status != CheckStatus::fail;
    if (*json) print_json(checks, ok); else print_text(checks);
    return ok ? kExitOk : 1;
  };
}

}  // namespace

extern const Command kDoctorCommand;
const Command kDoctorCommand = {
    "doctor", "Check tmux, bwrap, user namespaces, seccomp, Landlock, socket dirs, TERM and profiles", setup};

}  // namespace sandmux::broker
