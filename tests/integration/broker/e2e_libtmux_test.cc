// libtmux (Debian's python3-libtmux, under /usr/bin/python3, not whatever python3 is on
// PATH) as an independent client: from outside sandmux it checks that every session is
// one window of the jail's server, with the right name, one pane and the right command
// (tests/integration/broker/libtmux_check.py). It connects to the socket `sandmux socket`
// prints, as a stock client: acceptable for a test of a server sandmux just started.
#include <gtest/gtest.h>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

/// The check script ($SANDMUX_LIBTMUX_CHECK, for runs from a copied build).
std::string check_script() {
  return env_or("SANDMUX_LIBTMUX_CHECK",
                std::string(SANDMUX_SOURCE_DIR) + "/tests/integration/broker/libtmux_check.py");
}

class LibtmuxE2e : public SandmuxE2e {
 protected:
  ProcessResult check(const std::string& socket) {
    const std::string listing = m_tmp / "sessions.json";
    write_file(listing, sandmux({"ls", "--json"}).out);
    return run_process({"/usr/bin/python3", "-I", check_script(), socket, listing}, m_env);
  }
  std::string socket_of(const std::string& name) {
    std::string path = sandmux({"socket", name}).out;
    if (!path.empty() && path.back() == '\n') path.pop_back();
    return path;
  }
};

TEST_F(LibtmuxE2e, EverySessionIsOneWindowWithItsNameAndCommand) {
  ASSERT_EQ(run_process({"/usr/bin/python3", "-I", "-c", "import libtmux"}, m_env).status, 0)
      << "python3-libtmux is not installed (scripts/install-deps)";
  new_session({"-n", "alpha", "--", "sleep", "601"});
  new_session({"-n", "beta", "--", "sh", "-c", "echo beta; exec sleep 602"});
  new_session({"-n", "gamma.3_x-y", "--", "cat"});
  const std::string socket = socket_of("alpha");
  ASSERT_EQ(socket_of("beta"), socket);
  const ProcessResult result = check(socket);
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "ok 3\n") << result.err;

  ASSERT_EQ(sandmux({"kill", "beta"}).status, 0);
  const ProcessResult after = check(socket);
  EXPECT_EQ(after.out, "ok 2\n") << after.err;
}

}  // namespace
}  // namespace sandmux::testing
