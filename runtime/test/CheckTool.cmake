# Runs TOOL with ARGS ('|'-separated) in a fresh WORK_DIR and checks its exit code, that
# stdout/stderr contain the expected text, and that written files equal expected ones.
# A failing run must print exactly one "rnn-run: " line and leave no file behind.
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND "${TOOL}" ${args}
  WORKING_DIRECTORY "${WORK_DIR}"
  RESULT_VARIABLE exit_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("exit code: ${exit_code}\n--- stdout:\n${out}--- stderr:\n${err}---")

if(NOT exit_code STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got ${exit_code}")
endif()
function(expect_substring stream text expected)
  if(NOT expected STREQUAL "")
    string(FIND "${text}" "${expected}" position)
    if(position EQUAL -1)
      message(FATAL_ERROR "${stream} lacks: ${expected}")
    endif()
  endif()
endfunction()
expect_substring(stdout "${out}" "${EXPECT_STDOUT}")
expect_substring(stderr "${err}" "${EXPECT_STDERR}")

if(NOT EXPECT_EXIT STREQUAL "0")
  if(NOT err MATCHES "^rnn-run: [^\n]+\n$")
    message(FATAL_ERROR "expected one stderr line starting with 'rnn-run: '")
  endif()
  file(GLOB leftovers "${WORK_DIR}/*")
  if(leftovers)
    message(FATAL_ERROR "a failed run left files behind: ${leftovers}")
  endif()
elseif(NOT err STREQUAL "")
  message(FATAL_ERROR "a successful run printed to stderr")
endif()

string(REPLACE "|" ";" compare "${COMPARE}")
list(LENGTH compare count)
while(count GREATER 1)
  list(POP_FRONT compare produced expected)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${produced}" "${expected}"
    WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${produced} differs from ${expected}")
  endif()
  list(LENGTH compare count)
endwhile()
