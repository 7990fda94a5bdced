#include "broker/api_server.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "broker/api_server_connection.h"

namespace sandmux::broker {

ApiServer::ApiServer(boost::asio::io_context& io, std::string socket_path,
                     RequestHandlers& handlers)
    : m_io(io), m_path(std::move(socket_path)), m_handlers(handlers), m_acceptor(io) {}

ApiServer::~ApiServer() {
  boost::system::error_code ignored;
  m_acceptor.close(ignored);
}

void ApiServer::start() {
  using boost::asio::local::stream_protocol;
  const mode_t old_mask = ::umask(0177);
  boost::system::error_code ec;
  m_acceptor.open(stream_protocol(), ec);
  if (!ec) m_acceptor.bind(stream_protocol::endpoint(m_path), ec);
  ::umask(old_mask);
  if (!ec) ::chmod(m_path.c_str(), 0600);
  if (!ec) m_acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::system_error(ec.value(), std::generic_category(), "API socket " + m_path);
  spdlog::info("listening on {}", m_path);
  accept();
}

void ApiServer::accept() {
  m_acceptor.async_accept([this](const boost::system::error_code& ec,
                                 boost::asio::local::stream_protocol::socket socket) {
    if (m_stopped) return;
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      auto connection = std::make_shared<ApiConnection>(*this, std::move(socket), m_next_client++);
      m_connections.insert(connection);
      connection->start();
    }
    accept();
  });
}

void ApiServer::closed(const std::shared_ptr<ApiConnection>& connection) {
  m_handlers.forget_client(connection);
  m_connections.erase(connection);
}

void ApiServer::stop() {
  if (m_stopped) return;
  m_stopped = true;
  boost::system::error_code ignored;
  m_acceptor.close(ignored);
  ::unlink(m_path.c_str());
  const auto connections = m_connections;
  for (const auto& connection : connections) connection->close_after_flush();
}

}  // namespace sandmux::broker
