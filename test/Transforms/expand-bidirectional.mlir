// rnn-expand-bidirectional: every rnn.bidirectional becomes a forward and a reverse
// rnn.simple_rnn over the same input, then an rnn.merge per requested result (none for
// merge_mode none); directional layers are left alone.
// RUN: rnn-opt %s -rnn-expand-bidirectional -split-input-file | FileCheck %s

// concat of the sequences: the forward half keeps its own weights and the default direction,
// the backward half gets its weights and direction reverse, and the merge puts forward first.
// CHECK-LABEL: func.func @concat_sequence
// CHECK-SAME: (%[[X:.*]]: tensor<1x10x4xf32>, %[[WF:.*]]: tensor<4x8xf32>, %[[RF:.*]]: tensor<8x8xf32>, %[[BF:.*]]: tensor<8xf32>, %[[WB:.*]]: tensor<4x6xf32>, %[[RB:.*]]: tensor<6x6xf32>, %[[BB:.*]]: tensor<6xf32>)
// CHECK-NOT: rnn.bidirectional
// CHECK: %[[F:.*]] = rnn.simple_rnn %[[X]] : tensor<1x10x4xf32> kernel(%[[WF]] : tensor<4x8xf32>) recurrent(%[[RF]] : tensor<8x8xf32>) bias(%[[BF]] : tensor<8xf32>) -> sequence tensor<1x10x8xf32>
// CHECK: %[[B:.*]] = rnn.simple_rnn %[[X]] : tensor<1x10x4xf32> kernel(%[[WB]] : tensor<4x6xf32>) recurrent(%[[RB]] : tensor<6x6xf32>) bias(%[[BB]] : tensor<6xf32>) {direction = #rnn.direction<reverse>} -> sequence tensor<1x10x6xf32>
// CHECK: %[[Y:.*]] = rnn.merge concat %[[F]], %[[B]] : tensor<1x10x8xf32>, tensor<1x10x6xf32> -> tensor<1x10x14xf32>
// CHECK: return %[[Y]]
func.func @concat_sequence(%x: tensor<1x10x4xf32>,
    %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>, %bf: tensor<8xf32>,
    %wb: tensor<4x6xf32>, %rb: tensor<6x6xf32>, %bb: tensor<6xf32>) -> tensor<1x10x14xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>) bias(%bf : tensor<8xf32>)
      backward kernel(%wb : tensor<4x6xf32>) recurrent(%rb : tensor<6x6xf32>) bias(%bb : tensor<6xf32>)
      -> sequence tensor<1x10x14xf32>
  return %y : tensor<1x10x14xf32>
}

// -----

// sum of the last states: each half returns only its last state, merged with sum.
// CHECK-LABEL: func.func @sum_last
// CHECK: %[[F:.*]] = rnn.simple_rnn %arg0 : {{.*}} -> last tensor<2x8xf32>
// CHECK: %[[B:.*]] = rnn.simple_rnn %arg0 : {{.*}} {direction = #rnn.direction<reverse>} -> last tensor<2x8xf32>
// CHECK: %[[Y:.*]] = rnn.merge sum %[[F]], %[[B]] : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
// CHECK: return %[[Y]]
func.func @sum_last(%x: tensor<2x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                    %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<sum>}
      -> last tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// mul with both results: each half returns sequence and last, and there is one merge for
// the sequences and one for the last states, in that order.
// CHECK-LABEL: func.func @mul_both
// CHECK: %[[FS:.*]], %[[FL:.*]] = rnn.simple_rnn %arg0 : {{.*}} -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
// CHECK: %[[BS:.*]], %[[BL:.*]] = rnn.simple_rnn %arg0 : {{.*}} {direction = #rnn.direction<reverse>} -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
// CHECK: %[[S:.*]] = rnn.merge mul %[[FS]], %[[BS]] : tensor<?x?x8xf32>, tensor<?x?x8xf32> -> tensor<?x?x8xf32>
// CHECK: %[[L:.*]] = rnn.merge mul %[[FL]], %[[BL]] : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
// CHECK: return %[[S]], %[[L]]
func.func @mul_both(%x: tensor<?x?x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                    %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>)
    -> (tensor<?x?x8xf32>, tensor<?x8xf32>) {
  %s, %l = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<mul>}
      -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
  return %s, %l : tensor<?x?x8xf32>, tensor<?x8xf32>
}

