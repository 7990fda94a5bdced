// Profile TOML -> RawProfile. The schema, table by table:
//   extends = "NAME"            description = "TEXT"
//   [filesystem] ro, rw, tmpfs, create   arrays of path strings
//   [env] pass (array of names), set (table NAME -> string)
//   [network] mode ("host" | "none")
//   [seccomp] deny (array of syscall names)
//   [tmux] expose_host_socket (bool)
//   [git] writable_metadata (bool)
// Values stay as written (unexpanded, with locations); the resolver validates them.
#include "config/profile_parser.h"

#include <array>

#include "config/toml_reader.h"
#include "config/toml_schema.h"

namespace sandmux::config {
namespace {

constexpr std::array<std::string_view, 8> kTopKeys = {
    "extends", "description", "filesystem", "env", "network", "seccomp", "tmux", "git"};
constexpr std::array<std::string_view, 4> kFilesystemKeys = {"ro", "rw", "tmpfs", "create"};
constexpr std::array<std::string_view, 2> kEnvKeys = {"pass", "set"};
constexpr std::array<std::string_view, 1> kNetworkKeys = {"mode"};
constexpr std::array<std::string_view, 1> kSeccompKeys = {"deny"};
constexpr std::array<std::string_view, 1> kTmuxKeys = {"expose_host_socket"};
constexpr std::array<std::string_view, 1> kGitKeys = {"writable_metadata"};

void append(std::vector<Located>& to, std::vector<Located> more) {
  for (Located& item : more) to.push_back(std::move(item));
}

void read_filesystem(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "ro") {
      append(raw.ro, read_string_array(entry, errors));
    } else if (entry.key == "rw") {
      append(raw.rw, read_string_array(entry, errors));
    } else if (entry.key == "tmpfs") {
      append(raw.tmpfs, read_string_array(entry, errors));
    } else if (entry.key == "create") {
      append(raw.create, read_string_array(entry, errors));
    } else {
      report_unknown(entry, kFilesystemKeys, errors);
    }
  }
}

void read_env(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "pass") {
      append(raw.env_pass, read_string_array(entry, errors));
    } else if (entry.key == "set") {
      for (auto& pair : read_string_table(entry, errors)) raw.env_set.push_back(std::move(pair));
    } else {
      report_unknown(entry, kEnvKeys, errors);
    }
  }
}

void read_network(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "mode") {
      raw.network_mode = read_string(entry, errors);
    } else {
      report_unknown(entry, kNetworkKeys, errors);
    }
  }
}

void read_seccomp(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "deny") {
      append(raw.seccomp_deny, read_string_array(entry, errors));
    } else {
      report_unknown(entry, kSeccompKeys, errors);
    }
  }
}

void read_tmux(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "expose_host_socket") {
      raw.expose_host_socket = read_bool(entry, errors);
    } else {
      report_unknown(entry, kTmuxKeys, errors);
    }
  }
}

void read_git(const TomlValue& table, RawProfile& raw, Diagnostics& errors) {
  for (const TomlEntry& entry : table.entries) {
    if (entry.key == "writable_metadata") {
      raw.git_writable_metadata = read_bool(entry, errors);
    } else {
      report_unknown(entry, kGitKeys, errors);
    }
  }
}

using SectionReader = void (*)(const TomlValue&, RawProfile&, Diagnostics&);

SectionReader section_reader(std::string_view key) {
  if (key == "filesystem") return read_filesystem;
  if (key == "env") return read_env;
  if (key == "network") return read_network;
  if (key == "seccomp") return read_seccomp;
  if (key == "tmux") return read_tmux;
  if (key == "git") return read_git;
  return nullptr;
}

void read_top_level(const TomlEntry& entry, RawProfile& raw, Diagnostics& errors) {
  if (entry.key == "extends") {
    raw.extends = read_string(entry, errors);
  } else if (entry.key == "description") {
    raw.description = read_string(entry, errors);
  } else if (SectionReader reader = section_reader(entry.key)) {
    if (expect_table(entry, errors)) reader(entry.value, raw, errors);
  } else {
    report_unknown(entry, kTopKeys, errors);
  }
}

}  // namespace

PartialProfile parse_profile_partial(std::string_view text, std::string_view filename) {
  Result<TomlValue> document = read_toml(text, filename);
  if (!document) return PartialProfile{std::nullopt, std::move(document.errors)};
  PartialProfile partial{RawProfile{}, {}};
  partial.raw->file = Location{std::string(filename), 0, 0};
  for (const TomlEntry& entry : document.value->entries) {
    read_top_level(entry, *partial.raw, partial.errors);
  }
  return partial;
}

Result<RawProfile> parse_profile(std::string_view text, std::string_view filename) {
  PartialProfile partial = parse_profile_partial(text, filename);
  if (!partial.errors.empty()) return Result<RawProfile>::fail(std::move(partial.errors));
  return Result<RawProfile>::ok(std::move(*partial.raw));
}

}  // namespace sandmux::config
