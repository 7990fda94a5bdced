#pragma once
// The one error type sandbox/ throws for a refusal it can explain: a policy that cannot be
// launched safely (a missing required path, a symlink in a writable place), a socket
// directory that fails its checks, a jail that will not start. System call failures are
// std::system_error instead. Messages are one line and name the path involved.
#include <stdexcept>
#include <string>

namespace sandmux::sandbox {

class SandboxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sandmux::sandbox
