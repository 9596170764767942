// --emit=asm for named x86 CPUs (never the CI machine's own): the kernels use the CPU's FMA
// and vector width, tanh is computed inline (no call to tanhf, expf, fmaf or any other libm
// function), and the assembly is valid. Inputs/asm_summary.py reduces the assembly to one
// line per function and per loop; see there for what it counts.

// AVX2 + FMA: 8 hidden units fill one ymm register; every FMA is a ymm one, nothing is called.
// RUN: rnnc %examples/seed/seed.mlir --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=x86-64-v3 -o %t.v3.s
// RUN: %python %S/Inputs/asm_summary.py %t.v3.s | FileCheck %s --check-prefix=V3
// RUN: %llvm-mc -triple=x86_64-linux-gnu -filetype=obj %t.v3.s -o /dev/null
// V3: seed_run: {{[1-9][0-9]*}} fma (xmm 0, ymm {{[1-9][0-9]*}}, zmm 0), {{[0-9]+}} mul, {{[0-9]+}} add, calls: none
// V3: seed_status_message: {{.*}} calls: none

// Zen 4 (AVX-512): FMAs on ymm or zmm, still no calls.
// RUN: rnnc %examples/seed/seed.mlir --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=znver4 -o %t.znver4.s
// RUN: %python %S/Inputs/asm_summary.py %t.znver4.s | FileCheck %s --check-prefix=ZNVER4
// RUN: %llvm-mc -triple=x86_64-linux-gnu -filetype=obj %t.znver4.s -o /dev/null
// ZNVER4: seed_run: {{[1-9][0-9]*}} fma (xmm 0, {{ymm [1-9][0-9]*, zmm [0-9]+|ymm [0-9]+, zmm [1-9][0-9]*}}), {{.*}} calls: none

// Generic x86-64 has no FMA instruction: the kernels use separate multiplies and adds
// rather than calling fmaf.
// RUN: rnnc %examples/seed/seed.mlir --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=x86-64 -o %t.generic.s
// RUN: %python %S/Inputs/asm_summary.py %t.generic.s | FileCheck %s --check-prefix=GENERIC
// RUN: %llvm-mc -triple=x86_64-linux-gnu -filetype=obj %t.generic.s -o /dev/null
// GENERIC: seed_run: 0 fma (xmm 0, ymm 0, zmm 0), {{[1-9][0-9]*}} mul, {{[1-9][0-9]*}} add, calls: none

// The same as an explicit feature list: x86-64 plus +avx2,+fma uses ymm FMAs.
// RUN: rnnc %examples/seed/seed.mlir --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=x86-64 --target-features=+avx2,+fma -o %t.features.s
// RUN: %python %S/Inputs/asm_summary.py %t.features.s | FileCheck %s --check-prefix=V3

// 64 hidden units on Zen 4: the recurrent matrix-vector product runs on zmm FMAs, inside
// the loop over the recurrent matrix's rows, both with the default unrolling (time loop
// unrolled, one such loop per step) and with --unroll=none (one time loop around it).
// RUN: %python %S/Inputs/make_model.py 64 > %t.h64.mlir
// RUN: rnnc %t.h64.mlir --name=h64 --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=znver4 -o %t.h64.s
// RUN: %python %S/Inputs/asm_summary.py %t.h64.s | FileCheck %s --check-prefix=H64
// RUN: rnnc %t.h64.mlir --name=h64 --emit=asm --target-triple=x86_64-linux-gnu --target-cpu=znver4 --unroll=none -o %t.h64.none.s
// RUN: %python %S/Inputs/asm_summary.py %t.h64.none.s | FileCheck %s --check-prefix=H64
// RUN: %llvm-mc -triple=x86_64-linux-gnu -filetype=obj %t.h64.none.s -o /dev/null
// H64: h64_run: {{[1-9][0-9]*}} fma (xmm 0, ymm 0, zmm {{[1-9][0-9]*}}), {{.*}} calls: none
// H64: h64_run loop {{.*}}: {{[1-9][0-9]*}} fma (xmm 0, ymm 0, zmm {{[1-9][0-9]*}})
