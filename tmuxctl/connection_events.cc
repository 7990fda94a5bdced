/*
 * Connection: what to do with each parsed event. Invariant: reply events go to the router,
 * output straight to on_output (never buffered), everything else to on_notification; a
 * %pause triggers exactly one resync line (capture-pane ; refresh-client -A %P:continue).
 */
#include "tmuxctl/connection.h"

namespace sandmux::tmuxctl {

class Connection::Sink final : public EventSink {
 public:
  explicit Sink(Connection& connection) : m_connection(connection) {}
  void on_event(const Event& event) override { m_connection.handle_event(event); }

 private:
  Connection& m_connection;
};

void Connection::on_read(std::size_t size) {
  m_stats.bytes_read += size;
  Sink sink(*this);
  const std::string_view bytes(m_read_buffer.data(), size);
  m_parser.feed(bytes, sink);
  m_stats.max_pending_line = std::max(m_stats.max_pending_line, m_parser.pending_bytes());
}

void Connection::handle_event(const Event& event) {
  if (!m_alive) return;
  if (!m_ready && event.kind == EventKind::ReplyEnd && event.guard.flags == 0) {
    m_router.on_event(event);
    m_ready = true;  // the startup command is done: release commands held until now
    start_write();
    return;
  }
  if (m_router.on_event(event)) return;
  switch (event.kind) {
    case EventKind::Output:
      m_stats.output_bytes += event.data.size();
      if (m_callbacks.on_output) m_callbacks.on_output(event.pane, event.data);
      return;
    case EventKind::Pause:
      ++m_stats.pauses;
      if (m_callbacks.on_notification) m_callbacks.on_notification(event);
      if (m_options.auto_resync && m_alive) handle_pause(event.pane);
      return;
    case EventKind::Exit:
      m_saw_exit = true;
      m_exit_reason.assign(event.text);
      break;
    default:
      break;
  }
  if (m_callbacks.on_notification) m_callbacks.on_notification(event);
}

void Connection::handle_pause(std::uint32_t pane) {
  const auto line = CommandLine::sequence({capture_screen(pane), continue_pane(pane)});
  send(*line.value, [weak = weak_from_this(), pane](Reply&& reply) {
    const auto self = weak.lock();
    if (!self) return;
    ++self->m_stats.resyncs;
    if (self->m_callbacks.on_resync) self->m_callbacks.on_resync(pane, reply);
  });
}

}  // namespace sandmux::tmuxctl
