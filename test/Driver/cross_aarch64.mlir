// Cross-compiling for AArch64 from any host: an explicit triple and CPU give an AArch64 ELF
// object (and its header), shared library and assembly; the kernels use NEON fmla and call
// nothing.

// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/seed/seed.mlir --target-triple=aarch64-linux-gnu --target-cpu=generic -o %t.dir/seed.o
// RUN: %llvm-readelf -h %t.dir/seed.o | FileCheck %s --check-prefix=OBJ
// RUN: %llvm-nm --extern-only --defined-only %t.dir/seed.o | FileCheck %s --check-prefix=SYMS
// RUN: FileCheck %s --check-prefix=HEADER < %t.dir/seed.h
// OBJ: Class: ELF64
// OBJ: Type: REL (Relocatable file)
// OBJ: Machine: AArch64
// SYMS:      seed_model
// SYMS-NEXT: seed_run
// SYMS-NEXT: seed_status_message
// SYMS-NOT:  {{.}}
// HEADER: int32_t seed_run(

// RUN: rnnc %examples/seed/seed.mlir --target-triple=aarch64-linux-gnu --target-cpu=generic --emit=shared -o %t.dir/seed.so
// RUN: %llvm-readelf -h %t.dir/seed.so | FileCheck %s --check-prefix=SHARED
// SHARED: Type: DYN (Shared object file)
// SHARED: Machine: AArch64

// RUN: rnnc %examples/seed/seed.mlir --target-triple=aarch64-linux-gnu --target-cpu=generic --emit=asm -o %t.dir/seed.s
// RUN: FileCheck %s --check-prefix=ASM < %t.dir/seed.s
// RUN: %llvm-mc -triple=aarch64-linux-gnu -filetype=obj %t.dir/seed.s -o /dev/null
// ASM:     seed_run:
// ASM-NOT: {{^[[:space:]]+(bl|blr)[[:space:]]}}
// ASM:     fmla v{{[0-9]+}}.4s
// ASM-NOT: {{^[[:space:]]+(bl|blr)[[:space:]]}}
// ASM:     .size seed_run

