#include "broker/api_server_connection.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include "broker/api_server.h"
#include "broker/protocol.h"

namespace sandmux::broker {

ApiConnection::ApiConnection(ApiServer& server, boost::asio::local::stream_protocol::socket socket,
                             std::uint64_t number)
    : m_server(server), m_socket(std::move(socket)), m_number(number) {}

void ApiConnection::start() {
  ucred peer{};
  socklen_t size = sizeof peer;
  if (::getsockopt(m_socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0) {
    return close_now("cannot read its credentials (SO_PEERCRED)");
  }
  if (peer.uid != ::geteuid()) {
    spdlog::warn("client {}: refused: uid {} (pid {}) is not the broker's uid {}", m_number,
                 peer.uid, peer.pid, ::geteuid());
    return close_now("foreign uid");
  }
  spdlog::debug("client {}: connected (pid {})", m_number, peer.pid);
  read_line();
}

void ApiConnection::read_line() {
  if (m_closed || m_closing) return;
  auto self = shared_from_this();
  boost::asio::async_read_until(
      m_socket, boost::asio::dynamic_buffer(m_in, kMaxLineBytes + 1), '\n',
      [self](const boost::system::error_code& ec, std::size_t size) {
        if (self->m_closed) return;
        if (ec == boost::asio::error::not_found) {
          spdlog::warn("client {}: line over {} bytes; closing", self->m_number, kMaxLineBytes);
          self->deliver(error_response_line(
              {std::string(error_code::kBadRequest),
               "request line over the limit of " + std::to_string(kMaxLineBytes) + " bytes",
               std::nullopt}));
          return self->close_after_flush();
        }
        if (ec) return self->close_now(ec == boost::asio::error::eof ? "" : ec.message());
        try {
          self->on_line(std::string_view(self->m_in).substr(0, size - 1));
        } catch (const std::exception& e) {
          spdlog::error("client {}: request failed: {}", self->m_number, e.what());
          self->deliver(error_response_line(
              {std::string(error_code::kInternal), "internal error: " + std::string(e.what()),
               std::nullopt}));
        }
        self->m_in.erase(0, size);
        self->read_line();
      });
}

void ApiConnection::on_line(std::string_view line) {
  if (!m_hello_done) return on_hello(line);
  auto request = parse_request(line);
  if (!request) {
    spdlog::info("client {}: bad request: {}", m_number, request.error().message);
    return deliver(error_response_line(request.error()));
  }
  spdlog::debug("client {}: {} (id {})", m_number, method_name(request->params), request->id);
  m_server.m_handlers.handle(*request, shared_from_this());
}

void ApiConnection::on_hello(std::string_view line) {
  auto hello = parse_client_hello(line);
  if (!hello) {
    spdlog::info("client {}: bad hello: {}", m_number, hello.error().message);
    deliver(error_line(hello.error()));
    return close_after_flush();
  }
  m_hello_done = true;
  deliver(server_hello_line(std::string("sandmux ") + SANDMUX_VERSION));
}

void ApiConnection::deliver(std::string line) {
  if (m_closed || m_closing) return;
  if (m_queued + line.size() > kMaxClientQueue) {
    spdlog::warn("client {}: not reading ({} bytes queued); dropping it", m_number, m_queued);
    return close_now("too slow");
  }
  m_queued += line.size();
  m_out.push_back(std::move(line));
  if (!m_writing) write_next();
}

void ApiConnection::write_next() {
  if (m_closed) return;
  if (m_out.empty()) {
    m_writing = false;
    if (m_closing) close_now("");
    return;
  }
  m_writing = true;
  auto self = shared_from_this();
  boost::asio::async_write(m_socket, boost::asio::buffer(m_out.front()),
                           [self](const boost::system::error_code& ec, std::size_t) {
                             if (self->m_closed) return;
                             if (ec) return self->close_now(ec.message());
                             self->m_queued -= self->m_out.front().size();
                             self->m_out.pop_front();
                             self->write_next();
                           });
}

void ApiConnection::close_after_flush() {
  if (m_closed) return;
  m_closing = true;
  if (!m_writing) close_now("");
}

void ApiConnection::close_now(const std::string& why) {
  if (m_closed) return;
  m_closed = true;
  if (!why.empty()) spdlog::info("client {}: closed: {}", m_number, why);
  boost::system::error_code ignored;
  m_socket.shutdown(boost::asio::socket_base::shutdown_both, ignored);
  m_socket.close(ignored);
  m_out.clear();
  m_queued = 0;
  m_server.closed(shared_from_this());
}

}  // namespace sandmux::broker
