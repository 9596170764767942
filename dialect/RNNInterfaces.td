// Op interfaces of the `rnn` dialect.
#ifndef RNN_INTERFACES_TD
#define RNN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def RNN_ShapedResultsOpInterface : OpInterface<"ShapedResultsOpInterface"> {
  let cppNamespace = "::mlir::rnn";
  let description = [{
    A model-level op whose results repeat the dims of one operand, the shape source: every
    dim but the last (a layer's own width), or every dim. Shape specialisation, the C ABI
    description and the frontends ask it where a result dim comes from without building IR;
    `reifyResultShapes` answers the same from it.
  }];
  let methods = [
    InterfaceMethod<"The operand whose dims the results repeat.",
      "::mlir::Value", "getShapeSource", (ins)>,
    InterfaceMethod<"Whether the results repeat the shape source's last dim too.",
      "bool", "repeatsLastDim", (ins), "", [{ return false; }]>,
    InterfaceMethod<[{
        The operand and dim that dim `dim` of `result` equals; nullopt for a dim the op
        sets itself (a static width).
      }],
      "std::optional<std::pair<::mlir::Value, int64_t>>", "getDimSource",
      (ins "::mlir::OpResult":$result, "int64_t":$dim), "", [{
        int64_t rank = ::llvm::cast<::mlir::ShapedType>(result.getType()).getRank();
        if (!$_op.repeatsLastDim() && dim + 1 >= rank)
          return std::nullopt;
        return std::make_pair($_op.getShapeSource(), dim);
      }]>
  ];
}

#endif // RNN_INTERFACES_TD
