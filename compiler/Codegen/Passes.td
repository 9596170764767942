// Passes from bufferized kernels to code LLVM can compile well.
#ifndef RNNC_CODEGEN_PASSES_TD
#define RNNC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def DecomposeAggregates : Pass<"rnn-decompose-aggregates"> {
  let summary = "Decompose the upstream aggregate ops importers emit";
  let description = [{
    `linalg.softmax` becomes its max / exp / sum / divide generics and `tensor.concat`
    becomes `tensor.insert_slice`s, so bufferization and loop lowering see only ops they
    handle in place.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

def OutlineRequirements : Pass<"rnn-outline-requirements", "::mlir::ModuleOp"> {
  let summary = "Move a model's run-time requirements into a check of its dims";
  let description = [{
    Every `rnn.require` of a function `@f` (on tensors) leaves it for a private function
    `@f_check(i64 dims...) -> i32`, which takes the function's dynamic argument dims in
    argument order, then dim order (the order of the entry point's `dims`), and returns 0
    when every requirement holds, else `RNNC_ERR_BAD_DIM`. The entry point calls it before
    any work, so a run that would index outside a tensor is refused instead.

    A condition must be computed from argument dims (`tensor.dim` of an argument) and
    constants alone; one that depends on anything else is an error, and so is a set of
    requirements that the function's static dims can never meet.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"];
}

def SplitEmptyTensors : Pass<"rnn-split-empty-tensors"> {
  let summary = "Give every tensor.empty a single use";
  let description = [{
    Empty-tensor elimination replaces a `tensor.empty` with the buffer of the output it
    ends up in. A `tensor.empty` shared by several results (as CSE makes them) would be
    replaced by the first result's buffer everywhere, so the others would be computed into
    it too. Each use gets its own `tensor.empty` first.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def EntryABI : Pass<"rnn-entry-abi", "::mlir::ModuleOp"> {
  let summary = "Give public functions a buffer-passing signature";
  let description = [{
    Rewrites each public function `(tensor...) -> (tensor...)` into
    `(memref inputs..., memref outputs...) -> ()`: the caller owns every buffer, inputs
    are read through `bufferization.to_tensor` and results materialized in the output
    buffers, so bufferization can compute them in place.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

def Distribute : Pass<"rnn-distribute", "::mlir::ModuleOp"> {
  let summary = "Add a worker version of each model function, to run on several threads";
  let description = [{
    For `rnnc --parallel`: each public function `@f` on buffers gets a private copy
    `@f_worker` taking three more arguments, the worker's index, the number of workers and
    their shared barrier (an `!llvm.ptr`); the function's `rnn.workers` attribute gives
    their positions. Every worker runs the whole function at once (SPMD):

    - `rnn.matmul` and `rnn.recurrence` are shared out when rnn-lower-kernels lowers
      them: rows of the batch, or at batch 1 the recurrence's column panels with a barrier
      after each step;
    - any other op that writes memory runs on worker 0 only;
    - the workers meet at a barrier (`func.call @rnn_barrier`) after each of these, so
      the next one reads complete results.

    Every result element is computed by the same operations in the same order whatever the
    number of workers, so the results are bit-identical across thread counts.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect"];
}

def PlanWorkspace : Pass<"rnn-plan-workspace", "::mlir::ModuleOp"> {
  let summary = "Put a function's work buffers on the stack or in one checked heap block";
  let description = [{
    The buffers a model needs between layers (`memref.alloc` at the top level of the
    function, freed at its end) are planned once per call, so a failed allocation is a
    status, never a crash:

    - static buffers that fit together in `stack-limit` bytes become `memref.alloca`s at
      the start of the function (no heap traffic per call);
    - otherwise every buffer is a `memref.view` into one 64-byte aligned block, allocated
      before any work: its size is computed with overflow checks, and when the size
      overflows or `malloc` returns null the function does nothing and returns
      RNNC_ERR_OUT_OF_MEMORY (3).

    The function gains an `i32` result, the status (0 when it ran). A worker function
    (`rnn.workers`, see rnn-distribute) shares its block with the other workers: it takes
    the block as a trailing `memref<?xi8>` argument, and a private `<name>_workspace`
    function of the same arguments returns its size in bytes (-1 on overflow) for the
    caller to allocate.

    Example:

    ```mlir
    %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x16xf32>
    ...
    memref.dealloc %a : memref<?x16xf32>
    return
    ```

    becomes

    ```mlir
    %block = memref.alloc(%bytes) {alignment = 64 : i64} : memref<?xi8>
    %a = memref.view %block[%c0][%n] : memref<?xi8> to memref<?x16xf32>
    scf.if %allocated { ... }
    memref.dealloc %block : memref<?xi8>
    return %status : i32
    ```
  }];
  let options = [
    Option<"stackLimit", "stack-limit", "int64_t", /*default=*/"131072",
           "Largest total size in bytes of static work buffers placed on the stack">,
    Option<"describe", "describe", "bool", /*default=*/"false",
           "Record the plan on each function as `rnn.workspace` (what rnnc --emit=summary "
           "reports)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"];
}

def LowerKernels : Pass<"rnn-lower-kernels"> {
  let summary = "Lower rnn.matmul and rnn.recurrence on memrefs to vector loops";
  let description = [{
    Each kernel becomes a register-blocked loop nest: rows x column panels of vector
    accumulators, a broadcast-FMA over the packed weights, the activation applied in
    registers, one store per output vector. The recurrence runs its time loop around the
    same micro-kernel, reading h_{t-1} from the previous output row, so no step allocates
    or copies; it is a real loop (dynamic T allowed) or unrolled per `unroll`. Two
    independent recurrences with the same static length (a bidirectional layer's halves)
    share one time loop when `interleave` is set: the out-of-order core overlaps one
    direction's activation with the other's FMAs.
  }];
  let options = [
    Option<"unroll", "unroll", "std::string", /*default=*/"\"auto\"",
           "Time loop: auto (unroll short static sequences), none, full, or a factor N">,
    Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"32",
           "Vector registers of the target, which bound the register blocking">,
    Option<"minChains", "min-chains", "int64_t", /*default=*/"8",
           "Independent FMA chains to keep in flight: with fewer accumulators the k loop "
           "is split into this many partial sums (1: never split)">,
    Option<"interleave", "interleave", "bool", /*default=*/"true",
           "Run two independent recurrences (a bidirectional layer's halves) in one time "
           "loop, a step of each per iteration">,
    Option<"bf16Dot", "bf16-dot", "bool", /*default=*/"false",
           "Recurrent products over bf16 weights read the state rounded to bf16 (nearest "
           "even) and sum each pair of rows with AVX512_BF16's vdpbf16ps (16-lane vectors)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect", "::mlir::LLVM::LLVMDialect"];
}

def ExternalizeWeights : Pass<"rnn-externalize-weights", "::mlir::ModuleOp"> {
  let summary = "Read the model's constant weights from a buffer passed at run time";
  let description = [{
    For `--weights=external`: every constant float buffer (`memref.global`) that a public
    function reads moves into one byte blob, each at a 64-byte aligned offset, in the layout
    the kernels read (already packed). The function takes the blob as a trailing
    `memref<?xi8>` argument (marked `rnn.weights`) and views each weight out of it. The
    blob's bytes are left on the module as `rnn.weights` (a dense_resource of i8) with a
    fingerprint of the layout, `rnn.weights_fingerprint`, for the driver to write out.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def DetachWeights : Pass<"rnn-detach-weights", "::mlir::ModuleOp"> {
  let summary = "Take the weights blob of rnn-externalize-weights off the module";
  let description = [{
    The last pass of `--weights=external`: removes the module's `rnn.weights` blob and
    `rnn.weights_fingerprint`, handing them to the driver (which writes the weights file)
    when it asked for them, so the lowered module holds code only.
  }];
}

def DetachABI : Pass<"rnn-detach-abi", "::mlir::ModuleOp"> {
  let summary = "Hand the model's C interface (rnn.abi) out of the lowered module";
  let description = [{
    The last pass: the module's `rnn.abi`, which rnn-wrap-entry-points completed, leaves
    the module for the header and the descriptor (rnnc hands it to them), so that the
    module printed or translated holds code only. A module without one is an error.
  }];
}

def ApproximateMath : Pass<"rnn-approximate-math"> {
  let summary = "Replace math.tanh, exp, log1p by polynomial approximations";
  let description = [{
    Keeps every activation in registers: no libm call reaches the kernels.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def ConstantBytes : Pass<"rnn-constant-bytes", "::mlir::ModuleOp"> {
  let summary = "Hold the large constant globals of the LLVM module as byte arrays";
  let description = [{
    The last pass before translation to LLVM IR: every `llvm.mlir.global` constant of
    floats of at least `min-bytes` bytes becomes a flat `!llvm.array<N x i8>` of the same
    bytes in the target's byte order (its users take only its address, so the element type
    is free). LLVM then holds and writes each weight as one block of bytes, not one
    constant per row and element: the cost of a large model's weights in compile time and
    memory becomes that of copying them.
  }];
  let options = [
    Option<"bigEndian", "big-endian", "bool", /*default=*/"false",
           "The target stores multi-byte values most significant byte first">,
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"1024",
           "Smallest constant turned into bytes">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DescribeABI : Pass<"rnn-describe-abi", "::mlir::ModuleOp"> {
  let summary = "Record the C signature of the model function in rnn.abi";
  let description = [{
    On the model function (the module's one public function, on tensors): what its C
    entry points take, as a dictionary `rnn.abi`, the one description of the model that
    rnn-wrap-entry-points builds the entry points from and the header and descriptor are
    written from. `name` is the prefix of the exported symbols; `dims` the number of
    dynamic dims the run function takes; for each input and output, its `name` (the
    model's, rnn.name), `dtype`, `shape` (-1 where dynamic), `dim_params` (which of the
    run function's dims each dynamic dim is, else -1), for the ids of an embedding
    `id_limit` (ids lie in [0, id_limit)) and for a stateful model's states `state` (the
    layer's index); `requirements` the messages of the model's `rnn.require`s; `parallel`
    when the model also gets a parallel entry; `weight_precision` when the constant
    weights are stored narrower than float32 (`bf16`). A dynamic output dim must equal an input's
    dim; one that cannot be told is an error. rnn-wrap-entry-points moves the description
    to the module, with `weights_bytes` and `weights_fingerprint` for external weights.

    For `func.func @m_impl(%x: tensor<?x10x4xf32>) -> tensor<?x10x8xf32>`:

    ```mlir
    rnn.abi = {dims = 1 : i64, name = "m", requirements = [],
               inputs = [{name = "input0", dtype = "float32", shape = array<i64: -1, 10, 4>,
                          dim_params = array<i32: 0, -1, -1>} ],
               outputs = [{name = "output0", dtype = "float32", shape = array<i64: -1, 10, 8>,
                           dim_params = array<i32: 0, -1, -1>} ]}
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"",
           "The model function (default: the only public function)">,
    Option<"name", "name", "std::string", /*default=*/"",
           "Prefix of the exported symbols (default: the function's name without _impl)">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "The model also gets <name>_run_parallel">,
    Option<"weightPrecision", "weight-precision", "std::string", /*default=*/"\"f32\"",
           "Stored precision of the constant weight matrices (rnn-narrow-weights')">
  ];
}

def WrapEntryPoints : Pass<"rnn-wrap-entry-points", "::mlir::ModuleOp"> {
  let summary = "Build the exported C functions around the model function on buffers";
  let description = [{
    The last pass before the LLVM lowering. From the model function `@<name>_impl` (the
    module's public function, on memrefs, described by `rnn.abi`) it builds, as
    `func.func`s of plain C types (`!llvm.ptr`, `i64` dims, an `i32` status):

    - `<name>_run([weights,] dims..., inputs..., outputs...) -> i32`: every dim at most
      2^40, the model's requirements of its dims (`@<name>_impl_check`), every buffer
      non-null, every size product free of overflow and within 2^56 bytes, every
      embedding id within its vocabulary, in that order, each failure returning its
      status; then memref descriptors over the caller's dense buffers and the call of the
      model function, whose status (when it has one) it returns;
    - `<name>_status_message(i32) -> !llvm.ptr`, the text of each status;
    - `<name>_invoke` and `<name>_invoke_with`, the descriptor's entries, which unpack
      arrays of dims and buffers into the run function;
    - with a worker function (rnn-distribute): `<name>_run_parallel(threads, ...)`, the
      same checks, then one malloc'ed 64-byte aligned work block sized by the workspace
      function, the barrier's two cache lines and a task record on its frame, and the
      pool's run function calling `<name>_worker_task` once per worker; and the body of
      `rnn_barrier` (LLVM atomics, the CPU's pause hint, `sched_yield` every 1024 rounds).

    The functions only the entries call are internal (`llvm.linkage`), and the model
    function is always-inline, so the kernels live in `<name>_run`.
  }];
  let options = [
    Option<"targetTriple", "target-triple", "std::string", /*default=*/"",
           "Target whose pause hint the barrier spins with (default: the module's "
           "llvm.target_triple, else the host)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
                           "::mlir::cf::ControlFlowDialect"];
}

#endif // RNNC_CODEGEN_PASSES_TD
