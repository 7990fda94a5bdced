// sandmux profile list | show NAME [--json] | check FILE
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/profile_json.h"
#include "broker/profile_loading.h"
#include "config/grant_description.h"
#include "config/host_executed.h"
#include "config/profile_format.h"
#include "config/profile_resolver.h"
#include "config/profile_store.h"

namespace sandmux::broker {
namespace {

struct ProfileOptions {
  std::string name;
  std::string file;
  bool json = false;
};

int list_profiles() {
  const ProfileContext context = make_profile_context(resolve_project_dir(std::nullopt));
  for (const std::string& name : context.store.names()) {
    const std::optional<config::ProfileText> text = context.store.find(name);
    const config::Result<config::Profile> profile =
        config::resolve_profile(name, context.store, context.expand);
    const char* origin = text && text->builtin ? "built-in" : "user";
    const std::string description =
        profile ? profile.value->description : std::string("(invalid: run 'sandmux profile show ") + name + "')";
    std::printf("%-16s %-8s %s\n", name.c_str(), origin, description.c_str());
  }
  return kExitOk;
}

// Warnings go to stderr and leave the exit status alone: a user may mean what they
// granted, and the profile stays usable.
void warn_host_executed(const config::Profile& profile, const std::string& home) {
  for (const config::Diagnostic& warning : config::host_executed_warnings(profile, home)) {
    std::fprintf(stderr, "sandmux: warning: profile '%s': %s\n", profile.name.c_str(),
                 warning.str().c_str());
  }
}

int show_profile(const ProfileOptions& options) {
  const ProfileContext context = make_profile_context(resolve_project_dir(std::nullopt));
  const config::Profile profile = load_profile(context, options.name);
  std::cout.flush();
  warn_host_executed(profile, context.expand.home);
  if (options.json) {
    std::cout << boost::json::serialize(profile_to_json(profile)) << "\n";
    return kExitOk;
  }
  std::cout << config::to_toml(profile) << "\n# What each grant allows:\n";
  for (const std::string& line : config::describe_grants(profile, context.expand.home)) {
    std::cout << "#   " << line << "\n";
  }
  return kExitOk;
}

int check_profile(const ProfileOptions& options) {
  const config::Result<config::ProfileText> text = config::load_profile_file(options.file);
  if (!text) throw UserError(kExitUsage, format_diagnostics("", text.errors));
  const ProfileContext context = make_profile_context(resolve_project_dir(std::nullopt));
  const config::Result<config::Profile> profile =
      config::resolve_profile_text(*text.value, context.store, context.expand);
  if (!profile) throw UserError(kExitUsage, format_diagnostics("", profile.errors));
  warn_host_executed(*profile.value, context.expand.home);
  std::printf("%s: valid profile '%s'\n", options.file.c_str(), text.value->name.c_str());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<ProfileOptions>();
  app.require_subcommand(1, 1);
  CLI::App* list = app.add_subcommand("list", "List the available profiles (user profiles override built-ins)");
  CLI::App* show = app.add_subcommand("show", "Print the fully resolved profile as TOML (or JSON)");
  show->add_option("NAME", options->name, "Profile name")->required();
  show->add_flag("--json", options->json, "Print JSON instead of TOML");
  CLI::App* check = app.add_subcommand("check", "Validate a profile file; exit 2 listing every error, warn about risky grants");
  check->add_option("FILE", options->file, "Profile file")->required();
  return [options, list, show, check]() -> int {
    if (list->parsed()) return list_profiles();
    if (show->parsed()) return show_profile(*options);
    if (check->parsed()) return check_profile(*options);
    return kExitUsage;
  };
}

}  // namespace

extern const Command kProfileCommand;
const Command kProfileCommand = {"profile", "Inspect and validate sandbox profiles", setup};

}  // namespace sandmux::broker
