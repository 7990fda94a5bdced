#include "broker/daemon.h"

#include <fcntl.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstring>
#include <filesystem>

#include "broker/api_server.h"
#include "broker/jail_manager.h"
#include "broker/jail_setup.h"
#include "broker/request_handlers.h"
#include "broker/session_registry.h"
#include "broker/user_paths.h"
#include "sandbox/environment.h"
#include "sandbox/socket_dir.h"
#include "sandbox/unique_fd.h"

extern char** environ;

namespace sandmux::broker {
namespace {

void write_ready(int fd, const std::string& message) {
  if (fd < 0) return;
  const std::string line = message + "\n";
  if (::write(fd, line.data(), line.size()) < 0) {
    // the starter went away; nothing to tell
  }
  ::close(fd);
}

void setup_logging(const BrokerLocation& where, bool to_stderr) {
  std::vector<spdlog::sink_ptr> sinks;
  std::filesystem::create_directories(std::filesystem::path(where.log).parent_path());
  sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(where.log));
  if (to_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto logger = std::make_shared<spdlog::logger>("broker", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

/// True when something accepts connections at PATH.
bool socket_answers(const std::string& path) {
  sandbox::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (!fd || path.size() >= sizeof address.sun_path) return false;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

sandbox::UniqueFd take_lock(const BrokerLocation& where) {
  sandbox::UniqueFd lock(::open(where.lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!lock) throw std::system_error(errno, std::generic_category(), "cannot open " + where.lock);
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    throw std::runtime_error("another broker is running (" + where.lock + " is locked)");
  }
  return lock;
}

void remove_stale_socket(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (socket_answers(path)) throw std::runtime_error("something already answers on " + path);
  spdlog::info("removing stale socket {}", path);
  ::unlink(path.c_str());
}

/// The soft limit on open files up to the hard one: a jail's tmux server, started by the
/// broker, inherits it and needs a descriptor per session (1024 stopped a jail at 1013).
void raise_open_file_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const rlim_t before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    spdlog::info("open files: soft limit raised from {} to {}", before, limit.rlim_cur);
  }
}

int serve(const BrokerLocation& where, const UserPaths& paths, int& ready_fd) {
  raise_open_file_limit();
  // Settings are read once; bad ones stop the start (the CLI shows why).
  const ProfileContext context = make_profile_context(paths.home.empty() ? "/" : paths.home);
  boost::asio::io_context io;
  SessionRegistry registry(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(context.settings.idle_seconds)));
  JailManager jails(io, registry, sandbox::parse_environ(environ));
  jails.set_jail_grace(std::chrono::milliseconds(
      static_cast<std::int64_t>(context.settings.jail_grace_seconds * 1000)));
  jails.set_request_timeout(std::chrono::milliseconds(
      static_cast<std::int64_t>(context.settings.jail_timeout_seconds * 1000)));
  ApiServer* server_ptr = nullptr;
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  auto stop = [&] {
    spdlog::info("stopping (jails keep running)");
    if (server_ptr) server_ptr->stop();
    jails.close_all();
    boost::system::error_code ignored;
    signals.cancel(ignored);
  };
  const BrokerFacts facts{::getpid(), where.socket, std::chrono::steady_clock::now(), stop};
  RequestHandlers handlers(io, registry, jails, facts);
  ApiServer server(io, where.socket, handlers);
  server_ptr = &server;
  remove_stale_socket(where.socket);
  server.start();
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}", signal);
    stop();
  });
  jails.adopt_all(jail_base(context, paths.uid));
  write_ready(ready_fd, "ok");
  ready_fd = -1;
  io.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

BrokerLocation broker_location() {
  const UserPaths paths = user_paths_from_environment();
  BrokerLocation where;
  where.runtime_dir = paths.runtime_base();
  where.socket = where.runtime_dir + "/broker.sock";
  where.lock = where.runtime_dir + "/broker.lock";
  where.log = paths.state_dir + "/broker.log";
  return where;
}

int run_daemon(const DaemonOptions& options) {
  int ready_fd = options.ready_fd;
  try {
    const UserPaths paths = user_paths_from_environment();
    const BrokerLocation where = broker_location();
    sandbox::open_private_dir_path(where.runtime_dir, paths.uid);
    const sandbox::UniqueFd lock = take_lock(where);
    setup_logging(where, options.log_to_stderr);
    spdlog::info("sandmux {} broker starting (pid {})", SANDMUX_VERSION, ::getpid());
    return serve(where, paths, ready_fd);
  } catch (const std::exception& e) {
    if (spdlog::default_logger()) spdlog::error("cannot run: {}", e.what());
    if (ready_fd >= 0) {
      write_ready(ready_fd, std::string("error: ") + e.what());
    } else if (options.log_to_stderr) {
      std::fprintf(stderr, "sandmux: broker: %s\n", e.what());
    }
    return 125;
  }
}

}  // namespace sandmux::broker
