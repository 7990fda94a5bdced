// libFuzzer harness for the profile parser: any bytes in, never a crash, a hang or a
// half profile out. Inputs that parse are also resolved (extends, expansion,
// validation) against a fixed in-memory source and context, and a resolved profile
// is written back with to_toml, which must parse and resolve again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/memory_source.h"
#include "config/profile_format.h"
#include "config/profile_parser.h"
#include "config/profile_resolver.h"
#include "config/settings.h"

namespace {

using namespace sandmux::config;

const MemorySource& fixed_source() {
  static const MemorySource source = [] {
    MemorySource s;
    s.add_builtin("default",
                  "[filesystem]\nro = [\"/usr\", \"/etc\", \"/opt?\"]\nrw = [\"{project}\"]\n");
    s.add_builtin("fuzz", "extends = \"default\"\n[network]\nmode = \"none\"\n");
    s.add_user("loop", "extends = \"fuzz2\"\n");
    s.add_user("fuzz2", "extends = \"loop\"\n");
    return s;
  }();
  return source;
}

const ExpandContext kContext{"/home/fuzz", "/home/fuzz/src/app", "/run/user/1000", 1000};

void check(bool condition) {
  if (!condition) std::abort();
}

bool same(const Profile& a, const Profile& b) {
  return a.description == b.description && a.ro == b.ro && a.rw == b.rw && a.tmpfs == b.tmpfs &&
         a.create == b.create && a.env_pass == b.env_pass && a.env_set == b.env_set &&
         a.network == b.network && a.seccomp_deny == b.seccomp_deny &&
         a.expose_host_socket == b.expose_host_socket;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<RawProfile> raw = parse_profile(text, "fuzz.toml");
  check(raw.value.has_value() != !raw.errors.empty());
  (void)parse_settings(text, "config.toml");
  if (!raw) return 0;
  ProfileText profile_text{"fuzz", "fuzz.toml", std::string(text), false, std::nullopt};
  Result<Profile> profile = resolve_profile_text(profile_text, fixed_source(), kContext);
  check(profile.value.has_value() != !profile.errors.empty());
  if (!profile) return 0;
  MemorySource shown;
  shown.add_user("shown", to_toml(*profile.value));
  Result<Profile> again = resolve_profile("shown", shown, kContext);
  // The fixed context holds no '{', so every resolved profile must round-trip.
  check(again.value.has_value() && same(*again.value, *profile.value));
  return 0;
}
