// The reading side of the API: logs (with -f), subscribe/unsubscribe and socket.
#include <boost/json/object.hpp>

#include "broker/base64.h"
#include "broker/jail_setup.h"
#include "broker/request_handlers.h"
#include "broker/session_name.h"
#include "sandbox/jail_paths.h"

namespace sandmux::broker {

void RequestHandlers::handle_logs(std::int64_t id, const LogsParams& params, const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  const std::uint64_t since = params.since.value_or(record->ring.oldest());
  // At most kMaxOutputChunk bytes per answer (as base64 they stay under kMaxLineBytes);
  // "more": true tells the client to ask again from next_cursor.
  const RingRead read = record->ring.read_since(since, kMaxOutputChunk);
  if (read.status == RingReadStatus::expired && params.since) {
    return respond_error(client, id, error_code::kCursorExpired,
                         "cursor " + std::to_string(since) + " has expired: the oldest byte kept is " +
                             std::to_string(record->ring.oldest()));
  }
  if (params.follow) {
    m_registry.subscribe(*record, client, read.begin, id);
    return;
  }
  Base64Encoder data;
  data.add(read.first);
  data.add(read.second);
  respond(client, id,
          boost::json::object{{"cursor", read.begin},
                              {"next_cursor", read.next_cursor},
                              {"more", read.next_cursor < record->ring.cursor()},
                              {"data", data.finish()}});
}

void RequestHandlers::handle_subscribe(std::int64_t id, const SubscribeParams& params,
                                       const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  const std::uint64_t since = params.since.value_or(record->ring.cursor());
  respond(client, id,
          boost::json::object{{"cursor", since},
                              {"state", to_string(record->session.state)}});
  m_registry.subscribe(*record, client, since, std::nullopt);
}

void RequestHandlers::handle_unsubscribe(std::int64_t id, const UnsubscribeParams& params,
                                         const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  const bool was = m_registry.unsubscribe(*record, client);
  respond(client, id, boost::json::object{{"unsubscribed", was}});
}

void RequestHandlers::handle_socket(std::int64_t id, const SocketParams& params,
                                    const Client& client) {
  if (params.name) {
    SessionRecord* record = any_session(id, *params.name, client);
    if (record) respond(client, id, boost::json::object{{"socket", record->session.socket}});
    return;
  }
  if (!params.project || params.project->empty() || params.project->front() != '/') {
    return respond_error(client, id, error_code::kBadRequest,
                         "socket: give a session name or an absolute project directory");
  }
  try {
    const ProfileContext context = make_profile_context(*params.project);
    const config::Profile profile = load_profile(context, params.profile.value_or(""));
    const unsigned uid = context.paths.uid;
    const sandbox::JailPaths paths =
        sandbox::make_jail_paths(jail_base(context, uid), profile.name, *params.project);
    respond(client, id, boost::json::object{{"socket", paths.socket}});
  } catch (const std::exception& e) {
    respond_error(client, id, error_code::kJailFailed, e.what());
  }
}

}  // namespace sandmux::broker
