// Following `extends`: find each parent, parse it, detect unknown parents and cycles,
// then merge the chain root-first (profile_merge.h). Schema errors in any file are
// reported together with the validation errors of the merged values. A user profile that extends its
// own name extends the built-in profile of that name (`default.toml` containing
// `extends = "default"` refines the built-in default instead of looping).
#include "config/profile_resolver.h"

#include <algorithm>

#include "config/did_you_mean.h"
#include "config/profile_merge.h"
#include "config/profile_parser.h"
#include "config/profile_rules.h"
#include "config/profile_store.h"

namespace sandmux::config {
namespace {

struct Chain {
  std::vector<RawProfile> raws;    // the asked-for profile first
  std::vector<std::string> names;  // parallel to raws
  std::vector<std::string> files;  // parallel to raws: identity for cycle detection
  std::vector<Diagnostic> errors;
  bool broken = false;  // a syntax error, an unknown parent or a cycle: nothing to merge
};

std::string unknown_suffix(const std::string& name, const ProfileSource& source) {
  std::vector<std::string> names = source.names();
  std::vector<std::string_view> candidates(names.begin(), names.end());
  return did_you_mean(name, candidates);
}

std::string cycle_text(const Chain& chain, std::size_t from, const std::string& back_to) {
  std::string text;
  for (std::size_t i = from; i < chain.names.size(); ++i) text += chain.names[i] + " -> ";
  return text + back_to;
}

// The parent CURRENT extends, or nullopt with the reason appended to chain.errors.
std::optional<ProfileText> find_parent(const ProfileText& current, const Located& extends,
                                       const ProfileSource& source, Chain& chain) {
  auto fail = [&](std::string message) {
    chain.errors.push_back(Diagnostic{extends.where, std::move(message)});
    chain.broken = true;
    return std::nullopt;
  };
  if (std::optional<Diagnostic> problem = check_profile_name(extends))
    return fail(problem->message);
  std::optional<ProfileText> parent;
  if (extends.text == current.name && !current.builtin) {
    parent = source.find_builtin(extends.text);
    if (!parent) return fail("profile " + quote(current.name) + " extends itself");
  } else {
    parent = source.find(extends.text);
    if (!parent) {
      return fail("profile " + quote(current.name) + " extends unknown profile " +
                  quote(extends.text) + unknown_suffix(extends.text, source));
    }
  }
  auto seen = std::find(chain.files.begin(), chain.files.end(), parent->filename);
  if (seen != chain.files.end()) {
    auto from = static_cast<std::size_t>(seen - chain.files.begin());
    return fail("extends cycle: " + cycle_text(chain, from, parent->name));
  }
  return parent;
}

Chain read_chain(const ProfileText& first, const ProfileSource& source) {
  Chain chain;
  std::optional<ProfileText> current = first;
  while (current) {
    if (current->error) {
      chain.errors.push_back(*current->error);
      chain.broken = true;
      break;
    }
    PartialProfile partial = parse_profile_partial(current->text, current->filename);
    chain.errors.insert(chain.errors.end(), partial.errors.begin(), partial.errors.end());
    if (!partial.raw) {
      chain.broken = true;
      break;
    }
    chain.names.push_back(current->name);
    chain.files.push_back(current->filename);
    chain.raws.push_back(std::move(*partial.raw));
    const std::optional<Located>& extends = chain.raws.back().extends;
    current = extends ? find_parent(*current, *extends, source, chain) : std::nullopt;
  }
  return chain;
}

// A failure that belongs to no file (the name asked for on the command line).
Result<Profile> fail_without_location(std::string message) {
  Diagnostic error;
  error.message = std::move(message);
  return Result<Profile>::fail(std::move(error));
}

}  // namespace

Result<Profile> resolve_profile(const std::string& name, const ProfileSource& source,
                                const ExpandContext& context) {
  if (!is_valid_profile_name(name)) {
    return fail_without_location("invalid profile name " + quote(name));
  }
  std::optional<ProfileText> text = source.find(name);
  if (!text) {
    return fail_without_location("unknown profile " + quote(name) + unknown_suffix(name, source));
  }
  return resolve_profile_text(*text, source, context);
}

Result<Profile> resolve_profile_text(const ProfileText& text, const ProfileSource& source,
                                     const ExpandContext& context) {
  Chain chain = read_chain(text, source);
  if (chain.broken) return Result<Profile>::fail(std::move(chain.errors));
  // Schema errors (unknown keys, wrong types) do not stop validation of what was read:
  // every problem of the whole chain is reported at once.
  ProfileBuilder builder(context);
  for (auto raw = chain.raws.rbegin(); raw != chain.raws.rend(); ++raw) builder.apply(*raw);
  Result<Profile> profile = builder.finish(text.name, std::move(chain.names));
  if (chain.errors.empty()) return profile;
  chain.errors.insert(chain.errors.end(), profile.errors.begin(), profile.errors.end());
  return Result<Profile>::fail(std::move(chain.errors));
}

}  // namespace sandmux::config
