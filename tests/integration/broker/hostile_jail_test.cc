// A hostile jail attacks the broker through the one thing it can reach: its own tmux
// server, and through it the broker's control-mode client (DESIGN.md, "The jail").
// Each test is one attack from inside, by the jail's own code with a plain `tmux`, and
// claims what must hold afterwards: nothing ran on the host (the host-only directory
// stays empty), the other jail's session still answers, the broker still answers, and
// the attacked jail's sessions are reported as they are (still there and working, or
// lost), never as what the jail forged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <future>
#include <set>

#include "tests/integration/broker/hostile_jail_fixture.h"

namespace sandmux::testing {
namespace {

using ::testing::IsEmpty;

/// Shell functions for forging session identities: `window` makes a window in the
/// sandmux session and prints its id; `forge W ID NAME PROFILE PROJECT CREATED COMMAND`
/// sets the broker's identity options on window W.
constexpr const char* kForgeFunctions = R"sh(
window() { tmux new-window -d -P -F '#{window_id}' -t sandmux: 'exec sleep 600'; }
forge() {
  tmux set -w -t "$1" @sandmux_id "$2"
  tmux set -w -t "$1" @sandmux_name "$3"
  tmux set -w -t "$1" @sandmux_profile "$4"
  tmux set -w -t "$1" @sandmux_project "$5"
  tmux set -w -t "$1" @sandmux_created "$6"
  tmux set -w -t "$1" @sandmux_command "$7"
}
)sh";

std::string field(const boost::json::value& session, const char* key) {
  return session.is_object() ? boost::json::serialize(session.at(key)) : "<not listed>";
}

std::string text_field(const boost::json::value& session, const char* key) {
  return session.is_object() ? std::string(session.at(key).as_string()) : "";
}

/// Single-quoted for sh.
std::string sh_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class HostileJailAttack : public HostileJail {
 protected:
  /// Kills the broker with SIGKILL and starts it again; returns once it has re-adopted
  /// the hostile jail: "attacker" is listed, and a capture through that jail's connection
  /// (queued behind the identity queries of every window) has answered.
  void restart_broker_and_adopt_hostile_jail() {
    ASSERT_NO_FATAL_FAILURE(kill_broker());
    ASSERT_EQ(sandmux({"broker", "start"}).status, 0);
    ASSERT_TRUE(eventually([&] { return !state_of("attacker").empty(); })) << broker_warnings();
    sandmux({"capture", "attacker"});
  }

  /// The claims every attack ends with (after a restart, once alpha is re-adopted).
  void expect_bystander_and_host_untouched() {
    EXPECT_TRUE(eventually([&] { return !state_of("alpha").empty(); })) << "alpha is not listed";
    EXPECT_TRUE(answers("alpha", "bystander-still-answers"));
    const boost::json::value alpha = session("alpha");
    EXPECT_EQ(text_field(alpha, "project"), m_project);
    EXPECT_THAT(host_markers_after_broker_stop(), IsEmpty()) << "a command ran on the host";
  }
};

// --- Forged identities, read back when a restarted broker re-adopts the jails ---

// The race a hostile jail can win: both jails are re-adopted at once, and the first
// window to claim a name gets it. Freezing the bystander jail makes the hostile jail
// win every time: its copy of alpha (alpha's id and name, its own profile and project,
// so a valid identity for it) must still not become "alpha".
TEST_F(HostileJailAttack, ForgedCopyOfAnotherJailsSessionCannotTakeItsNameAtRestart) {
  const boost::json::value alpha = session("alpha");
  ASSERT_TRUE(alpha.is_object());
  ASSERT_NO_FATAL_FAILURE(run_attack(std::string(kForgeFunctions) + "forge $(window) " +
                                     text_field(alpha, "id") + " alpha default \"$P\" " +
                                     text_field(alpha, "created") + " '[\"sleep\",\"600\"]'"));
  ASSERT_NO_FATAL_FAILURE(kill_broker());
  FrozenJail bystander(jail_of(m_project));
  ASSERT_TRUE(bystander.frozen());
  ASSERT_EQ(sandmux({"broker", "start"}).status, 0);
  ASSERT_TRUE(eventually([&] { return !state_of("attacker").empty(); })) << broker_warnings();
  sandmux({"capture", "attacker"});  // every hostile window's identity has been read

  const boost::json::value early = session("alpha");
  EXPECT_NE(text_field(early, "project"), m_hostile)
      << "the hostile jail's forged window was adopted as 'alpha': " << boost::json::serialize(early);
  bystander.thaw();
  EXPECT_TRUE(eventually([&] { return text_field(session("alpha"), "project") == m_project; }))
      << "the real alpha was not re-adopted: " << boost::json::serialize(session("alpha")) << "\n"
      << broker_warnings();
  const boost::json::value after = session("alpha");
  EXPECT_EQ(field(after, "id"), field(alpha, "id"));
  EXPECT_EQ(field(after, "window"), field(alpha, "window"));
  EXPECT_EQ(field(after, "socket"), field(alpha, "socket"));
  expect_bystander_and_host_untouched();
}

// Inside its own jail, a window with a self-consistent identity the broker never gave
// out ("ghost"), and a copy of the user's session "victim" swapped in front of the real
// one. A restarted broker must list only the sessions it created, on their own windows.
TEST_F(HostileJailAttack, WindowsForgedInsideAreNotAdoptedAsSessions) {
  const boost::json::value victim = session("victim");
  ASSERT_TRUE(victim.is_object());
  const std::string victim_window = text_field(victim, "window");
  ASSERT_NO_FATAL_FAILURE(run_attack(
      std::string(kForgeFunctions) +
      "forge $(window) s-0123456789abcdef ghost default \"$P\" 2026-01-01T00:00:00Z "
      "'[\"sleep\",\"600\"]'\n"
      "copy=$(window)\n"
      "forge $copy " + text_field(victim, "id") + " victim default \"$P\" " +
      text_field(victim, "created") + " " + sh_quote(boost::json::serialize(victim.at("command"))) +
      "\ntmux swap-window -d -s $copy -t " + victim_window + "\n"));
  ASSERT_NO_FATAL_FAILURE(restart_broker_and_adopt_hostile_jail());

  EXPECT_TRUE(eventually([&] { return state_of("alpha") == "running" || state_of("alpha") == "idle"; }));
  EXPECT_EQ(names(), (std::vector<std::string>{"alpha", "attacker", "victim"}))
      << "a window forged inside the jail was adopted as a session";
  const boost::json::value after = session("victim");
  EXPECT_EQ(text_field(after, "window"), victim_window) << "the forged copy took the name 'victim'";
  EXPECT_EQ(field(after, "pid"), field(victim, "pid"));
  if (text_field(after, "window") == victim_window) {
    EXPECT_TRUE(answers("victim", "still-mine"));
  }
  expect_bystander_and_host_untouched();
}

// Identities no broker wrote: another jail's (alpha's, word for word), and the hostile
// jail's own with one field broken (a name with a newline, a 100 kB name, a name that
// would be tmux syntax, JSON that is no argv, an id of the wrong shape, a relative
// project, a profile with an escape byte, a date with a newline).
TEST_F(HostileJailAttack, MalformedAndForeignIdentitiesAreNotAdopted) {
  const boost::json::value alpha = session("alpha");
  ASSERT_TRUE(alpha.is_object());
  const std::string ok_command = "'[\"sleep\",\"600\"]'";
  const std::string date = "2026-01-01T00:00:00Z";
  auto forged = [&](const std::string& id, const std::string& name, const std::string& profile,
                    const std::string& project, const std::string& created,
                    const std::string& command) {
    return "forge $(window) " + id + " " + name + " " + profile + " " + project + " " + created +
           " " + command + "\n";
  };
  const std::string id = "s-00000000000000a1";
  const std::string script =
      std::string(kForgeFunctions) +
      forged(text_field(alpha, "id"), "alpha", "default", sh_quote(m_project), text_field(alpha, "created"),
             sh_quote(boost::json::serialize(alpha.at("command")))) +
      forged(id, "\"$(printf 'two\\nlines')\"", "default", "\"$P\"", date, ok_command) +
      forged(id, "huge", "default", "\"$P\"", date, ok_command) +
      "w=$(tmux list-windows -t sandmux -F '#{window_id} #{@sandmux_name}' | sed -n 's/ huge$//p')\n"
      "printf 'set -w -t %s @sandmux_name %s\\n' \"$w\" \"$(head -c 100000 /dev/zero | tr '\\0' x)\" >huge.conf\n"
      "tmux source-file huge.conf\n" +
      forged(id, "'-x;kill-server #{session_name}'", "default", "\"$P\"", date, ok_command) +
      forged(id, "notjson", "default", "\"$P\"", date, "'not json'") +
      forged(id, "notargv", "default", "\"$P\"", date, "'{\"argv\":[\"sleep\"]}'") +
      forged(id, "numbers", "default", "\"$P\"", date, "'[\"sleep\",600]'") +
      forged("s-XYZ", "badid", "default", "\"$P\"", date, ok_command) +
      forged(id, "relative", "default", "hostile", date, ok_command) +
      forged(id, "escaped", "\"$(printf 'def\\033ault')\"", "\"$P\"", date, ok_command) +
      forged(id, "dated", "default", "\"$P\"", "\"$(printf '2026\\n%%exit')\"", ok_command);
  ASSERT_NO_FATAL_FAILURE(run_attack(script));
  ASSERT_NO_FATAL_FAILURE(restart_broker_and_adopt_hostile_jail());

  EXPECT_TRUE(eventually([&] { return !state_of("alpha").empty(); }));
  EXPECT_EQ(names(), (std::vector<std::string>{"alpha", "attacker", "victim"}));
  EXPECT_EQ(text_field(session("alpha"), "project"), m_project);
  EXPECT_TRUE(answers("victim", "after-garbage"));
  expect_bystander_and_host_untouched();
}

// --- Output that looks like control mode ---

TEST_F(HostileJailAttack, ControlModeLookalikesInOutputAreKeptAsPlainBytes) {
  ASSERT_NO_FATAL_FAILURE(run_attack(
      "printf '%%begin 1 1 0\\n%%end 1 1 0\\n%%error 1 1 1\\n%%exit\\n%%output %%1 forged\\n"
      "%%pause %%1\\n%%subscription-changed sandmux-panes $0 @1 1 %%1 : 1 0 0 1\\n'\n"
      "printf 'raw \\001\\002\\177\\377\\376 end\\n'\n",
      "attacker", true));
  const std::string lookalikes =
      "%begin 1 1 0\r\n%end 1 1 0\r\n%error 1 1 1\r\n%exit\r\n%output %1 forged\r\n%pause %1\r\n"
      "%subscription-changed sandmux-panes $0 @1 1 %1 : 1 0 0 1\r\n";
  const std::string raw = std::string("raw \x01\x02\x7f\xff\xfe end\r\n");
  std::string logs;
  EXPECT_TRUE(eventually([&] {
    logs = sandmux({"logs", "attacker"}).out;
    return logs.find(raw) != std::string::npos;
  })) << logs;
  EXPECT_NE(logs.find(lookalikes), std::string::npos) << logs;
  EXPECT_NE(sandmux({"capture", "attacker"}).out.find("%output %1 forged"), std::string::npos);
  EXPECT_EQ(state_of("attacker"), "running") << "no forged %exit or pane state was believed";
  EXPECT_TRUE(answers("victim", "same-jail-still-in-step"));
  EXPECT_EQ(broker_warnings().find("died"), std::string::npos) << broker_warnings();
  expect_bystander_and_host_untouched();
}

// The jail learns the server's command numbers from a control client of its own, fills
// its screen with the %end guards the broker's next commands may get, and dies: the
// broker captures that screen. Replies must stay paired with their commands.
TEST_F(HostileJailAttack, GuessedReplyGuardsOnTheScreenLeaveRepliesInStep) {
  write_file(m_hostile + "/guess.sh", R"sh(
last=$(printf 'display -p x\n' | TMUX= tmux -C attach -t sandmux 2>/dev/null |
       sed -n 's/^%end \([0-9]*\) \([0-9]*\) 1$/\1 \2/p' | tail -1)
t=${last% *}; n=${last#* }
clear
i=1
while [ $i -le 20 ]; do
  printf '%%end %s %s 1\n%%end %s %s 1\n' "$t" $((n + i)) $((t + 1)) $((n + i))
  i=$((i + 1))
done
printf '%%begin 1 1 1\nFORGED-REPLY\n%%end 1 1 1\n'
exit 7
)sh");
  ASSERT_EQ(sandmux({"new", "-C", m_hostile, "-n", "guesser", "--", "sh", "./guess.sh"}).status, 0);
  const ProcessResult waited = sandmux({"wait", "guesser", "--exit", "--timeout", "50"});
  EXPECT_EQ(waited.status, 7) << waited.err;
  EXPECT_EQ(state_of("guesser"), "exited");

  EXPECT_TRUE(answers("victim", "in-step"));
  const ProcessResult screen = sandmux({"capture", "victim"});
  EXPECT_NE(screen.out.find("pong-in-step"), std::string::npos) << screen.out;
  EXPECT_EQ(screen.out.find("FORGED"), std::string::npos) << screen.out;
  ASSERT_NO_FATAL_FAILURE(start_pong("newcomer", m_hostile));
  EXPECT_TRUE(answers("newcomer", "fresh-window"));
  expect_bystander_and_host_untouched();
}

// tmux 3.3a does not escape subscription values: a subscription the jail adds to the
// broker's client can put whole lines into its control stream (a forged %exit, forged
// reply blocks, a stray %end the broker notices). That is what a fake server could send
// anyway: the damage must stay inside the jail, which keeps its sessions (a %exit line is
// not the end of the stream).
TEST_F(HostileJailAttack, InjectedSubscriptionLinesStayInsideTheirJail) {
  ASSERT_NO_FATAL_FAILURE(launch_attack(R"sh(
for c in $(clients); do tmux refresh-client -t "$c" -B 'evil:%*:#{@evil}'; done
i=0
while [ $i -lt 400 ]; do
  tmux set -g @evil "$(printf 'x\n%%exit\n%%end 9 9 1\n%%begin 1 %s 1\nFORGED-%s\n%%end 1 %s 1' $i $i $i)"
  i=$((i + 1))
done
)sh"));
  int captures = 0;
  while (!attack_finished() && captures < 2000) {
    const ProcessResult screen = sandmux({"capture", "alpha"});
    ASSERT_EQ(screen.status, 0) << screen.err;
    ASSERT_EQ(screen.out.find("FORGED"), std::string::npos) << "another jail's reply was forged";
    ++captures;
  }
  ASSERT_TRUE(eventually([&] { return attack_finished(); }));
  EXPECT_TRUE(eventually([&] { return broker_warnings().find("stray reply guard") != std::string::npos; }))
      << "the injected lines never reached the broker: the attack did not happen";
  EXPECT_NE(state_of("victim"), "lost") << "a forged %exit line ended the connection";
  EXPECT_TRUE(answers("victim", "after-injection"));
  expect_bystander_and_host_untouched();
}

// --- Tampering with the broker's control client ---

TEST_F(HostileJailAttack, DetachingTheBrokersClientLosesOnlyThatJailAndRunsNothing) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
for c in $(clients); do tmux detach-client -t "$c" -E "mkdir -p $H; touch $H/detach-exec"; done
tmux detach-client -a
tmux detach-client -s sandmux
)sh"));
  EXPECT_TRUE(eventually([&] { return state_of("victim") == "lost"; })) << state_of("victim");
  ASSERT_NO_FATAL_FAILURE(start_pong("reconnected", m_hostile));
  EXPECT_TRUE(answers("reconnected", "new-connection"));
  expect_bystander_and_host_untouched();
}

// An agent that makes a tmux session of its own and switches "the" client to it moves
// the broker's client: tmux then sends output only for the new session's panes.
TEST_F(HostileJailAttack, SwitchingTheBrokersClientAwayHidesNoOutputAndNoExit) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
tmux new-session -d -s elsewhere 'exec sleep 600'
for c in $(clients); do tmux switch-client -c "$c" -t elsewhere; done
)sh"));
  ASSERT_EQ(sandmux({"send", "victim", "after-switch"}).status, 0);
  EXPECT_TRUE(eventually([&] {
    return state_of("victim") == "lost" ||
           sandmux({"logs", "victim"}).out.find("pong-after-switch") != std::string::npos;
  })) << "the output is neither in the logs nor is the session lost";
  sandmux({"keys", "victim", "C-d"});  // fails only when the session is already lost
  const ProcessResult ended = sandmux({"wait", "victim", "--exit", "--timeout", "30"});
  EXPECT_TRUE(ended.status == 0 || (ended.status == 125 && ended.err.find("lost") != std::string::npos))
      << "wait --exit: " << ended.status << " " << ended.err << " (state " << state_of("victim") << ")";
  expect_bystander_and_host_untouched();
}

