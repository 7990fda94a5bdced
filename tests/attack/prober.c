/* sandmux_prober: tries ONE attack (or one benign control) from inside a sandbox.
 *
 *   sandmux_prober PROBE [ARG] run PROBE (connect-abstract takes a socket name)
 *   sandmux_prober --list     print every probe name, one a line
 *
 * Output contract, read by tests/integration/sandbox/attack_*_test.cc:
 *   ATTEMPT <probe>           printed (and flushed) just before the attempt
 *   RESULT ok                 the call succeeded
 *   RESULT errno=<NAME>       the call failed with errno NAME (EPERM, ENOSYS, ...)
 *   SETUP errno=<NAME> <what> the probe could not even get to its attack
 * and exit status 0 once a RESULT line is printed, 2 for usage, 3 after SETUP. A probe
 * the sandbox kills (SIGSYS for the 32-bit ABIs) prints ATTEMPT and no RESULT.
 *
 * Probes that need a controlling terminal either use stdin (the harness gives one) or
 * make their own: fork, setsid, and open a fresh pty slave from posix_openpt.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define X32_SYSCALL_BIT 0x40000000L
#define I386_NR_GETPID 20
#define HIGH_BIT 0x100000000UL
#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_SESSION_KEYRING (-3)
#define BPF_PROG_LOAD 5
#define TIOCL_GETSHIFTSTATE 6

struct clone3_args {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* A probe returns 0 when its call succeeded, else the errno it got. */
typedef int (*probe_fn)(void);

static const char *probe_arg = ""; /* the optional ARG */

static int result_of(long rc) { return rc < 0 ? errno : 0; }

static void setup_failed(int error, const char *what) {
  printf("SETUP errno=%s %s\n", strerrorname_np(error) ? strerrorname_np(error) : "?", what);
  exit(3);
}

/* ---- terminal injection ---- */

static int tiocsti_on(int fd, unsigned long request) {
  char c = '#';
  return result_of(syscall(SYS_ioctl, fd, request, &c));
}

static int open_dev_tty(void) {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) setup_failed(errno, "open /dev/tty");
  return fd;
}

/* In a child in a new session, a fresh pty slave as controlling terminal; REQUEST is then
 * tried on it and the child's exit status carries the errno back. */
static int on_own_pty(unsigned long request, unsigned char arg) {
  pid_t pid = fork();
  if (pid < 0) return errno;
  if (pid == 0) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) _exit(200);
    if (setsid() < 0) _exit(201);
    int slave = open(ptsname(master), O_RDWR); /* becomes the controlling terminal */
    if (slave < 0) _exit(202);
    ioctl(slave, TIOCSCTTY, 0);
    unsigned char c = arg;
    _exit(result_of(syscall(SYS_ioctl, slave, request, &c)));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status)) return 255;
  if (WEXITSTATUS(status) >= 200 && WEXITSTATUS(status) <= 202) setup_failed(EIO, "own pty");
  return WEXITSTATUS(status);
}

static int tiocsti_stdin(void) { return tiocsti_on(0, TIOCSTI); }
static int tiocsti_stdin_highbit(void) { return tiocsti_on(0, HIGH_BIT | TIOCSTI); }
static int tiocsti_devtty(void) { return tiocsti_on(open_dev_tty(), TIOCSTI); }
static int tiocsti_devtty_highbit(void) { return tiocsti_on(open_dev_tty(), HIGH_BIT | TIOCSTI); }
static int tiocsti_pty(void) { return on_own_pty(TIOCSTI, '#'); }
static int tiocsti_pty_highbit(void) { return on_own_pty(HIGH_BIT | TIOCSTI, '#'); }
static int tioclinux_pty(void) { return on_own_pty(TIOCLINUX, TIOCL_GETSHIFTSTATE); }
static int tioclinux_stdin(void) {
  char c = TIOCL_GETSHIFTSTATE;
  return result_of(ioctl(0, TIOCLINUX, &c));
}

/* ---- namespaces and mounts ---- */

static int clone3_plain(void) {
  struct clone3_args args;
  memset(&args, 0, sizeof args);
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
  return result_of(pid);
}

static int clone3_newuser(void) {
  struct clone3_args args;
  memset(&args, 0, sizeof args);
  args.flags = CLONE_NEWUSER;
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
  return result_of(pid);
}

static int clone_with(unsigned long flags) {
  long pid = syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
  return result_of(pid);
}

