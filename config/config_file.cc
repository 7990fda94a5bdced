// Reading small configuration files, refusing anything that is not one.
#include "config/config_file.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace sandmux::config {
namespace {

ConfigFile failure(const std::string& path, std::string message) {
  return ConfigFile{FileState::error, {}, Diagnostic{Location{path, 0, 0}, std::move(message)}};
}

std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

}  // namespace

ConfigFile read_config_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    // A dangling symlink is a file the user meant to be there: say so, never fall back.
    if (fs::is_symlink(fs::symlink_status(path, ec)))
      return failure(path, "dangling symbolic link");
    return ConfigFile{};
  }
  if (ec) return failure(path, "cannot read: " + lowercase_first(ec.message()));
  if (status.type() != fs::file_type::regular) return failure(path, "not a regular file");
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return failure(path, "cannot read: " + lowercase_first(ec.message()));
  if (size > kMaxConfigFileSize) return failure(path, "file is larger than 1 MiB");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int error = errno != 0 ? errno : EACCES;
    return failure(path, "cannot read: " + lowercase_first(std::generic_category().message(error)));
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return failure(path, "cannot read: i/o error");
  return ConfigFile{FileState::ok, std::move(text), std::nullopt};
}

}  // namespace sandmux::config
