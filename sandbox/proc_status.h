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

}  // namespace sandmux::sandbox
