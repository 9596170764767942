// --weight-precision=bf16 / int8 / bf16-dot / int8-dot: the header, the descriptor's flags,
// rnn-run --info and the summary say how the weights are stored, and the object holds the
// weight matrices in half (a quarter of) the bytes (an LSTM of 128 units: 0.33 M parameters).
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %s -o %t.dir/f32.o --name=f32
// RUN: rnnc %s -o %t.dir/bf16.o --name=bf16 --weight-precision=bf16
// RUN: FileCheck %s --check-prefix=H32 --input-file=%t.dir/f32.h
// RUN: FileCheck %s --check-prefix=H16 --input-file=%t.dir/bf16.h
// RUN: rnnc %s -o %t.dir/int8.o --name=int8 --weight-precision=int8
// RUN: FileCheck %s --check-prefix=H8 --input-file=%t.dir/int8.h
// RUN: %python -c "import os, sys; r = os.path.getsize(sys.argv[2]) / os.path.getsize(sys.argv[1]); print('ratio', r); sys.exit(not 0.2 < r < 0.3)" %t.dir/f32.o %t.dir/int8.o
// RUN: rnnc %s --weight-precision=int8 --name=int8 --emit=llvm -o - | FileCheck %s --check-prefix=FLAGS8
// RUN: rnnc %s --weight-precision=int8 --emit=shared -o %t.dir/int8.so
// RUN: rnn-run %t.dir/int8.so --info | FileCheck %s --check-prefix=INFO8
// RUN: rnnc %s --weight-precision=int8 --emit=summary | FileCheck %s --check-prefix=SUMMARY8
// RUN: %python -c "import os, sys; r = os.path.getsize(sys.argv[2]) / os.path.getsize(sys.argv[1]); print('ratio', r); sys.exit(not 0.45 < r < 0.55)" %t.dir/f32.o %t.dir/bf16.o
// RUN: rnnc %s --weight-precision=bf16 --name=bf16 --emit=llvm -o - | FileCheck %s --check-prefix=FLAGS
// RUN: rnnc %s --weight-precision=bf16 --emit=shared -o %t.dir/bf16.so
// RUN: rnn-run %t.dir/bf16.so --info | FileCheck %s --check-prefix=INFO
// RUN: rnnc %s --weight-precision=bf16 --emit=summary | FileCheck %s --check-prefix=SUMMARY
// bf16-dot (for a CPU with AVX512_BF16): bf16's bytes, and the state flag.
// RUN: rnnc %s -o %t.dir/dot.o --name=dot --weight-precision=bf16-dot --target-cpu=sapphirerapids
// RUN: FileCheck %s --check-prefix=HDOT --input-file=%t.dir/dot.h
// RUN: %python -c "import os, sys; r = os.path.getsize(sys.argv[2]) / os.path.getsize(sys.argv[1]); print('ratio', r); sys.exit(not 0.45 < r < 0.55)" %t.dir/f32.o %t.dir/dot.o
// RUN: rnnc %s --weight-precision=bf16-dot --target-cpu=sapphirerapids --name=dot --emit=llvm -o - | FileCheck %s --check-prefix=FLAGSDOT
// RUN: rnnc %s --weight-precision=bf16-dot --target-cpu=sapphirerapids --emit=shared -o %t.dir/dot.so
// RUN: rnn-run %t.dir/dot.so --info | FileCheck %s --check-prefix=INFODOT
// RUN: rnnc %s --weight-precision=bf16-dot --target-cpu=sapphirerapids --emit=summary | FileCheck %s --check-prefix=SUMMARYDOT
// int8-dot (for a CPU with AVX512_VNNI): the header needs no target; the flags, the external
// weights file's precision code and the summary name it.
// RUN: rnnc %s --emit=header --name=idot --weight-precision=int8-dot -o - | FileCheck %s --check-prefix=HIDOT
// RUN: rnnc %s --weight-precision=int8-dot --target-cpu=icelake-server --name=idot --emit=llvm -o - | FileCheck %s --check-prefix=FLAGSIDOT
// RUN: rnnc %s --weight-precision=int8-dot --target-cpu=icelake-server --weights=external -o %t.dir/idot.o
// RUN: FileCheck %s --check-prefix=WIDOT --input-file=%t.dir/idot.h
// RUN: rnnc %s --weight-precision=int8-dot --target-cpu=icelake-server --emit=shared -o %t.dir/idot.so
// RUN: rnn-run %t.dir/idot.so --info | FileCheck %s --check-prefix=INFOIDOT
// RUN: rnnc %s --weight-precision=int8-dot --target-cpu=icelake-server --emit=summary | FileCheck %s --check-prefix=SUMMARYIDOT
// Its code sums with vpdpbusd on zmm and quantizes with vrndscaleps and vpmovdb, no libm call.
// RUN: rnnc %s --weight-precision=int8-dot --target-triple=x86_64-linux-gnu --target-cpu=icelake-server --emit=asm -o %t.dir/idot.s
// RUN: FileCheck %s --check-prefix=ASMIDOT --input-file=%t.dir/idot.s
// RUN: %llvm-mc -triple=x86_64-linux-gnu -filetype=obj %t.dir/idot.s -o /dev/null
// ASMIDOT-NOT: call{{.*}}{{roundeven|fmaf|expf|tanhf}}
// ASMIDOT: vrndscaleps $8, %zmm
// ASMIDOT: vpmovdb %zmm
// ASMIDOT: vpdpbusd {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}

