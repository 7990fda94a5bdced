#pragma once
// The API socket: a unix stream socket (0600, in the 0700 runtime directory) speaking
// protocol.h. Every connection is checked with SO_PEERCRED (only our own uid is served;
// others are logged and closed), must say hello first, then sends requests in order.
// Invariants:
//  - Reading is bounded: a line longer than kMaxLineBytes gets an error response and the
//    connection is closed after it is written.
//  - Writing never blocks the loop: each client has an outgoing queue of at most
//    kMaxClientQueue bytes; a client that lets it fill up (never reads) is dropped.
//  - One client's failure is logged and ends that client only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <cstddef>
#include <memory>
#include <set>
#include <string>

#include "broker/request_handlers.h"

namespace sandmux::broker {

inline constexpr std::size_t kMaxClientQueue = std::size_t{8} << 20;

class ApiConnection;

class ApiServer {
 public:
  ApiServer(boost::asio::io_context& io, std::string socket_path, RequestHandlers& handlers);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds and listens at the socket path (the caller removed any stale socket), mode
  /// 0600, and starts accepting. Throws std::system_error.
  void start();
  /// Stops accepting, removes the socket file, and closes every client once what was
  /// queued for it has been written.
  void stop();
  std::size_t clients() const { return m_connections.size(); }

 private:
  friend class ApiConnection;
  void accept();
  void closed(const std::shared_ptr<ApiConnection>& connection);

  boost::asio::io_context& m_io;
  std::string m_path;
  RequestHandlers& m_handlers;
  boost::asio::local::stream_protocol::acceptor m_acceptor;
  std::set<std::shared_ptr<ApiConnection>> m_connections;
  std::uint64_t m_next_client = 1;
  bool m_stopped = false;
};

}  // namespace sandmux::broker
