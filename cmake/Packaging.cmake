# Installation rules and Debian packages (CPack's DEB generator).
#
#   cmake --install build [--prefix /usr]      everything, under one prefix
#   deploy/package.sh                          the .deb files in out/packages
#
# CPack's DEB generator packages the tree the build just made, so CI
# builds once and packages in seconds; a debian/ folder with
# dpkg-buildpackage would build the whole project a second time (about ten
# minutes on two cores) to get the same files. Lintian checks the result
# (tests/deploy/package_test.sh).
#
# Packages: disclosure-net-common (vocabularies, synonyms, message
# catalogs, the system users, the operations guide), disclosure-node,
# disclosure-hub, disclosure-witness (each: its program, systemd unit,
# tmpfiles entry, configuration in /etc/<service>/ as a conffile, examples
# in /usr/share/doc/<service>/examples) and disclosurectl.

set(DN_PACKAGE_MAINTAINER
    "disclosure-net maintainers <maintainers@disclosure-net.example.org>"
    CACHE STRING "Maintainer field of the packages")
set(DN_DEBIAN_DIR ${PROJECT_SOURCE_DIR}/deploy/debian)
# Under the prefix /usr (the packages), units go where Debian 12 keeps
# them and the configuration to /etc; under any other prefix both stay
# inside it. Decided when installing, so that `cmake --install build
# --prefix DIR` never writes outside DIR, whatever the build was configured
# for.
install(CODE [[
  # Relative to the prefix: /usr/../etc is /etc.
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(DN_UNIT_DIR ../lib/systemd/system)
    set(DN_ETC_DIR ../etc)
  else()
    set(DN_UNIT_DIR lib/systemd/system)
    set(DN_ETC_DIR etc)
  endif()
]] ALL_COMPONENTS)
set(DN_PKG_BUILD ${PROJECT_BINARY_DIR}/packaging)

# The changelog is written when packaging (cmake/CPackProject.cmake), for
# the version being packaged; a plain install has none.
# Every package carries its copyright and changelog.
function(dn_package_docs component package)
  install(FILES ${DN_DEBIAN_DIR}/copyright
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          COMPONENT ${component})
  install(FILES ${DN_PKG_BUILD}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          COMPONENT ${component} OPTIONAL)
endfunction()

# A service package: program, unit, tmpfiles entry, users, conffile,
# example and maintainer scripts. `config` is the example's base name.
function(dn_service_package component service config)
  install(TARGETS ${service} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT ${component})
  install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/${service}.service
          DESTINATION \${DN_UNIT_DIR} COMPONENT ${component})
  set(SERVICE ${service})
  set(out ${DN_PKG_BUILD}/${component})
  configure_file(${DN_DEBIAN_DIR}/tmpfiles.conf.in ${out}/${service}.conf
                 @ONLY)
  install(FILES ${out}/${service}.conf
          DESTINATION lib/tmpfiles.d
          COMPONENT ${component})
  set(example ${PROJECT_SOURCE_DIR}/deploy/examples/${config}.textproto)
  install(FILES ${example} DESTINATION \${DN_ETC_DIR}/${service}
          COMPONENT ${component})
  install(FILES ${example}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${service}/examples
          COMPONENT ${component})
  foreach(script postinst prerm postrm)
    configure_file(${DN_DEBIAN_DIR}/${script}.in ${out}/${script} @ONLY
                   FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                   GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  endforeach()
  file(WRITE ${out}/conffiles "/etc/${service}/${config}.textproto\n")
  string(TOUPPER ${component} C)
  set(CPACK_DEBIAN_${C}_PACKAGE_CONTROL_EXTRA
      "${out}/conffiles;${out}/postinst;${out}/prerm;${out}/postrm"
      PARENT_SCOPE)
  dn_package_docs(${component} ${service})
endfunction()

dn_service_package(node disclosure-node node)
dn_service_package(hub disclosure-hub hub)
dn_service_package(witness disclosure-witness witness)

install(TARGETS disclosurectl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT ctl)
dn_package_docs(ctl disclosurectl)

# Shared by the programs: code lists, synonyms, users, the guide.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/vocab/specific-purposes.csv
              ${PROJECT_SOURCE_DIR}/deploy/vocab/data-categories.csv
              ${PROJECT_SOURCE_DIR}/deploy/vocab/synonyms.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/disclosure-net/vocab
        COMPONENT common)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/disclosure-net.sysusers.conf
        DESTINATION lib/sysusers.d
        RENAME disclosure-net.conf COMPONENT common)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/deploy/nginx/disclosure-site.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/disclosure-net
        COMPONENT common)
dn_package_docs(common disclosure-net-common)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME disclosure-net)
# deploy/package.sh --version V gives another (cpack -D).
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${DN_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL common node hub witness ctl)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMMON_PACKAGE_NAME disclosure-net-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_NODE_PACKAGE_NAME disclosure-node)
set(CPACK_DEBIAN_HUB_PACKAGE_NAME disclosure-hub)
set(CPACK_DEBIAN_WITNESS_PACKAGE_NAME disclosure-witness)
set(CPACK_DEBIAN_CTL_PACKAGE_NAME disclosurectl)
# Values for cmake/CPackProject.cmake, which cpack runs with the version
# being packaged: the dependencies on disclosure-net-common and the
# changelog.
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/CPackProject.cmake)
set(CPACK_DN_SOURCE_DIR ${PROJECT_SOURCE_DIR})
set(CPACK_DN_CHANGELOG_GZ ${DN_PKG_BUILD}/changelog.gz)
set(CPACK_DEBIAN_NODE_PACKAGE_RECOMMENDS disclosurectl)
set(CPACK_DEBIAN_HUB_PACKAGE_RECOMMENDS "disclosurectl, nginx")
# Search replicas copy the hub's search index with Xapian's own tools.
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS xapian-tools)
set(CPACK_COMPONENT_COMMON_DESCRIPTION
    "disclosure-net: shared files\nCode lists, search synonyms, message catalogs (Traditional Chinese),\nthe system users and the operations guide of disclosure-net, which lets\ngovernment agencies publish, and anyone verify, how they collect and\nuse personal data.")
set(CPACK_COMPONENT_NODE_DESCRIPTION
    "disclosure-net agency node\nOne per agency: keeps the agency's inventory of personal-data\ndatabases and its request log, and serves signed snapshots and proofs\nto the hub and auditors over mutual TLS. Raw records never leave it.")
set(CPACK_COMPONENT_HUB_DESCRIPTION
    "disclosure-net hub\nHarvests the agencies' signed snapshots over mutual TLS, verifies and\ncosigns them, and writes the cross-agency index and the public site.")
set(CPACK_COMPONENT_WITNESS_DESCRIPTION
    "disclosure-net witness\nCosigns an agency's checkpoint only when it is consistent with what the\nwitness saw before (c2sp.org/tlog-witness), so no log can fork unseen.")
set(CPACK_COMPONENT_CTL_DESCRIPTION
    "disclosure-net command-line tool\nSet-up, import, publication and operations of nodes and the hub, and\nverification of everything they publish, for auditors.")
include(CPack)
