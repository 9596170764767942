// Kernel-level ops of the `rnn` dialect: what the recurrent layers become once the input
// projection is hoisted and the weights are packed. Destination-style, so they bufferize
// in place; on memrefs they are what rnn-lower-kernels turns into vector loops.
#ifndef RNN_KERNEL_OPS_TD
#define RNN_KERNEL_OPS_TD

include "dialect/RNNDialect.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

defvar RNN_FloatShaped = AnyTypeOf<[RankedTensorOf<[AnyFloat]>, MemRefOf<[AnyFloat]>]>;
defvar RNN_IntShaped = AnyTypeOf<[RankedTensorOf<[I32, I64]>, MemRefOf<[I32, I64]>]>;
defvar RNN_BoolShaped = AnyTypeOf<[RankedTensorOf<[I1]>, MemRefOf<[I1]>]>;

def RNN_MatmulOp : Op<RNN_Dialect, "matmul",
    [DestinationStyleOpInterface,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "rows · packed weights + bias, then an activation";
  let description = [{
    `init[r, n] = act(sum_k lhs[r, k] * W[k, n] + bias[n])` where the weights `W (K, N)` are
    given packed as `(ceil(N / VW), K, VW)`: `packed[b, k, v] = W[k, b * VW + v]`, zero past
    `N`. The packed layout lets each column block stream contiguously through the vector
    registers; `VW` is the kernel's vector width. The leading dims of `lhs` and `init` are
    rows (a (batch, timesteps, K) input is batch * timesteps rows); they may be dynamic.

    Example:

    ```mlir
    %p = rnn.matmul %x : tensor<?x4xf32>, %wp : tensor<1x4x8xf32> bias(%b : tensor<8xf32>)
        outs(%init : tensor<?x8xf32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatShaped:$lhs,
    RNN_FloatShaped:$packed_weights,
    Optional<RNN_FloatShaped>:$bias,
    RNN_FloatShaped:$init,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::linear">:$activation
  );
  let results = (outs Optional<RankedTensorOf<[AnyFloat]>>:$result);
  let assemblyFormat = [{
    $lhs `:` type($lhs) `,` $packed_weights `:` type($packed_weights)
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `outs` `(` $init `:` type($init) `)`
    attr-dict (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

def RNN_RecurrenceOp : Op<RNN_Dialect, "recurrence",
    [AttrSizedOperandSegments, DestinationStyleOpInterface,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "the time loop of a SimpleRNN layer whose input projection is hoisted";
  let description = [{
    On entry `sequence` holds the input projection `x_t · kernel + bias` of every step; the
    op overwrites step t's row with `h_t = act(clip(row_t + h_{t-1} · R))` in place, and
    writes the final state to `last`. `R` is `(units, units)` as on `rnn.simple_rnn`, or,
    once rnn-pack-weights has run, packed as `(ceil(units / VW), units, VW)` (see
    `rnn.matmul`); the kernel lowering needs it packed. Rows are indexed by input time in
    both directions: `forward` reads steps 0..T-1, `reverse` T-1..0 (`go_backwards` is a
    `reverse` layer followed by a time flip). `initial_state`, `lengths`, `mask`,
    `activation` and `clip` mean what they mean on `rnn.simple_rnn`.

    Example:

    ```mlir
    %seq, %last = rnn.recurrence %rp : tensor<1x8x8xf32>
        outs(%proj : tensor<1x10x8xf32>, %init : tensor<1x8xf32>)
        -> tensor<1x10x8xf32>, tensor<1x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatShaped:$recurrent_kernel,
    Optional<RNN_FloatShaped>:$initial_state,
    Optional<RNN_IntShaped>:$lengths,
    Optional<RNN_BoolShaped>:$mask,
    RNN_FloatShaped:$sequence,
    RNN_FloatShaped:$last,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::tanh">:$activation,
    DefaultValuedAttr<RNN_DirectionAttr, "::mlir::rnn::Direction::forward">:$direction,
    OptionalAttr<F32Attr>:$clip
  );
  let results = (outs Variadic<RankedTensorOf<[AnyFloat]>>:$results);
  let assemblyFormat = [{
    $recurrent_kernel `:` type($recurrent_kernel)
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    `outs` `(` $sequence `:` type($sequence) `,` $last `:` type($last) `)`
    attr-dict (`->` type($results)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getOperation(),
                                         getODSOperandIndexAndLength(4).first, 2);
    }
  }];
}

#endif // RNN_KERNEL_OPS_TD
