/*
 * tmux 3.3a command names and aliases. Invariant: kCommands is the full 3.3a table, so a
 * name missing here is one tmux would reject (or resolve as a prefix, which we refuse).
 */
#include "tmuxctl/command_names.h"

#include <utility>

namespace sandmux::tmuxctl {
namespace {

constexpr std::string_view kCommands[] = {
    "attach-session", "bind-key", "break-pane", "capture-pane", "choose-buffer",
    "choose-client", "choose-tree", "clear-history", "clear-prompt-history", "clock-mode",
    "command-prompt", "confirm-before", "copy-mode", "customize-mode", "delete-buffer",
    "detach-client", "display-menu", "display-message", "display-panes", "display-popup",
    "find-window", "has-session", "if-shell", "join-pane", "kill-pane", "kill-server",
    "kill-session", "kill-window", "last-pane", "last-window", "link-window", "list-buffers",
    "list-clients", "list-commands", "list-keys", "list-panes", "list-sessions",
    "list-windows", "load-buffer", "lock-client", "lock-server", "lock-session", "move-pane",
    "move-window", "new-session", "new-window", "next-layout", "next-window", "paste-buffer",
    "pipe-pane", "previous-layout", "previous-window", "refresh-client", "rename-session",
    "rename-window", "resize-pane", "resize-window", "respawn-pane", "respawn-window",
    "rotate-window", "run-shell", "save-buffer", "select-layout", "select-pane",
    "select-window", "send-keys", "send-prefix", "server-info", "set-buffer",
    "set-environment", "set-hook", "set-option", "set-window-option", "show-buffer",
    "show-environment", "show-hooks", "show-messages", "show-options", "show-prompt-history",
    "show-window-options", "source-file", "split-window", "start-server", "suspend-client",
    "swap-pane", "swap-window", "switch-client", "unbind-key", "unlink-window", "wait-for",
};

constexpr std::string_view kRunsCommands[] = {
    "if-shell", "source-file", "confirm-before", "command-prompt", "display-menu",
};

using Alias = std::pair<std::string_view, std::string_view>;
constexpr Alias kAliases[] = {
    {"attach", "attach-session"}, {"a", "attach-session"}, {"bind", "bind-key"},
    {"breakp", "break-pane"}, {"capturep", "capture-pane"}, {"clearhist", "clear-history"},
    {"clearphist", "clear-prompt-history"}, {"confirm", "confirm-before"},
    {"deleteb", "delete-buffer"}, {"detach", "detach-client"},
    {"menu", "display-menu"}, {"display", "display-message"}, {"displayp", "display-panes"},
    {"popup", "display-popup"}, {"findw", "find-window"}, {"has", "has-session"},
    {"if", "if-shell"}, {"joinp", "join-pane"}, {"killp", "kill-pane"},
    {"killw", "kill-window"}, {"lastp", "last-pane"}, {"last", "last-window"},
    {"linkw", "link-window"}, {"lsb", "list-buffers"}, {"lsc", "list-clients"},
    {"lscm", "list-commands"}, {"lsk", "list-keys"}, {"lsp", "list-panes"},
    {"ls", "list-sessions"}, {"lsw", "list-windows"}, {"loadb", "load-buffer"},
    {"lockc", "lock-client"}, {"lock", "lock-server"}, {"locks", "lock-session"},
    {"movep", "move-pane"}, {"movew", "move-window"}, {"new", "new-session"},
    {"neww", "new-window"}, {"nextl", "next-layout"}, {"next", "next-window"},
    {"pasteb", "paste-buffer"}, {"pipep", "pipe-pane"}, {"prevl", "previous-layout"},
    {"prev", "previous-window"}, {"refresh", "refresh-client"}, {"rename", "rename-session"},
    {"renamew", "rename-window"}, {"resizep", "resize-pane"}, {"resizew", "resize-window"},
    {"respawnp", "respawn-pane"}, {"respawnw", "respawn-window"}, {"rotatew", "rotate-window"},
    {"run", "run-shell"}, {"saveb", "save-buffer"}, {"selectl", "select-layout"},
    {"selectp", "select-pane"}, {"selectw", "select-window"}, {"send", "send-keys"},
    {"info", "server-info"}, {"setb", "set-buffer"}, {"setenv", "set-environment"},
    {"set", "set-option"}, {"setw", "set-window-option"}, {"showb", "show-buffer"},
    {"showenv", "show-environment"}, {"show", "show-options"}, {"showw", "show-window-options"},
    {"source", "source-file"}, {"splitw", "split-window"}, {"start", "start-server"},
    {"suspendc", "suspend-client"}, {"swapp", "swap-pane"}, {"switchc", "switch-client"},
    {"swapw", "swap-window"}, {"unbind", "unbind-key"}, {"unlinkw", "unlink-window"},
    {"wait", "wait-for"},
};

}  // namespace

std::string_view canonical_command(std::string_view name) {
  for (const auto& command : kCommands) {
    if (command == name) return command;
  }
  for (const auto& [alias, command] : kAliases) {
    if (alias == name) return command;
  }
  return {};
}

bool may_run_commands(std::string_view name) {
  if (name.empty()) return false;
  const auto full = canonical_command(name);
  for (const auto& command : kRunsCommands) {
    if (full.empty() ? command.substr(0, name.size()) == name : full == command) return true;
  }
  return false;
}

}  // namespace sandmux::tmuxctl
