// Conversions from the `rnn` dialect to upstream dialects.
#ifndef RNNC_CONVERSION_PASSES_TD
#define RNNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRNNToLinalg : Pass<"convert-rnn-to-linalg"> {
  let summary = "Lower the element-wise and gather ops of `rnn` to linalg on tensors";
  let description = [{
    `rnn.merge`, `rnn.activate`, `rnn.embedding` and `rnn.mask` become `linalg.generic`
    (or `tensor.insert_slice` for concatenation). Layers and kernels are left alone: they
    have their own lowering.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

#endif // RNNC_CONVERSION_PASSES_TD
