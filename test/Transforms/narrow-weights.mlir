// rnn-narrow-weights: with precision=bf16 the packed constant weights of rnn.matmul,
// rnn.recurrence and rnn.gated_recurrence become bf16 constants, rounded to nearest with
// ties to even; weights that arrive at run time, and every other operand, stay float32.
// RUN: rnn-opt %s -rnn-narrow-weights=precision=bf16 -split-input-file | FileCheck %s
// RUN: rnn-opt %s -rnn-narrow-weights -split-input-file | FileCheck %s --check-prefix=F32
// RUN: rnn-opt %s -rnn-narrow-weights=precision=int8 -split-input-file | FileCheck %s --check-prefix=INT8
// RUN: rnn-opt %s -rnn-narrow-weights=precision=int8-dot -split-input-file | FileCheck %s --check-prefix=QUADS
// RUN: not rnn-opt %s -rnn-narrow-weights=precision=f16 -split-input-file 2>&1 | FileCheck %s --check-prefix=INVALID

// INVALID: error: precision must be f32, bf16, bf16-dot, int8 or int8-dot, got 'f16'

// bf16 keeps 8 significant bits; next to 1 its values are 1/128 apart. 1 + 1/256 is halfway
// between 1 and 1 + 1/128 and goes to the even 1; 1 + 3/256 is halfway between 1 + 1/128
// (odd) and 1 + 2/128 (even) and goes up, where truncation would keep 1 + 1/128; 1 + 1.5/256
// is past halfway and goes up to 1 + 1/128; exact values stay. The panel's rows are stored
// in pairs, lane by lane (row 0 of lane v at 2v, row 1 at 2v + 1): K = 1 gets a zero row.
// CHECK-LABEL: func.func @matmul_rounding
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 0.000000e+00, 1.015630e+00, 0.000000e+00], [1.007810e+00, 0.000000e+00, -2.500000e+00, 0.000000e+00]]]> : tensor<1x2x4xbf16>
// CHECK: rnn.matmul %arg0 : tensor<2x1xf32>, %[[P]] : tensor<1x2x4xbf16> bias(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
// int8: one column per lane; its scale is max |w| / 127 and its values w / scale rounded to
// nearest even; the 4 rows after K hold the scale's bytes, least significant first. Column 3
// (-2.5) has scale 2.5 / 127 = 0x3CA14285 (bytes 0x85 0x42 0xA1 0x3C = -123 66 -95 60) and
// value -127; column 0 (1.00390625) scale 0x3C018306 (6 -125 1 60) and value 127.
// INT8-LABEL: func.func @matmul_rounding
// INT8: %[[P:.*]] = arith.constant dense<{{\[\[\[}}127, 127, 127, -127], [6, {{.*}}, {{.*}}, -123], [-125, {{.*}}, {{.*}}, 66], [1, {{.*}}, {{.*}}, -95], [60, {{.*}}, {{.*}}, 60]]]> : tensor<1x5x4xi8>
// INT8: rnn.matmul %arg0 : tensor<2x1xf32>, %[[P]] : tensor<1x5x4xi8> bias(%{{.*}} : tensor<4xf32>)
// F32-LABEL: func.func @matmul_rounding
// F32: arith.constant dense<{{.*}}> : tensor<1x1x4xf32>
// F32-NOT: bf16
func.func @matmul_rounding(%x: tensor<2x1xf32>, %init: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[[[1.00390625, 1.01171875, 1.005859375, -2.5]]]> : tensor<1x1x4xf32>
  %b = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %y = rnn.matmul %x : tensor<2x1xf32>, %w : tensor<1x1x4xf32> bias(%b : tensor<4xf32>)
      outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// A recurrence's and a gated recurrence's packed constant weights: rows (0.5, -0.25) and
// (0.125, 1.01171875) interleaved as one pair.
// CHECK-LABEL: func.func @recurrences
// CHECK: %[[R:.*]] = arith.constant dense<{{\[\[\[}}5.000000e-01, 1.250000e-01], [-2.500000e-01, 1.015630e+00]]]> : tensor<1x2x2xbf16>
// CHECK: rnn.recurrence %[[R]] : tensor<1x2x2xbf16> outs(%arg0 : tensor<1x3x2xf32>, %arg1 : tensor<1x2xf32>)
// CHECK: %[[G:.*]] = arith.constant dense<3.007810e-01> : tensor<4x2x2xbf16>
// CHECK: rnn.gated_recurrence <lstm> %[[G]] : tensor<4x2x2xbf16> projection(%arg2 : tensor<1x3x8xf32>)
func.func @recurrences(%seq: tensor<1x3x2xf32>, %last: tensor<1x2xf32>, %proj: tensor<1x3x8xf32>,
                       %gseq: tensor<1x3x2xf32>, %glast: tensor<1x2xf32>, %cell: tensor<1x2xf32>)
    -> (tensor<1x3x2xf32>, tensor<1x3x2xf32>) {
  %r = arith.constant dense<[[[0.5, -0.25], [0.125, 1.01171875]]]> : tensor<1x2x2xf32>
  %s:2 = rnn.recurrence %r : tensor<1x2x2xf32> outs(%seq : tensor<1x3x2xf32>, %last : tensor<1x2xf32>)
      -> tensor<1x3x2xf32>, tensor<1x2xf32>
  %g = arith.constant dense<0.3> : tensor<4x2x2xf32>
  %o:3 = rnn.gated_recurrence <lstm> %g : tensor<4x2x2xf32> projection(%proj : tensor<1x3x8xf32>)
      outs(%gseq : tensor<1x3x2xf32>, %glast : tensor<1x2xf32>) cell(%cell : tensor<1x2xf32>)
      -> tensor<1x3x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
  return %s#0, %o#0 : tensor<1x3x2xf32>, tensor<1x3x2xf32>
}

// -----

// Weights that arrive at run time (packed by tensor ops per call) stay float32.
// CHECK-LABEL: func.func @runtime_weights
// CHECK-NOT: bf16
// CHECK: rnn.matmul %arg0 : tensor<2x4xf32>, %arg1 : tensor<1x4x8xf32>
func.func @runtime_weights(%x: tensor<2x4xf32>, %w: tensor<1x4x8xf32>, %init: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xf32> outs(%init : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Large weights stay resource blobs, now of bf16.
// CHECK-LABEL: func.func @large
// CHECK: %[[R:.*]] = arith.constant dense_resource<{{.*}}> : tensor<2x32x16xbf16>
// CHECK: rnn.recurrence %[[R]] : tensor<2x32x16xbf16>
func.func @large(%seq: tensor<1x3x32xf32>, %last: tensor<1x32xf32>) -> tensor<1x3x32xf32> {
  %r = arith.constant dense<0.25> : tensor<2x32x16xf32>
  %s:2 = rnn.recurrence %r : tensor<2x32x16xf32> outs(%seq : tensor<1x3x32xf32>, %last : tensor<1x32xf32>)
      -> tensor<1x3x32xf32>, tensor<1x32xf32>
  return %s#0 : tensor<1x3x32xf32>
}

// -----

// An embedding's constant table is narrowed too; its rows stay float32.
// CHECK-LABEL: func.func @embedding
// CHECK: %[[T:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 1.015630e+00], [1.007810e+00, -2.500000e+00]]> : tensor<2x2xbf16>
// CHECK: rnn.embedding %arg0, %[[T]] : tensor<3xi32>, tensor<2x2xbf16> -> tensor<3x2xf32>
func.func @embedding(%ids: tensor<3xi32>) -> tensor<3x2xf32> {
  %t = arith.constant dense<[[1.00390625, 1.01171875], [1.005859375, -2.5]]> : tensor<2x2xf32>
  %e = rnn.embedding %ids, %t : tensor<3xi32>, tensor<2x2xf32> -> tensor<3x2xf32>
  return %e : tensor<3x2xf32>
}
// Under int8 the tables stay bf16 (a table is read a row per token: its size matters, not
// its speed).
// INT8-LABEL: func.func @embedding
// INT8: rnn.embedding %arg0, %{{.*}} : tensor<3xi32>, tensor<2x2xbf16> -> tensor<3x2xf32>

// -----

// int8 ties: a column whose largest value is 127 has scale 1 (bytes 0 0 128 63), and its
// halves round to even: 2.5 to 2, 3.5 to 4, -0.5 to 0.
// INT8-LABEL: func.func @int8_ties
// INT8: arith.constant dense<{{\[\[\[}}127], [2], [4], [0], [0], [0], [-128], [63]]]> : tensor<1x8x1xi8>
func.func @int8_ties(%x: tensor<2x4xf32>, %init: tensor<2x1xf32>) -> tensor<2x1xf32> {
  %w = arith.constant dense<[[[127.0], [2.5], [3.5], [-0.5]]]> : tensor<1x4x1xf32>
  %y = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x1xf32> outs(%init : tensor<2x1xf32>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// int8-dot: int8's values and scales, the rows in quads lane by lane (row 4m + i of lane v
// at 4v + i of quad m: as rows of 2 lanes, quad 0 is [127, 64], [-32, 0], [-127, 0], [0, 0]),
// K = 5 padded to 8 with zeros; then a quad of the scales' bytes (lane 0's 4 2 1 60 first),
// then one of 128 * sum q of each lane as int32 bytes: column 0 sums 127 + 64 - 32 + 16 = 175 (63.5 goes to the even 64, -31.75 to
// -32), 22400 = 0x5780; column 1 -127, -16256 = 0xFFFFC080.
// QUADS-LABEL: func.func @int8_dot_quads
// QUADS: %[[P:.*]] = arith.constant dense<{{\[\[\[}}127, 64], [-32, 0], [-127, 0], [0, 0], [16, 0], [0, 0], [0, 0], [0, 0], [4, 2], [1, 60], [4, 2], [-127, 60], [-128, 87], [0, 0], [-128, -64], [-1, -1]]]> : tensor<1x16x2xi8>
// QUADS: rnn.matmul %arg0 : tensor<2x5xf32>, %[[P]] : tensor<1x16x2xi8> outs
func.func @int8_dot_quads(%x: tensor<2x5xf32>, %init: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[[1.0, -2.0], [0.5, 0.0], [-0.25, 0.0], [0.0, 0.0], [0.125, 0.0]]]> : tensor<1x5x2xf32>
  %y = rnn.matmul %x : tensor<2x5xf32>, %w : tensor<1x5x2xf32> outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// An LSTM's narrow recurrent kernel is stored in groups of 2 * 4 = 8 panels (see
// dialect/PanelGroups.h): within a group, the first unit (a bf16 pair, an int8 row, an
// int8-dot quad) of each panel, then the second, and so on; the last group holds the 4
// panels that remain. Here 12 panels of K = 3 rows, one lane each: bf16 gets rows 0 and 1
// of panels 0..7, then rows 2 and 3 (zero) of panels 0..7, then the same for panels 8..11;
// int8 its rows one at a time, the 4 scale rows included; int8-dot (printed as bytes) its
// quads, the scale and sum quads included.
// CHECK-LABEL: func.func @gated_groups
// CHECK: arith.constant dense<{{\[\[\[}}-1.000000e+00], [2.000000e+00], [5.000000e+00], [6.000000e+00]], {{\[\[}}9.000000e+00], [-1.000000e+01], [-1.300000e+01], [1.400000e+01]], {{\[\[}}1.700000e+01], [1.800000e+01], [2.100000e+01], [-2.200000e+01]], {{\[\[}}-2.500000e+01], [2.600000e+01], [2.900000e+01], [3.000000e+01]], {{\[\[}}3.000000e+00], [0.000000e+00], [-7.000000e+00], [0.000000e+00]], {{\[\[}}1.100000e+01], [0.000000e+00], [1.500000e+01], [0.000000e+00]], {{\[\[}}-1.900000e+01], [0.000000e+00], [2.300000e+01], [0.000000e+00]], {{\[\[}}2.700000e+01], [0.000000e+00], [-3.100000e+01], [0.000000e+00]], {{\[\[}}3.300000e+01], [-3.400000e+01], [-3.700000e+01], [3.800000e+01]], {{\[\[}}4.100000e+01], [4.200000e+01], [4.500000e+01], [-4.600000e+01]], {{\[\[}}3.500000e+01], [0.000000e+00], [3.900000e+01], [0.000000e+00]], {{\[\[}}-4.300000e+01], [0.000000e+00], [4.700000e+01], [0.000000e+00]]]> : tensor<12x4x1xbf16>
// INT8-LABEL: func.func @gated_groups
// INT8: arith.constant dense<{{\[\[\[}}-42], [91], [104], [-110], [114], [116], [-118]], {{\[\[}}119], [85], [109], [-115], [119], [120], [-121]], {{\[\[}}122], [123], [127], [-127], [127], [127], [-127]], {{\[\[}}127], [127], [-127], [6], [-121], [-58], [-56]], {{\[\[}}101], [-26], [103], [-24], [-125], [-61], [98]], {{\[\[}}-29], [50], [114], [-77], [-13], [-63], [97]], {{\[\[}}-79], [-15], [25], [57], [89], [121], [60]], {{\[\[}}61], [61], [61], [62], [62], [62], [62]], {{\[\[}}120], [-120], [121], [122], [-123], [124], [124]], {{\[\[}}-124], [127], [127], [-127], [127], [52], [117]], {{\[\[}}-75], [-10], [26], [58], [90], [122], [-115]], {{\[\[}}-99], [-83], [-67], [62], [62], [62], [62]]]> : tensor<12x7x1xi8>
// QUADS-LABEL: func.func @gated_groups
// QUADS: arith.constant dense<"0xD6557F005B6D8100688D7F0092777F007278810074877F008A7A7F00777B81000683C13C87C3613DC662B13DC8E3F13D6532193EE672393E67B3593EE8F3793E0055000080240000003A00000044000080350000003D0000804100008039000078857F00887C7F00797C81007A847F00341A8D3E753A9D3EB55AAD3EF67ABD3E003E000080410000003B0000803E0000"> : tensor<12x12x1xi8>
func.func @gated_groups(%proj: tensor<1x2x12xf32>, %seq: tensor<1x2x3xf32>, %last: tensor<1x3xf32>,
                        %cell: tensor<1x3xf32>) -> tensor<1x2x3xf32> {
  %g = arith.constant dense<[[[-1.0], [2.0], [3.0]], [[5.0], [6.0], [-7.0]], [[9.0], [-10.0], [11.0]], [[-13.0], [14.0], [15.0]], [[17.0], [18.0], [-19.0]], [[21.0], [-22.0], [23.0]], [[-25.0], [26.0], [27.0]], [[29.0], [30.0], [-31.0]], [[33.0], [-34.0], [35.0]], [[-37.0], [38.0], [39.0]], [[41.0], [42.0], [-43.0]], [[45.0], [-46.0], [47.0]]]> : tensor<12x3x1xf32>
  %o:3 = rnn.gated_recurrence <lstm> %g : tensor<12x3x1xf32> projection(%proj : tensor<1x2x12xf32>)
      outs(%seq : tensor<1x2x3xf32>, %last : tensor<1x3xf32>) cell(%cell : tensor<1x3xf32>)
      -> tensor<1x2x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
  return %o#0 : tensor<1x2x3xf32>
}
