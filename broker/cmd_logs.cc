// sandmux logs NAME [-f] [--since CURSOR] [--raw]
//
// Writes the session's output, as the broker keeps it (a ring of the last bytes, with
// absolute byte cursors), to stdout: unchanged to a pipe or a file, or with --raw; through
// terminal::OutputFilter when stdout is a terminal, so that what the agent wrote cannot
// set the clipboard, answer a title report into the shell, or pass DCS to the terminal
// (queries are dropped too: nobody is there to read their answers). --since CURSOR starts exactly after
// the first CURSOR bytes the session ever wrote; a cursor the ring no longer holds is an
// error ("cursor expired"), never a silent gap. -f keeps following the output until the
// session ends (exited, lost or killed) or sandmux is interrupted: the broker streams
// output events, then answers the request when the session ends.
// With -v, the cursor after the last byte written is printed to stderr at the end, as
// "sandmux: next cursor N": give it to the next `logs --since` to read on exactly there.
#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <unistd.h>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/profile_loading.h"
#include "terminal/output_filter.h"

namespace sandmux::broker {
namespace {

[[noreturn]] void bad_answer(const std::string& why) {
  throw UserError(kExitFailure, "logs: unexpected answer from the broker: " + why);
}

struct LogsOptions {
  LogsParams params;
  bool raw = false;
};

void write_stdout(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    throw UserError(kExitFailure, "logs: writing to stdout failed");
  }
}

/// Stdout, filtered when it is a terminal (and --raw was not given).
class LogsOutput {
 public:
  explicit LogsOutput(bool raw) {
    if (raw || ::isatty(STDOUT_FILENO) == 0) return;
    m_filter.emplace(terminal::FilterOptions{.allow_clipboard = load_user_settings().allow_clipboard,
                                             .drop_queries = true});
  }
  void write(std::string_view bytes) {
    if (!m_filter) return write_stdout(bytes);
    m_buffer.clear();
    m_filter->feed(bytes, m_buffer);
    write_stdout(m_buffer);
  }
  void finish() {
    if (!m_filter) return;
    m_buffer.clear();
    m_filter->finish(m_buffer);
    write_stdout(m_buffer);
  }

 private:
  std::optional<terminal::OutputFilter> m_filter;
  std::string m_buffer;
};

/// Writes the bytes of a `logs` result ({"cursor": C, "next_cursor": N, "data": base64})
/// and returns its next cursor. A SINCE beyond everything written is an error.
std::uint64_t write_result(const boost::json::value& result, std::optional<std::uint64_t> since,
                           LogsOutput& out) {
  const auto* object = result.if_object();
  if (!object) bad_answer("not an object");
  const auto* next = object->if_contains("next_cursor");
  if (!next || !(next->is_uint64() || next->is_int64())) bad_answer("no 'next_cursor'");
  const auto next_cursor = next->to_number<std::uint64_t>();
  if (since && *since > next_cursor) {
    throw UserError(kExitFailure, "logs: cursor " + std::to_string(*since) +
                                      " is beyond the output (next cursor " +
                                      std::to_string(next_cursor) + ")");
  }
  out.write(bytes_from_result(result, "data"));
  return next_cursor;
}

/// Writes output events for NAME until the response to request ID (sent when the
/// session ends); returns the cursor after the last byte written.
std::uint64_t follow(ApiClient& client, const std::string& name, std::int64_t id,
                     LogsOutput& out) {
  std::uint64_t cursor = 0;
  for (;;) {
    ServerMessage message = client.next_message();
    if (const auto* output = std::get_if<OutputEvent>(&message)) {
      if (output->session != name) continue;
      if (output->lost > 0) {
        std::fprintf(stderr, "sandmux: logs: %llu bytes skipped (the output ring overflowed)\n",
                     static_cast<unsigned long long>(output->lost));
      }
      out.write(output->bytes);
      cursor = output->next_cursor;
    } else if (auto* response = std::get_if<Response>(&message); response && response->id == id) {
      if (response->error) {
        throw UserError(exit_code_for_error(response->error->code), response->error->message);
      }
      const auto* object = response->result.if_object();
      const auto* next = object ? object->if_contains("next_cursor") : nullptr;
      return next && next->is_number() ? next->to_number<std::uint64_t>() : cursor;
    }
  }
}

/// True when a `logs` result says more bytes follow its next cursor ("more": true):
/// a broker may answer a large read in pieces, each one line.
bool has_more(const boost::json::value& result) {
  const auto* more = result.as_object().if_contains("more");
  return more && more->is_bool() && more->get_bool();
}

/// Everything retained from PARAMS.since on, piece by piece; the cursor after it.
std::uint64_t read_all(ApiClient& client, LogsParams params, LogsOutput& out) {
  for (;;) {
    const boost::json::value result = client.call(params);
    const std::uint64_t next = write_result(result, params.since, out);
    if (!has_more(result)) return next;
    params.since = next;
  }
}

int run(const LogsOptions& options) {
  const LogsParams& params = options.params;
  check_session_name(params.name);
  LogsOutput out(options.raw);
  ApiClient client = ApiClient::connect();
  const std::uint64_t cursor = params.follow
                                   ? follow(client, params.name, client.send(params), out)
                                   : read_all(client, params, out);
  out.finish();
  if (global_options().verbosity > 0) {
    std::fprintf(stderr, "sandmux: next cursor %llu\n", static_cast<unsigned long long>(cursor));
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<LogsOptions>();
  LogsParams* params = &options->params;
  app.add_option("NAME", params->name, "Session name")->required();
  app.add_flag("-f,--follow", params->follow, "Keep printing new output until the session ends");
  app.add_option("--since", params->since,
                 "Start after this byte cursor (default: the oldest byte kept)")
      ->type_name("CURSOR");
  app.add_flag("--raw", options->raw, "Write the exact bytes to a terminal too (unfiltered)");
  app.footer("To a pipe or a file the output bytes go unchanged. To a terminal they are "
             "filtered: clipboard writes (OSC 52, unless allow_clipboard = true in config.toml), "
             "DCS and tmux passthrough, title reports, terminal queries and other sequences "
             "that act outside the window are dropped; --raw writes the exact bytes anyway. "
             "With -v the next cursor is printed to stderr at the end as "
             "'sandmux: next cursor N', for the next --since.\n"
             "Exit status: 0; 2 usage or invalid name; 125 cursor expired, no such session "
             "or broker unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kLogsCommand;
const Command kLogsCommand = {"logs", "Print a session's output; -f follows it", setup};

}  // namespace sandmux::broker
