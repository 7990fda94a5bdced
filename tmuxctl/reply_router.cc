/*
 * ReplyRouter implementation. Invariant: m_target is Command only while m_waiting is
 * non-empty and its front owns the open block.
 */
#include "tmuxctl/reply_router.h"

#include <utility>

namespace sandmux::tmuxctl {

void ReplyRouter::expect(std::size_t blocks, ReplyHandler handler) {
  m_waiting.push_back(Waiting{blocks == 0 ? 1 : blocks, Reply{}, std::move(handler)});
}

bool ReplyRouter::on_event(const Event& event) {
  switch (event.kind) {
    case EventKind::ReplyBegin:
      begin(event);
      return true;
    case EventKind::ReplyLine:
      if (m_target == Target::Command) {
        m_waiting.front().reply.lines.emplace_back(event.text);
      } else {
        m_block.lines.emplace_back(event.text);
      }
      return true;
    case EventKind::ReplyEnd:
      end(event);
      return true;
    case EventKind::LineTooLong:
      if (!event.in_block) return false;
      if (m_target == Target::Command) m_waiting.front().reply.truncated = true;
      return true;
    default:
      return false;
  }
}

void ReplyRouter::begin(const Event& event) {
  if (event.guard.flags == 1 && !m_waiting.empty()) {
    m_target = Target::Command;
    m_waiting.front().reply.guards.push_back(event.guard);
    m_block_start = m_waiting.front().reply.lines.size();
    return;
  }
  m_target = Target::Unsolicited;
  m_block = UnsolicitedBlock{event.guard, false, {}};
}

void ReplyRouter::end(const Event& event) {
  const Target target = std::exchange(m_target, Target::None);
  if (target == Target::Unsolicited) {
    m_block.error = event.error;
    UnsolicitedBlock block = std::move(m_block);
    m_block = UnsolicitedBlock{};
    if (m_on_unsolicited) m_on_unsolicited(std::move(block));
    return;
  }
  if (target != Target::Command) return;
  Waiting& front = m_waiting.front();
  if (event.error && front.reply.status == Reply::Status::Ok) {
    front.reply.status = Reply::Status::CommandFailed;
    const auto& lines = front.reply.lines;
    front.reply.error = m_block_start < lines.size() ? lines[m_block_start] : "command failed";
  }
  if (--front.blocks_left == 0 || event.error) complete_front();
}

void ReplyRouter::complete_front() {
  Waiting done = std::move(m_waiting.front());
  m_waiting.pop_front();
  if (done.handler) done.handler(std::move(done.reply));
}

void ReplyRouter::fail_all(Reply::Status status, const std::string& error) {
  m_target = Target::None;
  m_block = UnsolicitedBlock{};
  std::deque<Waiting> waiting = std::exchange(m_waiting, {});
  for (Waiting& item : waiting) {
    item.reply.status = status;
    item.reply.error = error;
    if (item.handler) item.handler(std::move(item.reply));
  }
}

}  // namespace sandmux::tmuxctl
