/*
 * reap_process: a self-owning chain of timer waits. Invariant: at most one kill() per chain,
 * and the chain ends as soon as try_reap() succeeds.
 */
#include "tmuxctl/process_reaper.h"

#include <boost/asio/steady_timer.hpp>

#include <memory>

namespace sandmux::tmuxctl {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(10);
constexpr auto kGiveUpAfter = std::chrono::seconds(30);

class Reaper : public std::enable_shared_from_this<Reaper> {
 public:
  Reaper(boost::asio::io_context& io, ProcessLauncher& launcher, pid_t pid,
         std::chrono::milliseconds kill_after)
      : m_timer(io), m_launcher(launcher), m_pid(pid),
        m_kill_at(std::chrono::steady_clock::now() + kill_after),
        m_give_up_at(std::chrono::steady_clock::now() + kill_after + kGiveUpAfter) {}

  void poll() {
    if (m_launcher.try_reap(m_pid)) return;
    const auto now = std::chrono::steady_clock::now();
    if (!m_killed && now >= m_kill_at) {
      m_launcher.kill(m_pid);
      m_killed = true;
    }
    if (now >= m_give_up_at) return;
    m_timer.expires_after(kPollInterval);
    m_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->poll();
    });
  }

 private:
  boost::asio::steady_timer m_timer;
  ProcessLauncher& m_launcher;
  pid_t m_pid;
  std::chrono::steady_clock::time_point m_kill_at;
  std::chrono::steady_clock::time_point m_give_up_at;
  bool m_killed = false;
};

}  // namespace

void reap_process(boost::asio::io_context& io, ProcessLauncher& launcher, pid_t pid,
                  std::chrono::milliseconds kill_after) {
  if (pid <= 0) return;
  std::make_shared<Reaper>(io, launcher, pid, kill_after)->poll();
}

}  // namespace sandmux::tmuxctl
