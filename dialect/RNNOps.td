// Ops of the `rnn` dialect: the recurrent layers and the model-level ops around them.
#ifndef RNN_OPS_TD
#define RNN_OPS_TD

include "dialect/RNNDialect.td"
include "dialect/RNNInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class RNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<RNN_Dialect, mnemonic, traits>;

/// Model-level ops whose results repeat an operand's dims (RNNInterfaces.td).
defvar RNN_ShapedResults = [
  DeclareOpInterfaceMethods<RNN_ShapedResultsOpInterface>,
  DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface>];
defvar RNN_ShapedResultsAll = [
  DeclareOpInterfaceMethods<RNN_ShapedResultsOpInterface, ["repeatsLastDim"]>,
  DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface>];

defvar RNN_FloatTensor = RankedTensorOf<[AnyFloat]>;
defvar RNN_Activation =
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::tanh">;

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

def RNN_SimpleRNNOp : RNN_Op<"simple_rnn",
    [Pure, AttrSizedOperandSegments, AttrSizedResultSegments] # RNN_ShapedResults> {
  let summary = "one directional SimpleRNN layer";
  let description = [{
    Runs `h_t = act(clip(x_t · kernel + h_{t-1} · recurrent + bias))` over a batch of sequences.

    - `input`: `(batch, timesteps, input_dim)`; batch and timesteps may be dynamic.
    - `kernel`: `(input_dim, units)`, applied as `x_t · kernel` (Keras' layout).
    - `recurrent`: `(units, units)`, applied as `h_{t-1} · recurrent`.
    - `bias` (optional): `(units)`; absent means zero.
    - `initial_state` (optional): `(batch, units)`; absent means zero.
    - `lengths` (optional): `(batch)` i32/i64, ONNX `sequence_lens`: steps at or past a
      sequence's length leave its state unchanged and write zeros to `sequence`; a `reverse`
      layer starts at each sequence's own last valid step.
    - `mask` (optional): `(batch, timesteps)` i1, Keras masking: a step whose mask is false
      carries the previous state, and the previous output, forward unchanged.
    - `activation`: default `#rnn.activation<tanh>`.
    - `direction`: `forward` (default), `reverse` (reads last to first, `sequence[t]` is the
      state after reading x_{T-1}..x_t) or `go_backwards` (reads last to first and emits states
      in the order computed, as Keras' `go_backwards=True` does). `lengths` and `mask` are
      indexed by input time in every direction.
    - `clip` (optional): clamps the pre-activation to `[-clip, clip]` (ONNX `clip`).

    Results, each optional (at least one): `sequence`, every state `(batch, timesteps, units)`;
    `last`, the final state `(batch, units)`.

    Example:

    ```mlir
    %seq, %h = rnn.simple_rnn %x : tensor<?x10x4xf32>
        kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
        {activation = #rnn.activation<relu>, direction = #rnn.direction<reverse>}
        -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$input,
    RNN_FloatTensor:$kernel,
    RNN_FloatTensor:$recurrent_kernel,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_FloatTensor>:$initial_state,
    Optional<RankedTensorOf<[I32, I64]>>:$lengths,
    Optional<RankedTensorOf<[I1]>>:$mask,
    RNN_Activation:$activation,
    DefaultValuedAttr<RNN_DirectionAttr, "::mlir::rnn::Direction::forward">:$direction,
    OptionalAttr<F32Attr>:$clip
  );
  let results = (outs
    Optional<RNN_FloatTensor>:$sequence,
    Optional<RNN_FloatTensor>:$last_state
  );
  let assemblyFormat = [{
    $input `:` type($input)
    `kernel` `(` $kernel `:` type($kernel) `)`
    `recurrent` `(` $recurrent_kernel `:` type($recurrent_kernel) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    attr-dict
    `->` custom<StateResults>(type($sequence), type($last_state))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of hidden units (the kernel's column count).
    int64_t getUnits();
  }];
}

def RNN_LSTMOp : RNN_Op<"lstm",
    [Pure, AttrSizedOperandSegments, AttrSizedResultSegments] # RNN_ShapedResults> {
  let summary = "one directional LSTM layer";
  let description = [{
    Runs an LSTM over a batch of sequences, with the gates in one canonical order, `i, f, c,
    o` (input, forget, cell candidate, output; Keras' and PyTorch's order: importers of other
    orders permute the gate blocks):

    ```
    i = σ(x·Wi + h·Ui + bi [+ pi ⊙ c])      f = σ(x·Wf + h·Uf + bf [+ pf ⊙ c])
    c̃ = g(x·Wc + h·Uc + bc)                 c' = f ⊙ c + i ⊙ c̃
    o = σ(x·Wo + h·Uo + bo [+ po ⊙ c'])     h' = o ⊙ g'(c')
    ```

    - `input`: `(batch, timesteps, input_dim)`; batch and timesteps may be dynamic.
    - `kernel`: `(input_dim, 4 * units)`, `recurrent`: `(units, 4 * units)`, gate blocks of
      `units` columns in the order i, f, c, o.
    - `bias` (optional): `(4 * units)`, the sum of every bias of the gate; absent means zero.
    - `peepholes` (optional): `(3 * units)`, ONNX's `P` in the order i, f, o.
    - `initial_state`, `initial_cell` (optional): `(batch, units)`; absent means zero.
    - `lengths`, `mask`, `direction`: as on `rnn.simple_rnn`; a step that is not taken
      carries both h and c unchanged.
    - `recurrent_activation` σ (default sigmoid), `activation` g (default tanh) and
      `output_activation` g' (default: `activation`), ONNX's f, g and h.
    - `clip` (optional): clamps every gate's pre-activation to `[-clip, clip]`.
    - `input_forget`: couples the forget gate to the input gate, `f = 1 - i` (ONNX
      `input_forget = 1`); the forget gate's weights are then unused.

    Results, each optional (at least one): `sequence`, every h `(batch, timesteps, units)`;
    `last`, the final h and `last_cell`, the final c, `(batch, units)`.

    Example:

    ```mlir
    %seq, %h, %c = rnn.lstm %x : tensor<?x10x4xf32>
        kernel(%w : tensor<4x32xf32>) recurrent(%r : tensor<8x32xf32>) bias(%b : tensor<32xf32>)
        -> sequence tensor<?x10x8xf32> last tensor<?x8xf32> last_cell tensor<?x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$input,
    RNN_FloatTensor:$kernel,
    RNN_FloatTensor:$recurrent_kernel,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_FloatTensor>:$peepholes,
    Optional<RNN_FloatTensor>:$initial_state,
    Optional<RNN_FloatTensor>:$initial_cell,
    Optional<RankedTensorOf<[I32, I64]>>:$lengths,
    Optional<RankedTensorOf<[I1]>>:$mask,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::sigmoid">:$recurrent_activation,
    RNN_Activation:$activation,
    OptionalAttr<RNN_ActivationAttr>:$output_activation,
    DefaultValuedAttr<RNN_DirectionAttr, "::mlir::rnn::Direction::forward">:$direction,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$input_forget
  );
  let results = (outs
    Optional<RNN_FloatTensor>:$sequence,
    Optional<RNN_FloatTensor>:$last_state,
    Optional<RNN_FloatTensor>:$last_cell
  );
  let assemblyFormat = [{
    $input `:` type($input)
    `kernel` `(` $kernel `:` type($kernel) `)`
    `recurrent` `(` $recurrent_kernel `:` type($recurrent_kernel) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`peepholes` `(` $peepholes^ `:` type($peepholes) `)`)?
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    (`initial_cell` `(` $initial_cell^ `:` type($initial_cell) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    attr-dict
    `->` custom<CellResults>(type($sequence), type($last_state), type($last_cell))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of hidden units (a quarter of the kernel's columns).
    int64_t getUnits();
    /// g': the output activation, which defaults to the activation.
    ActivationAttr getEffectiveOutputActivation() {
      return getOutputActivation() ? *getOutputActivation() : getActivation();
    }
  }];
}

def RNN_GRUOp : RNN_Op<"gru",
    [Pure, AttrSizedOperandSegments, AttrSizedResultSegments] # RNN_ShapedResults> {
  let summary = "one directional GRU layer";
  let description = [{
    Runs a GRU over a batch of sequences, with the gates in one canonical order, `z, r, h`
    (update, reset, candidate; Keras' and ONNX's order: PyTorch's r, z, n is permuted by its
    importer):

    ```
    z = σ(x·Wz + bz + h·Uz + rbz)           r = σ(x·Wr + br + h·Ur + rbr)
    reset_after:  h̃ = g(x·Wh + bh + r ⊙ (h·Uh + rbh))
    otherwise:    h̃ = g(x·Wh + bh + (r ⊙ h)·Uh + rbh)
    h' = z ⊙ h + (1 - z) ⊙ h̃
    ```

    - `input`: `(batch, timesteps, input_dim)`; batch and timesteps may be dynamic.
    - `kernel`: `(input_dim, 3 * units)`, `recurrent`: `(units, 3 * units)`, gate blocks in
      the order z, r, h.
    - `bias`, `recurrent_bias` (optional): `(3 * units)` each, the input and recurrent
      biases; absent means zero. They only differ in meaning for the h gate with
      `reset_after`, where the recurrent one is scaled by r.
    - `initial_state` (optional): `(batch, units)`; absent means zero.
    - `lengths`, `mask`, `direction`, `clip`: as on `rnn.lstm`.
    - `recurrent_activation` σ (default sigmoid), `activation` g (default tanh).
    - `reset_after`: the reset gate applies after the recurrent product (Keras 2.3+'s
      default, PyTorch, cuDNN, ONNX `linear_before_reset = 1`).

    Results, each optional (at least one): `sequence` `(batch, timesteps, units)` and `last`
    `(batch, units)`.

    Example:

    ```mlir
    %h = rnn.gru %x : tensor<1x10x4xf32>
        kernel(%w : tensor<4x24xf32>) recurrent(%r : tensor<8x24xf32>)
        bias(%b : tensor<24xf32>) recurrent_bias(%rb : tensor<24xf32>)
        {reset_after} -> last tensor<1x8xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$input,
    RNN_FloatTensor:$kernel,
    RNN_FloatTensor:$recurrent_kernel,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_FloatTensor>:$recurrent_bias,
    Optional<RNN_FloatTensor>:$initial_state,
    Optional<RankedTensorOf<[I32, I64]>>:$lengths,
    Optional<RankedTensorOf<[I1]>>:$mask,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::sigmoid">:$recurrent_activation,
    RNN_Activation:$activation,
    DefaultValuedAttr<RNN_DirectionAttr, "::mlir::rnn::Direction::forward">:$direction,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$reset_after
  );
  let results = (outs
    Optional<RNN_FloatTensor>:$sequence,
    Optional<RNN_FloatTensor>:$last_state
  );
  let assemblyFormat = [{
    $input `:` type($input)
    `kernel` `(` $kernel `:` type($kernel) `)`
    `recurrent` `(` $recurrent_kernel `:` type($recurrent_kernel) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`recurrent_bias` `(` $recurrent_bias^ `:` type($recurrent_bias) `)`)?
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    attr-dict
    `->` custom<StateResults>(type($sequence), type($last_state))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of hidden units (a third of the kernel's columns).
    int64_t getUnits();
  }];
}

def RNN_BidirectionalOp : RNN_Op<"bidirectional",
    [Pure, AttrSizedOperandSegments, AttrSizedResultSegments] # RNN_ShapedResults> {
  let summary = "a forward and a backward SimpleRNN layer over the same input, merged";
  let description = [{
    Two SimpleRNN layers with their own weights read the same input: the forward half from
    first to last step, the backward half from last to first (`direction = reverse` of
    `rnn.simple_rnn`: the backward state at index t has read x_{T-1}..x_t, and the backward
    final state has read the whole sequence). Each half takes the operands of
    `rnn.simple_rnn`; `lengths` and `mask` are shared.

    `merge_mode` combines the halves on the feature axis: `concat` (default, forward first),
    `sum`, `mul`, `ave`, or `none`, which returns the halves as separate results (forward
    first). Results: `sequence` (every step) and `last` (final states), each optional, at least
    one; one tensor each when merged, two (forward, backward) with `merge_mode = none`.
    `activation` applies to both halves unless `backward_activation` is given.

    Example:

    ```mlir
    %seq = rnn.bidirectional %x : tensor<1x10x4xf32>
        forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>) bias(%bf : tensor<8xf32>)
        backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>) bias(%bb : tensor<8xf32>)
        {merge_mode = #rnn.merge_mode<concat>}
        -> sequence tensor<1x10x16xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$input,
    RNN_FloatTensor:$forward_kernel,
    RNN_FloatTensor:$forward_recurrent_kernel,
    Optional<RNN_FloatTensor>:$forward_bias,
    Optional<RNN_FloatTensor>:$forward_initial_state,
    RNN_FloatTensor:$backward_kernel,
    RNN_FloatTensor:$backward_recurrent_kernel,
    Optional<RNN_FloatTensor>:$backward_bias,
    Optional<RNN_FloatTensor>:$backward_initial_state,
    Optional<RankedTensorOf<[I32, I64]>>:$lengths,
    Optional<RankedTensorOf<[I1]>>:$mask,
    RNN_Activation:$activation,
    OptionalAttr<RNN_ActivationAttr>:$backward_activation,
    DefaultValuedAttr<RNN_MergeModeAttr, "::mlir::rnn::MergeMode::concat">:$merge_mode,
    OptionalAttr<F32Attr>:$clip
  );
  let results = (outs
    Variadic<RNN_FloatTensor>:$sequences,
    Variadic<RNN_FloatTensor>:$last_states
  );
  let assemblyFormat = [{
    $input `:` type($input)
    `forward`
    `kernel` `(` $forward_kernel `:` type($forward_kernel) `)`
    `recurrent` `(` $forward_recurrent_kernel `:` type($forward_recurrent_kernel) `)`
    (`bias` `(` $forward_bias^ `:` type($forward_bias) `)`)?
    (`initial_state` `(` $forward_initial_state^ `:` type($forward_initial_state) `)`)?
    `backward`
    `kernel` `(` $backward_kernel `:` type($backward_kernel) `)`
    `recurrent` `(` $backward_recurrent_kernel `:` type($backward_recurrent_kernel) `)`
    (`bias` `(` $backward_bias^ `:` type($backward_bias) `)`)?
    (`initial_state` `(` $backward_initial_state^ `:` type($backward_initial_state) `)`)?
    (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    attr-dict
    `->` custom<StateResultLists>(type($sequences), type($last_states))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The activation of the backward half.
    ActivationAttr getEffectiveBackwardActivation() {
      return getBackwardActivation() ? *getBackwardActivation() : getActivation();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Model-level ops
//===----------------------------------------------------------------------===//

def RNN_MergeOp : RNN_Op<"merge", [Pure] # RNN_ShapedResults> {
  let summary = "combine two tensors on their last axis as a bidirectional layer does";
  let description = [{
    `concat` appends `rhs` after `lhs` on the last axis; `sum`, `mul` and `ave` combine them
    element-wise. Both operands have the same rank, element type and leading dimensions.

    Example:

    ```mlir
    %y = rnn.merge concat %fw, %bw : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x10x16xf32>
    ```
  }];
  let arguments = (ins RNN_MergeModeAttr:$mode, RNN_FloatTensor:$lhs, RNN_FloatTensor:$rhs);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    custom<MergeModeKeyword>($mode) $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_EmbeddingOp : RNN_Op<"embedding", [Pure] # RNN_ShapedResults> {
  let summary = "look token ids up in an embedding table";
  let description = [{
    `result[i..., :] = table[ids[i...], :]`. The table is `(vocabulary, features)`; the result
    has the shape of `ids` followed by `features`. An id outside `[0, vocabulary)` is a run-time
    error that compiled models report through their run status.

    Example:

    ```mlir
    %e = rnn.embedding %ids, %table : tensor<?x20xi32>, tensor<1000x16xf32> -> tensor<?x20x16xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$ids, RNN_FloatTensor:$table);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $ids `,` $table attr-dict `:` type($ids) `,` type($table) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_DenseOp : RNN_Op<"dense", [Pure] # RNN_ShapedResults> {
  let summary = "a fully connected layer over the last axis, with an activation";
  let description = [{
    `result = act(input · kernel + bias)` over the last axis of `input`, for any leading
    dimensions: on `(batch, features)` it is Keras' `Dense`, on `(batch, timesteps, features)`
    it is `TimeDistributed(Dense)`. `kernel` is `(in, out)`, `bias` (optional) is `(out)`.
    `activation` defaults to `linear`.

    Example:

    ```mlir
    %y = rnn.dense %h, %w bias %b {activation = #rnn.activation<sigmoid>}
        : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$input,
    RNN_FloatTensor:$kernel,
    Optional<RNN_FloatTensor>:$bias,
    DefaultValuedAttr<RNN_ActivationAttr, "::mlir::rnn::ActivationKind::linear">:$activation
  );
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $kernel (`bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  // A bias added to the result and an activation applied to it join the layer.
  let hasCanonicalizer = 1;
}

def RNN_ActivateOp : RNN_Op<"activate",
    [Pure, SameOperandsAndResultType] # RNN_ShapedResultsAll> {
  let summary = "apply an activation function element-wise";
  let description = [{
    A standalone activation (Keras' `Activation` layer).

    Example:

    ```mlir
    %y = rnn.activate %x {activation = #rnn.activation<relu>} : tensor<?x10x8xf32>
    ```
  }];
  let arguments = (ins RNN_FloatTensor:$input, RNN_ActivationAttr:$activation);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def RNN_MaskOp : RNN_Op<"mask", [Pure] # RNN_ShapedResultsAll> {
  let summary = "compute the (batch, timesteps) mask of padded steps";
  let description = [{
    Marks the steps that are not padding, as Keras does. On token ids `(batch, timesteps)`
    (Embedding `mask_zero`), a step is kept when its id differs from `padding`. On features
    `(batch, timesteps, features)` (the `Masking` layer), a step is kept when any feature
    differs from `padding`. `padding` has the input's element type.

    Example:

    ```mlir
    %m = rnn.mask %ids {padding = 0 : i32} : tensor<?x20xi32> -> tensor<?x20xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyInteger, AnyFloat]>:$input, TypedAttrInterface:$padding);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Run-time requirements
//===----------------------------------------------------------------------===//

def RNN_RequireOp : RNN_Op<"require"> {
  let summary = "a condition on the model's dims that every run must meet";
  let description = [{
    A run whose dims make `condition` false does no work and returns `RNNC_ERR_BAD_DIM`;
    `message` says what the model needed, and the model's status message lists it. Importers
    emit one where the model indexes a dynamic dim at a position the dim may not have (the
    last step `y[:, -1]`, a slice `y[:, 2:5]`). The condition is computed from the dims of
    the function's arguments alone: `rnn-outline-requirements` moves every one of them into
    a function the entry point calls before any work.

    Example:

    ```mlir
    %t = tensor.dim %x, %c1 : tensor<?x?x4xf32>
    %ok = arith.cmpi sge, %t, %c1 : index
    rnn.require %ok, "node 'Gather_3' takes index -1 of axis 1"
    ```
  }];
  let arguments = (ins I1:$condition, StrAttr:$message);
  let assemblyFormat = "$condition `,` $message attr-dict";
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
}

include "dialect/RNNKernelOps.td"

#endif // RNN_OPS_TD
