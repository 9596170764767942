// Kernel-level ops of the `rnn` dialect: what the recurrent layers become once the input
// projection is hoisted and the weights are packed. Destination-style, so they bufferize
// in place; on memrefs they are what rnn-lower-kernels turns into vector loops.
#ifndef RNN_KERNEL_OPS_TD
#define RNN_KERNEL_OPS_TD

include "dialect/RNNDialect.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

defvar RNN_FloatShaped = AnyTypeOf<[RankedTensorOf<[AnyFloat]>, MemRefOf<[AnyFloat]>]>;
// Weights as the layers give them, or packed: float, or narrowed to bf16 / i8.
defvar RNN_WeightsShaped =
    AnyTypeOf<[RankedTensorOf<[AnyFloat, I8]>, MemRefOf<[AnyFloat, I8]>]>;
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

    rnn-narrow-weights may store the packed weights narrower than the float operands: bf16
    with the rows of each panel in pairs, `(blocks, K rounded up to even, VW)`, rows `2m` and
    `2m + 1` interleaved lane by lane (`W[2m + i, b * VW + v]` is element `2v + i` of the
    pair's `2 VW` values, a zero row padding an odd K), so a 32-bit lane holds a column's
    two weights and a shift and a mask widen a pair; or i8 with one scale per column,
    `(blocks, K + 4, VW)`, where rows
    `K .. K + 3` hold the bytes of each lane's float32 scale, least significant first, and
    `W[k, n] = packed[b, k, v] * scale[b, v]`. The scales travel with the weights they
    scale, so every pass that moves packed weights moves them too.

    Example:

    ```mlir
    %p = rnn.matmul %x : tensor<?x4xf32>, %wp : tensor<1x4x8xf32> bias(%b : tensor<8xf32>)
        outs(%init : tensor<?x8xf32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatShaped:$lhs,
    RNN_WeightsShaped:$packed_weights,
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
    RNN_WeightsShaped:$recurrent_kernel,
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

def RNN_GatedRecurrenceOp : Op<RNN_Dialect, "gated_recurrence",
    [AttrSizedOperandSegments, DestinationStyleOpInterface,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "the time loop of an LSTM or GRU layer whose input projection is hoisted";
  let description = [{
    `projection` holds `x_t · kernel + bias` of every step and gate, `(batch, timesteps,
    G * units)` with G = 4 (LSTM, gates i, f, c, o) or 3 (GRU, gates z, r, h) in the gate
    order of `rnn.lstm` / `rnn.gru`; for a GRU it also holds the recurrent bias of the gates
    the reset does not scale. Each step computes the cell (see `rnn.lstm` and `rnn.gru`)
    and writes h_t to row t of `sequence`; `last` gets the final h, `last_cell` (LSTM) the
    final c, which is also where c lives during the loop. `recurrent_bias` is a GRU with
    `reset_after`'s recurrent bias of the h gate, `(units)`, which r scales. `scratch`
    `(batch, units)` holds `r ⊙ h` between the two products of a GRU without
    `reset_after`.

    `recurrent_kernel` is `(units, G * units)` as on the layer ops or, once rnn-pack-weights
    has run, packed in column panels of VW units with each unit block's G gate panels side
    by side: `(G * ceil(units / VW), units, VW)`, panel `u * G + g` holding columns
    `[u * VW, (u + 1) * VW)` of gate g, zero past `units`. A GRU without `reset_after`
    packs the z and r panels so (`2 * ceil(units / VW)` panels) followed by the h panels.
    The kernel lowering needs it packed. Narrowed to bf16 or i8 (rnn-narrow-weights) the
    panels are stored in groups of `2 * G` when there is one pass over all gates and the
    weights take at most 768 KiB (see dialect/PanelGroups.h), else panel after panel. Rows are indexed by input time in both directions,
    as on `rnn.recurrence`.

    Example:

    ```mlir
    %seq, %h, %c = rnn.gated_recurrence <lstm> %r : tensor<8x32xf32>
        projection(%p : tensor<1x10x32xf32>)
        outs(%s0 : tensor<1x10x8xf32>, %h0 : tensor<1x8xf32>) cell(%c0 : tensor<1x8xf32>)
        -> tensor<1x10x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_WeightsShaped:$recurrent_kernel,
    RNN_FloatShaped:$projection,
    Optional<RNN_FloatShaped>:$recurrent_bias,
    Optional<RNN_FloatShaped>:$peepholes,
    Optional<RNN_FloatShaped>:$initial_state,
    Optional<RNN_FloatShaped>:$initial_cell,
    Optional<RNN_IntShaped>:$lengths,
    Optional<RNN_BoolShaped>:$mask,
    RNN_FloatShaped:$sequence,
    RNN_FloatShaped:$last,
    Optional<RNN_FloatShaped>:$last_cell,
    Optional<RNN_FloatShaped>:$scratch,
    RNN_CellKindAttr:$cell,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::sigmoid">:$recurrent_activation,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::tanh">:$activation,
    OptionalAttr<RNN_ActivationAttr>:$output_activation,
    DefaultValuedAttr<RNN_DirectionAttr, "::mlir::rnn::Direction::forward">:$direction,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$input_forget,
    UnitAttr:$reset_after
  );
  let results = (outs Variadic<RankedTensorOf<[AnyFloat]>>:$results);
  let assemblyFormat = [{
    $cell $recurrent_kernel `:` type($recurrent_kernel)
    `projection` `(` $projection `:` type($projection) `)`
    (`recurrent_bias` `(` $recurrent_bias^ `:` type($recurrent_bias) `)`)?
    (`peepholes` `(` $peepholes^ `:` type($peepholes) `)`)?
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    (`initial_cell` `(` $initial_cell^ `:` type($initial_cell) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    `outs` `(` $sequence `:` type($sequence) `,` $last `:` type($last) `)`
    (`cell` `(` $last_cell^ `:` type($last_cell) `)`)?
    (`scratch` `(` $scratch^ `:` type($scratch) `)`)?
    attr-dict (`->` type($results)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      auto [start, length] = getODSOperandIndexAndLength(8);
      unsigned count = length + 1 + getODSOperandIndexAndLength(10).second +
                       getODSOperandIndexAndLength(11).second;
      return ::mlir::MutableOperandRange(getOperation(), start, count);
    }
    /// The number of gates: 4 for an LSTM, 3 for a GRU.
    int64_t getNumGates() { return getCell() == ::mlir::rnn::CellKind::lstm ? 4 : 3; }
    /// The output activation of an LSTM, which defaults to the activation.
    ActivationAttr getEffectiveOutputActivation() {
      return getOutputActivation() ? *getOutputActivation() : getActivation();
    }
  }];
}

#endif // RNN_KERNEL_OPS_TD
