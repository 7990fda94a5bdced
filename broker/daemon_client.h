#pragma once
// A minimal blocking client of the API socket for `sandmux broker status|stop|start`
// (the session verbs use api_client.h): connect, hello, one request, one response.
// Invariant: every wait is bounded by the timeout given; nothing here starts a broker.
#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "broker/protocol.h"

namespace sandmux::broker {

/// The result of REQUEST at the broker listening on SOCKET, or nullopt when nothing
/// answers there (no socket, refused, no hello within TIMEOUT). A protocol error reply
/// is thrown as std::runtime_error with its message.
std::optional<boost::json::value> call_broker(const std::string& socket, const RequestParams& request,
                                              std::chrono::milliseconds timeout);

/// True when a broker answers the hello on SOCKET within TIMEOUT.
bool broker_answers(const std::string& socket, std::chrono::milliseconds timeout);

}  // namespace sandmux::broker
