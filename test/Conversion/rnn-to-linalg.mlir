// convert-rnn-to-linalg: rnn.merge, rnn.activate, rnn.embedding and rnn.mask become linalg on
// tensors (tensor.insert_slice for concat); layers and kernel ops are left alone.
// RUN: rnn-opt %s -convert-rnn-to-linalg -split-input-file | FileCheck %s

// concat writes the lhs at offset 0 and the rhs at the lhs' width of the last axis into one
// tensor.empty of the result's shape; a dynamic batch comes from the lhs.
// CHECK-LABEL: func.func @merge_concat
// CHECK-SAME: (%[[A:.*]]: tensor<?x10x8xf32>, %[[B:.*]]: tensor<?x10x6xf32>)
// CHECK-NOT: rnn.merge
// CHECK: %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x10x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x10x14xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0] [%{{.*}}, 10, 8] [1, 1, 1] : tensor<?x10x8xf32> into tensor<?x10x14xf32>
// CHECK: %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 0, 8] [%{{.*}}, 10, 6] [1, 1, 1] : tensor<?x10x6xf32> into tensor<?x10x14xf32>
// CHECK: return %[[S1]]
func.func @merge_concat(%a: tensor<?x10x8xf32>, %b: tensor<?x10x6xf32>) -> tensor<?x10x14xf32> {
  %y = rnn.merge concat %a, %b : tensor<?x10x8xf32>, tensor<?x10x6xf32> -> tensor<?x10x14xf32>
  return %y : tensor<?x10x14xf32>
}

// -----

// concat of static (batch, units) states: static slice sizes, no tensor.dim.
// CHECK-LABEL: func.func @merge_concat_static
// CHECK-NOT: tensor.dim
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x12xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [2, 8] [1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[S0]][0, 8] [2, 4] [1, 1]
func.func @merge_concat_static(%a: tensor<2x8xf32>, %b: tensor<2x4xf32>) -> tensor<2x12xf32> {
  %y = rnn.merge concat %a, %b : tensor<2x8xf32>, tensor<2x4xf32> -> tensor<2x12xf32>
  return %y : tensor<2x12xf32>
}

// -----

// sum is an element-wise linalg.generic over both operands whose body is one addf.
// CHECK-LABEL: func.func @merge_sum
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x10x8xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %arg1 : tensor<2x10x8xf32>, tensor<2x10x8xf32>) outs(%[[E]] : tensor<2x10x8xf32>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[L]], %[[R]] : f32
// CHECK: linalg.yield %[[S]] : f32
func.func @merge_sum(%a: tensor<2x10x8xf32>, %b: tensor<2x10x8xf32>) -> tensor<2x10x8xf32> {
  %y = rnn.merge sum %a, %b : tensor<2x10x8xf32>, tensor<2x10x8xf32> -> tensor<2x10x8xf32>
  return %y : tensor<2x10x8xf32>
}

// -----

// mul: the body is one mulf; a dynamic batch sizes the init from the lhs.
// CHECK-LABEL: func.func @merge_mul
// CHECK: %[[N:.*]] = tensor.dim %arg0
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x8xf32>
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x8xf32>, tensor<?x8xf32>) outs(%[[E]] : tensor<?x8xf32>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[M:.*]] = arith.mulf %[[L]], %[[R]] : f32
// CHECK: linalg.yield %[[M]] : f32
func.func @merge_mul(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = rnn.merge mul %a, %b : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// ave: (lhs + rhs) * 0.5.
// CHECK-LABEL: func.func @merge_ave
// CHECK: linalg.generic
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[S:.*]] = arith.addf %[[L]], %[[R]] : f32
// CHECK: %[[A:.*]] = arith.mulf %[[S]], %[[HALF]] : f32
// CHECK: linalg.yield %[[A]] : f32
func.func @merge_ave(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.merge ave %a, %b : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// tanh is math.tanh of the element.
// CHECK-LABEL: func.func @activate_tanh
// CHECK-NOT: rnn.activate
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<?x10x8xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[Y:.*]] = math.tanh %[[X]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_tanh(%x: tensor<?x10x8xf32>) -> tensor<?x10x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<tanh>} : tensor<?x10x8xf32>
  return %y : tensor<?x10x8xf32>
}

// -----

