# Small helpers so every target is declared the same way: warnings on, the
# source root on the include path, tests registered with ctest.

set(DN_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wno-unused-parameter)

# dn_library(NAME SRCS ... DEPS ...)
function(dn_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${DN_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# dn_binary(NAME SRCS ... DEPS ...)
# Programs are linked with full RELRO: every symbol is bound at start-up and
# the table of their addresses is then made read-only, so a memory bug in a
# server that holds personal data cannot redirect calls through it. (It also
# spares a node's first harvest the dynamic linker's lazy look-ups.)
# tests/deploy/binary_hardening_test.sh checks the servers and the CLI.
function(dn_binary name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${DN_WARNINGS})
  target_link_options(${name} PRIVATE LINKER:-z,relro LINKER:-z,now)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# dn_test(NAME SRCS ... DEPS ... [LABELS ...])
# Tests run from the source root so they can read ../shared/vectors and
# tests/testdata with stable relative paths.
function(dn_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${DN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} dn_testing
                        GTest::gtest GTest::gmock GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
