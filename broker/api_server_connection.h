#pragma once
// One client of the API socket (see api_server.h for the invariants it keeps): reads
// lines, does the handshake, hands requests to the handlers in order, and queues what
// goes back, dropping the client when its queue would exceed kMaxClientQueue.
#include <boost/asio/local/stream_protocol.hpp>
#include <deque>
#include <memory>
#include <string>

#include "broker/session_registry_sink.h"

namespace sandmux::broker {

class ApiServer;

class ApiConnection : public ClientSink, public std::enable_shared_from_this<ApiConnection> {
 public:
  ApiConnection(ApiServer& server, boost::asio::local::stream_protocol::socket socket,
                std::uint64_t number);

  /// Checks the peer's uid and starts reading.
  void start();
  void deliver(std::string line) override;
  bool open() const override { return !m_closed && !m_closing; }
  /// Writes what is queued, then closes.
  void close_after_flush();
  /// Closes now (queued lines are dropped).
  void close_now(const std::string& why);

 private:
  void read_line();
  void on_line(std::string_view line);
  void on_hello(std::string_view line);
  void write_next();

  ApiServer& m_server;
  boost::asio::local::stream_protocol::socket m_socket;
  std::uint64_t m_number;
  std::string m_in;
  std::deque<std::string> m_out;
  std::size_t m_queued = 0;
  bool m_writing = false;
  bool m_hello_done = false;
  bool m_closing = false;
  bool m_closed = false;
};

}  // namespace sandmux::broker