// -----

// ave of the sequences becomes rnn.merge ave.
// CHECK-LABEL: func.func @ave_sequence
// CHECK: %[[F:.*]] = rnn.simple_rnn
// CHECK: %[[B:.*]] = rnn.simple_rnn {{.*}} {direction = #rnn.direction<reverse>}
// CHECK: rnn.merge ave %[[F]], %[[B]] : tensor<1x10x8xf32>, tensor<1x10x8xf32> -> tensor<1x10x8xf32>
func.func @ave_sequence(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                        %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>) -> tensor<1x10x8xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<ave>}
      -> sequence tensor<1x10x8xf32>
  return %y : tensor<1x10x8xf32>
}

// -----

// concat of the last states of two halves of different widths.
// CHECK-LABEL: func.func @concat_last
// CHECK: %[[F:.*]] = rnn.simple_rnn {{.*}} -> last tensor<1x8xf32>
// CHECK: %[[B:.*]] = rnn.simple_rnn {{.*}} {direction = #rnn.direction<reverse>} -> last tensor<1x4xf32>
// CHECK: rnn.merge concat %[[F]], %[[B]] : tensor<1x8xf32>, tensor<1x4xf32> -> tensor<1x12xf32>
func.func @concat_last(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                       %wb: tensor<4x4xf32>, %rb: tensor<4x4xf32>) -> tensor<1x12xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x4xf32>) recurrent(%rb : tensor<4x4xf32>)
      -> last tensor<1x12xf32>
  return %y : tensor<1x12xf32>
}

// -----

// merge_mode none with both results: no rnn.merge; the four results are the forward and
// backward sequences, then the forward and backward last states.
// CHECK-LABEL: func.func @none_both
// CHECK: %[[FS:.*]], %[[FL:.*]] = rnn.simple_rnn %arg0 : tensor<?x10x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
// CHECK: %[[BS:.*]], %[[BL:.*]] = rnn.simple_rnn %arg0 : tensor<?x10x4xf32> kernel(%arg3 : tensor<4x6xf32>) recurrent(%arg4 : tensor<6x6xf32>) {direction = #rnn.direction<reverse>} -> sequence tensor<?x10x6xf32> last tensor<?x6xf32>
// CHECK-NOT: rnn.merge
// CHECK: return %[[FS]], %[[BS]], %[[FL]], %[[BL]]
func.func @none_both(%x: tensor<?x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                     %wb: tensor<4x6xf32>, %rb: tensor<6x6xf32>)
    -> (tensor<?x10x8xf32>, tensor<?x10x6xf32>, tensor<?x8xf32>, tensor<?x6xf32>) {
  %s0, %s1, %l0, %l1 = rnn.bidirectional %x : tensor<?x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x6xf32>) recurrent(%rb : tensor<6x6xf32>)
      {merge_mode = #rnn.merge_mode<none>}
      -> sequence tensor<?x10x8xf32>, tensor<?x10x6xf32> last tensor<?x8xf32>, tensor<?x6xf32>
  return %s0, %s1, %l0, %l1 : tensor<?x10x8xf32>, tensor<?x10x6xf32>, tensor<?x8xf32>, tensor<?x6xf32>
}

// -----

// merge_mode none with only the sequences: two results, forward first, no merge.
// CHECK-LABEL: func.func @none_sequence
// CHECK: %[[F:.*]] = rnn.simple_rnn {{.*}} -> sequence tensor<1x10x8xf32>
// CHECK: %[[B:.*]] = rnn.simple_rnn {{.*}} {direction = #rnn.direction<reverse>} -> sequence tensor<1x10x8xf32>
// CHECK-NOT: rnn.merge
// CHECK: return %[[F]], %[[B]]
func.func @none_sequence(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                         %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>)
    -> (tensor<1x10x8xf32>, tensor<1x10x8xf32>) {
  %f, %b = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<none>}
      -> sequence tensor<1x10x8xf32>, tensor<1x10x8xf32>
  return %f, %b : tensor<1x10x8xf32>, tensor<1x10x8xf32>
}

