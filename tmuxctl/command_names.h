#pragma once
/*
 * The tmux 3.3a command table as far as a control client needs it: full names, aliases,
 * and which commands run other tmux commands. Invariant: a command that can queue further
 * commands (and so produce an unpredictable number of reply blocks) is never "allowed".
 *
 * Commands that FORMAT-EXPAND their arguments (checked on tmux 3.3a): display-message
 * (message), rename-window, rename-session, new-window -n and -c, new-session -s, -n and -c,
 * split-window -c, run-shell, if-shell, and anything given -F. NOT expanded: set-buffer data,
 * set-option/set-environment values, send-keys (without -F), targets. Pass user text to the
 * expanding ones through Command::format_text(), which doubles '#'.
 */
#include <string_view>

namespace sandmux::tmuxctl {

/// The full command name for NAME if it is a full name or an alias (display -> display-message),
/// else an empty view. Unique prefixes, which tmux also accepts, are not resolved here.
std::string_view canonical_command(std::string_view name);

/// True if NAME (full, alias or any prefix of a full name) can designate a command that runs
/// other tmux commands: if-shell, source-file, confirm-before, command-prompt, display-menu.
bool may_run_commands(std::string_view name);

}  // namespace sandmux::tmuxctl
