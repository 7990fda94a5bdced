// libFuzzer target for the control-mode parser (and the pure helpers around it).
// Invariants checked on every input:
//  - parsing the input whole and in pseudo-random chunks gives the same events;
//  - the parser never holds more than max_line pending bytes;
//  - Utf8Assembler in pass-through mode returns the input byte for byte, whatever the cuts;
//  - a quoted argument is one word of a command line that CommandLine::parse accepts.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tmuxctl/command_builder.h"
#include "tmuxctl/control_parser.h"
#include "tmuxctl/utf8_assembler.h"

namespace {

using sandmux::tmuxctl::ControlParser;
using sandmux::tmuxctl::Event;

void check(bool condition) {
  if (!condition) std::abort();
}

/// A small deterministic generator seeded from the input, for chunk sizes.
struct Rng {
  std::uint32_t state;
  std::size_t next(std::size_t bound) {
    state = state * 1664525u + 1013904223u;
    return bound == 0 ? 0 : (state >> 8) % bound;
  }
};

std::vector<std::string> parse(std::string_view input, std::size_t max_line, Rng* rng) {
  ControlParser parser(max_line);
  std::vector<std::string> events;
  auto sink = [&](const Event& event) { events.push_back(sandmux::tmuxctl::describe(event)); };
  while (!input.empty()) {
    const std::size_t take = rng ? 1 + rng->next(std::min<std::size_t>(input.size(), 97)) : input.size();
    parser.feed_with(input.substr(0, take), sink);
    check(parser.pending_bytes() <= max_line);
    input.remove_prefix(take);
  }
  return events;
}

void check_utf8(std::string_view input, Rng& rng) {
  sandmux::tmuxctl::Utf8Assembler assembler;
  std::string out;
  std::string_view rest = input;
  while (!rest.empty()) {
    const std::size_t take = 1 + rng.next(std::min<std::size_t>(rest.size(), 7));
    assembler.push(rest.substr(0, take), out);
    check(assembler.pending() <= 3);
    rest.remove_prefix(take);
  }
  assembler.flush(out);
  check(out == input);
}

void check_quote(std::string_view input) {
  const auto quoted = sandmux::tmuxctl::quote_argument(input.substr(0, 64));
  if (!quoted) return;
  const auto line = sandmux::tmuxctl::CommandLine::parse("display-message -p " + *quoted);
  check(line.value.has_value() && line.value->commands() == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max_line = 8 + data[0] * 4u;
  Rng rng{data[1] * 2654435761u};
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  check(parse(input, max_line, nullptr) == parse(input, max_line, &rng));
  check_utf8(input, rng);
  check_quote(input);
  return 0;
}
