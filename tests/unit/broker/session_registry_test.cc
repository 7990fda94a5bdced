#include "broker/session_registry.h"

#include <gtest/gtest.h>

#include "broker/server_message.h"

namespace sandmux::broker {
namespace {

class RecordingSink : public ClientSink {
 public:
  void deliver(std::string line) override { lines.push_back(std::move(line)); }
  bool open() const override { return true; }
  std::vector<std::string> lines;
};

SessionRecord record_named(const std::string& name) {
  SessionRecord r;
  r.session.name = name;
  r.jail = "jail";
  return r;
}

const SteadyTime kT0{std::chrono::seconds(100)};

TEST(SessionRegistry, ReservedNamesAreTakenUntilReleased) {
  SessionRegistry registry;
  EXPECT_TRUE(registry.reserve("a"));
  EXPECT_FALSE(registry.reserve("a"));
  EXPECT_TRUE(registry.name_taken("a"));
  registry.release("a");
  EXPECT_FALSE(registry.name_taken("a"));
}

TEST(SessionRegistry, PanesAreFoundPerJailAndForgotten) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  registry.set_pane(r, 2, 5);
  EXPECT_EQ(registry.find_pane("jail", 5), &r);
  EXPECT_EQ(registry.find_pane("other", 5), nullptr);
  EXPECT_EQ(r.session.window, "@2");
  EXPECT_EQ(r.session.pane, "%5");
  registry.forget_pane(r);
  EXPECT_EQ(registry.find_pane("jail", 5), nullptr);
}

TEST(SessionRegistry, OutputGoesToRingThenSubscribersAndMakesTheSessionRun) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  r.session.on_started(kT0);
  registry.tick(kT0 + std::chrono::seconds(10));
  ASSERT_EQ(r.session.state, SessionState::idle);
  auto sink = std::make_shared<RecordingSink>();
  registry.subscribe(r, sink, 0, std::nullopt);
  registry.append_output(r, "hello", kT0 + std::chrono::seconds(11));
  EXPECT_EQ(r.ring.cursor(), 5u);
  ASSERT_EQ(sink->lines.size(), 2u);
  EXPECT_EQ(sink->lines[0], output_event_line("a", 0, "hello"));
  EXPECT_EQ(sink->lines[1], state_event_line("a", {SessionState::idle, SessionState::running}, std::nullopt));
}

TEST(SessionRegistry, SubscribingSendsTheBacklogFromTheCursor) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  registry.append_output(r, "0123456789", kT0);
  auto sink = std::make_shared<RecordingSink>();
  registry.subscribe(r, sink, 4, std::nullopt);
  ASSERT_EQ(sink->lines.size(), 1u);
  EXPECT_EQ(sink->lines[0], output_event_line("a", 4, "456789"));
}

TEST(SessionRegistry, FollowersAreAnsweredOnceWhenTheSessionExits) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  r.session.on_started(kT0);
  auto sink = std::make_shared<RecordingSink>();
  registry.subscribe(r, sink, 0, 7);
  registry.publish_state(r, r.session.on_exited(0));
  ASSERT_EQ(sink->lines.size(), 2u);
  EXPECT_EQ(sink->lines[1], result_line(7, boost::json::object{{"state", "exited"}, {"next_cursor", 0}}));
  EXPECT_TRUE(r.subscribers.empty());
}

TEST(SessionRegistry, RemovalEndsFollowersAndTellsWatchers) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  auto sink = std::make_shared<RecordingSink>();
  registry.subscribe(r, sink, 0, 3);
  bool told = false;
  r.watchers.push_back([&told](const SessionRecord& rec) { return told = rec.removed; });
  registry.remove("a");
  EXPECT_TRUE(told);
  ASSERT_EQ(sink->lines.size(), 1u);
  EXPECT_EQ(sink->lines[0], result_line(3, boost::json::object{{"state", "killed"}, {"next_cursor", 0}}));
  EXPECT_EQ(registry.find("a"), nullptr);
}

TEST(SessionRegistry, WatchersRunUntilTheyAreDone) {
  SessionRegistry registry;
  SessionRecord& r = registry.add(record_named("a"));
  int calls = 0;
  r.watchers.push_back([&calls](const SessionRecord& rec) {
    ++calls;
    return rec.ring.cursor() >= 3;
  });
  registry.append_output(r, "a", kT0);
  registry.append_output(r, "bc", kT0);
  registry.append_output(r, "d", kT0);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(r.watchers.empty());
}

TEST(SessionRegistry, IdleDeadlineIsTheEarliestOfAllSessions) {
  SessionRegistry registry;
  SessionRecord& a = registry.add(record_named("a"));
  SessionRecord& b = registry.add(record_named("b"));
  EXPECT_FALSE(registry.next_idle_deadline());
  a.session.on_started(kT0 + std::chrono::seconds(5));
  b.session.on_started(kT0);
  EXPECT_EQ(registry.next_idle_deadline(), kT0 + kDefaultQuietTime);
}

}  // namespace
}  // namespace sandmux::broker
