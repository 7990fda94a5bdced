// `sandmux attach` on a terminal the test owns (openpty), against a hostile jail.
//
// Attack 2 of issue 11: a tmux client hands its terminal to its server, the jail's. A
// window process opens the server's descriptors of that terminal through /proc while the
// human is attached, and after the detach writes OSC 52 and text to them and reads what
// the human types. Attack 3: the jail sets its server's allow-passthrough and sends OSC 52
// wrapped in DCS tmux;. Through the relay the client's terminal is a pty of sandmux's own,
// dead once the client has gone, and its output is filtered.
#include <gtest/gtest.h>

#include "tests/integration/broker/e2e_fixture.h"
#include "tests/support/pty_process.h"

namespace sandmux::testing {
namespace {

using AttachTerminal = SandmuxE2e;

// Holds every pty slave of every process it can see (but its own), from the moment the
// test says the human is attached; after the detach, writes to them and reads from them.
constexpr const char* kHolder = R"(import os, select, sys, time
d = sys.argv[1]
own = os.fstat(0)
print('waiting', flush=True)
while not os.path.exists(d + '/attached'):
    time.sleep(0.02)
held = []
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        names = os.listdir('/proc/%s/fd' % pid)
    except OSError:
        continue
    for n in names:
        path = '/proc/%s/fd/%s' % (pid, n)
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not 136 <= os.major(st.st_rdev) <= 143 or (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
            continue
        try:
            held.append(os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK))
        except OSError:
            pass
print('holding %d' % len(held), flush=True)
while not os.path.exists(d + '/detached'):
    time.sleep(0.02)
log = []
for fd in held:
    try:
        os.write(fd, b'\x1b]52;c;cm0gLXJmIH4=\x07PWNED\r\n')
        log.append('wrote')
    except OSError as e:
        log.append('write failed: ' + e.strerror)
stolen = b''
end = time.time() + 2
while time.time() < end and held:
    try:
        ready = select.select(held, [], [], 0.1)[0]
    except OSError:
        break
    for fd in ready:
        try:
            data = os.read(fd, 100)
        except OSError as e:
            log.append('read failed: ' + e.strerror)
            data = b''
        if not data:
            held.remove(fd)
        stolen += data
open(d + '/stolen', 'wb').write(stolen)
open(d + '/holder-done', 'w').write('\n'.join(log) + '\n')
time.sleep(600)
)";

TEST_F(AttachTerminal, AfterADetachTheJailCannotReachTheTerminal) {
  write_file(m_project + "/hold.py", kHolder);
  new_session({"-n", "hold", "--", "/usr/bin/python3", m_project + "/hold.py", m_project});
  PtyProcess attach({sandmux_binary(), "attach", "hold"}, m_env, m_project);
  ASSERT_TRUE(attach.wait_for("waiting")) << attach.output();
  write_file(m_project + "/attached", "");
  ASSERT_TRUE(attach.wait_for("holding")) << attach.output();
  EXPECT_EQ(attach.output().find("holding 0"), std::string::npos) << "nothing to hold";
  attach.type("\x02" "d");
  const int status = attach.wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << attach.output();
  attach.clear_output();

  write_file(m_project + "/detached", "");
  attach.type("my-sudo-password\n");
  ASSERT_TRUE(eventually([&] { return exists(m_project + "/holder-done"); }));
  attach.watch(std::chrono::milliseconds(200));
  EXPECT_EQ(attach.output().find("PWNED"), std::string::npos) << attach.output();
  EXPECT_EQ(attach.output().find("\x1b]52"), std::string::npos) << attach.output();
  EXPECT_EQ(read_file(m_project + "/stolen"), "") << read_file(m_project + "/holder-done");
}

TEST_F(AttachTerminal, PassthroughSetByTheJailDoesNotReachTheTerminal) {
  new_session({"-n", "pass", "--", "sh", "-c",
               "tmux set-option -g allow-passthrough on; "
               "while :; do printf '\\033Ptmux;\\033\\033]52;c;cm0gLXJmIH4=\\007\\033\\\\'; "
               "echo tick; sleep 0.1; done"});
  PtyProcess attach({sandmux_binary(), "attach", "pass"}, m_env, m_project);
  ASSERT_TRUE(attach.wait_for("tick")) << attach.output();
  attach.watch(std::chrono::seconds(1));
  attach.type("\x02" "d");
  attach.wait();
  EXPECT_EQ(attach.output().find("]52;"), std::string::npos) << attach.output();
}

}  // namespace
}  // namespace sandmux::testing
