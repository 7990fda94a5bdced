#pragma once
// What the running kernel does with an i386 system call, asked without any filter.
//
// A kernel built without IA32 emulation, or booted with it switched off (Linux 6.7+,
// `ia32_emulation=` or CONFIG_IA32_EMULATION_DEFAULT_DISABLED), answers `int 0x80` with a
// general protection fault: the process gets SIGSEGV and the call never reaches the
// syscall table, so no seccomp filter sees it. The sandbox's promise, "an i386 system call
// never runs", then holds through the kernel; the tests that attack it expect SIGSYS where
// the kernel would run the call and SIGSEGV where it cannot.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sandmux::testing {

/// True when `int 0x80` getpid returns this process's pid in an unfiltered child.
inline bool kernel_runs_i386_syscalls() {
  static const bool answer = [] {
    const pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
      long rc = 20;  // __NR_getpid on i386
      asm volatile("int $0x80" : "+a"(rc) : : "memory");
      _exit(rc == static_cast<long>(getpid()) ? 0 : 1);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }();
  return answer;
}

/// The signal that ends an i386 call under the sandbox's filter on this kernel.
inline int signal_ending_a_filtered_i386_call() {
  return kernel_runs_i386_syscalls() ? SIGSYS : SIGSEGV;
}

}  // namespace sandmux::testing
