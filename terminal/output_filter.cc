#include "terminal/output_filter.h"

namespace sandmux::terminal {
namespace {

constexpr std::uint8_t kEsc = 0x1b;
constexpr std::uint8_t kBel = 0x07;
constexpr std::uint8_t kCan = 0x18;
constexpr std::uint8_t kSub = 0x1a;
constexpr std::uint8_t kDel = 0x7f;
constexpr std::uint8_t kSt = 0x9c;
constexpr std::size_t kMaxIntermediates = 16;

bool is_base64(std::uint8_t b) {
  return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
         b == '+' || b == '/' || b == '=';
}

bool has_intermediate(std::string_view seq) {
  for (char c : seq) {
    if (c >= 0x20 && c <= 0x2f) return true;
  }
  return false;
}

}  // namespace

void OutputFilter::feed(std::string_view input, std::string& out) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(input.data());
  const auto* const end = p + input.size();
  while (p != end) {
    if (m_state == State::ground && !m_held_c2 && m_utf8_left == 0) {
      const auto* run = p;  // plain ASCII text, the common case, is copied in one go
      while (run != end && *run < 0x80 && *run != kEsc) ++run;
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(run - p));
      p = run;
      if (p == end) break;
    }
    decode(*p++, out);
  }
}

void OutputFilter::finish(std::string& out) {
  if (m_held_c2) {
    m_held_c2 = false;
    unit(0xc2, out);
  }
  if (m_state == State::osc_stream) out += "\x1b\\";  // leave the terminal in no string
  m_utf8_left = 0;
  to_ground();
}

// UTF-8 just enough to tell C1 controls from continuation bytes.
void OutputFilter::decode(std::uint8_t byte, std::string& out) {
  if (m_held_c2) {
    m_held_c2 = false;
    if (byte >= 0x80 && byte <= 0x9f) {
      m_utf8_left = 0;
      c1(byte, out);
      return;
    }
    m_utf8_left = 1;
    unit(0xc2, out);
  }
  if (byte < 0x80) {
    m_utf8_left = 0;
  } else if (byte <= 0xbf) {
    if (m_utf8_left > 0) {
      --m_utf8_left;
    } else if (byte <= 0x9f) {
      c1(byte, out);  // a lone C1 byte: an 8-bit terminal would obey it
      return;
    }
  } else if (byte == 0xc2) {
    m_held_c2 = true;
    m_utf8_left = 0;
    return;
  } else {
    m_utf8_left = byte >= 0xf8 ? 0 : byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : 1;
  }
  unit(byte, out);
}

// A C1 control: ST ends a string; any other one starts afresh as its 7-bit ESC form.
void OutputFilter::c1(std::uint8_t code, std::string& out) {
  if (m_state == State::osc_stream) out += "\x1b\\";
  if (code == kSt) {
    if (m_state == State::osc_prefix) {
      end_osc_prefix("\x1b\\", out);
    } else {
      to_ground();
    }
    return;
  }
  if (m_state == State::osc_prefix) end_osc_prefix("\x1b\\", out);
  start_escape();
  unit(static_cast<std::uint8_t>(code - 0x40), out);
}

void OutputFilter::unit(std::uint8_t byte, std::string& out) {
  switch (m_state) {
    case State::ground:
      if (byte == kEsc) {
        start_escape();
      } else {
        out.push_back(static_cast<char>(byte));
      }
      return;
    case State::escape: return on_escape(byte, out);
    case State::csi:
    case State::csi_ignore: return on_csi(byte, out);
    case State::osc_prefix: return on_osc_prefix(byte, out);
    case State::osc_stream: return on_osc_stream(byte, out);
    case State::string_drop: return on_string_drop(byte, out);
  }
}

void OutputFilter::start_escape() {
  m_seq.clear();
  m_esc_in_string = false;
  m_state = State::escape;
}

void OutputFilter::to_ground() {
  m_seq.clear();
  m_esc_in_string = false;
  m_state = State::ground;
}

bool OutputFilter::allowed(Verdict verdict) const {
  return verdict == Verdict::keep || (verdict == Verdict::query && !m_options.drop_queries);
}

void OutputFilter::on_escape(std::uint8_t byte, std::string& out) {
  if (byte == kEsc) return start_escape();
  if (byte == kCan || byte == kSub || byte >= 0x80) {
    to_ground();
    if (byte >= 0x80) out.push_back(static_cast<char>(byte));
    return;
  }
  if (byte < 0x20) {
    out.push_back(static_cast<char>(byte));  // C0 controls act in the middle of a sequence
    return;
  }
  if (byte == kDel) return;
  if (byte <= 0x2f) {
    m_seq.push_back(static_cast<char>(byte));
    if (m_seq.size() > kMaxIntermediates) m_state = State::csi_ignore;
    return;
  }
  if (m_seq.empty()) {
    switch (byte) {
      case '[': m_state = State::csi; return;
      case ']': m_state = State::osc_prefix; return;
      case 'P': case 'X': case '^': return start_string_drop(false);  // DCS, SOS, PM
      case '_': case 'k': return start_string_drop(true);             // APC, tmux's rename
      default: break;
    }
  }
  m_seq.push_back(static_cast<char>(byte));
  if (allowed(classify_esc(m_seq))) {
    out.push_back(static_cast<char>(kEsc));
    out += m_seq;
  }
  to_ground();
}