static int clone_newuser(void) { return clone_with(CLONE_NEWUSER); }
static int unshare_user(void) { return result_of(unshare(CLONE_NEWUSER)); }
static int unshare_mount(void) { return result_of(unshare(CLONE_NEWNS)); }
static int unshare_net(void) { return result_of(unshare(CLONE_NEWNET)); }
static int mount_tmpfs(void) { return result_of(mount("none", "/tmp", "tmpfs", 0, NULL)); }
static int umount_usr(void) { return result_of(umount2("/usr", MNT_DETACH)); }
static int chroot_root(void) { return result_of(chroot("/")); }
static int fsopen_tmpfs(void) { return result_of(syscall(SYS_fsopen, "tmpfs", 0)); }
static int open_tree_root(void) {
  return result_of(syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */));
}
static int setns_net(void) {
  int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (fd < 0) setup_failed(errno, "open /proc/self/ns/net");
  return result_of(setns(fd, CLONE_NEWNET));
}

/* ---- other processes, kernel interfaces ---- */

static int ptrace_attach_init(void) { return result_of(ptrace(PTRACE_ATTACH, 1, NULL, NULL)); }
static int ptrace_traceme(void) { return result_of(ptrace(PTRACE_TRACEME, 0, NULL, NULL)); }

static int process_vm_readv_self(void) {
  char source[8] = "secret", target[8];
  struct iovec local = {target, sizeof target}, remote = {source, sizeof source};
  return result_of(process_vm_readv(getpid(), &local, 1, &remote, 1, 0));
}

static int process_vm_writev_self(void) {
  char source[8] = "payload", target[8];
  struct iovec local = {source, sizeof source}, remote = {target, sizeof target};
  return result_of(process_vm_writev(getpid(), &local, 1, &remote, 1, 0));
}

static int syslog_read(void) {
  char buffer[64];
  return result_of(syscall(SYS_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, buffer, sizeof buffer));
}

static int open_by_handle_at_probe(void) {
  char handle[sizeof(struct file_handle) + 8];
  memset(handle, 0, sizeof handle);
  ((struct file_handle *)handle)->handle_bytes = 8;
  return result_of(syscall(SYS_open_by_handle_at, AT_FDCWD, handle, O_RDONLY));
}

static int perf_event_open_self(void) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  attr.exclude_kernel = 1;
  return result_of(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
}

static int bpf_prog_load(void) {
  char attr[128];
  memset(attr, 0, sizeof attr);
  return result_of(syscall(SYS_bpf, BPF_PROG_LOAD, attr, sizeof attr));
}

static int userfaultfd_open(void) { return result_of(syscall(SYS_userfaultfd, O_CLOEXEC)); }

static int io_uring_setup_probe(void) {
  char params[120]; /* struct io_uring_params */
  memset(params, 0, sizeof params);
  return result_of(syscall(SYS_io_uring_setup, 4, params));
}

static int keyctl_session(void) {
  return result_of(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
}
static int add_key_user(void) {
  return result_of(syscall(SYS_add_key, "user", "sandmux", "x", 1, KEY_SPEC_SESSION_KEYRING));
}

static int personality_linux32(void) { return result_of(syscall(SYS_personality, PER_LINUX32)); }
static int personality_linux32_highbit(void) {
  return result_of(syscall(SYS_personality, HIGH_BIT | PER_LINUX32));
}
static int personality_query(void) { return result_of(syscall(SYS_personality, 0xffffffffUL)); }
static int personality_default(void) { return result_of(syscall(SYS_personality, PER_LINUX)); }

/* ---- socket families ---- */

static int socket_of(int family, int type) {
  int fd = socket(family, type | SOCK_CLOEXEC, 0);
  if (fd >= 0) close(fd);
  return result_of(fd);
}

static int socket_netlink(void) { return socket_of(AF_NETLINK, SOCK_RAW); }
static int socket_packet(void) { return socket_of(AF_PACKET, SOCK_RAW); }
static int socket_bluetooth(void) { return socket_of(AF_BLUETOOTH, SOCK_STREAM); }
static int socket_vsock(void) { return socket_of(AF_VSOCK, SOCK_STREAM); }
static int socket_inet(void) { return socket_of(AF_INET, SOCK_STREAM); }
static int socket_inet6(void) { return socket_of(AF_INET6, SOCK_STREAM); }
static int socket_unix(void) { return socket_of(AF_UNIX, SOCK_STREAM); }
/* A host abstract unix socket: reachable with a shared network unless Landlock scopes it. */
static int connect_abstract(void) {
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  size_t length = strnlen(probe_arg, sizeof address.sun_path - 1);
  memcpy(address.sun_path + 1, probe_arg, length);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) setup_failed(errno, "socket(AF_UNIX)");
  socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length);
  return result_of(connect(fd, (const struct sockaddr *)&address, size));
}

