# Install rules and the Debian package (issue #23), included by the top CMakeLists.txt.
#   cmake --install build [--prefix P]   bin/schedtool, share/man/man1/schedtool.1, completions for
#                                        bash, zsh and fish, share/doc/schedtool/, lib/systemd/system/
#   cd build && cpack -G DEB             schedtool_VERSION_ARCH.deb (prefix /usr, /etc/schedtool/jobs.toml
#                                        a conffile); scripts/setup package does both steps
# Paths that depend on the prefix (the units' ExecStart=, zsh's directory, /etc) are decided when
# installing, not when configuring: cpack installs with prefix /usr whatever the build was given.
include(GNUInstallDirs)

install(TARGETS schedtool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS schedtool-pg LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/schedtool)  # the postgresql store's libpq
install(FILES man/schedtool.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md jobs.example.toml DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Completions come from the built binary's one CLI definition (`schedtool completion SHELL`).
set(SCHEDTOOL_COMPLETION_DIR ${CMAKE_CURRENT_BINARY_DIR}/completions)
set(SCHEDTOOL_COMPLETIONS ${SCHEDTOOL_COMPLETION_DIR}/schedtool.bash ${SCHEDTOOL_COMPLETION_DIR}/_schedtool
    ${SCHEDTOOL_COMPLETION_DIR}/schedtool.fish)
add_custom_command(
  OUTPUT ${SCHEDTOOL_COMPLETIONS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${SCHEDTOOL_COMPLETION_DIR}
  COMMAND sh -c "\"$0\" completion bash > \"$1\"" $<TARGET_FILE:schedtool> ${SCHEDTOOL_COMPLETION_DIR}/schedtool.bash
  COMMAND sh -c "\"$0\" completion zsh > \"$1\"" $<TARGET_FILE:schedtool> ${SCHEDTOOL_COMPLETION_DIR}/_schedtool
  COMMAND sh -c "\"$0\" completion fish > \"$1\"" $<TARGET_FILE:schedtool> ${SCHEDTOOL_COMPLETION_DIR}/schedtool.fish
  DEPENDS schedtool
  COMMENT "Generating shell completions"
  VERBATIM)
add_custom_target(completions ALL DEPENDS ${SCHEDTOOL_COMPLETIONS})
install(FILES ${SCHEDTOOL_COMPLETION_DIR}/schedtool.bash DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions
        RENAME schedtool)
install(FILES ${SCHEDTOOL_COMPLETION_DIR}/schedtool.fish DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/fish/vendor_completions.d)

set(SCHEDTOOL_PACKAGING_DIR ${CMAKE_CURRENT_SOURCE_DIR}/packaging)
set(SCHEDTOOL_UNIT_BUILD_DIR ${CMAKE_CURRENT_BINARY_DIR}/units)
install(CODE "
  set(SCHEDTOOL_BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  foreach(unit schedtool.service schedtool@.service)
    configure_file(\"${SCHEDTOOL_PACKAGING_DIR}/systemd/\${unit}.in\" \"${SCHEDTOOL_UNIT_BUILD_DIR}/\${unit}\" @ONLY)
  endforeach()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\" TYPE FILE
       FILES \"${SCHEDTOOL_UNIT_BUILD_DIR}/schedtool.service\" \"${SCHEDTOOL_UNIT_BUILD_DIR}/schedtool@.service\")
  # Debian's zsh reads vendor-completions; any other prefix, site-functions (zsh's own default).
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(zsh_dir vendor-completions)
  else()
    set(zsh_dir site-functions)
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATAROOTDIR}/zsh/\${zsh_dir}\" TYPE FILE
       FILES \"${SCHEDTOOL_COMPLETION_DIR}/_schedtool\")
  # The example as /etc/schedtool/jobs.toml (PREFIX/etc/… unless the prefix is /usr, as GNUInstallDirs
  # does), never over an edited one: the package marks it a conffile, which dpkg keeps on upgrade.
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(etc_dir /etc/schedtool)
  else()
    set(etc_dir \"\${CMAKE_INSTALL_PREFIX}/etc/schedtool\")
  endif()
  if(NOT EXISTS \"\$ENV{DESTDIR}\${etc_dir}/jobs.toml\")
    file(INSTALL DESTINATION \"\${etc_dir}\" TYPE FILE RENAME jobs.toml FILES \"${CMAKE_CURRENT_SOURCE_DIR}/jobs.example.toml\")
  endif()
")

# The Debian package: cpack installs into a staging tree with DESTDIR and prefix /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME schedtool)
set(CPACK_PACKAGE_VENDOR "schedtool")
set(CPACK_PACKAGE_CONTACT "schedtool maintainers <schedtool@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "job scheduler for shell commands, with APScheduler's model")
set(CPACK_PACKAGE_DESCRIPTION
    "schedtool runs shell commands on cron, interval, date and calendar triggers,\n with APScheduler's misfire, coalesce and max_instances rules, a SQLite job\n store and a control socket. It ships systemd units with readiness and watchdog.")
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)  # with CPACK_SET_DESTDIR, the prefix the install step sees
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${SCHEDTOOL_PACKAGING_DIR}/debian/conffiles)
include(CPack)
