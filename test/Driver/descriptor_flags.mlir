// The descriptor (LLVM IR) says how the model was compiled: --parallel sets RNNC_MODEL_PARALLEL (2)
// and run_with reaches <name>_run_parallel; --weights=external sets
// RNNC_MODEL_EXTERNAL_WEIGHTS (1) with the payload size and fingerprint its header states,
// and run_with passes the weights to <name>_run.
//
// RUN: rnnc %s --name=flags --parallel --emit=llvm -o - | FileCheck %s --check-prefix=PAR
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %s --name=flags --weights=external -o %t.dir/ext.o
// RUN: rnnc %s --name=flags --weights=external --emit=llvm -o %t.dir/ext.ll
// RUN: FileCheck %s --check-prefix=EXT --input-file=%t.dir/ext.ll -DBYTES=$(sed -n 's/^#define FLAGS_WEIGHTS_BYTES \([0-9]*\)$/\1/p' %t.dir/ext.h) -DPRINT=$(%python -c "import sys; v = int(sys.argv[1].rstrip('ul'), 16); print(v - (1 << 64) * (v >> 63))" $(sed -n 's/^#define FLAGS_WEIGHTS_FINGERPRINT \(0x[0-9a-f]*ull\)$/\1/p' %t.dir/ext.h))

// PAR:      @flags_model = {{.*}} { i32 2, {{.*}}, i32 2, i64 0, i64 0, ptr @flags_invoke_with }
// PAR:      define internal {{.*}}i32 @flags_invoke_with(
// PAR:      call {{.*}}i32 @flags_run_parallel(

// EXT:      @flags_model = {{.*}} { i32 2, {{.*}}, i32 1, i64 [[BYTES]], i64 [[PRINT]], ptr @flags_invoke_with }
// EXT:      define internal {{.*}}i32 @flags_invoke_with(
// EXT:      call {{.*}}i32 @flags_run(ptr
func.func @flags(%x: tensor<1x3x2xf32> {rnn.name = "x"}) -> tensor<1x3xf32> {
  %wx = arith.constant dense<0.25> : tensor<2x3xf32>
  %wh = arith.constant dense<-0.125> : tensor<3x3xf32>
  %b = arith.constant dense<0.5> : tensor<3xf32>
  %last = rnn.simple_rnn %x : tensor<1x3x2xf32>
      kernel(%wx : tensor<2x3xf32>) recurrent(%wh : tensor<3x3xf32>) bias(%b : tensor<3xf32>)
      -> last tensor<1x3xf32>
  return %last : tensor<1x3xf32>
}
