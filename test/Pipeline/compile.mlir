// rnn-compile is what rnnc runs: on the imported module (rnnc --emit=rnn) it gives exactly
// the IR of rnnc --emit=mlir, for each option and each example. rnnc derives vector-width and
// vector-registers from its target; the x86-64-v3 and skylake-avx512 targets fix them.
// (rnn-opt ends its output with one more blank line, which diff -B ignores.)
// RUN: rm -rf %t && mkdir -p %t
// RUN: rnnc %s --emit=rnn -o %t/streaming.mlir
// RUN: rnnc %examples/seed/seed.mlir --emit=rnn -o %t/seed.mlir
// RUN: rnnc %examples/bidirectional/bidirectional.mlir --emit=rnn -o %t/bidi.mlir

// This model is marked stateful, as Keras stateful=True imports: its state is exposed.
// RUN: rnnc %s --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/streaming.mlir --rnn-compile='vector-width=8 vector-registers=16 name=compile' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: FileCheck %s < %t/b.mlir
// The input (9 arguments as a rank-3 memref) and the result (7) are followed by the state in
// and the state out.
// CHECK: llvm.func @compile_impl(%arg0: !llvm.ptr,
// CHECK-SAME: %arg16: !llvm.ptr, {{.*}}, %arg23: !llvm.ptr,

// Dims specialised and the time loop unrolled twice, with two FMA chains.
// RUN: rnnc %s --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 --batch=2 --timesteps=6 --unroll=2 --kernel-min-chains=2 -o %t/a.mlir
// RUN: rnn-opt %t/streaming.mlir --rnn-compile='vector-width=8 vector-registers=16 name=compile batch=2 timesteps=6 unroll=2 min-chains=2' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir

// The seed model: AVX-512, streaming asked for, external weights, another name.
// RUN: rnnc %examples/seed/seed.mlir --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=skylake-avx512 --stateful --weights=external --name=tiny -o %t/a.mlir
// RUN: rnn-opt %t/seed.mlir --rnn-compile='vector-width=16 vector-registers=32 stateful external-weights name=tiny' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir

// The bidirectional model: the parallel worker, fully unrolled, the halves not interleaved.
// RUN: rnnc %examples/bidirectional/bidirectional.mlir --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 --parallel --unroll=full --kernel-interleave=false -o %t/a.mlir
// RUN: rnn-opt %t/bidi.mlir --rnn-compile='vector-width=8 vector-registers=16 parallel unroll=full interleave=false' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir

// Reduced-precision weights: bf16 on the seed model, int8 on the bidirectional one.
// RUN: rnnc %examples/seed/seed.mlir --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 --weight-precision=bf16 -o %t/a.mlir
// RUN: rnn-opt %t/seed.mlir --rnn-compile='vector-width=8 vector-registers=16 weight-precision=bf16' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: rnnc %examples/bidirectional/bidirectional.mlir --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 --weight-precision=int8 -o %t/a.mlir
// RUN: rnn-opt %t/bidi.mlir --rnn-compile='vector-width=8 vector-registers=16 weight-precision=int8' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir

// Every example with rnnc's defaults.
// RUN: rnnc %examples/stacked/stacked.mlir --emit=rnn -o %t/stacked.mlir
// RUN: rnnc %examples/stacked/stacked.mlir --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/stacked.mlir --rnn-compile='vector-width=8 vector-registers=16' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: rnnc %examples/keras-sentiment/sentiment.h5 --emit=rnn -o %t/sentiment.mlir
// RUN: rnnc %examples/keras-sentiment/sentiment.h5 --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/sentiment.mlir --rnn-compile='vector-width=8 vector-registers=16 name=sentiment' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// The LSTM example has weights of more than 1024 elements, which --emit=rnn elides unless
// --print-weights.
// RUN: rnnc %examples/keras-lstm-sentiment/lstm_sentiment.keras --emit=rnn --print-weights -o %t/lstm_sentiment.mlir
// RUN: rnnc %examples/keras-lstm-sentiment/lstm_sentiment.keras --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/lstm_sentiment.mlir --rnn-compile='vector-width=8 vector-registers=16 name=lstm_sentiment' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: rnnc %examples/keras-tagger/tagger.keras --emit=rnn -o %t/tagger.mlir
// RUN: rnnc %examples/keras-tagger/tagger.keras --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/tagger.mlir --rnn-compile='vector-width=8 vector-registers=16 name=tagger' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: rnnc %examples/keras-one-to-many/one_to_many.h5 --emit=rnn -o %t/one_to_many.mlir
// RUN: rnnc %examples/keras-one-to-many/one_to_many.h5 --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 -o %t/a.mlir
// RUN: rnn-opt %t/one_to_many.mlir --rnn-compile='vector-width=8 vector-registers=16 name=one_to_many' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir
// RUN: rnnc %examples/onnx-sentiment/sentiment.onnx --emit=rnn -o %t/onnx.mlir
// RUN: rnnc %examples/onnx-sentiment/sentiment.onnx --emit=mlir --target-triple=x86_64-unknown-linux-gnu --target-cpu=x86-64-v3 --batch=3 -o %t/a.mlir
// RUN: rnn-opt %t/onnx.mlir --rnn-compile='vector-width=8 vector-registers=16 name=sentiment batch=3' -o %t/b.mlir
// RUN: diff -B %t/a.mlir %t/b.mlir

func.func @compile(%x: tensor<?x?x4xf32>) -> tensor<?x8xf32> attributes {rnn.stateful} {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  %b = arith.constant dense<0.01> : tensor<8xf32>
  %h = rnn.simple_rnn %x : tensor<?x?x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>) -> last tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}
