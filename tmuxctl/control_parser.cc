/*
 * Line framing and block state for ControlParser. Complete lines that arrive whole in one
 * chunk are parsed in place (no copy); only a line split across chunks is gathered in
 * m_partial, whose capacity is reused. Invariant: m_partial.size() <= m_max_line.
 */
#include "tmuxctl/control_parser.h"

#include <cstring>

#include "tmuxctl/control_line.h"

namespace sandmux::tmuxctl {
namespace {

constexpr std::string_view kEnd = "%end ";
constexpr std::string_view kError = "%error ";
constexpr std::string_view kBegin = "%begin ";

}  // namespace

ControlParser::ControlParser(std::size_t max_line) : m_max_line(max_line == 0 ? 1 : max_line) {}

void ControlParser::reset() {
  m_partial.clear();
  m_discarding = false;
  m_in_block = false;
  m_guard = Guard{};
  m_guard_text.clear();
}

void ControlParser::feed(std::string_view bytes, EventSink& sink) {
  while (!bytes.empty()) {
    const void* hit = std::memchr(bytes.data(), '\n', bytes.size());
    if (hit == nullptr) {
      if (m_discarding) return;
      if (m_partial.size() + bytes.size() > m_max_line) {
        m_partial.clear();
        m_discarding = true;
        report_too_long(m_max_line, sink);
        return;
      }
      m_partial.append(bytes);
      return;
    }
    const auto length = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    const std::string_view piece = bytes.substr(0, length);
    bytes.remove_prefix(length + 1);
    if (m_discarding) {
      m_discarding = false;
    } else if (m_partial.size() + piece.size() > m_max_line) {
      m_partial.clear();
      report_too_long(m_max_line, sink);
    } else if (m_partial.empty()) {
      feed_line(piece, sink);
    } else {
      m_partial.append(piece);
      feed_line(m_partial, sink);
      m_partial.clear();
    }
  }
}

void ControlParser::report_too_long(std::size_t size, EventSink& sink) {
  Event event;
  event.kind = EventKind::LineTooLong;
  event.size = size;
  event.in_block = m_in_block;
  sink.on_event(event);
}

void ControlParser::feed_line(std::string_view line, EventSink& sink) {
  if (m_in_block) {
    block_line(line, sink);
  } else {
    outside_line(line, sink);
  }
}

bool ControlParser::is_block_end(std::string_view line, bool& error) const {
  if (line.size() < kEnd.size() + m_guard_text.size() || line[0] != '%') return false;
  std::string_view rest;
  if (line.substr(0, kEnd.size()) == kEnd) {
    rest = line.substr(kEnd.size());
    error = false;
  } else if (line.substr(0, kError.size()) == kError) {
    rest = line.substr(kError.size());
    error = true;
  } else {
    return false;
  }
  return rest == m_guard_text;
}

void ControlParser::block_line(std::string_view line, EventSink& sink) {
  Event event;
  bool error = false;
  if (is_block_end(line, error)) {
    m_in_block = false;
    event.kind = EventKind::ReplyEnd;
    event.guard = m_guard;
    event.error = error;
    event.text = line;
  } else if (!classify_flow_line(line, event)) {
    event.kind = EventKind::ReplyLine;
    event.guard = m_guard;
    event.text = line;
  }
  sink.on_event(event);
}

void ControlParser::outside_line(std::string_view line, EventSink& sink) {
  Event event;
  classify_line(line, event, m_decoded);
  if (event.kind == EventKind::ReplyBegin) {
    m_in_block = true;
    m_guard = event.guard;
    m_guard_text.assign(line.substr(kBegin.size()));
  }
  sink.on_event(event);
}

}  // namespace sandmux::tmuxctl
