#pragma once
// The params of each protocol method: reading them from a request's "params" object
// and writing them back. Internal to protocol.cc (and its tests).
// Invariants: read_params(m, params_to_json(p)) == p for every valid p of method m;
// reading never throws; an invalid session name is an "invalid-name" error whose
// message is session_name_error()'s, anything else wrong is "bad-request".
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <span>
#include <string_view>

#include "broker/protocol.h"

namespace sandmux::broker {

/// Every method name, in the order of the RequestParams alternatives.
std::span<const std::string_view> method_names();

/// The params of METHOD (one of method_names()) read from PARAMS.
boost::system::result<RequestParams, ProtocolError> read_params(std::string_view method,
                                                                const boost::json::object& params);

/// PARAMS as the "params" object of a request; optional fields that are absent stay absent.
boost::json::object params_to_json(const RequestParams& params);

}  // namespace sandmux::broker
