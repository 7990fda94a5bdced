#pragma once
// Reading the kernel's per-process text files (/proc/PID/status): pure parsers, so that
// what `sandmux jails` reports is tested without a /proc.
#include <cstdint>
#include <optional>
#include <string_view>

namespace sandmux::sandbox {

/// The resident set size in bytes from the text of /proc/PID/status ("VmRSS:  123 kB");
/// nullopt when the line is missing or malformed (kernel threads, zombies).
std::optional<std::uint64_t> resident_bytes_from_status(std::string_view status);

/// The pid in the innermost pid namespace, from the "NSpid:" line of /proc/PID/status
/// ("NSpid:\t4242\t7" gives 7); nullopt when missing or malformed.
std::optional<long> innermost_pid_from_status(std::string_view status);

/// The session id (field 6) from the text of /proc/PID/stat, whose command (field 2, in
/// parentheses) may hold spaces and parentheses; nullopt when malformed.
std::optional<long> session_from_stat(std::string_view stat);

}  // namespace sandmux::sandbox
