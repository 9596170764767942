// rnn-opt --help lists the driver's options and rnnc's passes and pipelines, not the
// options of every LLVM backend (still listed by --help-hidden).
// RUN: rnn-opt --help | FileCheck %s
// RUN: rnn-opt --help | FileCheck %s --check-prefix=NO-BACKEND
// RUN: rnn-opt --help-hidden | FileCheck %s --check-prefix=HIDDEN
// CHECK-DAG: --rnn-compile
// CHECK-DAG: --rnn-lower-kernels
// CHECK-DAG: --split-input-file
// CHECK-DAG: --verify-diagnostics
// NO-BACKEND-NOT: --aarch64-neon-syntax
// NO-BACKEND-NOT: --amdgpu-
// HIDDEN: --aarch64-neon-syntax
