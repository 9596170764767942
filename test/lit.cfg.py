# lit configuration of the rnnc regression suite.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "rnnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rnnc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "Inputs"]

config.substitutions.append(("%examples", os.path.join(config.rnnc_src_root, "examples")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.rnnc_tools_dir, config.llvm_tools_dir]
tools = ["rnn-opt"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Reference scripts need numpy, which Debian's python has (a pyenv python on PATH may not).
# (lit's defaults map %python to lit's own interpreter; replace that entry.)
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%host_cc", config.host_cc))
config.substitutions.append(("%rnnc_version", config.rnnc_version))
llvm_config.add_tool_substitutions(["rnnc", "rnn-run"], tool_dirs)

# Linking librnnrt from the build tree (headers from the source tree). In the sanitizer build
# the instrumented library takes the sanitizer runtime from its program.
sanitize = config.rnnc_sanitize.upper() in ("ON", "1", "TRUE", "YES")
# The sanitizer build checks the compiler and the runtime, which every test runs; tests that
# measure generated code over thousands of inputs leave that to the plain build
# (`UNSUPPORTED: sanitizer`) or run a smaller slice there.
if sanitize:
    config.available_features.add("sanitizer")
# Tests of code only some x86 hosts run: --weight-precision=bf16-dot needs AVX512_BF16,
# int8-dot AVX512_VNNI.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        host_flags = set(cpuinfo.read().split())
except OSError:
    host_flags = set()
if {"avx512f", "avx512_bf16"} <= host_flags:
    config.available_features.add("avx512bf16")
if {"avx512f", "avx512_vnni"} <= host_flags:
    config.available_features.add("avx512vnni")
# The gated-cell case lists (Frontends/ONNX/*_run.test): every case, or a third of them.
config.substitutions.append(("%gated_every", "--every 3" if sanitize else ""))
config.substitutions.append(
    ("%rnnrt_link",
     "{2}-I{0}/runtime/include -L{1}/lib -Wl,-rpath,{1}/lib -lrnnrt".format(
         config.rnnc_src_root, config.rnnc_obj_root,
         "-fsanitize=address,undefined " if sanitize else "")))
