// parallel.c built with ThreadSanitizer, librnnrt's thread pool included: starting,
// running and stopping the pool's threads reports no race. (The kernels' own barrier is in
// generated code, which the sanitizer does not see; parallel.c checks their results.)
//
// REQUIRES: tsan
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/deep.mlir --parallel -o %t.dir/deep.o
// RUN: rnnc %S/Inputs/deep.mlir --parallel --batch=1 --name=deep1 -o %t.dir/deep1.o
// RUN: rnnc %S/Inputs/wide.mlir --parallel -o %t.dir/wide.o
// RUN: rnnc %S/../determinism.mlir --parallel --name=bistack -o %t.dir/bistack.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_sentiment.h5 --parallel --name=senti -o %t.dir/senti.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_masking.h5 --parallel --name=masking -o %t.dir/masking.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_softmax_layers.h5 --parallel --name=softmax -o %t.dir/softmax.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_bidi_sum_last.h5 --parallel --name=bisum -o %t.dir/bisum.o
// RUN: %python %S/Inputs/gen_tall.py tall 12 100 > %t.dir/tall.mlir
// RUN: rnnc %t.dir/tall.mlir --parallel -o %t.dir/tall.o
// RUN: %python %S/Inputs/gen_tall.py few 3 256 > %t.dir/few.mlir
// RUN: rnnc %t.dir/few.mlir --parallel -o %t.dir/few.o
// RUN: cd %t.dir && %clangxx -fsanitize=thread -g -O1 -std=c++17 -fno-exceptions -fno-rtti -I%rnnc_src/runtime/include -c %rnnc_src/runtime/rnnrt/Descriptor.cpp %rnnc_src/runtime/rnnrt/Error.cpp %rnnc_src/runtime/rnnrt/Load.cpp %rnnc_src/runtime/rnnrt/Run.cpp %rnnc_src/runtime/rnnrt/Shapes.cpp %rnnc_src/runtime/rnnrt/Threads.cpp
// RUN: %clang -fsanitize=thread -g -O1 -std=c99 -Wall -Werror -pedantic -pthread -I%t.dir -I%S/Inputs -I%rnnc_src/runtime/include %S/parallel.c %t.dir/deep.o %t.dir/deep1.o %t.dir/wide.o %t.dir/bistack.o %t.dir/senti.o %t.dir/masking.o %t.dir/softmax.o %t.dir/bisum.o %t.dir/tall.o %t.dir/few.o %t.dir/Descriptor.o %t.dir/Error.o %t.dir/Load.o %t.dir/Run.o %t.dir/Shapes.o %t.dir/Threads.o -o %t.dir/parallel -ldl -lm -lstdc++
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %t.dir/parallel | FileCheck %S/parallel.c
