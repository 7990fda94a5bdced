// Parser throughput on a realistic %output transcript, and allocations per chunk in steady
// state (counted by replacing the global operator new in this binary).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "tmuxctl/control_parser.h"
#include "tmuxctl/output_decoder.h"

namespace {

std::atomic<std::size_t> g_allocations{0};

}  // namespace

// The replacement pair below is malloc/free based on purpose; gcc cannot see that they match.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace sandmux::tmuxctl {
namespace {

/// What a busy agent pane looks like: coloured lines of text with \r\n, some UTF-8, cut into
/// %output lines of a few hundred bytes to a few KB, with the odd notification and reply.
std::string make_transcript(std::size_t target) {
  const std::string sample =
      "\x1b[1;32m\xe2\x9c\x93\x1b[0m src/tmuxctl/control_parser.cc:42: parsed 1024 lines "
      "in 0.3 ms \x1b[2m(\xc3\xa9t\xc3\xa9)\x1b[0m\r\n"
      "    Compiling sandmux v0.1.0 (/work/main) [=====>      ] 45/100\r\n";
  std::string raw;
  while (raw.size() < 64 * 1024) raw += sample;
  std::string out;
  std::size_t at = 0;
  std::size_t cut = 200;
  unsigned counter = 0;
  while (out.size() < target) {
    const std::size_t take = std::min(cut, raw.size() - at);
    out += "%output %" + std::to_string(counter % 4) + " ";
    encode_output(std::string_view(raw).substr(at, take), out);
    out += "\n";
    at = (at + take) % (raw.size() - 4096);
    cut = 200 + (cut * 7 + 331) % 3800;
    if (++counter % 200 == 0) {
      out += "%begin 1795259078 " + std::to_string(counter) + " 1\nline\n%end 1795259078 " +
             std::to_string(counter) + " 1\n%layout-change @1 b25d,80x24,0,0,0 b25d,80x24,0,0,0 *\n";
    }
  }
  return out;
}

class CountingSink final : public EventSink {
 public:
  void on_event(const Event& event) override { bytes += event.data.size(); }
  std::size_t bytes = 0;
};

void BM_ParseTranscript(benchmark::State& state) {
  const std::string transcript = make_transcript(16 << 20);
  const auto chunk = static_cast<std::size_t>(state.range(0));
  ControlParser parser;
  CountingSink sink;
  // Warm up once so that every reused buffer has reached its steady-state capacity.
  parser.feed(transcript, sink);
  std::size_t allocations = 0;
  for (auto _ : state) {
    const std::size_t before = g_allocations.load(std::memory_order_relaxed);
    for (std::size_t at = 0; at < transcript.size(); at += chunk) {
      parser.feed(std::string_view(transcript).substr(at, chunk), sink);
    }
    allocations += g_allocations.load(std::memory_order_relaxed) - before;
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * transcript.size()));
  state.counters["allocs_per_MB"] =
      static_cast<double>(allocations) / (static_cast<double>(state.iterations() * transcript.size()) / 1e6);
  state.counters["decoded_ratio"] = static_cast<double>(sink.bytes) /
                                    static_cast<double>((state.iterations() + 1) * transcript.size());
}
BENCHMARK(BM_ParseTranscript)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);

void BM_DecodeOutput(benchmark::State& state) {
  std::string escaped;
  encode_output(make_transcript(1 << 20), escaped);
  std::string out;
  for (auto _ : state) {
    out.clear();
    decode_output(escaped, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * escaped.size()));
}
BENCHMARK(BM_DecodeOutput)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sandmux::tmuxctl

BENCHMARK_MAIN();
