// threads.c built with ThreadSanitizer: the generated kernels (stack and heap work
// buffers) called from 8 threads at once report no race. The checks are threads.c's.
//
// REQUIRES: tsan
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/stacked/stacked.mlir -o %t.dir/stacked.o
// RUN: rnnc %S/Inputs/dyn.mlir -o %t.dir/dyn.o
// RUN: rnnc %S/Inputs/deep.mlir -o %t.dir/deep.o
// RUN: %clang -fsanitize=thread -g -O1 -std=c99 -Wall -Werror -pedantic -pthread -I%t.dir -I%S/Inputs %S/threads.c %t.dir/stacked.o %t.dir/dyn.o %t.dir/deep.o -o %t.dir/threads -lm
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %t.dir/threads | FileCheck %S/threads.c
