// Every --emit stage of the tutorial model writes valid output of its kind, to -o or stdout.

// rnn: the imported model, still one rnn.simple_rnn; it re-parses and round-trips.
// RUN: rnnc %examples/seed/seed.mlir --emit=rnn -o %t.rnn.mlir
// RUN: FileCheck %s --check-prefix=RNN < %t.rnn.mlir
// RUN: rnn-opt %t.rnn.mlir | FileCheck %s --check-prefix=RNN
// RUN: rnnc %examples/seed/seed.mlir --emit=rnn | FileCheck %s --check-prefix=RNN
// RNN:      func.func @seed(%{{.*}}: tensor<1x10x4xf32>{{.*}}) -> {{.*}}tensor<1x10x8xf32>
// RNN:      rnn.simple_rnn %{{.*}} : tensor<1x10x4xf32>
// RNN-SAME: -> sequence tensor<1x10x8xf32>

// mlir: lowered to the LLVM dialect; the model function is @seed_impl and no op of another
// dialect is left. MLIR 19's own tools parse it and translate it to LLVM IR.
// RUN: rnnc %examples/seed/seed.mlir --emit=mlir -o %t.llvm.mlir
// RUN: FileCheck %s --check-prefix=MLIR < %t.llvm.mlir
// RUN: FileCheck %s --check-prefix=MLIR-ONLY < %t.llvm.mlir
// RUN: %mlir-opt %t.llvm.mlir -o /dev/null
// RUN: %mlir-translate --mlir-to-llvmir %t.llvm.mlir -o /dev/null
// MLIR:      llvm.mlir.global private constant
// MLIR:      llvm.func @seed_impl(%{{.*}}: !llvm.ptr
// MLIR:      llvm.return
// MLIR-ONLY-NOT: {{(^|[^.a-z_])(rnn|linalg|tensor|memref|bufferization|scf|vector|arith|math|func)\.[a-z_]+}}

// llvm: optimized LLVM IR. Exported: seed_run, seed_status_message and the descriptor
// seed_model; everything else, the model body included, is internal.
// RUN: rnnc %examples/seed/seed.mlir --emit=llvm -o %t.ll
// RUN: %llvm-as %t.ll -o /dev/null
// RUN: FileCheck %s --check-prefix=LLVM < %t.ll
// RUN: grep '^define' %t.ll | grep -v ' internal ' | FileCheck %s --check-prefix=EXPORTS
// The descriptor (ABI 2): no flags, no external weights, and run_with beside run.
// LLVM-DAG:  @seed_model = {{.*}}constant { i32, ptr, i32, i32, ptr, ptr, i32, ptr, ptr, i32, i64, i64, ptr } { i32 2, ptr @seed_model_name, i32 1, i32 1, ptr @seed_inputs, ptr @seed_outputs, i32 0, ptr @seed_invoke, ptr @seed_status_message, i32 0, i64 0, i64 0, ptr @seed_invoke_with }
// LLVM-DAG:  define {{.*}}i32 @seed_run(ptr {{.*}}, ptr {{.*}})
// LLVM-DAG:  define {{.*}}ptr @seed_status_message(i32
// LLVM-DAG:  define internal {{.*}}i32 @seed_invoke(ptr
// LLVM-DAG:  define internal {{.*}}i32 @seed_invoke_with(ptr
// EXPORTS:      @seed_run(
// EXPORTS-NEXT: @seed_status_message(
// EXPORTS-NOT:  define

// Even at -O0 the model function is inlined into @seed_run (it is always-inline, so the
// kernels live in the exported function), and the descriptor's entry calls @seed_run.
// RUN: rnnc %examples/seed/seed.mlir --emit=llvm -O0 -o %t.O0.ll
// RUN: %llvm-as %t.O0.ll -o /dev/null
// RUN: FileCheck %s --check-prefix=O0 < %t.O0.ll
// RUN: grep '^define' %t.O0.ll | grep -v ' internal ' | FileCheck %s --check-prefix=EXPORTS
// O0-NOT:  @seed_impl
// O0:      define i32 @seed_run(ptr %0, ptr %1)
// O0:      ret i32 0
// O0:      define internal i32 @seed_invoke(
// O0:      call i32 @seed_run(

