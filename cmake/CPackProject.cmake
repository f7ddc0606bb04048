# Run by cpack (CPACK_PROJECT_CONFIG_FILE) with the version being packaged,
# the project's or the one deploy/package.sh --version gave: every package
# depends on disclosure-net-common of that exact version, and carries a
# changelog naming it and the commit, dated by the commit so that two
# packagings of one commit give the same bytes.
foreach(c NODE HUB WITNESS CTL)
  set(CPACK_DEBIAN_${c}_PACKAGE_DEPENDS
      "disclosure-net-common (= ${CPACK_PACKAGE_VERSION})")
endforeach()

execute_process(
  COMMAND git -C ${CPACK_DN_SOURCE_DIR} log -1 --format=%h%n%cD
  OUTPUT_VARIABLE commit_and_date OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
string(REPLACE "\n" ";" commit_and_date "${commit_and_date}")
list(LENGTH commit_and_date n)
if(n EQUAL 2)
  list(GET commit_and_date 0 COMMIT)
  list(GET commit_and_date 1 DATE)
else()  # not a git checkout
  set(COMMIT "unknown")
  set(DATE "Thu, 01 Jan 2026 00:00:00 +0000")
endif()
set(VERSION ${CPACK_PACKAGE_VERSION})
set(MAINTAINER ${CPACK_PACKAGE_CONTACT})
get_filename_component(dir ${CPACK_DN_CHANGELOG_GZ} DIRECTORY)
configure_file(${CPACK_DN_SOURCE_DIR}/deploy/debian/changelog
               ${dir}/changelog @ONLY)
execute_process(COMMAND gzip -9nf ${dir}/changelog RESULT_VARIABLE gz)
if(NOT gz EQUAL 0)
  message(FATAL_ERROR "cannot compress ${dir}/changelog")
endif()
