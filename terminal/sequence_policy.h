#pragma once
// Which escape sequences may travel from a sandbox to the human's real terminal.
//
// The sandbox may paint its window: text, SGR colours, cursor movement, erase, scrolling
// regions, the alternate screen, mouse and paste modes. It may not act outside the window
// or type into the terminal's input. Sources, and the sequence each one names:
//  - xterm's "Control Sequences" (ctlseqs, invisible-island.net/xterm/ctlseqs): OSC 52
//    (clipboard, "Manipulate Selection Data", and its "?" query), XTWINOPS CSI Ps t (20t and
//    21t report the icon label and title as input; 1-9 and >= 24 iconify, move, resize,
//    raise), DECRQSS and XTGETTCAP (DCS $ q, DCS + q: answers echo the request), DECRQCRA
//    (CSI * y: a checksum of screen contents), media copy (CSI i: xterm's printerCommand),
//    KAM (CSI 2 h locks the keyboard), OSC 4/10-19 "?" colour queries.
//  - tmux's input.c and its allow-passthrough option: DCS tmux; ... ST is re-emitted to the
//    outer terminal unchanged, and ESC k ... ST renames the window.
//  - H. D. Moore, "Terminal Emulator Security Issues" (2003; CVE-2003-0063, xterm's title
//    report as an input injection) and D. Leadbeater, "ANSI Terminal security in 2023 and
//    finding 10 CVEs" (dgl.cx/2023/09/ansi-terminal-security: DECRQSS and XTGETTCAP echoes,
//    font and colour reports, iTerm2's OSC 1337 and kitty's APC G file access); E. Gerzi,
//    "Don't Trust This Title" (CyberArk, 2019: title set + report as typed commands).
//
// Decisions. DCS, APC, PM and SOS are dropped whole (sixel images go with them). OSC is an
// allow-list: 0/1/2 (titles: with every report that could echo them dropped, a title has no
// way back into the input) and 8 (hyperlinks); 52 only when the clipboard is allowed, and
// never its "?" read. Queries whose answer is fixed by the terminal (DA, DSR cursor
// position, DECRQM, XTVERSION, size reports) are kept where a program is there to read the
// answer (run, attach) and dropped where the answer would land in the user's shell (logs).
#include <string_view>

namespace sandmux::terminal {

enum class Verdict {
  keep,   ///< Pass the sequence.
  query,  ///< Pass it unless queries are dropped: its answer is fixed by the terminal.
  drop,   ///< Never pass it.
};

/// A CSI sequence, given as what follows "ESC [": parameters, intermediates, final byte.
Verdict classify_csi(std::string_view body);

/// An escape sequence other than CSI, OSC and the strings: its intermediates and final.
Verdict classify_esc(std::string_view body);

/// What to do with an OSC whose content begins with PREFIX.
enum class OscVerdict {
  need_more,  ///< PREFIX does not decide yet; COMPLETE was false.
  keep,       ///< Pass the OSC (its content streams through).
  clipboard,  ///< An OSC 52 write: pass it only when the clipboard is allowed.
  drop,
};

/// PREFIX is the start of an OSC's content; COMPLETE says it is the whole content.
OscVerdict classify_osc(std::string_view prefix, bool complete);

/// The longest OSC prefix classify_osc may ask for before it decides.
inline constexpr std::size_t kMaxOscPrefix = 24;

}  // namespace sandmux::terminal
