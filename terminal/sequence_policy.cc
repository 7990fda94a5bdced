#include "terminal/sequence_policy.h"

#include <charconv>
#include <vector>

namespace sandmux::terminal {
namespace {

/// A CSI body taken apart: private marker, numeric parameters, intermediates, final.
struct Csi {
  char marker = 0;
  std::vector<int> params;  // an empty parameter is 0
  std::string_view intermediates;
  char final_byte = 0;
};

Csi split_csi(std::string_view body) {
  Csi csi;
  if (body.empty()) return csi;
  csi.final_byte = body.back();
  body.remove_suffix(1);
  if (!body.empty() && body.front() >= '<' && body.front() <= '?') {
    csi.marker = body.front();
    body.remove_prefix(1);
  }
  std::size_t end = body.size();
  while (end > 0 && body[end - 1] >= 0x20 && body[end - 1] <= 0x2f) --end;
  csi.intermediates = body.substr(end);
  body = body.substr(0, end);
  int value = 0;
  for (char c : body) {
    if (c >= '0' && c <= '9') {
      value = value > 99999 ? value : value * 10 + (c - '0');
    } else {
      csi.params.push_back(value);  // ';' and ':' both separate
      value = 0;
    }
  }
  csi.params.push_back(value);
  return csi;
}

bool has_param(const Csi& csi, int value) {
  for (int p : csi.params) {
    if (p == value) return true;
  }
  return false;
}

/// XTWINOPS without marker or intermediates: only the pure size reports and the title
/// stack stay; the rest act on the window (1-13, >= 24) or echo the title (20, 21).
Verdict window_op(const Csi& csi) {
  switch (csi.params.front()) {
    case 14: case 16: case 18: case 19: return Verdict::query;
    case 22: case 23: return Verdict::keep;
    default: return Verdict::drop;
  }
}

Verdict classify(const Csi& csi) {
  const std::string_view in = csi.intermediates;
  switch (csi.final_byte) {
    case 't': return csi.marker == 0 && in.empty() ? window_op(csi) : Verdict::keep;
    case 'i': return Verdict::drop;                                        // media copy
    case 'y': return Verdict::drop;                                        // DECTST, DECRQCRA
    case 'h': case 'l':                                                    // KAM locks the keys
      return csi.marker == 0 && in.empty() && has_param(csi, 2) ? Verdict::drop : Verdict::keep;
    case 'c': return Verdict::query;                                       // DA1, DA2, DA3
    case 'n': return csi.marker == '>' ? Verdict::keep : Verdict::query;   // DSR
    case 'p': return in == "$" ? Verdict::query : Verdict::keep;           // DECRQM
    case 'q': return csi.marker == '>' ? Verdict::query : Verdict::keep;   // XTVERSION
    case 'u': return csi.marker == '?' ? Verdict::query : Verdict::keep;   // kitty keys
    case 'x': return csi.marker == 0 && in.empty() ? Verdict::query : Verdict::keep;  // DECREQTPARM
    case 'w': return in == "$" ? Verdict::query : Verdict::keep;           // DECRQPSR
    case 'S': return csi.marker == '?' ? Verdict::query : Verdict::keep;   // XTSMGRAPHICS
    case 'm': return csi.marker == '?' ? Verdict::query : Verdict::keep;   // XTQMODKEYS
    case 'R': return in == "#" ? Verdict::query : Verdict::keep;           // XTREPORTCOLORS
    case '|': return in == "#" || in == "'" ? Verdict::query : Verdict::keep;
    default: return Verdict::keep;
  }
}

bool is_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// "52;SEL;DATA": a write unless DATA is "?" (a read of the clipboard, answered as input).
OscVerdict classify_clipboard(std::string_view rest, bool complete) {
  const std::size_t semicolon = rest.find(';');
  if (semicolon == std::string_view::npos) {
    if (complete || rest.size() > 16) return OscVerdict::drop;
    return OscVerdict::need_more;
  }
  for (char c : rest.substr(0, semicolon)) {
    if (!(c == 'c' || c == 'p' || c == 'q' || c == 's' || (c >= '0' && c <= '7'))) {
      return OscVerdict::drop;
    }
  }
  const std::string_view data = rest.substr(semicolon + 1);
  if (data.empty()) return complete ? OscVerdict::clipboard : OscVerdict::need_more;
  return data.front() == '?' ? OscVerdict::drop : OscVerdict::clipboard;
}

}  // namespace

Verdict classify_csi(std::string_view body) { return classify(split_csi(body)); }

Verdict classify_esc(std::string_view body) {
  return body == "Z" ? Verdict::query : Verdict::keep;  // DECID is DA's old spelling
}

OscVerdict classify_osc(std::string_view prefix, bool complete) {
  const std::size_t semicolon = prefix.find(';');
  if (semicolon == std::string_view::npos) {
    if (complete || prefix.size() > 8 || (!prefix.empty() && !is_digits(prefix))) {
      return OscVerdict::drop;
    }
    return OscVerdict::need_more;
  }
  const std::string_view number = prefix.substr(0, semicolon);
  // A short number only: "0000052" must not pass as a title.
  if (!is_digits(number) || number.size() > 4) return OscVerdict::drop;
  int value = 0;
  std::from_chars(number.data(), number.data() + number.size(), value);
  switch (value) {
    case 0: case 1: case 2: case 8: return OscVerdict::keep;
    case 52: return classify_clipboard(prefix.substr(semicolon + 1), complete);
    default: return OscVerdict::drop;
  }
}

}  // namespace sandmux::terminal
