# Options applied to project targets only (never to third-party code).
add_library(sandmux_options INTERFACE)
target_compile_options(sandmux_options INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wpedantic)
# Warnings are errors in the test command and CI (scripts/test turns this on); a packager's
# or a user's build leaves it off, so a new compiler's new warning cannot break it.
if(SANDMUX_WERROR)
  target_compile_options(sandmux_options INTERFACE -Werror)
endif()
# GCC 12 at -O3 (Release) reports -Wrestrict inside std::string's own memcpy wherever it
# inlines a concatenation such as "/" + name ("accessing 9223372036854775810 or more bytes
# ... may overlap"): a known false positive of that compiler's string code, not of ours,
# which came back with every new file that builds a path. clang 14 and GCC 12 at -O2 are
# quiet. sandmux has no restrict-qualified code of its own, so the check is off for GCC 12.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(sandmux_options INTERFACE -Wno-restrict)
endif()
target_include_directories(sandmux_options INTERFACE ${PROJECT_SOURCE_DIR})

if(SANDMUX_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SANDMUX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SANDMUX_FUZZ needs clang (CXX=clang++)")
  endif()
  # Coverage instrumentation for all code, so libFuzzer sees inside the libraries;
  # only the fuzzer executables link libFuzzer's main (tests/fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# sandmux_library(NAME folder DEPS ...): one static library per folder, built from
# every .cc in it. Helper so that each folder's CMakeLists stays a few lines.
function(sandmux_library name)
  cmake_parse_arguments(ARG "" "" "PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER sources EXCLUDE REGEX "main\\.cc$")
  add_library(${name} STATIC ${sources})
  target_link_libraries(${name} PUBLIC sandmux_options ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