// header: guard, the ABI definitions, shape macros, the prototypes; C99 with strict warnings.
// It is the header --emit=obj writes beside the object. (The symbols are named after the
// file written, so the files here are given the model's name.)
// RUN: rnnc %examples/seed/seed.mlir --emit=header --name=seed -o %t.h
// RUN: FileCheck %s --check-prefix=HEADER < %t.h
// RUN: %host_cc -fsyntax-only -x c -std=c99 -Wall -Wextra -Wstrict-prototypes -Werror -pedantic %t.h
// RUN: rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=x86-64 --name=seed -o %t.obj.o
// RUN: diff %t.h %t.obj.h
// RUN: rnnc %examples/seed/seed.mlir --emit=header | diff %t.h -
// HEADER:      #ifndef RNNC_MODEL_SEED_H
// HEADER-NEXT: #define RNNC_MODEL_SEED_H
// HEADER:      #define RNNC_ABI_VERSION 2
// HEADER:      typedef struct rnnc_model {
// HEADER:      #define SEED_NUM_INPUTS 1
// HEADER-NEXT: #define SEED_NUM_OUTPUTS 1
// HEADER-NEXT: #define SEED_NUM_DIMS 0
// HEADER:      /* input 0 '{{.*}}': float32 [1, 10, 4] */
// HEADER-NEXT: #define SEED_INPUT0_DTYPE RNNC_DTYPE_F32
// HEADER-NEXT: #define SEED_INPUT0_RANK 3
// HEADER-NEXT: #define SEED_INPUT0_SHAPE { 1, 10, 4 }
// HEADER-NEXT: #define SEED_INPUT0_SIZE 40
// HEADER:      /* output 0 '{{.*}}': float32 [1, 10, 8] */
// HEADER-NEXT: #define SEED_OUTPUT0_DTYPE RNNC_DTYPE_F32
// HEADER-NEXT: #define SEED_OUTPUT0_RANK 3
// HEADER-NEXT: #define SEED_OUTPUT0_SHAPE { 1, 10, 8 }
// HEADER-NEXT: #define SEED_OUTPUT0_SIZE 80
// HEADER:      int32_t seed_run(const float *{{[A-Za-z_][A-Za-z_0-9]*}}, float *{{[A-Za-z_][A-Za-z_0-9]*}});
// HEADER:      const char *seed_status_message(int32_t status);
// HEADER:      extern const rnnc_model seed_model;
// HEADER:      #endif /* RNNC_MODEL_SEED_H */

// --name renames every symbol and macro.
// RUN: rnnc %examples/seed/seed.mlir --emit=header --name=Tutorial_2 | FileCheck %s --check-prefix=NAMED
// NAMED:     #ifndef RNNC_MODEL_TUTORIAL_2_H
// NAMED:     #define TUTORIAL_2_INPUT0_SIZE 40
// NAMED:     int32_t Tutorial_2_run(
// NAMED:     const char *Tutorial_2_status_message(int32_t status);
// NAMED:     extern const rnnc_model Tutorial_2_model;
// NAMED-NOT: seed

// obj: an x86-64 ELF relocatable object that defines exactly the three exported symbols.
// RUN: %llvm-readelf -h %t.obj.o | FileCheck %s --check-prefix=OBJ
// RUN: %llvm-nm --extern-only --defined-only %t.obj.o | FileCheck %s --check-prefix=SYMS
// OBJ: Class: ELF64
// OBJ: Type: REL (Relocatable file)
// OBJ: Machine: Advanced Micro Devices X86-64
// SYMS:      seed_model
// SYMS-NEXT: seed_run
// SYMS-NEXT: seed_status_message
// SYMS-NOT:  {{.}}

// shared: an ELF shared object that also exports the descriptor as rnnc_model_descriptor.
// RUN: rnnc %examples/seed/seed.mlir --emit=shared --name=seed -o %t.so
// RUN: %llvm-readelf -h %t.so | FileCheck %s --check-prefix=SHARED
// RUN: %llvm-nm --dynamic --defined-only %t.so | FileCheck %s --check-prefix=SHARED-SYMS
// SHARED: Type: DYN (Shared object file)
// SHARED-SYMS-DAG: rnnc_model_descriptor
// SHARED-SYMS-DAG: seed_model
// SHARED-SYMS-DAG: seed_run
// SHARED-SYMS-DAG: seed_status_message
