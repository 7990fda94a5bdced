// sandmux jails [--json]
// sandmux jails stop (NAME... | --all)
//
// Lists the user's running jails (a table: NAME PROFILE PROJECT SESSIONS PID PROCS MEMORY
// SOCKET; or with --json an array of jail objects, broker/jail_info.h), or stops jails:
// their sandboxes are killed from the host, their sessions end as lost.
#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/jail_info.h"

namespace sandmux::broker {
namespace {

struct JailsOptions {
  bool json = false;
  std::vector<std::string> names;
  bool all = false;
};

[[noreturn]] void bad_answer(const std::string& why) {
  throw UserError(kExitFailure, "unexpected answer from the broker: " + why);
}

const boost::json::array& array_field(const boost::json::value& result, std::string_view key) {
  const auto* object = result.if_object();
  const boost::json::value* list = object ? object->if_contains(key) : nullptr;
  if (!list || !list->is_array()) bad_answer("no '" + std::string(key) + "' list");
  return list->get_array();
}

int list_jails(const JailsOptions& options) {
  ApiClient client = ApiClient::connect();
  const boost::json::value result = client.call(JailsParams{});
  std::vector<JailInfo> jails;
  for (const boost::json::value& item : array_field(result, "jails")) {
    auto jail = jail_info_from_json(item);
    if (!jail) bad_answer(jail.error());
    jails.push_back(std::move(*jail));
  }
  if (options.json) {
    boost::json::array list;
    for (const JailInfo& jail : jails) list.push_back(jail_info_to_json(jail));
    std::cout << boost::json::serialize(list) << "\n";
  } else {
    std::cout << format_jail_table(jails);
  }
  return kExitOk;
}

int stop_jails(const JailsOptions& options) {
  if (options.all == !options.names.empty()) {
    throw UserError(kExitUsage, "jails stop: give jail NAMEs or --all (see 'sandmux jails')");
  }
  ApiClient client = ApiClient::connect();
  JailsStopParams params;
  params.names = options.names;
  params.all = options.all;
  const boost::json::value result = client.call(params);
  for (const boost::json::value& name : array_field(result, "stopped")) {
    if (!name.is_string()) bad_answer("a stopped jail's name is not a string");
    std::cout << "stopped " << printable(name.get_string()) << "\n";
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<JailsOptions>();
  app.require_subcommand(0, 1);
  app.add_flag("--json", options->json, "Print a JSON array of jail objects");
  CLI::App* stop = app.add_subcommand("stop", "Stop jails: kill their sandboxes, end their sessions");
  stop->add_option("NAME", options->names, "Jail names, as 'sandmux jails' shows them");
  stop->add_flag("--all", options->all, "Stop every running jail");
  stop->footer("Exit status: 0; 2 usage; 125 no such running jail (nothing was stopped) or "
               "broker unreachable.");
  app.footer("Exit status: 0; 125 broker unreachable.");
  return [options, stop]() -> int {
    if (stop->parsed()) return stop_jails(*options);
    return list_jails(*options);
  };
}

}  // namespace

extern const Command kJailsCommand;
const Command kJailsCommand = {"jails", "List or stop the running jails (sandboxed tmux servers)",
                               setup};

}  // namespace sandmux::broker
