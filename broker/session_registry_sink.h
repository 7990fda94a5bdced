#pragma once
// Where the broker's core sends lines for one API client (responses, events), without
// knowing about sockets. The API server's connections implement it; the core holds
// them weakly, so a client that went away is simply skipped.
// Invariant: deliver() never blocks; a client that cannot keep up is dropped by its
// implementation (open() then turns false), never waited for.
#include <memory>
#include <string>

namespace sandmux::broker {

class ClientSink {
 public:
  virtual ~ClientSink() = default;
  /// Queues LINE (one protocol line ending in '\n') for the client.
  virtual void deliver(std::string line) = 0;
  /// False once the client is gone or was dropped.
  virtual bool open() const = 0;
};

using ClientRef = std::weak_ptr<ClientSink>;

}  // namespace sandmux::broker
