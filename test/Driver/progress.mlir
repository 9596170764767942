// --progress=always prints each stage of the compile, in order, with the elapsed time;
// the default (auto) prints nothing when stderr is not a terminal, as here.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/m.o --progress=always 2>&1 | FileCheck %s
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/m.o 2>&1 | count 0
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/m.o --progress=never 2>&1 | count 0
// CHECK: rnnc: [{{ *}}[[T:[0-9]+\.[0-9][0-9]]] s] reading {{.*}}seed.mlir
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] preparing the model
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] lowering to the LLVM dialect
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] translating to LLVM IR
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] optimizing LLVM IR (-O3)
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] generating code for {{.*}}
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] writing the output
// CHECK-NEXT: rnnc: [{{ *[0-9.]+}} s] done

// An error after a stage began comes on its own line.
// RUN: not rnnc %examples/seed/seed.mlir --batch=3 -o %t.dir/bad.o --progress=always 2>&1 | FileCheck %s --check-prefix=ERROR
// ERROR: rnnc: [{{ *[0-9.]+}} s] preparing the model
// ERROR-NEXT: {{.*}}error:

// --mlir-timing reports the stages, with the passes nested in theirs.
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/m.o --mlir-timing --mlir-timing-display=tree 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING: Execution time report
// TIMING: reading {{.*}}seed.mlir
// TIMING: lowering to the LLVM dialect
// TIMING-NEXT: {{ +}}SelectModel
// TIMING: {{ +}}OutlineRequirements
// TIMING: optimizing LLVM IR (-O3)
// TIMING: generating code for
// TIMING: Total

// --mlir-pass-statistics is listed by --help, with the timing options.
// RUN: rnnc --help | FileCheck %s --check-prefix=HELP
// HELP-DAG: --mlir-pass-statistics
// HELP-DAG: --mlir-timing
// HELP-DAG: --progress=<value>
// HELP-DAG: --O2{{ +}}- moderate
