#pragma once
// The tmux command lines the broker sends to a jail's server, and the parsing of what
// comes back. Pure: every line is made by tmuxctl's builder (quoting, '#' doubling for
// the format-expanded -n and -c), never by concatenating user text.
// Invariants: user text (names, text to type, paths, env, argv) only ever becomes
// builder arguments; parsers accept only the exact shapes the formats below produce and
// reject everything else (a jail may set its windows' options to anything).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/session.h"
#include "tmuxctl/command_builder.h"

namespace sandmux::broker {

/// The subscription that reports each pane's death and pid: "DEAD STATUS SIGNAL PID".
inline constexpr std::string_view kPaneSubscription = "sandmux-panes";
/// The tmux session in every jail whose windows are the broker's sessions.
inline constexpr std::string_view kTmuxSessionName = "sandmux";

/// Connection setup: remain-on-exit on (windows stay after their command ends, so its
/// output and status can be read) and the pane-state subscription.
tmuxctl::CommandLine setup_command();

/// `new-window -d -P -F '#{window_id} #{pane_id} #{pane_pid}'` in the sandmux session
/// for SESSION (name, project, command) with ENV ("K=V"). A single-word command is run
/// as that program (exec'd through sh -c with quoting), not as shell text.
tmuxctl::Checked<tmuxctl::CommandLine> new_window_command(const Session& session,
                                                          const std::vector<std::string>& env);

struct NewWindowReply {
  std::uint32_t window = 0;
  std::uint32_t pane = 0;
  std::int64_t pid = 0;
};
/// Reads "@W %P PID" (the -F format above).
std::optional<NewWindowReply> parse_new_window_reply(std::string_view line);

/// The window's identity options (@sandmux_id, _name, _profile, _project, _created,
/// _command as a JSON array), window-size manual and resize-window to SESSION.size.
tmuxctl::Checked<tmuxctl::CommandLine> identity_command(std::uint32_t window,
                                                        const Session& session);

/// `list-windows -t =sandmux -F '#{window_id} #{pane_id} #{pane_pid} #{pane_dead}
/// #{pane_dead_status} #{pane_dead_signal} #{window_width} #{window_height}'`: numbers
/// only; dead_status is the exit status or 128 + the signal, absent until tmux knows it.
tmuxctl::CommandLine list_windows_command();
struct WindowLine {
  std::uint32_t window = 0;
  std::uint32_t pane = 0;
  std::int64_t pid = 0;
  bool dead = false;
  std::optional<int> dead_status;
  WindowSize size;
};
std::optional<WindowLine> parse_window_line(std::string_view line);

/// Six `display-message -p -t @W '#{@sandmux_...}'` (id, name, profile, project,
/// created, command): one reply line each when the values hold no newline.
tmuxctl::CommandLine identity_query(std::uint32_t window);
/// The identity read back from identity_query's six lines, validated; JAIL_NAME must be
/// sandbox::jail_name(profile, project), so a jail cannot claim another's identity.
/// nullopt for a window that is not a (valid) sandmux session.
std::optional<Session> parse_identity(const std::vector<std::string>& lines,
                                      std::string_view jail_name);

/// The pane-state subscription's value "DEAD STATUS SIGNAL PID". A dead pane's status
/// comes a moment after it is dead (tmux reads EOF before it reaps the child): until
/// then it has neither status nor signal.
struct PaneState {
  bool dead = false;
  std::optional<int> status;  ///< the exit status, or 128 + the signal that killed it
  std::int64_t pid = 0;
};
std::optional<PaneState> parse_pane_state(std::string_view value);
/// `display-message -p -t %P` with the subscription's format: the same value, now.
tmuxctl::CommandLine pane_state_query(std::uint32_t pane);
/// `run-shell -b :`: makes the server reap its children. Debian's tmux is built with
/// libutempter, which swaps in its own SIGCHLD handler while its helper runs (when a pane
/// closes, for one); a pane process that exits in that window is never reaped, and its
/// pane stays dead without a status (tmux/tmux#311). A job that ends delivers a fresh
/// SIGCHLD, and tmux's handler then reaps every child that has exited.
tmuxctl::CommandLine reap_nudge_command();

/// nullopt when KEY is a plausible tmux key name (C-c, M-Left, Enter, F5, a single
/// printable character), else why not.
std::optional<std::string> key_name_error(std::string_view key);

/// TEXT typed into PANE byte for byte (send-keys -l, and -H for control bytes). Text
/// with line breaks is sent as `paste-buffer -p` would paste it: each "\n" (or "\r\n")
/// becomes "\r", wrapped in ESC[200~ ... ESC[201~ when BRACKETED_PASTE is on.
tmuxctl::Checked<tmuxctl::CommandLine> send_text_command(std::uint32_t pane, std::string_view text,
                                                         bool bracketed_paste);

/// What the ring is missing of a dead pane's final screen. tmux 3.3a drops control-mode
/// output still queued when a pane's process exits (its buffer is freed), so the last
/// lines a quick command printed may never arrive as %output. RING_TAIL is the end of
/// the ring (raw bytes), SCREEN the pane's screen (capture-pane -p, no escapes). The
/// screen lines after the last one also found in the ring (escapes and '\r' removed),
/// ignoring blank lines and tmux's "Pane is dead" line, joined with "\r\n" and ending
/// in one; empty when nothing is missing.
std::string missing_screen_tail(std::string_view ring_tail, const std::vector<std::string>& screen);

/// `send-keys -t %P KEY...` (keys validated first).
tmuxctl::Checked<tmuxctl::CommandLine> send_keys_command(std::uint32_t pane,
                                                         const std::vector<std::string>& keys);
/// `capture-pane -p -t %P [-e] [-S - -E -]`.
tmuxctl::CommandLine capture_command(std::uint32_t pane, bool history, bool escapes);
/// `list-windows -a -F '#{window_id}'`: every window of the server, one "@N" a line
/// (a target like -t @N cannot tell: tmux 3.3a falls back to the current window).
tmuxctl::CommandLine all_windows_query();
/// `switch-client -t =sandmux`: the broker's client back to its session (the command's
/// client is the one that sends it).
tmuxctl::CommandLine return_to_sandmux_command();
/// `kill-window -t @W`.
tmuxctl::CommandLine kill_window_command(std::uint32_t window);

}  // namespace sandmux::broker