// The broker learns that a pane died from its "sandmux-panes" subscription; the jail
// replaces it on the broker's client with one that says every pane is dead.
TEST_F(HostileJailAttack, ForgedPaneSubscriptionDoesNotEndARunningSession) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
for c in $(clients); do tmux refresh-client -t "$c" -B 'sandmux-panes:%*:1 0 0 #{pane_pid}'; done
)sh"));
  // tmux checks subscriptions once a second: two quiet seconds let the forgery arrive.
  sandmux({"wait", "victim", "--idle", "2", "--timeout", "30"});
  const std::string state = state_of("victim");
  EXPECT_TRUE(state == "running" || state == "idle")
      << "victim is reported " << state << " with exit status " << field(session("victim"), "exit_status")
      << ", but its process runs";
  EXPECT_TRUE(answers("victim", "still-running"));
  expect_bystander_and_host_untouched();
}

// Without the subscription the broker relies on, an exit must still be reported.
TEST_F(HostileJailAttack, RemovedPaneSubscriptionStillReportsTheExit) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
for c in $(clients); do tmux refresh-client -t "$c" -B sandmux-panes; done
)sh"));
  ASSERT_EQ(sandmux({"keys", "victim", "C-d"}).status, 0);
  const ProcessResult ended = sandmux({"wait", "victim", "--exit", "--timeout", "30"});
  EXPECT_TRUE(ended.status == 0 || (ended.status == 125 && ended.err.find("lost") != std::string::npos))
      << "wait --exit: " << ended.status << " " << ended.err << " (state " << state_of("victim") << ")";
  expect_bystander_and_host_untouched();
}

