#include "broker/session_registry.h"

#include <algorithm>
#include <boost/json/object.hpp>

#include "broker/protocol.h"

namespace sandmux::broker {

SessionRecord* SessionRegistry::find(std::string_view name) {
  auto it = m_records.find(name);
  return it == m_records.end() ? nullptr : it->second.get();
}

SessionRecord* SessionRegistry::find_pane(std::string_view jail, std::uint32_t pane) {
  auto it = m_by_pane.find(pane_key(jail, pane));
  return it == m_by_pane.end() ? nullptr : it->second;
}

std::vector<SessionRecord*> SessionRegistry::all() {
  std::vector<SessionRecord*> out;
  out.reserve(m_records.size());
  for (auto& [name, record] : m_records) out.push_back(record.get());
  return out;
}

bool SessionRegistry::name_taken(std::string_view name) const {
  return m_records.contains(name) || m_reserved.contains(name);
}

bool SessionRegistry::reserve(const std::string& name) {
  if (name_taken(name)) return false;
  m_reserved.insert(name);
  return true;
}

void SessionRegistry::release(const std::string& name) { m_reserved.erase(name); }

SessionRecord& SessionRegistry::add(SessionRecord record) {
  const std::string name = record.session.name;
  m_reserved.erase(name);
  record.session.quiet_time = m_quiet_time;
  auto owned = std::make_unique<SessionRecord>(std::move(record));
  SessionRecord& placed = *owned;
  m_records[name] = std::move(owned);
  if (placed.pane_id != kNoTmuxId) m_by_pane[pane_key(placed.jail, placed.pane_id)] = &placed;
  return placed;
}

void SessionRegistry::set_pane(SessionRecord& record, std::uint32_t window, std::uint32_t pane) {
  if (record.pane_id != kNoTmuxId) m_by_pane.erase(pane_key(record.jail, record.pane_id));
  record.window_id = window;
  record.pane_id = pane;
  record.session.window = "@" + std::to_string(window);
  record.session.pane = "%" + std::to_string(pane);
  m_by_pane[pane_key(record.jail, pane)] = &record;
}

void SessionRegistry::forget_pane(SessionRecord& record) {
  if (record.pane_id != kNoTmuxId) m_by_pane.erase(pane_key(record.jail, record.pane_id));
  record.pane_id = kNoTmuxId;
}

void SessionRegistry::remove(std::string_view name) {
  auto it = m_records.find(name);
  if (it == m_records.end()) return;
  SessionRecord& record = *it->second;
  record.removed = true;
  run_watchers(record);
  end_followers(record, "killed");
  if (record.pane_id != kNoTmuxId) m_by_pane.erase(pane_key(record.jail, record.pane_id));
  m_records.erase(it);
}

void SessionRegistry::append_output(SessionRecord& record, std::string_view bytes,
                                    SteadyTime now) {
  if (bytes.empty()) return;
  const std::uint64_t cursor = record.ring.cursor();
  record.ring.append(bytes);
  record.paste_mode.feed(bytes);
  if (!record.subscribers.empty()) {
    send_to_subscribers(record, output_event_line(record.session.name, cursor, bytes));
  }
  const std::optional<StateChange> change = record.session.on_output(now);
  if (change) {
    publish_state(record, change);  // runs the watchers
  } else {
    run_watchers(record);
  }
}

void SessionRegistry::publish_state(SessionRecord& record, std::optional<StateChange> change) {
  if (!change) return;
  const Session& session = record.session;
  send_to_subscribers(record, state_event_line(session.name, *change, session.exit_status,
                                               session.lost_reason));
  run_watchers(record);
  if (session.finished()) end_followers(record, to_string(session.state));
}

void SessionRegistry::run_watchers(SessionRecord& record) {
  if (record.watchers.empty()) return;
  std::vector<Watcher> current = std::move(record.watchers);
  record.watchers.clear();
  std::vector<Watcher> kept;
  for (Watcher& watcher : current) {
    if (!watcher(record)) kept.push_back(std::move(watcher));
  }
  for (Watcher& added : record.watchers) kept.push_back(std::move(added));
  record.watchers = std::move(kept);
}

void SessionRegistry::subscribe(SessionRecord& record, ClientRef client, std::uint64_t since,
                                std::optional<std::int64_t> follow_id) {
  const std::shared_ptr<ClientSink> sink = client.lock();
  if (!sink) return;
  // The backlog in events of at most kMaxOutputChunk bytes, each line under kMaxLineBytes.
  for (std::uint64_t from = since;;) {
    const RingRead backlog = record.ring.read_since(from, kMaxOutputChunk);
    if (backlog.size() == 0 && backlog.lost == 0) break;
    sink->deliver(output_event_line(record.session.name, backlog.begin, backlog.first,
                                     backlog.second, backlog.lost));
    from = backlog.next_cursor;
  }
  if (follow_id && record.session.finished()) {
    boost::json::object result{{"state", to_string(record.session.state)},
                               {"next_cursor", record.ring.cursor()}};
    sink->deliver(result_line(*follow_id, result));
    return;
  }
  record.subscribers.push_back(Subscriber{std::move(client), follow_id});
}

bool SessionRegistry::unsubscribe(SessionRecord& record,
                                  const std::shared_ptr<ClientSink>& client) {
  const auto before = record.subscribers.size();
  std::erase_if(record.subscribers, [&](const Subscriber& s) {
    return !s.follow_id && s.client.lock() == client;
  });
  return record.subscribers.size() != before;
}

void SessionRegistry::tick(SteadyTime now) {
  for (auto& [name, record] : m_records) publish_state(*record, record->session.on_tick(now));
}

std::optional<SteadyTime> SessionRegistry::next_idle_deadline() const {
  std::optional<SteadyTime> earliest;
  for (const auto& [name, record] : m_records) {
    const std::optional<SteadyTime> deadline = record->session.idle_deadline();
    if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
  }
  return earliest;
}

std::string SessionRegistry::pane_key(std::string_view jail, std::uint32_t pane) {
  return std::string(jail) + "%" + std::to_string(pane);
}

void SessionRegistry::send_to_subscribers(SessionRecord& record, const std::string& line) {
  std::erase_if(record.subscribers, [&line](const Subscriber& s) {
    const std::shared_ptr<ClientSink> sink = s.client.lock();
    if (!sink || !sink->open()) return true;
    sink->deliver(line);
    return false;
  });
}

void SessionRegistry::end_followers(SessionRecord& record, std::string_view state) {
  boost::json::object result{{"state", state}, {"next_cursor", record.ring.cursor()}};
  std::erase_if(record.subscribers, [&](const Subscriber& s) {
    if (!s.follow_id) return false;
    if (const std::shared_ptr<ClientSink> sink = s.client.lock()) {
      sink->deliver(result_line(*s.follow_id, result));
    }
    return true;
  });
}

}  // namespace sandmux::broker
