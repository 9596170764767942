# Helpers shared by the project's CMake files.

# add_rnnc_library(name sources... [DEPENDS targets...] [LINK libs...])
# A static library of project code; MLIR and LLVM come from their shared libraries
# (libMLIR.so, libLLVM.so), which keeps tools small and links fast.
function(add_rnnc_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  llvm_update_compile_flags(${name})
  target_link_libraries(${name} PUBLIC MLIR LLVM ${ARG_LINK})
endfunction()
