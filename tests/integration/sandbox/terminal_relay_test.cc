// `sandmux run` on a terminal the test owns (openpty): the sandbox gets a pty of sandmux's
// own, relayed and filtered, and never the terminal itself (issue 11).
//
// Attack 1: the sandboxed program passes its fd 0 (SCM_RIGHTS) to a listener it started in
// the jail's tmux server, which outlives `run`. After `run` has exited the listener writes
// OSC 52 and text to that descriptor and reads from it while the user types a password.
// Directly on the terminal (before the relay) the terminal showed both and the listener
// read the password; through the relay the descriptor is the relay's dead pty.
#include <gtest/gtest.h>

#include "tests/integration/sandbox/sandmux_fixture.h"
#include "tests/support/pty_process.h"

namespace sandmux::testing {
namespace {

constexpr const char* kListener = R"(import array, os, select, socket, sys, time
d = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(d + '/fd.sock')
s.listen(1)
c, _ = s.accept()
msg, anc, flags, addr = c.recvmsg(1, socket.CMSG_SPACE(4))
fds = array.array('i')
fds.frombytes(anc[0][2][:4])
fd = fds[0]
open(d + '/got-fd', 'w').close()
while not os.path.exists(d + '/run-ended'):
    time.sleep(0.02)
log = []
try:
    os.write(fd, b'\x1b]52;c;cm0gLXJmIH4=\x07PWNED\r\n')
    log.append('wrote')
except OSError as e:
    log.append('write failed: ' + e.strerror)
stolen = b''
end = time.time() + 2
while time.time() < end:
    try:
        if select.select([fd], [], [], 0.1)[0]:
            data = os.read(fd, 100)
            if not data:
                log.append('read eof')
                break
            stolen += data
    except OSError as e:
        log.append('read failed: ' + e.strerror)
        break
open(d + '/stolen', 'wb').write(stolen)
open(d + '/listener-done', 'w').write('\n'.join(log) + '\n')
)";

constexpr const char* kSender = R"(import array, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1] + '/fd.sock')
s.sendmsg([b'x'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', [0]))])
)";

class SandmuxRunRelay : public SandmuxFixture {
 protected:
  std::vector<std::string> run_argv(const std::string& script) {
    write_file(m_project + "/script.sh", script);
    return {sandmux_binary(), "run", "--", "sh", m_project + "/script.sh"};
  }
};

TEST_F(SandmuxRunRelay, AProcessThatOutlivesRunCannotUseItsTerminal) {
  write_file(m_project + "/recv.py", kListener);
  write_file(m_project + "/send.py", kSender);
  const std::string& d = m_project;
  PtyProcess run(run_argv(
                     "tmux new-session -d -s listener \"/usr/bin/python3 " + d + "/recv.py " + d +
                     "\"\n"
                     "while [ ! -S " + d + "/fd.sock ]; do sleep 0.02; done\n"
                     "/usr/bin/python3 " + d + "/send.py " + d + "\n"
                     "while [ ! -e " + d + "/got-fd ]; do sleep 0.02; done\n"
                     "echo sent-fd\n"),
                 m_env, m_project);
  ASSERT_TRUE(run.wait_for("sent-fd")) << run.output();
  ASSERT_EQ(run.wait(), 0) << run.output();
  run.clear_output();

  write_file(m_project + "/run-ended", "");
  run.type("my-sudo-password\n");
  ASSERT_TRUE(eventually([&] { return exists(m_project + "/listener-done"); }));
  run.watch(std::chrono::milliseconds(200));
  EXPECT_EQ(run.output().find("PWNED"), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("\x1b]52"), std::string::npos) << run.output();
  EXPECT_EQ(read_file(m_project + "/stolen"), "") << read_file(m_project + "/listener-done");
}

TEST_F(SandmuxRunRelay, TypedInputEchoesAndTheExitStatusIsTheProgramsOwn) {
  PtyProcess run(run_argv("echo ready; read line; echo \"got $line\"; exit 3\n"), m_env, m_project);
  ASSERT_TRUE(run.wait_for("ready")) << run.output();
  run.type("hello\n");
  const int status = run.wait();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_NE(run.output().find("hello\r\ngot hello\r\n"), std::string::npos) << run.output();
}

TEST_F(SandmuxRunRelay, CtrlDIsEndOfFile) {
  PtyProcess run(run_argv("echo ready; cat; echo \"cat ended $?\"\n"), m_env, m_project);
  ASSERT_TRUE(run.wait_for("ready")) << run.output();
  run.type("\x04");
  const int status = run.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_NE(run.output().find("cat ended 0"), std::string::npos) << run.output();
}

TEST_F(SandmuxRunRelay, TheSandboxSeesTheTerminalsSizeAndResizes) {
  PtyProcess run(run_argv("trap 'echo \"size $(stty size)\"' WINCH\n"
                          "echo \"ready $(stty size)\"\n"
                          "while :; do sleep 0.05; done\n"),
                 m_env, m_project);
  ASSERT_TRUE(run.wait_for("ready 24 80")) << run.output();
  run.resize(100, 30);
  EXPECT_TRUE(run.wait_for("size 30 100")) << run.output();
}

TEST_F(SandmuxRunRelay, ClipboardWritesAndTitleReportsDoNotReachTheTerminal) {
  PtyProcess run(run_argv("printf 'a\\033]52;c;cm0gLXJmIH4=\\007b\\033[21tc\\033[1md\\n'\n"), m_env,
                 m_project);
  ASSERT_EQ(run.wait(), 0) << run.output();
  EXPECT_NE(run.output().find("abc\x1b[1md"), std::string::npos) << run.output();
}

// Job control as from an interactive shell: Ctrl-Z stops the program and gives the shell
// its terminal back; `fg` continues the program, which still reads the keys; Ctrl-C ends
// it with its own status.
TEST_F(SandmuxRunRelay, CtrlZStopsTheRunAndFgContinuesIt) {
  write_file(m_project + "/script.sh",
             "echo re\"\"ady; while read line; do echo \"got $line\"; done\n");
  std::map<std::string, std::string> env = m_env;
  env["PS1"] = "$ ";
  PtyProcess shell({"bash", "--norc", "--noprofile", "-i"}, env, m_project);
  shell.type("'" + sandmux_binary() + "' run -- sh script.sh\n");
  ASSERT_TRUE(shell.wait_for("ready")) << shell.output();
  shell.type("\x1a");
  ASSERT_TRUE(shell.wait_for("Stopped")) << shell.output();
  shell.type("echo outside-$((6*7))\n");
  ASSERT_TRUE(shell.wait_for("outside-42")) << shell.output();
  shell.type("fg\n");
  shell.watch(std::chrono::milliseconds(300));
  shell.type("again\n");
  ASSERT_TRUE(shell.wait_for("got again")) << shell.output();
  shell.type("\x03");
  shell.watch(std::chrono::milliseconds(300));
  shell.type("echo status=$?\n");
  EXPECT_TRUE(shell.wait_for("status=130")) << shell.output();
  shell.type("exit\n");
  shell.wait();
}

TEST_F(SandmuxRunRelay, OutputToAPipeIsExact) {
  const ProcessResult result = sh("printf 'a\\033]52;c;eA==\\007b'");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "a\x1b]52;c;eA==\ab");
}

}  // namespace
}  // namespace sandmux::testing
