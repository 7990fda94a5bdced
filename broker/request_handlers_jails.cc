// The `jails` and `jails.stop` methods: what runs, and ending it.
#include <boost/json/array.hpp>

#include "broker/jail_info.h"
#include "broker/request_handlers.h"
#include "broker/session_name.h"

namespace sandmux::broker {

void RequestHandlers::handle_jails(std::int64_t id, const Client& client) {
  boost::json::array jails;
  for (const JailInfo& jail : m_jails.list()) jails.push_back(jail_info_to_json(jail));
  respond(client, id, boost::json::object{{"jails", std::move(jails)}});
}

void RequestHandlers::handle_jails_stop(std::int64_t id, const JailsStopParams& params,
                                        const Client& client) {
  const std::vector<std::string> running = m_jails.running_names();
  std::vector<std::string> names = params.all ? running : params.names;
  for (const std::string& name : names) {
    if (std::find(running.begin(), running.end(), name) != running.end()) continue;
    return respond_error(client, id, error_code::kNoSuchJail,
                         "no running jail named " + quote_for_message(name) +
                             " (see 'sandmux jails')");
  }
  boost::json::array stopped;
  for (const std::string& name : names) {
    const std::string error = m_jails.stop(name);
    if (!error.empty()) return respond_error(client, id, error_code::kJailFailed, error);
    stopped.emplace_back(name);
  }
  respond(client, id, boost::json::object{{"stopped", std::move(stopped)}});
}

}  // namespace sandmux::broker