TEST_F(HostileJailAttack, RemainOnExitTurnedOffStillReportsEveryEnd) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
tmux set -g remain-on-exit off
tmux set -gw remain-on-exit off
for w in $(tmux list-windows -a -F '#{window_id}'); do tmux set -w -t "$w" remain-on-exit off; done
)sh"));
  ASSERT_EQ(sandmux({"keys", "victim", "C-d"}).status, 0);
  const ProcessResult victim = sandmux({"wait", "victim", "--exit", "--timeout", "30"});
  EXPECT_TRUE(victim.status == 0 || (victim.status == 125 && victim.err.find("lost") != std::string::npos))
      << victim.status << " " << victim.err;

  ASSERT_EQ(sandmux({"new", "-C", m_hostile, "-n", "three", "--", "sh", "-c", "read x; exit 3"}).status, 0);
  ASSERT_EQ(sandmux({"send", "three", "go"}).status, 0);
  const ProcessResult three = sandmux({"wait", "three", "--exit", "--timeout", "30"});
  EXPECT_TRUE(three.status == 3 || (three.status == 125 && three.err.find("lost") != std::string::npos))
      << three.status << " " << three.err;
  for (const char* name : {"victim", "three"}) {
    const std::string state = state_of(name);
    EXPECT_TRUE(state == "exited" || state == "lost") << name << " is " << state;
  }
  expect_bystander_and_host_untouched();
}