// H32: #define F32_WEIGHT_PRECISION "f32"
// H16: #define BF16_WEIGHT_PRECISION "bf16"
// FLAGS: @bf16_model = {{.*}} { i32 2, {{.*}}, i32 4, i64 0, i64 0, ptr @bf16_invoke_with }
// INFO: weight precision: bf16
// H8: #define INT8_WEIGHT_PRECISION "int8"
// FLAGS8: @int8_model = {{.*}} { i32 2, {{.*}}, i32 8, i64 0, i64 0, ptr @int8_invoke_with }
// INFO8: weight precision: int8
// Packed: (512 + 128) x 512 matrix weights in 1 or 2 bytes, int8's 4 scale rows per matrix
// (4 x 512 x 2 bytes), and the 512 biases in float32: 333,824 and 657,408 bytes.
// SUMMARY8: compiled for {{.*}}: 326.0 KiB of weights packed as the kernels read them (matrices in int8, widened to float32 in registers)
// HDOT: #define DOT_WEIGHT_PRECISION "bf16-dot"
// FLAGSDOT: @dot_model = {{.*}} { i32 2, {{.*}}, i32 20, i64 0, i64 0, ptr @dot_invoke_with }
// INFODOT: weight precision: bf16-dot
// SUMMARYDOT: compiled for {{.*}}: 642.0 KiB of weights packed as the kernels read them (matrices in bf16; the recurrent products read the state rounded to bf16, with the bf16 dot product)
// HIDOT: #define IDOT_WEIGHT_PRECISION "int8-dot"
// FLAGSIDOT: @idot_model = {{.*}} { i32 2, {{.*}}, i32 40, i64 0, i64 0, ptr @idot_invoke_with }
// WIDOT: #define IDOT_WEIGHT_PRECISION "int8-dot"
// WIDOT: if (fields[2] != RNNC_WEIGHTS_PRECISION_INT8_DOT) {
// INFOIDOT: weight precision: int8-dot
// SUMMARYIDOT: compiled for {{.*}}, icelake-server: 330.0 KiB of weights packed as the kernels read them (matrices in int8, in quads of rows; every int8 product reads its operand quantized to 8 bits per row, with the int8 dot product)
// SUMMARY: compiled for {{.*}}: 642.0 KiB of weights packed as the kernels read them (matrices in bf16, widened to float32 in registers)

func.func @lstm(%x: tensor<1x20x512xf32> {rnn.name = "x"}) -> tensor<1x128xf32> {
  %w = arith.constant dense<0.01> : tensor<512x512xf32>
  %r = arith.constant dense<-0.02> : tensor<128x512xf32>
  %b = arith.constant dense<0.1> : tensor<512xf32>
  %h = rnn.lstm %x : tensor<1x20x512xf32> kernel(%w : tensor<512x512xf32>)
      recurrent(%r : tensor<128x512xf32>) bias(%b : tensor<512xf32>) -> last tensor<1x128xf32>
  return %h : tensor<1x128xf32>
}
