// Passes that rewrite `rnn` layers on tensors into their kernel form.
#ifndef RNNC_TRANSFORMS_PASSES_TD
#define RNNC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SpecializeShapes : Pass<"rnn-specialize-shapes", "::mlir::func::FuncOp"> {
  let summary = "Fix the dynamic batch and time dims of a public function to constants";
  let description = [{
    Gives the inputs' dynamic batch and time dims the sizes of the `batch` / `timesteps`
    options and refines the result types of the `rnn` ops that follow, so later passes see
    static shapes (unrolling, static loop bounds). A dim is `batch` or `timesteps` by the
    argument's `rnn.dim_names` attribute, or else by position: dim 0 is the batch, dim 1
    the time. `dims` fixes dims by name: a `batch` / `timesteps` entry as the options of
    those names do, any other name the dims the argument's `rnn.dim_params` attribute
    names so (the ONNX importer writes each input's `dim_param`s there). Users outside the
    `rnn` dialect get a `tensor.cast` back to the type they had.
  }];
  let options = [
    Option<"batch", "batch", "int64_t", /*default=*/"-1", "Batch size (-1: keep dynamic)">,
    Option<"timesteps", "timesteps", "int64_t", /*default=*/"-1",
           "Sequence length (-1: keep dynamic)">,
    ListOption<"dims", "dims", "std::string",
               "NAME=SIZE pairs: the dims of that name (an ONNX dim_param, or batch / "
               "timesteps) get that size">
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def ExposeState : Pass<"rnn-expose-state", "::mlir::ModuleOp"> {
  let summary = "Make each layer's state an input and an output of the model";
  let description = [{
    For streaming (stateful) models: each `rnn.simple_rnn` of a public function takes its
    initial state from a new argument and returns its last state as a new result, both
    marked `rnn.state = <layer index>`, so the generated API can carry the state from one
    call (one chunk of timesteps) to the next. Bidirectional layers are rejected: their
    backward half needs the whole sequence.

    With `if-marked`, the module is made streaming only when its model function (`function`,
    or the only public function) carries `rnn.stateful` (a Keras `stateful=True` model).
  }];
  let options = [
    Option<"ifMarked", "if-marked", "bool", /*default=*/"false",
           "Only when the model function is marked rnn.stateful">,
    Option<"function", "function", "std::string", /*default=*/"",
           "The model function for if-marked (default: the only public function)">
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def SelectModel : Pass<"rnn-select-model", "::mlir::ModuleOp"> {
  let summary = "Keep the model function alone, renamed <name>_impl for the entry points";
  let description = [{
    The model function (`function`, or the only public function) becomes `@<name>_impl`
    (`name` defaults to the function's name); every other function becomes private and
    is dropped unless the model uses it (symbol DCE). The lowering gives one function the
    C ABI's buffers, so a model that calls a function, or is itself called, is an error.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"",
           "The model function (default: the only public function)">,
    Option<"name", "name", "std::string", /*default=*/"",
           "Prefix of the exported symbols (default: the model function's name)">
  ];
}

def CheckWeights : Pass<"rnn-check-weights"> {
  let summary = "Refuse constants whose values the file does not hold";
  let description = [{
    The first pass of the compilation: a module printed with its large weights elided
    (`rnnc --emit=rnn`, MLIR's `--mlir-elide-resource-strings-if-larger`) parses, with
    resources that have no data; compiling it would make a model of made-up weights. Each
    such constant is an error at the constant, naming it.
  }];
}

def ExpandBidirectional : Pass<"rnn-expand-bidirectional"> {
  let summary = "Split each rnn.bidirectional into a forward and a reverse rnn.simple_rnn";
  let description = [{
    The backward half becomes an `rnn.simple_rnn` with `direction = reverse` (its outputs
    are aligned with input time, as Bidirectional requires) and the merge an `rnn.merge`.
  }];
  let dependentDialects = ["::mlir::rnn::RNNDialect"];
}

def HoistInputProjection : Pass<"rnn-hoist-input-projection"> {
  let summary = "Compute x·kernel + bias for all timesteps before the time loop";
  let description = [{
    Rewrites each `rnn.simple_rnn` into one `rnn.dense` over every timestep (a single
    matrix product) followed by an `rnn.recurrence` that keeps only `h·R`, the add and the
    activation inside the time loop. The recurrence writes its states over the projection
    in place. `go_backwards` becomes `reverse` plus a time flip of the sequence.
  }];
  let dependentDialects = ["::mlir::rnn::RNNDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect", "::mlir::arith::ArithDialect"];
}

def PackWeights : Pass<"rnn-pack-weights"> {
  let summary = "Pack weights into the blocked layout the kernels read";
  let description = [{
    Turns `rnn.dense` into `rnn.matmul` and gives `rnn.matmul` / `rnn.recurrence` their
    weights as `(ceil(N / VW), K, VW)` column panels, zero-padded. Constant weights are
    packed here, at compile time; weights that arrive at run time are packed once per call
    by tensor ops ahead of the kernels.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "Widest vector (in elements) a kernel uses; narrower for small layers">
  ];
  let dependentDialects = ["::mlir::rnn::RNNDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect", "::mlir::arith::ArithDialect"];
}

def NarrowWeights : Pass<"rnn-narrow-weights"> {
  let summary = "Store the packed constant weights in a narrower type";
  let description = [{
    After rnn-pack-weights: the packed constant weight matrices of `rnn.matmul`,
    `rnn.recurrence` and `rnn.gated_recurrence`, and the constant tables of
    `rnn.embedding`, are stored in `precision` (`bf16`: rounded to nearest, ties to even;
    `int8`: symmetric, one float32 scale per column (an output unit of one gate) kept in
    four rows of bytes at the end of each panel, the values rounded to nearest even; the
    tables stay bf16), and the kernels widen them to float32 in registers (an embedding the
    rows it gathers). A step at
    batch 1 reads every recurrent weight once, so halving the bytes it reads is what makes
    it faster; biases, states and all arithmetic stay float32. bf16 panels keep their rows
    in interleaved pairs (see rnn.matmul). `bf16-dot` stores what `bf16` does (its state
    rounding is rnn-lower-kernels' `bf16-dot`). `int8-dot` stores int8 panels in quads of
    rows, with each column's offset correction after the scales (see kInt8QuadRows; the
    operands' quantization is rnn-lower-kernels' `int8-dot`). The recurrent kernel of a
    one-pass `rnn.gated_recurrence` (an LSTM, a GRU with `reset_after`) that fits in L2 is
    stored with its panels in groups of two unit blocks, unit by unit, so that a batch-1
    step reads it as one stream (see dialect/PanelGroups.h). `f32` leaves the module
    unchanged. Weights that arrive at run time stay float32.
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"f32\"",
           "Stored precision of the constant weight matrices: f32|bf16|bf16-dot|int8|int8-dot">
  ];
  let dependentDialects = ["::mlir::rnn::RNNDialect", "::mlir::arith::ArithDialect"];
}

#endif // RNNC_TRANSFORMS_PASSES_TD
