# rnnc_add_model: compiles a model with rnnc at build time and wraps the object in a static
# library whose interface carries the generated header. Installed with the CMake package
# (find_package(rnnc)); the top-level build includes it too, so targets inside the source
# tree can use it the same way.
#
#   rnnc_add_model(<target> MODEL <file>
#                  [NAME <name>]              # symbol prefix and file name; default: the
#                                             # model file's stem as a C identifier
#                  [BATCH <b>] [TIMESTEPS <t>] # --batch / --timesteps (dynamic dims)
#                  [TARGET_CPU <cpu>]         # --target-cpu; default ${RNNC_TARGET_CPU}, else host
#                  [TARGET_TRIPLE <triple>]   # --target-triple, for cross builds
#                  [TARGET_FEATURES <f>]      # --target-features, e.g. +avx2,+fma
#                  [WEIGHTS_FILE <w>]         # --weights-file
#                  [EXTERNAL_WEIGHTS]         # --weights=external: also writes <name>.weights
#                  [WEIGHT_PRECISION <p>]     # --weight-precision: f32 (default), bf16,
#                                             # bf16-dot, int8 or int8-dot
#                  [SHARED]                   # a shared library (--emit=shared), not a static one
#                  [OPTIONS <flag>...])       # appended to the rnnc command line verbatim
#
# Produces <name>.o (or <name>.so with SHARED), <name>.h and, with external weights,
# <name>.weights in ${CMAKE_CURRENT_BINARY_DIR}/rnnc/<target>/, each declared as an output,
# and re-runs rnnc when the model, the weights file or rnnc itself changes. Linking <target>
# adds that directory to the include path: `#include "<name>.h"` and call <name>_run().
# The target carries the files' paths as properties: RNNC_MODEL_NAME, RNNC_MODEL_HEADER,
# RNNC_MODEL_OBJECT (the .o, or the .so with SHARED) and RNNC_MODEL_WEIGHTS (with external
# weights; the file a program passes to <name>_weights_load).
include_guard(GLOBAL)

# rnnc's rule for turning a file name into a symbol prefix (sanitizeIdentifier in
# compiler/Target/ModelInterface.cpp): each run of characters other than letters and digits
# ('_' included) becomes one '_', none leads or trails; a name that is empty gets "m", one
# that starts with a digit or is a C/C++ keyword gets an "m_" prefix.
function(_rnnc_identifier text out)
  string(REGEX REPLACE "[^A-Za-z0-9]+" "_" id "${text}")
  string(REGEX REPLACE "^_+|_+$" "" id "${id}")
  set(keywords
    alignas alignof and asm auto bool break case catch char class const constexpr continue
    default delete do double else enum explicit export extern false float for friend goto
    if inline int long mutable namespace new noexcept not nullptr operator or private
    protected public register restrict return short signed sizeof static struct switch
    template this throw true try typedef typename union unsigned using virtual void
    volatile while xor)
  if(id STREQUAL "")
    set(id "m")
  elseif(id MATCHES "^[0-9]" OR id IN_LIST keywords)
    set(id "m_${id}")
  endif()
  set(${out} "${id}" PARENT_SCOPE)
endfunction()