// relu is max(x, 0) with arith.maximumf.
// CHECK-LABEL: func.func @activate_relu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[Y:.*]] = arith.maximumf %[[X]], %[[Z]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_relu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<relu>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// sigmoid is 1 / (1 + exp(0 - x)).
// CHECK-LABEL: func.func @activate_sigmoid
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[NEG:.*]] = arith.subf %{{.*}}, %[[X]] : f32
// CHECK: %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK: %[[Y:.*]] = arith.divf %{{.*}}, %[[D]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_sigmoid(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<sigmoid>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// linear yields the element unchanged.
// CHECK-LABEL: func.func @activate_linear
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
func.func @activate_linear(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<linear>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// leaky_relu selects x where x >= 0 and alpha * x elsewhere.
// CHECK-LABEL: func.func @activate_leaky_relu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 1.000000e-01 : f32
// CHECK-DAG: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf oge, %[[X]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.select %[[C]], %[[X]], %[[AX]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_leaky_relu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<leaky_relu, alpha = 0.1>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// hard_sigmoid clamps alpha * x + beta to [0, 1] with minimumf then maximumf.
// CHECK-LABEL: func.func @activate_hard_sigmoid
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK: %[[LIN:.*]] = arith.addf %[[AX]], %{{.*}} : f32
// CHECK: %[[HI:.*]] = arith.minimumf %{{.*}}, %[[LIN]] : f32
// CHECK: %[[Y:.*]] = arith.maximumf %{{.*}}, %[[HI]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_hard_sigmoid(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// softplus is max(x, 0) + log1p(exp(-|x|)), which cannot overflow.
// CHECK-LABEL: func.func @activate_softplus
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.subf %{{.*}}, %[[ABS]] : f32
// CHECK-DAG: %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-DAG: %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK-DAG: %[[M:.*]] = arith.maximumf %[[X]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.addf %[[M]], %[[L]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_softplus(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<softplus>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// elu: x where x >= 0, alpha * (exp(min(x, 0)) - 1) elsewhere.
// CHECK-LABEL: func.func @activate_elu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[MIN:.*]] = arith.minimumf %[[X]], %{{.*}} : f32
// CHECK-DAG: %[[E:.*]] = math.exp %[[MIN]] : f32
// CHECK-DAG: %[[EM1:.*]] = arith.subf %[[E]], %{{.*}} : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %{{.*}}, %[[EM1]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf oge, %[[X]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.select %[[C]], %[[X]], %[[NEG]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @activate_elu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.activate %x {activation = #rnn.activation<elu, alpha = 1.0>} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// embedding: a generic over (ids..., features) that reads the id without the feature dim,
// clamps it to [0, vocabulary - 1] and extracts table[id, feature].
// CHECK-DAG: #[[IDS:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[IDS_ARG:.*]]: tensor<?x20xi32>, %[[TABLE:.*]]: tensor<100x16xf32>)
// CHECK-NOT: rnn.embedding
// CHECK: %[[N:.*]] = tensor.dim %[[IDS_ARG]]
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x20x16xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IDS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS_ARG]] : tensor<?x20xi32>) outs(%[[E]] : tensor<?x20x16xf32>)
// CHECK: ^bb0(%[[ID:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[I:.*]] = arith.index_cast %[[ID]] : i32 to index
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[MAX:.*]] = arith.constant 99 : index
// CHECK: %[[LO:.*]] = arith.minsi %[[I]], %[[MAX]] : index
// CHECK: %[[CL:.*]] = arith.maxsi %[[LO]], %[[ZERO]] : index
// CHECK: %[[F:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[TABLE]][%[[CL]], %[[F]]] : tensor<100x16xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @embedding(%ids: tensor<?x20xi32>, %t: tensor<100x16xf32>) -> tensor<?x20x16xf32> {
  %e = rnn.embedding %ids, %t : tensor<?x20xi32>, tensor<100x16xf32> -> tensor<?x20x16xf32>
  return %e : tensor<?x20x16xf32>
}

// -----

// i64 ids of rank 1 work the same way, with the table's last row as the bound.
// CHECK-LABEL: func.func @embedding_i64
// CHECK: arith.index_cast %{{.*}} : i64 to index
// CHECK: arith.constant 6 : index
// CHECK: linalg.index 1 : index
// CHECK: tensor.extract %arg1[{{.*}}] : tensor<7x3xf32>
func.func @embedding_i64(%ids: tensor<5xi64>, %t: tensor<7x3xf32>) -> tensor<5x3xf32> {
  %e = rnn.embedding %ids, %t : tensor<5xi64>, tensor<7x3xf32> -> tensor<5x3xf32>
  return %e : tensor<5x3xf32>
}

// -----

// A mask on token ids keeps the steps whose id differs from the padding: cmpi ne per element.
// CHECK-LABEL: func.func @mask_ids
// CHECK-NOT: rnn.mask
// CHECK: %[[PAD:.*]] = arith.constant 0 : i32
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x20xi1>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<?x20xi32>) outs(%[[E]] : tensor<?x20xi1>)
// CHECK: ^bb0(%[[ID:.*]]: i32, %{{.*}}: i1):
// CHECK: %[[NE:.*]] = arith.cmpi ne, %[[ID]], %[[PAD]] : i32
// CHECK: linalg.yield %[[NE]] : i1
func.func @mask_ids(%ids: tensor<?x20xi32>) -> tensor<?x20xi1> {
  %m = rnn.mask %ids {padding = 0 : i32} : tensor<?x20xi32> -> tensor<?x20xi1>
  return %m : tensor<?x20xi1>
}

// -----

// A mask on features is a reduction over the feature axis, starting from false, that ors
// together "this feature differs from the padding" (cmpf une).
// CHECK-DAG: #[[IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[RED:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @mask_features
// CHECK-DAG: %[[PAD:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[FALSE:.*]] = arith.constant false
// CHECK-DAG: %[[E:.*]] = tensor.empty() : tensor<2x20xi1>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[FALSE]] : i1) outs(%[[E]] : tensor<2x20xi1>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[RED]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<2x20x4xf32>) outs(%[[INIT]] : tensor<2x20xi1>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: i1):
// CHECK: %[[NE:.*]] = arith.cmpf une, %[[X]], %[[PAD]] : f32
// CHECK: %[[ANY:.*]] = arith.ori %[[ACC]], %[[NE]] : i1
// CHECK: linalg.yield %[[ANY]] : i1
func.func @mask_features(%x: tensor<2x20x4xf32>) -> tensor<2x20xi1> {
  %m = rnn.mask %x {padding = -1.0 : f32} : tensor<2x20x4xf32> -> tensor<2x20xi1>
  return %m : tensor<2x20xi1>
}

// -----

// Layers and kernel ops are not this pass's business.
// CHECK-LABEL: func.func @layers_untouched
// CHECK: rnn.simple_rnn
// CHECK: rnn.dense
// CHECK-NOT: linalg.generic
func.func @layers_untouched(%x: tensor<1x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>,
                            %wd: tensor<8x2xf32>) -> tensor<1x2xf32> {
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  %y = rnn.dense %h, %wd {activation = #rnn.activation<sigmoid>}
      : (tensor<1x8xf32>, tensor<8x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
