# Every dependency is a Debian 12 package; scripts/install-deps installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# Boost 1.81 (libboost1.81-dev): Boost.JSON needs >= 1.75 (see README, "Why Boost 1.81").
# Linked statically, like libseccomp below: `sandmux run` is a launcher whose start-up
# time is measured against bwrap's (BENCHMARKS.md), and every shared library costs it.
set(Boost_USE_STATIC_LIBS ON)
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json)

# toml++ is used header-only in one translation unit (config/toml_reader.cc) with
# exceptions off; Debian's shared build is compiled with exceptions, so we do not link it.
find_path(TOMLPLUSPLUS_INCLUDE_DIR toml++/toml.h REQUIRED)

# spdlog and fmt are used header-only: Debian's shared libspdlog and libfmt would bring the
# shared libstdc++ back into `sandmux` (linked with -static-libstdc++ for start-up time),
# and binding its symbols cost every CLI call and `sandmux run` about 0.8 ms (measured:
# `sandmux --version` 3.0 ms with them, 1.6 ms without).
find_package(fmt REQUIRED)
find_path(SPDLOG_INCLUDE_DIR spdlog/spdlog.h REQUIRED)
add_library(sandmux_spdlog INTERFACE)
target_include_directories(sandmux_spdlog SYSTEM INTERFACE "${SPDLOG_INCLUDE_DIR}")
target_compile_definitions(sandmux_spdlog INTERFACE SPDLOG_FMT_EXTERNAL)
target_link_libraries(sandmux_spdlog INTERFACE fmt::fmt-header-only Threads::Threads)
find_package(CLI11 REQUIRED)
pkg_check_modules(SECCOMP REQUIRED IMPORTED_TARGET libseccomp)
find_library(SECCOMP_STATIC_LIBRARY libseccomp.a REQUIRED)
set_target_properties(PkgConfig::SECCOMP PROPERTIES INTERFACE_LINK_LIBRARIES "${SECCOMP_STATIC_LIBRARY}")
# RE2 20220601 (libre2-dev; this version needs no Abseil): linear-time matching for
# `wait --match`. Linked statically, like libseccomp.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_library(RE2_STATIC_LIBRARY libre2.a REQUIRED)
set_target_properties(PkgConfig::RE2 PROPERTIES INTERFACE_LINK_LIBRARIES "${RE2_STATIC_LIBRARY};Threads::Threads")
find_package(GTest REQUIRED)
if(SANDMUX_BENCH)
  find_package(benchmark REQUIRED)
endif()
