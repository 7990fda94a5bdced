#pragma once
/*
 * FIFO pairing of reply blocks with the command lines that caused them. Pure: it sees
 * parser events and calls handlers. Invariants:
 *  - Only flag-1 blocks are paired, in order, each with the oldest command still waiting
 *    for blocks; a command expecting N blocks completes after N of them, or at the first
 *    %error (tmux 3.3a drops the rest of a line after a failure).
 *  - Flag-0 blocks, and flag-1 blocks when no command waits, go to the unsolicited handler.
 *  - A handler is called after the router's own state is updated, so it may call expect()
 *    or fail_all() again.
 */
#include <cstddef>
#include <deque>
#include <functional>
#include <string>

#include "tmuxctl/control_event.h"
#include "tmuxctl/reply.h"

namespace sandmux::tmuxctl {

class ReplyRouter {
 public:
  using UnsolicitedHandler = std::function<void(UnsolicitedBlock&&)>;

  explicit ReplyRouter(UnsolicitedHandler on_unsolicited = {})
      : m_on_unsolicited(std::move(on_unsolicited)) {}

  /// A command line expecting BLOCKS (>= 1) flag-1 blocks has been written to tmux.
  void expect(std::size_t blocks, ReplyHandler handler);
  /// Handles ReplyBegin/ReplyLine/ReplyEnd and in-block LineTooLong; returns false (and does
  /// nothing) for any other event.
  bool on_event(const Event& event);
  /// Completes every waiting command with STATUS and ERROR, oldest first; forgets any open block.
  void fail_all(Reply::Status status, const std::string& error);
  /// Commands still waiting for their reply.
  std::size_t waiting() const { return m_waiting.size(); }

 private:
  struct Waiting {
    std::size_t blocks_left;
    Reply reply;
    ReplyHandler handler;
  };
  enum class Target : std::uint8_t { None, Command, Unsolicited };

  void begin(const Event& event);
  void end(const Event& event);
  void complete_front();

  UnsolicitedHandler m_on_unsolicited;
  std::deque<Waiting> m_waiting;
  Target m_target = Target::None;
  UnsolicitedBlock m_block;
  std::size_t m_block_start = 0;  ///< index of the open block's first line in the reply
};

}  // namespace sandmux::tmuxctl
