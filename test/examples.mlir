// The bundled examples parse, verify and survive a print/parse round trip.
// RUN: rnn-opt %examples/seed/seed.mlir | rnn-opt | FileCheck %s --check-prefix=SEED

// SEED-LABEL: func.func @seed
// SEED: rnn.simple_rnn %{{.*}} : tensor<1x10x4xf32> kernel(%{{.*}} : tensor<4x8xf32>) recurrent(%{{.*}} : tensor<8x8xf32>) bias(%{{.*}} : tensor<8xf32>) -> sequence tensor<1x10x8xf32>

// RUN: rnn-opt %examples/stacked/stacked.mlir | rnn-opt | FileCheck %s --check-prefix=STACKED
// RUN: rnn-opt %examples/bidirectional/bidirectional.mlir | rnn-opt | FileCheck %s --check-prefix=BIDI

// The stacked model is a chain: each layer reads the previous layer's sequence; the first two
// return sequences of 16 features, the last its final state of 8.
// STACKED-LABEL: func.func @stacked(%arg0: tensor<1x10x4xf32>) -> tensor<1x8xf32>
// STACKED: %[[S1:.*]] = rnn.simple_rnn %arg0 : tensor<1x10x4xf32> kernel(%{{.*}} : tensor<4x16xf32>) recurrent(%{{.*}} : tensor<16x16xf32>) bias(%{{.*}} : tensor<16xf32>) -> sequence tensor<1x10x16xf32>
// STACKED: %[[S2:.*]] = rnn.simple_rnn %[[S1]] : tensor<1x10x16xf32> kernel(%{{.*}} : tensor<16x16xf32>) recurrent(%{{.*}} : tensor<16x16xf32>) bias(%{{.*}} : tensor<16xf32>) -> sequence tensor<1x10x16xf32>
// STACKED: %[[H:.*]] = rnn.simple_rnn %[[S2]] : tensor<1x10x16xf32> kernel(%{{.*}} : tensor<16x8xf32>) recurrent(%{{.*}} : tensor<8x8xf32>) bias(%{{.*}} : tensor<8xf32>) -> last tensor<1x8xf32>
// STACKED: return %[[H]] : tensor<1x8xf32>

// The bidirectional model is one op with a biased forward and backward half of 8 units each,
// concatenated (the default merge_mode, so it is not printed) to 16 features per step.
// BIDI-LABEL: func.func @bidirectional(%arg0: tensor<1x10x4xf32>) -> tensor<1x10x16xf32>
// BIDI: %[[Y:.*]] = rnn.bidirectional %arg0 : tensor<1x10x4xf32> forward kernel(%{{.*}} : tensor<4x8xf32>) recurrent(%{{.*}} : tensor<8x8xf32>) bias(%{{.*}} : tensor<8xf32>) backward kernel(%{{.*}} : tensor<4x8xf32>) recurrent(%{{.*}} : tensor<8x8xf32>) bias(%{{.*}} : tensor<8xf32>) -> sequence tensor<1x10x16xf32>
// BIDI: return %[[Y]] : tensor<1x10x16xf32>
