// An LD_PRELOAD probe for broker_scale: the heap in use of the process it is loaded into
// (the broker), asked for through two FIFOs, because a debugger cannot call malloc_stats()
// on this machine without breaking the process (gdb cannot restore its registers).
// When SANDMUX_BENCH_HEAP_PROBE=DIR is set at start, a thread waits on the FIFO DIR/request;
// for every request it writes one line to the FIFO DIR/answer:
//   "IN_USE OBTAINED\n"  IN_USE = mallinfo2 uordblks + hblkhd (bytes handed out by malloc,
//                        all arenas), OBTAINED = arena + hblkhd (bytes malloc holds).
// Invariants: the constructor removes LD_PRELOAD and SANDMUX_BENCH_HEAP_PROBE from the
// environment, so the processes the broker starts never load the probe; it uses libc only
// (no libstdc++: the broker links its own statically).
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace {

char g_request[4096];
char g_answer[4096];

void* serve_requests(void*) {
  for (;;) {
    const int request = open(g_request, O_RDONLY | O_CLOEXEC);
    if (request < 0) return nullptr;
    char byte;
    const ssize_t got = read(request, &byte, 1);
    close(request);
    if (got != 1) continue;
    const struct mallinfo2 info = mallinfo2();
    char line[128];
    const int length = snprintf(line, sizeof line, "%zu %zu\n", info.uordblks + info.hblkhd,
                                info.arena + info.hblkhd);
    const int answer = open(g_answer, O_WRONLY | O_CLOEXEC);
    if (answer < 0) continue;
    if (write(answer, line, static_cast<size_t>(length)) < 0) {
      // the asker went away; it asks again
    }
    close(answer);
  }
}

__attribute__((constructor)) void start_probe() {
  const char* dir = getenv("SANDMUX_BENCH_HEAP_PROBE");
  if (dir && strlen(dir) < 4000) {
    snprintf(g_request, sizeof g_request, "%s/request", dir);
    snprintf(g_answer, sizeof g_answer, "%s/answer", dir);
    pthread_t thread;
    if (pthread_create(&thread, nullptr, serve_requests, nullptr) == 0) pthread_detach(thread);
  }
  unsetenv("SANDMUX_BENCH_HEAP_PROBE");
  unsetenv("LD_PRELOAD");
}

}  // namespace