function(rnnc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "EXTERNAL_WEIGHTS;SHARED"
    "MODEL;NAME;BATCH;TIMESTEPS;TARGET_CPU;TARGET_TRIPLE;TARGET_FEATURES;WEIGHTS_FILE;WEIGHT_PRECISION"
    "OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "rnnc_add_model(${target}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "rnnc_add_model(${target}): MODEL <file> is required")
  endif()
  if(NOT TARGET rnnc::rnnc)
    message(FATAL_ERROR "rnnc_add_model(${target}): no rnnc::rnnc target; "
                        "call find_package(rnnc REQUIRED) first")
  endif()

  get_filename_component(model "${ARG_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(ARG_NAME)
    set(name "${ARG_NAME}")
    if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "rnnc_add_model(${target}): NAME '${name}' is not a C identifier")
    endif()
  else()
    get_filename_component(stem "${model}" NAME_WLE)
    _rnnc_identifier("${stem}" name)
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/rnnc/${target}")
  set(object "${dir}/${name}.o")
  set(header "${dir}/${name}.h")
  set(weights_out "${dir}/${name}.weights")
  if(ARG_SHARED)
    set(object "${dir}/${name}.so")
  endif()
  # External weights asked for either way: the .weights file is an output too.
  if("--weights=external" IN_LIST ARG_OPTIONS)
    set(ARG_EXTERNAL_WEIGHTS TRUE)
  endif()

  set(args "${model}" "--name=${name}")
  if(DEFINED ARG_BATCH)
    list(APPEND args "--batch=${ARG_BATCH}")
  endif()
  if(DEFINED ARG_TIMESTEPS)
    list(APPEND args "--timesteps=${ARG_TIMESTEPS}")
  endif()
  if(ARG_TARGET_CPU)
    list(APPEND args "--target-cpu=${ARG_TARGET_CPU}")
  elseif(RNNC_TARGET_CPU)
    list(APPEND args "--target-cpu=${RNNC_TARGET_CPU}")
  endif()
  if(ARG_TARGET_TRIPLE)
    list(APPEND args "--target-triple=${ARG_TARGET_TRIPLE}")
  endif()
  if(ARG_TARGET_FEATURES)
    list(APPEND args "--target-features=${ARG_TARGET_FEATURES}")
  endif()
  if(ARG_WEIGHT_PRECISION)
    if(NOT ARG_WEIGHT_PRECISION MATCHES "^(f32|bf16|bf16-dot|int8|int8-dot)$")
      message(FATAL_ERROR "rnnc_add_model(${target}): WEIGHT_PRECISION must be f32, bf16, "
                          "bf16-dot, int8 or int8-dot, got '${ARG_WEIGHT_PRECISION}'")
    endif()
    list(APPEND args "--weight-precision=${ARG_WEIGHT_PRECISION}")
  endif()
  set(depends "${model}" "$<TARGET_FILE:rnnc::rnnc>")
  if(ARG_WEIGHTS_FILE)
    get_filename_component(weights "${ARG_WEIGHTS_FILE}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "--weights-file=${weights}")
    list(APPEND depends "${weights}")
  endif()
  if(ARG_EXTERNAL_WEIGHTS AND NOT "--weights=external" IN_LIST ARG_OPTIONS)
    list(APPEND args "--weights=external")
  endif()
  list(APPEND args ${ARG_OPTIONS})

  set(outputs "${object}" "${header}")
  if(ARG_EXTERNAL_WEIGHTS)
    list(APPEND outputs "${weights_out}")
  endif()
  file(MAKE_DIRECTORY "${dir}")
  if(ARG_SHARED)
    # --emit=shared writes the library (and the weights) alone; the header comes from the
    # object stage, written to a scratch object that is then removed.
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND rnnc::rnnc ${args} --emit=shared -o "${object}"
      COMMAND rnnc::rnnc ${args} -o "${dir}/${name}.header.o"
      COMMAND ${CMAKE_COMMAND} -E rename "${dir}/${name}.header.h" "${header}"
      COMMAND ${CMAKE_COMMAND} -E rm -f "${dir}/${name}.header.o" "${dir}/${name}.header.weights"
      DEPENDS ${depends}
      COMMENT "Compiling model ${name} with rnnc (shared library)"
      VERBATIM)
    # The library is linked by its path (an imported target); the interface target carries
    # the include directory and makes linking wait for rnnc.
    add_custom_target(${target}_files DEPENDS ${outputs})
    add_library(${target}_library SHARED IMPORTED)
    set_target_properties(${target}_library PROPERTIES IMPORTED_LOCATION "${object}")
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE ${target}_library)
    add_dependencies(${target} ${target}_files)
  else()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND rnnc::rnnc ${args} -o "${object}"
      DEPENDS ${depends}
      COMMENT "Compiling model ${name} with rnnc"
      VERBATIM)
    set_source_files_properties("${object}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
    # The header is a source too, so it exists before anything that links the target
    # compiles.
    add_library(${target} STATIC "${object}" "${header}")
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  endif()
  set_target_properties(${target} PROPERTIES
    RNNC_MODEL_NAME "${name}"
    RNNC_MODEL_HEADER "${header}"
    RNNC_MODEL_OBJECT "${object}")
  if(ARG_EXTERNAL_WEIGHTS)
    set_target_properties(${target} PROPERTIES RNNC_MODEL_WEIGHTS "${weights_out}")
  endif()
  target_include_directories(${target} INTERFACE "${dir}")
endfunction()