void OutputFilter::on_csi(std::uint8_t byte, std::string& out) {
  if (byte == kEsc) return start_escape();
  if (byte == kCan || byte == kSub) return to_ground();
  if (byte < 0x20) {
    out.push_back(static_cast<char>(byte));
    return;
  }
  if (byte == kDel) return;
  if (byte >= 0x80) {
    m_state = State::csi_ignore;
    return;
  }
  if (byte >= 0x40) {  // the final byte
    if (m_state == State::csi) {
      m_seq.push_back(static_cast<char>(byte));
      if (allowed(classify_csi(m_seq))) {
        out += "\x1b[";
        out += m_seq;
      }
    }
    return to_ground();
  }
  if (m_state == State::csi_ignore) return;
  // A marker after the start, or a parameter after an intermediate: xterm ignores it all.
  const bool misplaced = (byte >= 0x3c && byte <= 0x3f && !m_seq.empty()) ||
                         (byte >= 0x30 && byte <= 0x3f && has_intermediate(m_seq));
  if (misplaced || m_seq.size() + 1 >= kMaxPending) {
    m_seq.clear();
    m_state = State::csi_ignore;
    return;
  }
  m_seq.push_back(static_cast<char>(byte));
}

void OutputFilter::on_osc_prefix(std::uint8_t byte, std::string& out) {
  if (m_esc_in_string) {
    m_esc_in_string = false;
    end_osc_prefix("\x1b\\", out);
    if (byte != '\\') {
      start_escape();
      unit(byte, out);
    }
    return;
  }
  if (byte == kEsc) {
    m_esc_in_string = true;
    return;
  }
  if (byte == kBel) return end_osc_prefix("\a", out);
  if (byte == kCan || byte == kSub) return to_ground();
  if (byte < 0x20 || byte == kDel) return;  // ignored inside strings
  m_seq.push_back(static_cast<char>(byte));
  switch (classify_osc(m_seq, false)) {
    case OscVerdict::need_more:
      if (m_seq.size() >= kMaxOscPrefix) start_string_drop(true);
      return;
    case OscVerdict::drop: return start_string_drop(true);
    case OscVerdict::clipboard:
      if (!m_options.allow_clipboard) return start_string_drop(true);
      break;
    case OscVerdict::keep: break;
  }
  m_clipboard = classify_osc(m_seq, false) == OscVerdict::clipboard;
  out += "\x1b]";
  out += m_seq;
  m_seq.clear();
  m_state = State::osc_stream;
}

void OutputFilter::end_osc_prefix(std::string_view terminator, std::string& out) {
  const OscVerdict verdict = classify_osc(m_seq, true);
  if (verdict == OscVerdict::keep ||
      (verdict == OscVerdict::clipboard && m_options.allow_clipboard)) {
    out += "\x1b]";
    out += m_seq;
    out += terminator;
  }
  to_ground();
}

void OutputFilter::on_osc_stream(std::uint8_t byte, std::string& out) {
  if (m_esc_in_string) {
    m_esc_in_string = false;
    out += "\x1b\\";
    to_ground();
    if (byte != '\\') {
      start_escape();
      unit(byte, out);
    }
    return;
  }
  if (byte == kEsc) {
    m_esc_in_string = true;
    return;
  }
  if (byte == kBel || byte == kCan || byte == kSub) {
    out.push_back(static_cast<char>(byte));  // the terminal ends (or abandons) it too
    return to_ground();
  }
  if (byte < 0x20 || byte == kDel) return;
  if (m_clipboard && !is_base64(byte)) {
    out += "\x1b\\";
    return start_string_drop(true);
  }
  out.push_back(static_cast<char>(byte));
}

void OutputFilter::start_string_drop(bool bel_ends) {
  m_seq.clear();
  m_esc_in_string = false;
  m_bel_ends = bel_ends;
  m_state = State::string_drop;
}

// Dropped as it comes. An OSC, APC or ESC k (the strings BEL ends) also ends at an ESC
// that starts another sequence, like a kept OSC; in DCS, SOS and PM an ESC stays inside
// (tmux's passthrough doubles ESC), and only ST, CAN and SUB leave.
void OutputFilter::on_string_drop(std::uint8_t byte, std::string& out) {
  if (m_esc_in_string) {
    if (byte == '\\') return to_ground();
    if (m_bel_ends) {
      start_escape();
      return unit(byte, out);
    }
    m_esc_in_string = byte == kEsc;
    return;
  }
  if (byte == kEsc) {
    m_esc_in_string = true;
  } else if ((byte == kBel && m_bel_ends) || byte == kCan || byte == kSub) {
    to_ground();
  }
}

}  // namespace sandmux::terminal
