#pragma once
// What `sandmux jails` reports about one running jail, as the JSON object of the `jails`
// result and as a table row. Pure (no I/O).
// The jail object: {"name", "profile" (string or null: a jail found running that no
// session names yet), "project" (string or null), "sessions" (live sessions in it),
// "pid" (host pid of its sandbox's pid 1, or null when server.pid is unusable),
// "pids" (every host pid in its pid namespace), "memory_bytes" (their summed RSS),
// "socket"}.
// Invariants: jail_info_from_json(jail_info_to_json(j)) == j; reading is strict and never
// throws; the table shows user text (profile, project) through printable().
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sandmux::broker {

struct JailInfo {
  std::string name;
  std::string profile;  ///< empty: unknown
  std::string project;  ///< empty: unknown
  std::uint64_t sessions = 0;
  std::int64_t pid = 0;  ///< 0: unknown
  std::vector<std::int64_t> pids;
  std::uint64_t memory_bytes = 0;
  std::string socket;
  bool operator==(const JailInfo&) const = default;
};

boost::json::object jail_info_to_json(const JailInfo& jail);
/// A JailInfo from its object, or one line saying what is wrong.
boost::system::result<JailInfo, std::string> jail_info_from_json(const boost::json::value& json);

/// NAME PROFILE PROJECT SESSIONS PID PROCS MEMORY SOCKET, one line per jail; memory in
/// KiB/MiB/GiB (format_memory).
std::string format_jail_table(std::span<const JailInfo> jails);
/// BYTES for people: "512 B", "12.0 KiB", "3.4 MiB", "1.2 GiB".
std::string format_memory(std::uint64_t bytes);

}  // namespace sandmux::broker
