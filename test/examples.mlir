// The bundled examples parse, verify and survive a print/parse round trip.
// RUN: rnn-opt %examples/seed/seed.mlir | rnn-opt | FileCheck %s --check-prefix=SEED

// SEED-LABEL: func.func @seed
// SEED: rnn.simple_rnn %{{.*}} : tensor<1x10x4xf32> kernel(%{{.*}} : tensor<4x8xf32>) recurrent(%{{.*}} : tensor<8x8xf32>) bias(%{{.*}} : tensor<8xf32>) -> sequence tensor<1x10x8xf32>
