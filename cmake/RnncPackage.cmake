# What `cmake --install` puts under a prefix, and how other build systems find it:
# the tools, librnnrt and its headers, the CMake package (rnnc::rnnrt, rnnc::rnnc and
# rnnc_add_model) and a pkg-config file. The same names work inside this build tree.
# Included by the top-level CMakeLists.txt once the tools and the runtime exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The project version (the top-level project() call), which every tool's --version prints too.
set(RNNC_VERSION ${PROJECT_VERSION})
set(RNNC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rnnc)

# The installed rnnc and rnn-opt load libMLIR.so and libLLVM.so from the LLVM 19
# installation they were built against, which is not on the default library path;
# rnn-run finds librnnrt beside itself.
set_target_properties(rnnc rnn-opt PROPERTIES
  INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR};${LLVM_LIBRARY_DIR}")
set_target_properties(rnn-run PROPERTIES
  INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")

# librnnrt's include directory is a source path; consumers of the installed package get
# <prefix>/include instead.
get_target_property(_rnnrt_includes rnnrt INTERFACE_INCLUDE_DIRECTORIES)
if(NOT _rnnrt_includes)
  set(_rnnrt_includes "")
endif()
set(_rnnrt_interface_includes "")
foreach(dir IN LISTS _rnnrt_includes)
  if(dir MATCHES "^\\$<")
    list(APPEND _rnnrt_interface_includes "${dir}")
  else()
    list(APPEND _rnnrt_interface_includes "$<BUILD_INTERFACE:${dir}>")
  endif()
endforeach()
list(APPEND _rnnrt_interface_includes "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
set_target_properties(rnnrt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_rnnrt_interface_includes}")

# rnnc::headers: <rnnc/model_abi.h> and the header-only C++ wrapper <rnnc/rnnc.hpp>,
# nothing to link.
add_library(rnnc_headers INTERFACE)
target_include_directories(rnnc_headers INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/runtime/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(rnnc_headers PROPERTIES EXPORT_NAME headers)

install(TARGETS rnnc rnn-opt rnn-run rnnrt rnnc_headers
  EXPORT rnncTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES
  ${PROJECT_SOURCE_DIR}/runtime/include/rnnc/model_abi.h
  ${PROJECT_SOURCE_DIR}/runtime/include/rnnc/rnnrt.h
  ${PROJECT_SOURCE_DIR}/runtime/include/rnnc/rnnc.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rnnc)
# The descriptor and shape rules that rnnc.hpp includes (and librnnrt is built from).
install(FILES ${PROJECT_SOURCE_DIR}/runtime/include/rnnc/detail/abi_check.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rnnc/detail)

# The documentation and the examples (each runs from this copy: <doc>/examples/*/run.sh).
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
# (examples/common holds the numpy module the Keras examples' make_model.py import.)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  USE_SOURCE_PERMISSIONS PATTERN __pycache__ EXCLUDE)

# The CMake package: <prefix>/lib/cmake/rnnc.
install(EXPORT rnncTargets NAMESPACE rnnc:: DESTINATION ${RNNC_CMAKE_DIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/rnncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncConfig.cmake @ONLY)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncConfigVersion.cmake
  VERSION ${RNNC_VERSION} COMPATIBILITY SameMinorVersion)
configure_file(${PROJECT_SOURCE_DIR}/cmake/rnncMacros.cmake
  ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncMacros.cmake COPYONLY)
install(FILES
  ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncConfig.cmake
  ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/rnncMacros.cmake
  DESTINATION ${RNNC_CMAKE_DIR})
# The same package in the build tree: -Drnnc_DIR=<build>/lib/cmake/rnnc uses the tools and
# the library where they were built.
export(EXPORT rnncTargets NAMESPACE rnnc::
  FILE ${PROJECT_BINARY_DIR}/${RNNC_CMAKE_DIR}/rnncTargets.cmake)

# pkg-config: <prefix>/lib/pkgconfig/rnnrt.pc, relative to its own location so the prefix
# can be chosen at install time (cmake --install --prefix) or moved.
file(RELATIVE_PATH _rnnc_pc_to_prefix
  /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" _rnnc_pc_to_prefix "${_rnnc_pc_to_prefix}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/rnnrt.pc.in
  ${PROJECT_BINARY_DIR}/CMakeFiles/rnnc-install/rnnrt.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/CMakeFiles/rnnc-install/rnnrt.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Inside this source tree: the package's names, and rnnc_add_model.
add_executable(rnnc::rnnc ALIAS rnnc)
add_library(rnnc::rnnrt ALIAS rnnrt)
add_library(rnnc::headers ALIAS rnnc_headers)
include(${PROJECT_SOURCE_DIR}/cmake/rnncMacros.cmake)
