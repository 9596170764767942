// The `rnn` dialect: its definition, enums and attributes. Ops live in RNNOps.td.
#ifndef RNN_DIALECT_TD
#define RNN_DIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def RNN_Dialect : Dialect {
  let name = "rnn";
  let summary = "Recurrent layers (SimpleRNN, bidirectional) and the model-level ops around them";
  let description = [{
    The IR every rnnc frontend (Keras, ONNX, hand-written MLIR) produces and every rnnc
    pass consumes. Layers work on ranked tensors laid out batch-major,
    `(batch, timesteps, features)`; batch and time may be dynamic, feature widths are static.
    See docs/RNNDialect.md for the rationale.
  }];
  let cppNamespace = "::mlir::rnn";
  let useDefaultAttributePrinterParser = 1;
  // Result shapes are reified as tensor.dim of the operand they repeat.
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  // The rnn.* attributes importers and passes put on functions, their arguments and
  // results, and modules (docs/RNNDialect.md) are checked where they are attached.
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def RNN_ActivationKind : I32EnumAttr<"ActivationKind", "element-wise activation function", [
    I32EnumAttrCase<"tanh", 0>,
    I32EnumAttrCase<"sigmoid", 1>,
    I32EnumAttrCase<"relu", 2>,
    I32EnumAttrCase<"linear", 3>,
    I32EnumAttrCase<"affine", 4>,
    I32EnumAttrCase<"leaky_relu", 5>,
    I32EnumAttrCase<"thresholded_relu", 6>,
    I32EnumAttrCase<"scaled_tanh", 7>,
    I32EnumAttrCase<"hard_sigmoid", 8>,
    I32EnumAttrCase<"elu", 9>,
    I32EnumAttrCase<"softsign", 10>,
    I32EnumAttrCase<"softplus", 11>,
    I32EnumAttrCase<"selu", 12>
  ]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

def RNN_Direction : I32EnumAttr<"Direction", "order in which a layer reads its sequence", [
    // Reads x_0 .. x_{T-1}; sequence[t] is the state after x_t.
    I32EnumAttrCase<"forward", 0>,
    // Reads x_{T-1} .. x_0; sequence[t] is the state after reading x_{T-1} .. x_t
    // (ONNX `reverse`, the backward half of a bidirectional layer).
    I32EnumAttrCase<"reverse", 1>,
    // Reads x_{T-1} .. x_0 and emits states in the order it computes them:
    // sequence[i] is the state after reading x_{T-1} .. x_{T-1-i} (Keras `go_backwards`).
    I32EnumAttrCase<"go_backwards", 2>
  ]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

def RNN_CellKind : I32EnumAttr<"CellKind", "the cell of a gated recurrence", [
    I32EnumAttrCase<"lstm", 0>,
    I32EnumAttrCase<"gru", 1>
  ]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

def RNN_MergeMode : I32EnumAttr<"MergeMode", "how a bidirectional layer combines its halves", [
    I32EnumAttrCase<"concat", 0>,
    I32EnumAttrCase<"sum", 1>,
    I32EnumAttrCase<"mul", 2>,
    I32EnumAttrCase<"ave", 3>,
    I32EnumAttrCase<"none", 4>
  ]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class RNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<RNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def RNN_DirectionAttr : EnumAttr<RNN_Dialect, RNN_Direction, "direction"> {
  let assemblyFormat = "`<` $value `>`";
}
def RNN_CellKindAttr : EnumAttr<RNN_Dialect, RNN_CellKind, "cell"> {
  let assemblyFormat = "`<` $value `>`";
}
def RNN_MergeModeAttr : EnumAttr<RNN_Dialect, RNN_MergeMode, "merge_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def RNN_ActivationAttr : RNN_Attr<"Activation", "activation"> {
  let summary = "an activation function and its parameters";
  let description = [{
    The function a layer applies to its pre-activation, with the `alpha` / `beta` parameters
    that the parameterised ONNX functions take. Parameters are always explicit: frontends fill
    in their framework's defaults, so the IR means the same thing whoever wrote it.

    | kind | f(x) | parameters |
    |---|---|---|
    | tanh, sigmoid, relu, softsign, softplus | as usual | none |
    | linear | x | none |
    | affine | alpha * x + beta | alpha, beta |
    | leaky_relu | x >= 0 ? x : alpha * x | alpha |
    | thresholded_relu | x > alpha ? x : 0 | alpha |
    | scaled_tanh | alpha * tanh(beta * x) | alpha, beta |
    | hard_sigmoid | max(0, min(1, alpha * x + beta)) | alpha, beta |
    | elu | x >= 0 ? x : alpha * (exp(x) - 1) | alpha |
    | selu | 1.0507 * (x > 0 ? x : 1.67326 * (exp(x) - 1)) | none |

    Example: `#rnn.activation<tanh>`, `#rnn.activation<leaky_relu, alpha = 0.01>`,
    `#rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>`.
  }];
  let parameters = (ins
    EnumParameter<RNN_ActivationKind>:$kind,
    OptionalParameter<"::mlir::FloatAttr">:$alpha,
    OptionalParameter<"::mlir::FloatAttr">:$beta
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind), [{
      return $_get($_ctxt, kind, ::mlir::FloatAttr(), ::mlir::FloatAttr());
    }]>,
    AttrBuilder<(ins "ActivationKind":$kind, "std::optional<double>":$alpha,
                     "std::optional<double>":$beta)>
  ];
  let extraClassDeclaration = [{
    /// Number of parameters (0, 1 = alpha, 2 = alpha and beta) the kind takes.
    static unsigned getNumParameters(ActivationKind kind);
    double getAlphaValue() const { return getAlpha() ? getAlpha().getValueAsDouble() : 0.0; }
    double getBetaValue() const { return getBeta() ? getBeta().getValueAsDouble() : 0.0; }
  }];
  // Lets `DefaultValuedAttr` build the default from an `ActivationKind`.
  let constBuilderCall = "::mlir::rnn::ActivationAttr::get($_builder.getContext(), $0)";
}

#endif // RNN_DIALECT_TD
