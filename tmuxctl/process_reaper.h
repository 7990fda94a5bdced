#pragma once
/*
 * Reaping a client process without blocking the io_context. Invariant: the reaper owns
 * nothing but a timer and the pid; it keeps polling after its Connection is gone, kills the
 * pid once kill_after has passed, and gives up (leaving a zombie) only after a long while.
 */
#include <boost/asio/io_context.hpp>

#include <chrono>

#include "tmuxctl/process_launcher.h"

namespace sandmux::tmuxctl {

/// Polls LAUNCHER.try_reap(PID) on IO; calls LAUNCHER.kill(PID) once KILL_AFTER has passed.
/// LAUNCHER must outlive the polling (about 30 s at most).
void reap_process(boost::asio::io_context& io, ProcessLauncher& launcher, pid_t pid,
                  std::chrono::milliseconds kill_after);

}  // namespace sandmux::tmuxctl