static int socketpair_netlink(void) {
  int fds[2];
  return result_of(socketpair(AF_NETLINK, SOCK_RAW, 0, fds));
}
static int socketpair_unix(void) {
  int fds[2];
  return result_of(socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
}

/* ---- other ABIs ---- */

static int i386_getpid(void) {
  long rc = I386_NR_GETPID;
  __asm__ volatile("int $0x80" : "+a"(rc) : : "memory");
  return rc < 0 ? (int)-rc : 0;
}

static int x32_getpid(void) { return result_of(syscall(X32_SYSCALL_BIT | SYS_getpid)); }

/* ---- benign controls ---- */

static void *thread_body(void *arg) { return arg; }

static int threads(void) {
  pthread_t thread;
  int error = pthread_create(&thread, NULL, thread_body, NULL);
  if (error == 0) error = pthread_join(thread, NULL);
  return error;
}

static int fork_wait(void) {
  pid_t pid = fork();
  if (pid == 0) _exit(7);
  if (pid < 0) return errno;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return errno;
  return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : ECHILD;
}

static int tiocgwinsz_pty(void) {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) setup_failed(errno, "posix_openpt");
  struct winsize size;
  return result_of(ioctl(master, TIOCGWINSZ, &size));
}

static int getpid_native(void) { return result_of(syscall(SYS_getpid)); }

static const struct {
  const char *name;
  probe_fn run;
} probes[] = {
    {"tiocsti-stdin", tiocsti_stdin},
    {"tiocsti-stdin-highbit", tiocsti_stdin_highbit},
    {"tiocsti-devtty", tiocsti_devtty},
    {"tiocsti-devtty-highbit", tiocsti_devtty_highbit},
    {"tiocsti-pty", tiocsti_pty},
    {"tiocsti-pty-highbit", tiocsti_pty_highbit},
    {"tioclinux-stdin", tioclinux_stdin},
    {"tioclinux-pty", tioclinux_pty},
    {"clone3", clone3_plain},
    {"clone3-newuser", clone3_newuser},
    {"clone-newuser", clone_newuser},
    {"unshare-user", unshare_user},
    {"unshare-mount", unshare_mount},
    {"unshare-net", unshare_net},
    {"mount", mount_tmpfs},
    {"umount", umount_usr},
    {"chroot", chroot_root},
    {"setns", setns_net},
    {"fsopen", fsopen_tmpfs},
    {"open-tree", open_tree_root},
    {"ptrace-attach-init", ptrace_attach_init},
    {"ptrace-traceme", ptrace_traceme},
    {"process-vm-readv", process_vm_readv_self},
    {"process-vm-writev", process_vm_writev_self},
    {"syslog", syslog_read},
    {"open-by-handle-at", open_by_handle_at_probe},
    {"perf-event-open", perf_event_open_self},
    {"bpf", bpf_prog_load},
    {"userfaultfd", userfaultfd_open},
    {"io-uring-setup", io_uring_setup_probe},
    {"keyctl", keyctl_session},
    {"add-key", add_key_user},
    {"personality-linux32", personality_linux32},
    {"personality-linux32-highbit", personality_linux32_highbit},
    {"socket-netlink", socket_netlink},
    {"socket-packet", socket_packet},
    {"socket-bluetooth", socket_bluetooth},
    {"socket-vsock", socket_vsock},
    {"socketpair-netlink", socketpair_netlink},
    {"connect-abstract", connect_abstract},
    {"i386-getpid", i386_getpid},
    {"x32-getpid", x32_getpid},
    /* benign controls */
    {"threads", threads},
    {"fork", fork_wait},
    {"socket-inet", socket_inet},
    {"socket-inet6", socket_inet6},
    {"socket-unix", socket_unix},
    {"socketpair-unix", socketpair_unix},
    {"personality-query", personality_query},
    {"personality-default", personality_default},
    {"tiocgwinsz", tiocgwinsz_pty},
    {"getpid", getpid_native},
};

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: sandmux_prober PROBE [ARG] | --list\n");
    return 2;
  }
  if (argc == 3) probe_arg = argv[2];
  const struct rlimit no_core = {0, 0}; /* SIGSYS would dump core */
  setrlimit(RLIMIT_CORE, &no_core);
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; ++i) {
    if (strcmp(argv[1], "--list") == 0) {
      puts(probes[i].name);
      continue;
    }
    if (strcmp(argv[1], probes[i].name) != 0) continue;
    printf("ATTEMPT %s\n", probes[i].name);
    fflush(stdout);
    int error = probes[i].run();
    if (error == 0)
      printf("RESULT ok\n");
    else if (strerrorname_np(error))
      printf("RESULT errno=%s\n", strerrorname_np(error));
    else
      printf("RESULT errno=%d\n", error);
    return 0;
  }
  if (strcmp(argv[1], "--list") == 0) return 0;
  fprintf(stderr, "sandmux_prober: unknown probe '%s'\n", argv[1]);
  return 2;
}