TEST_F(HostileJailAttack, KilledTmuxSessionLosesOnlyThatJailsSessions) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
touch attack.finished
tmux kill-session -t sandmux
)sh"));
  EXPECT_TRUE(eventually([&] { return state_of("victim") == "lost"; })) << state_of("victim");
  ASSERT_NO_FATAL_FAILURE(start_pong("again", m_hostile));
  EXPECT_TRUE(answers("again", "after-kill-session"));
  expect_bystander_and_host_untouched();
}

// Window names are the jail's to change; session names are the broker's. A renamed
// tmux session leaves the broker unable to make windows there: a clear error, no hang.
TEST_F(HostileJailAttack, RenamedWindowsAndSessionRenameNoSession) {
  const std::string victim_window = text_field(session("victim"), "window");
  ASSERT_NO_FATAL_FAILURE(run_attack(
      "tmux rename-window -t " + victim_window + " 'evil;name #{session_name}'\n"
      "tmux rename-window -t \"$(tmux display -p -t \"$TMUX_PANE\" '#{window_id}')\" alpha\n"
      "tmux rename-session -t sandmux renamed\n"));
  EXPECT_EQ(names(), (std::vector<std::string>{"alpha", "attacker", "victim"}));
  EXPECT_TRUE(answers("victim", "renamed-window"));
  const ProcessResult made = sandmux({"new", "-C", m_hostile, "-n", "late", "--", "sh", "-c", kPong});
  if (made.status == 0) {
    EXPECT_TRUE(answers("late", "made-anyway"));
  } else {
    EXPECT_EQ(made.status, 125);
    EXPECT_EQ(made.err.rfind("sandmux: ", 0), 0u) << made.err;
    EXPECT_EQ(made.err.find('\n'), made.err.size() - 1) << made.err;
  }
  expect_bystander_and_host_untouched();
}

