# The Debian packages, made by CPack's DEB generator from the install rules
# (`cmake --build BUILD --target package`), one per install component:
#
#   pvfsf-tools  the tools in /usr/sbin, udev rules, systemd units, manual
#                pages, example configurations      (component "tools")
#   pvfsf-dkms   the module's source for dkms       (component "dkms")
#
# Test tools and unit tests install nothing and so go into neither.  The
# version is project(VERSION); the Debian revision below counts packagings
# of one version.  docs/packages.md lists what each package holds.
set(PVFSF_DEB_REVISION 1)
set(PVFSF_DEB_VERSION ${PROJECT_VERSION}-${PVFSF_DEB_REVISION})
set(pvfsf_deb ${CMAKE_CURRENT_LIST_DIR}/deb)
set(pvfsf_deb_out ${CMAKE_BINARY_DIR}/packaging)

# The maintainer scripts, each package's in a folder of its own under the
# names dpkg runs (postinst, prerm, postrm); those of pvfsf-dkms name the
# version.  And the Debian changelog every package carries (gzip -9n, as
# Debian wants it).
foreach(script pvfsf-dkms.postinst pvfsf-dkms.prerm)
  string(REPLACE "." "/" out ${script})
  configure_file(${pvfsf_deb}/${script}.in ${pvfsf_deb_out}/${out} @ONLY)
endforeach()
foreach(script pvfsf-tools.postinst pvfsf-tools.postrm)
  string(REPLACE "." "/" out ${script})
  configure_file(${pvfsf_deb}/${script} ${pvfsf_deb_out}/${out} COPYONLY)
endforeach()
configure_file(${pvfsf_deb}/changelog.in ${pvfsf_deb_out}/changelog @ONLY)
add_custom_command(
  OUTPUT ${pvfsf_deb_out}/changelog.Debian.gz
  COMMAND gzip -9nc ${pvfsf_deb_out}/changelog > ${pvfsf_deb_out}/changelog.Debian.gz
  DEPENDS ${pvfsf_deb_out}/changelog
  COMMENT "Debian changelog")
add_custom_target(pvfsf-deb-changelog ALL
                  DEPENDS ${pvfsf_deb_out}/changelog.Debian.gz)
foreach(component tools dkms)
  install(FILES ${pvfsf_deb}/copyright ${pvfsf_deb_out}/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/pvfsf-${component}
          COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pvfsf)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pvfsf developers <pvfsf-dev@lists.pvfsf.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL tools dkms)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${PVFSF_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME pvfsf-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION admin)
# The shared libraries from dpkg-shlibdeps; iscsiadm (open-iscsi) on the
# clients; udev runs the rules.  The servers' LIO is the kernel's own,
# driven through configfs: no targetcli.
set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "open-iscsi, udev")
set(CPACK_DEBIAN_TOOLS_PACKAGE_SUGGESTS "pvfsf-dkms")
set(CPACK_DEBIAN_TOOLS_PACKAGE_CONTROL_EXTRA
    ${pvfsf_deb_out}/pvfsf-tools/postinst ${pvfsf_deb_out}/pvfsf-tools/postrm)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
"block-device fast path for PVFS2/OrangeFS files - tools
On a data server, pvfs-lun-export exports the datafiles of opened files
as iSCSI LUNs through the kernel's LIO target (pvfs-lun-export.service).
On a client, pvfs-stripe-attach logs in to the servers and makes
/dev/pvfsfN, striped over the LUNs by the pvfsf module (pvfsf-dkms).
pvfsf-ctl and pvfs-layout are the low-level tools.")

set(CPACK_DEBIAN_DKMS_PACKAGE_NAME pvfsf-dkms)
set(CPACK_DEBIAN_DKMS_PACKAGE_SECTION kernel)
set(CPACK_DEBIAN_DKMS_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DKMS_PACKAGE_DEPENDS "dkms (>= 3.0)")
set(CPACK_DEBIAN_DKMS_PACKAGE_RECOMMENDS "pvfsf-tools")
set(CPACK_DEBIAN_DKMS_PACKAGE_CONTROL_EXTRA
    ${pvfsf_deb_out}/pvfsf-dkms/postinst ${pvfsf_deb_out}/pvfsf-dkms/prerm)
set(CPACK_COMPONENT_DKMS_DESCRIPTION
"block-device fast path for PVFS2/OrangeFS files - kernel module
pvfsf.ko makes one block device per PVFS file, /dev/pvfsfN, and sends
each piece of its I/O straight to the iSCSI LUN that holds the datafile.
This package holds its source; dkms builds it for each installed Linux
6.1 kernel whose headers are installed.")

include(CPack)
