// Side by side on a terminal the benchmark owns (openpty), one run, interleaved rounds:
//   bwrap           a plain bwrap (--ro-bind / /, --dev, --proc, unshared namespaces)
//                   given the terminal directly
//   sandmux run     `sandmux run -p default --`, which relays a pty of its own through
//                   terminal::OutputFilter (terminal/pty_relay.h)
// Two figures per variant: flood throughput (MB/s of `yes | head -c BYTES` read at the
// terminal) and keystroke-to-echo latency (a byte typed at the terminal until it comes back
// from `cat` in raw mode; p50 and p90 over many keys). Prints the ratios sandmux/bwrap.
// Usage: relay_vs_bwrap SANDMUX_BINARY [ROUNDS]
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
constexpr long kFloodBytes = 64L * 1024 * 1024;
constexpr int kKeys = 400;

struct Child {
  pid_t pid;
  int master;
};

/// ARGV as a session leader on a new 80x24 pty; the master comes back.
Child start(const std::vector<std::string>& argv) {
  winsize size{24, 80, 0, 0};
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, &size) != 0) std::exit(1);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::ioctl(slave, TIOCSCTTY, 0);
    for (int fd = 0; fd < 3; ++fd) ::dup2(slave, fd);
    ::close(master);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  ::close(slave);
  return {pid, master};
}

void finish(Child child) {
  ::close(child.master);
  int status = 0;
  ::waitpid(child.pid, &status, 0);
}

/// Reads the terminal until TEXT has arrived (only a tail is kept to look in).
void read_until(int master, const std::string& text) {
  std::string tail;
  char buffer[65536];
  while (tail.find(text) == std::string::npos) {
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) std::exit(1);
    tail.append(buffer, static_cast<std::size_t>(n));
    if (tail.size() > 2 * text.size()) tail.erase(0, tail.size() - 2 * text.size());
  }
}

/// MB/s of a flood read at the terminal, from start to the end of the output.
double flood(const std::vector<std::string>& prefix) {
  std::vector<std::string> argv = prefix;
  argv.insert(argv.end(), {"sh", "-c", "yes 0123456789abcdef | head -c " +
                                           std::to_string(kFloodBytes) + "; echo; echo flood-end"});
  const Clock::time_point begin = Clock::now();
  Child child = start(argv);
  read_until(child.master, "flood-end");
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  finish(child);
  return static_cast<double>(kFloodBytes) / 1e6 / seconds;
}

/// Milliseconds from a key typed to its echo by `cat` in raw mode, for kKeys keys.
std::vector<double> echo_latency(const std::vector<std::string>& prefix) {
  std::vector<std::string> argv = prefix;
  argv.insert(argv.end(), {"sh", "-c", "stty raw -echo; echo cat-ready; exec cat"});
  Child child = start(argv);
  read_until(child.master, "cat-ready");
  std::vector<double> ms;
  char key = 'a';
  for (int i = 0; i < kKeys; ++i) {
    const Clock::time_point begin = Clock::now();
    if (::write(child.master, &key, 1) != 1) std::exit(1);
    char back = 0;
    if (::read(child.master, &back, 1) != 1) std::exit(1);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
  }
  ::kill(child.pid, SIGTERM);
  finish(child);
  return ms;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: relay_vs_bwrap SANDMUX_BINARY [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::vector<std::string> bwrap = {"bwrap", "--ro-bind", "/", "/", "--dev", "/dev",
                                          "--proc", "/proc", "--unshare-all", "--die-with-parent",
                                          "--"};
  const std::vector<std::string> sandmux = {argv[1], "run", "-p", "default", "--"};
  std::vector<double> flood_bwrap, flood_sandmux, echo_bwrap, echo_sandmux;
  for (int round = 0; round < rounds; ++round) {
    flood_bwrap.push_back(flood(bwrap));
    flood_sandmux.push_back(flood(sandmux));
    for (double ms : echo_latency(bwrap)) echo_bwrap.push_back(ms);
    for (double ms : echo_latency(sandmux)) echo_sandmux.push_back(ms);
  }
  const double fb = percentile(flood_bwrap, 0.5);
  const double fs = percentile(flood_sandmux, 0.5);
  std::printf("flood %ld bytes, %d rounds (median MB/s)\n", kFloodBytes, rounds);
  std::printf("  bwrap        %8.1f\n  sandmux run  %8.1f\n  ratio sandmux/bwrap %.3f (aim >= 0.95)\n",
              fb, fs, fs / fb);
  std::printf("key to echo, %d keys per round (ms)      p50      p90\n", kKeys);
  std::printf("  bwrap                               %7.4f  %7.4f\n", percentile(echo_bwrap, 0.5),
              percentile(echo_bwrap, 0.9));
  std::printf("  sandmux run                         %7.4f  %7.4f\n", percentile(echo_sandmux, 0.5),
              percentile(echo_sandmux, 0.9));
  std::printf("  added p50 %.4f ms (aim <= 0.1)\n",
              percentile(echo_sandmux, 0.5) - percentile(echo_bwrap, 0.5));
  return 0;
}
