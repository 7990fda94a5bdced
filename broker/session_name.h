#pragma once
// Session names: user text that ends up in tmux user options, window names and log
// lines, so it is restricted to [A-Za-z0-9._-], 1..64 characters, no leading '-'.
// Invariants: a name accepted by session_name_error() contains no tmux command
// separator (';'), no quote, no format ('#{}'), no whitespace or control byte and
// cannot be mistaken for an option; every message quotes user text with
// quote_for_message(), so an error stays one printable ASCII line whatever was typed.
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sandmux::broker {

inline constexpr std::size_t kMaxSessionNameLength = 64;

/// nullopt when NAME is a valid session name, otherwise one line saying why, e.g.
/// "invalid session name 'a;b': ';' is not allowed (use letters, digits, '.', '_' and '-')".
std::optional<std::string> session_name_error(std::string_view name);

/// TEXT in single quotes, printable ASCII kept, '\'' and '\\' backslash-escaped, every
/// other byte (control, DEL, non-ASCII) shown as \xHH. Longer than MAX_BYTES of input,
/// the text is cut and "..." follows the closing quote.
std::string quote_for_message(std::string_view text, std::size_t max_bytes = 80);

/// True when NAME is already used by a session.
using NameTaken = std::function<bool(std::string_view name)>;

/// A valid name for a session the user did not name: the basename of COMMAND's first
/// word with invalid bytes replaced by '_' (or "session" when nothing usable is left),
/// then "-N" with the smallest N >= 1 that TAKEN rejects. "/usr/bin/opencode" gives
/// "opencode-1", then "opencode-2".
std::string default_session_name(std::span<const std::string> command, const NameTaken& taken);

}  // namespace sandmux::broker