// -----

// backward_activation applies to the backward half only; activation to the forward half.
// CHECK-LABEL: func.func @backward_activation
// CHECK: rnn.simple_rnn {{.*}} {activation = #rnn.activation<relu>} -> sequence
// CHECK: rnn.simple_rnn {{.*}} {activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, direction = #rnn.direction<reverse>} -> sequence
func.func @backward_activation(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                               %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>) -> tensor<1x10x16xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {activation = #rnn.activation<relu>,
       backward_activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>}
      -> sequence tensor<1x10x16xf32>
  return %y : tensor<1x10x16xf32>
}

// -----

// Without backward_activation, both halves take `activation`.
// CHECK-LABEL: func.func @shared_activation
// CHECK: rnn.simple_rnn {{.*}} {activation = #rnn.activation<leaky_relu, alpha = 1.000000e-02>} -> sequence
// CHECK: rnn.simple_rnn {{.*}} {activation = #rnn.activation<leaky_relu, alpha = 1.000000e-02>, direction = #rnn.direction<reverse>} -> sequence
func.func @shared_activation(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                             %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>) -> tensor<1x10x16xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {activation = #rnn.activation<leaky_relu, alpha = 0.01>}
      -> sequence tensor<1x10x16xf32>
  return %y : tensor<1x10x16xf32>
}

// -----

// Each half gets its own initial state.
// CHECK-LABEL: func.func @initial_states
// CHECK-SAME: %[[HF:[^:]*]]: tensor<2x8xf32>, %[[HB:[^:]*]]: tensor<2x8xf32>)
// CHECK: rnn.simple_rnn {{.*}} initial_state(%[[HF]] : tensor<2x8xf32>) -> last
// CHECK: rnn.simple_rnn {{.*}} initial_state(%[[HB]] : tensor<2x8xf32>) {direction = #rnn.direction<reverse>} -> last
func.func @initial_states(%x: tensor<2x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                          %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>,
                          %hf: tensor<2x8xf32>, %hb: tensor<2x8xf32>) -> tensor<2x16xf32> {
  %y = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>) initial_state(%hf : tensor<2x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>) initial_state(%hb : tensor<2x8xf32>)
      -> last tensor<2x16xf32>
  return %y : tensor<2x16xf32>
}

// -----

// Only the forward half has an initial state: the backward half starts from zero.
// CHECK-LABEL: func.func @forward_initial_state_only
// CHECK: rnn.simple_rnn {{.*}} initial_state(%arg5 : tensor<2x8xf32>) -> last
// CHECK-NOT: initial_state
// CHECK: {direction = #rnn.direction<reverse>} -> last
func.func @forward_initial_state_only(%x: tensor<2x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                                      %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>,
                                      %hf: tensor<2x8xf32>) -> tensor<2x16xf32> {
  %y = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>) initial_state(%hf : tensor<2x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      -> last tensor<2x16xf32>
  return %y : tensor<2x16xf32>
}

// -----

// lengths are shared: both halves read the same lengths operand.
// CHECK-LABEL: func.func @shared_lengths
// CHECK-SAME: %[[LEN:[^:]*]]: tensor<?xi32>)
// CHECK: rnn.simple_rnn {{.*}} lengths(%[[LEN]] : tensor<?xi32>) -> sequence
// CHECK: rnn.simple_rnn {{.*}} lengths(%[[LEN]] : tensor<?xi32>) {direction = #rnn.direction<reverse>} -> sequence
func.func @shared_lengths(%x: tensor<?x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                          %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>, %len: tensor<?xi32>)
    -> tensor<?x10x16xf32> {
  %y = rnn.bidirectional %x : tensor<?x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      lengths(%len : tensor<?xi32>)
      -> sequence tensor<?x10x16xf32>
  return %y : tensor<?x10x16xf32>
}

