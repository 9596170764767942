// Errors in rnnc's options: each says which option and what is wrong with its value, and
// rnnc exits 1 before writing anything.
// RUN: rm -rf %t.dir && mkdir -p %t.dir

// --name must be a C identifier, since it prefixes every exported symbol.
// RUN: not rnnc %examples/seed/seed.mlir --name=my-model -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=NAME-DASH
// RUN: not rnnc %examples/seed/seed.mlir --name=2fast -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=NAME-DIGIT
// RUN: not rnnc %examples/seed/seed.mlir --name="a b" -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=NAME-SPACE
// NAME-DASH:  rnnc: error: --name 'my-model' is not a C identifier
// NAME-DIGIT: rnnc: error: --name '2fast' is not a C identifier
// NAME-SPACE: rnnc: error: --name 'a b' is not a C identifier

// An unknown CPU names the CPU and the target, and the known one it is nearest to when it
// looks like a misspelling of it; nothing when none is near.
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=pentium9 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: rnnc: error: unknown CPU 'pentium9' for target 'x86_64-{{.*}}linux-gnu'
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=skylake-avx51 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=CPU-NEAR
// CPU-NEAR: rnnc: error: unknown CPU 'skylake-avx51' for target 'x86_64-{{.*}}linux-gnu'; did you mean 'skylake-avx512'?
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=x86-64-v5 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=CPU-V5
// CPU-V5: rnnc: error: unknown CPU 'x86-64-v5' for target 'x86_64-{{.*}}linux-gnu'; did you mean 'x86-64-v{{[234]}}'?
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=aarch64-linux-gnu --target-cpu=nonsense-cpu-name -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=CPU-FAR
// CPU-FAR: rnnc: error: unknown CPU 'nonsense-cpu-name' for target 'aarch64-{{.*}}linux-gnu'{{$}}

// An unknown triple names the triple.
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=foo-bar-baz -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=TRIPLE
// TRIPLE: rnnc: error: unknown target triple 'foo-bar-baz'

// The default CPU, 'host', does not apply to another architecture's triple.
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=s390x-linux-gnu -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=HOST-CPU
// HOST-CPU: rnnc: error: --target-cpu=host needs the host's architecture, not 's390x-linux-gnu'

// --unroll takes auto, none, full or a positive count.
// RUN: not rnnc %examples/seed/seed.mlir --unroll=sometimes -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=UNROLL -DVALUE=sometimes
// RUN: not rnnc %examples/seed/seed.mlir --unroll=0 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=UNROLL -DVALUE=0
// RUN: not rnnc %examples/seed/seed.mlir --unroll=-2 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=UNROLL -DVALUE=-2
// UNROLL: rnnc: error: --unroll must be auto, none, full or a positive integer, got '[[VALUE]]'

// --batch and --timesteps must be positive.
// RUN: not rnnc %examples/seed/seed.mlir --batch 0 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=POSITIVE
// RUN: not rnnc %examples/seed/seed.mlir --batch=-3 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=POSITIVE
// RUN: not rnnc %examples/seed/seed.mlir --timesteps 0 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=POSITIVE
// POSITIVE: rnnc: error: --batch and --timesteps must be positive

// An unknown stage is named in the message.
// RUN: not rnnc %examples/seed/seed.mlir --emit=exe 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: rnnc: for the --emit option: Cannot find option named 'exe'!

// No model file.
// RUN: not rnnc 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// NO-INPUT: rnnc: Not enough positional command line arguments specified!

// The parallel entry takes its weights from the object.
// RUN: not rnnc %examples/seed/seed.mlir --parallel --weights=external -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=PARALLEL-EXTERNAL
// PARALLEL-EXTERNAL: rnnc: error: --parallel with --weights=external is not supported: the parallel entry takes its weights from the object

// None of the failures above wrote a file.
// RUN: ls %t.dir | count 0

// Target features are checked against the target's list: a misspelt or unsigned feature
// is an error, not a warning LLVM ignores.
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=x86-64 --target-features=+nonsense -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=FEATURE -DF=+nonsense
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=x86-64 --target-features=avx2 -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=FEATURE -DF=avx2
// FEATURE: rnnc: error: unknown target feature '[[F]]' for 'x86_64-{{.*}}linux-gnu'; features are written +name or -name, e.g. +avx2,+fma
// FEATURE-NOT: recognized
// A misspelt feature gets the nearest known one, with its sign.
// RUN: not rnnc %examples/seed/seed.mlir --target-triple=x86_64-linux-gnu --target-cpu=x86-64 --target-features=+avx512fx -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=FEATURE-NEAR
// FEATURE-NEAR: rnnc: error: unknown target feature '+avx512fx' for 'x86_64-{{.*}}linux-gnu'; did you mean '+avx512f'?

// An empty --name is an error, not the default.
// RUN: not rnnc %examples/seed/seed.mlir --name= -o %t.dir/m.o 2>&1 | FileCheck %s --check-prefix=NAME-EMPTY
// NAME-EMPTY: rnnc: error: --name must not be empty

// Objects go to files: -o - is for the text stages.
// RUN: not rnnc %examples/seed/seed.mlir -o - 2>&1 | FileCheck %s --check-prefix=STDOUT
// STDOUT: rnnc: error: --emit=obj and --emit=shared write files; give -o a path

// Nothing was written by any of the failures above.
// RUN: ls %t.dir | count 0
