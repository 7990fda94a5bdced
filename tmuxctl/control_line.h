#pragma once
/*
 * Classification of one control-mode line that arrives outside a reply block: notifications,
 * guard lines and stray text. Pure functions over a single line. Invariants:
 *  - A recognised notification name with a bad shape yields Malformed (raw line in text);
 *    an unrecognised %word yields Unknown; neither ever aborts the stream.
 *  - Trailing fields that a newer tmux may append are ignored, never rejected.
 *  - Name fields (window, session, client names) are the rest of the line, unmodified.
 */
#include <string>
#include <string_view>

#include "tmuxctl/control_event.h"

namespace sandmux::tmuxctl {

/// Parses "T N F" (three unsigned decimal numbers separated by single spaces, nothing else).
bool parse_guard(std::string_view text, Guard& guard);

/// Fills EVENT from a complete LINE (without '\n') seen outside any block. %output data is
/// decoded into DECODED (cleared first) and event.data points into it. %begin/%end/%error
/// lines are classified as ReplyBegin/StrayGuard here; the caller owns block state.
void classify_line(std::string_view line, Event& event, std::string& decoded);

/// If LINE is exactly "%pause %N" or "%continue %N", fills EVENT and returns true.
bool classify_flow_line(std::string_view line, Event& event);

}  // namespace sandmux::tmuxctl