// -----

// The mask is shared too.
// CHECK-LABEL: func.func @shared_mask
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x10xi1>)
// CHECK: rnn.simple_rnn {{.*}} mask(%[[M]] : tensor<2x10xi1>) -> last
// CHECK: rnn.simple_rnn {{.*}} mask(%[[M]] : tensor<2x10xi1>) {direction = #rnn.direction<reverse>} -> last
func.func @shared_mask(%x: tensor<2x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                       %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>, %m: tensor<2x10xi1>)
    -> tensor<2x8xf32> {
  %y = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      mask(%m : tensor<2x10xi1>) {merge_mode = #rnn.merge_mode<ave>}
      -> last tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// clip applies to both halves.
// CHECK-LABEL: func.func @shared_clip
// CHECK: rnn.simple_rnn {{.*}} {clip = 3.000000e+00 : f32} -> sequence
// CHECK: rnn.simple_rnn {{.*}} {clip = 3.000000e+00 : f32, direction = #rnn.direction<reverse>} -> sequence
func.func @shared_clip(%x: tensor<1x10x4xf32>, %wf: tensor<4x8xf32>, %rf: tensor<8x8xf32>,
                       %wb: tensor<4x8xf32>, %rb: tensor<8x8xf32>) -> tensor<1x10x16xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>)
      {clip = 3.0 : f32}
      -> sequence tensor<1x10x16xf32>
  return %y : tensor<1x10x16xf32>
}

// -----

// A directional layer is not touched, whatever its direction.
// CHECK-LABEL: func.func @simple_rnn_unchanged
// CHECK: %[[S:.*]] = rnn.simple_rnn %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) {direction = #rnn.direction<go_backwards>} -> sequence tensor<1x10x8xf32>
// CHECK-NOT: rnn.simple_rnn
// CHECK-NOT: rnn.merge
// CHECK: return %[[S]]
func.func @simple_rnn_unchanged(%x: tensor<1x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>)
    -> tensor<1x10x8xf32> {
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {direction = #rnn.direction<go_backwards>} -> sequence tensor<1x10x8xf32>
  return %s : tensor<1x10x8xf32>
}

// -----

// Layers stack: the second bidirectional reads the first one's merged sequence.
// CHECK-LABEL: func.func @stacked
// CHECK: %[[F1:.*]] = rnn.simple_rnn %arg0 :
// CHECK: %[[B1:.*]] = rnn.simple_rnn %arg0 :
// CHECK: %[[Y1:.*]] = rnn.merge concat %[[F1]], %[[B1]]
// CHECK: %[[F2:.*]] = rnn.simple_rnn %[[Y1]] : tensor<1x10x8xf32>
// CHECK: %[[B2:.*]] = rnn.simple_rnn %[[Y1]] : tensor<1x10x8xf32>
// CHECK: rnn.merge sum %[[F2]], %[[B2]]
// CHECK-NOT: rnn.bidirectional
func.func @stacked(%x: tensor<1x10x4xf32>, %w1: tensor<4x4xf32>, %r1: tensor<4x4xf32>,
                   %w2: tensor<8x4xf32>, %r2: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %y1 = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%w1 : tensor<4x4xf32>) recurrent(%r1 : tensor<4x4xf32>)
      backward kernel(%w1 : tensor<4x4xf32>) recurrent(%r1 : tensor<4x4xf32>)
      -> sequence tensor<1x10x8xf32>
  %y2 = rnn.bidirectional %y1 : tensor<1x10x8xf32>
      forward kernel(%w2 : tensor<8x4xf32>) recurrent(%r2 : tensor<4x4xf32>)
      backward kernel(%w2 : tensor<8x4xf32>) recurrent(%r2 : tensor<4x4xf32>)
      {merge_mode = #rnn.merge_mode<sum>}
      -> last tensor<1x4xf32>
  return %y2 : tensor<1x4xf32>
}
