// libFuzzer target for the terminal output filter. Invariants checked on every input:
//  - filtering the input whole and in pseudo-random chunks gives the same bytes;
//  - the filter never holds more than kMaxPending bytes;
//  - what it emits, filtered again, is unchanged;
//  - with the default options no clipboard write, DCS, APC, PM, SOS, title report or
//    8-bit C1 introducer survives (checked on the 7-bit output, where each is plain).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "terminal/output_filter.h"

namespace {

using sandmux::terminal::FilterOptions;
using sandmux::terminal::OutputFilter;

void check(bool condition) {
  if (!condition) std::abort();
}

struct Rng {
  std::uint32_t state;
  std::size_t next(std::size_t bound) {
    state = state * 1664525u + 1013904223u;
    return bound == 0 ? 0 : (state >> 8) % bound;
  }
};

std::string run(std::string_view input, FilterOptions options, Rng* rng) {
  OutputFilter filter(options);
  std::string out;
  while (!input.empty()) {
    const std::size_t take = rng ? 1 + rng->next(std::min<std::size_t>(input.size(), 61)) : input.size();
    filter.feed(input.substr(0, take), out);
    check(filter.pending_bytes() <= OutputFilter::kMaxPending);
    input.remove_prefix(take);
  }
  filter.finish(out);
  return out;
}

void check_nothing_dangerous(std::string_view out) {
  for (std::string_view bad : {"\x1b]52", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b[21t",
                               "\x1b[20t", "\x1bk"}) {
    check(out.find(bad) == std::string_view::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const FilterOptions options{.allow_clipboard = (data[0] & 1) != 0,
                              .drop_queries = (data[0] & 2) != 0};
  Rng rng{data[0] * 2654435761u};
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string whole = run(input, options, nullptr);
  check(whole == run(input, options, &rng));
  check(run(whole, options, nullptr) == whole);
  if (!options.allow_clipboard) check_nothing_dangerous(whole);
  return 0;
}
