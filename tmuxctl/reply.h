#pragma once
/*
 * What a command (one CommandLine, possibly several tmux commands) gets back, and the
 * unsolicited blocks that belong to no command. Invariants:
 *  - Every sent CommandLine gets exactly one Reply, exactly once: from tmux, or with
 *    ConnectionLost/NotSent when the connection dies or was not usable.
 *  - lines holds the raw lines of all the line's blocks, in order; guards one entry per
 *    block actually received (fewer than commands() when a command failed: tmux then drops
 *    the rest of the line).
 */
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tmuxctl/control_event.h"

namespace sandmux::tmuxctl {

struct Reply {
  enum class Status : std::uint8_t {
    Ok,              ///< every block ended with %end
    CommandFailed,   ///< a block ended with %error; error = its first line
    ConnectionLost,  ///< the connection died first; error says why
    NotSent,         ///< the connection was not alive when the command was given
  };
  Status status = Status::Ok;
  std::vector<std::string> lines;
  std::vector<Guard> guards;
  bool truncated = false;  ///< a line exceeded the parser's limit and is missing
  std::string error;

  bool ok() const { return status == Status::Ok && !truncated; }
};

/// Called once with the reply of one command line.
using ReplyHandler = std::function<void(Reply&&)>;

/// A reply block no command asked for: flag 0 (startup command, hooks, bindings), or flag 1
/// with no command waiting (which only happens if something else wrote to tmux's stdin).
struct UnsolicitedBlock {
  Guard guard;
  bool error = false;
  std::vector<std::string> lines;
};

/// Why a connection died; reported exactly once per connect().
struct Death {
  std::string reason;       ///< one clear line: what happened
  bool saw_exit = false;    ///< tmux sent %exit
  std::string exit_reason;  ///< the text after %exit (may be empty)
  std::string stderr_tail;  ///< last bytes the client wrote to stderr, if any
};

}  // namespace sandmux::tmuxctl