// Hooks run commands in the server, which is inside the jail: the jail's own
// run-shell may run (the control shows it does), but nothing reaches the host, also
// not through `detach-client -E` run against the broker's client on its own commands.
TEST_F(HostileJailAttack, HooksRunInsideTheJailOnly) {
  ASSERT_NO_FATAL_FAILURE(run_attack(R"sh(
for hook in after-new-window after-send-keys after-capture-pane \
            after-set-option after-resize-window after-display-message after-list-windows \
            after-refresh-client client-attached client-detached client-session-changed \
            session-created window-linked window-unlinked pane-died pane-exited; do
  tmux set-hook -g "$hook" "run-shell 'touch $P/hook-ran; mkdir -p $H; touch $H/run-$hook' ; detach-client -E 'mkdir -p $H; touch $H/exec-$hook'"
done
)sh"));
  // The broker's own commands, to fire the after-* hooks, and a restart for client-attached.
  sandmux({"new", "-C", m_hostile, "-n", "hooked", "--", "sh", "-c", kPong});
  sandmux({"send", "victim", "hooked-send"});
  sandmux({"capture", "victim"});
  sandmux({"kill", "hooked"});
  ASSERT_NO_FATAL_FAILURE(kill_broker());
  ASSERT_EQ(sandmux({"broker", "start"}).status, 0);
  EXPECT_TRUE(eventually([&] { return exists(m_hostile + "/hook-ran"); })) << "the hooks never ran";
  EXPECT_EQ(sandmux({"broker", "status"}).status, 0);
  expect_bystander_and_host_untouched();
}

}  // namespace
}  // namespace sandmux::testing
