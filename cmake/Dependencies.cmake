# Every dependency is a Debian 12 package; scripts/install-deps installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# Boost 1.81 (libboost1.81-dev): Boost.JSON needs >= 1.75, Process v2 >= 1.80.
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json)

# toml++ is used header-only in one translation unit (config/toml_reader.cc) with
# exceptions off; Debian's shared build is compiled with exceptions, so we do not link it.
find_path(TOMLPLUSPLUS_INCLUDE_DIR toml++/toml.h REQUIRED)

find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(SECCOMP REQUIRED IMPORTED_TARGET libseccomp)
find_package(GTest REQUIRED)
if(SANDMUX_BENCH)
  find_package(benchmark REQUIRED)
endif()
